import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { packageRoot } from '../packageRoot.js';
import { AirreachError } from '../errors.js';
import { scenarioSchema, type ScenarioFile } from './scenarioSchema.js';
import type { z } from 'zod';
import { resolveOptions } from '../resolveOptions.js';
import { readInputText } from '../io/readInputFile.js';
import { checkReservedKeys, parseJsonText } from '../io/parseJsonText.js';
import { closestKey } from './closestKey.js';

/**
 * The bundled data folder (`data/` of the installed package, wherever npm put it): the
 * Liaoning case (`liaoning/today.json` and its variants in `liaoning/scenarios/`) and the
 * national one (`china/`). Scenario paths may always point into it. From an installed package,
 * read the bundled scenarios through it rather than a path relative to the current folder.
 *
 * @example
 * import { join } from 'node:path';
 * const { run } = await runCoverage(join(bundledDataFolder(), 'liaoning', 'today.json'), { outFolder: 'out/today' });
 */
export function bundledDataFolder(): string {
  return join(packageRoot(), 'data');
}

/**
 * A scenario after `extends` was merged and every path made absolute.
 *
 * @example
 * const loaded: LoadedScenario = await loadScenario(join(bundledDataFolder(), 'liaoning', 'today.json'));
 * loaded.scenario.standardsMinutes; // [30, 60, 120]
 */
export interface LoadedScenario {
  /** Absolute path of the scenario file. */
  file: string;
  /** Files read, in order: the `extends` chain then the scenario (for resumable runs). */
  chain: string[];
  scenario: ScenarioFile;
}

/** Options of {@link loadScenario}. */
export interface LoadScenarioOptions {
  /** Extra folders that layer and `extends` paths may point into, besides the scenario's own folder and the bundled data. */
  allowedFolders?: string[];
}

/** Defaults of {@link loadScenario}. */
export const DEFAULT_LOAD_SCENARIO_OPTIONS: Required<LoadScenarioOptions> = { allowedFolders: [] };

/**
 * Reads a scenario file, validates it against the schema (errors name the JSON path and the
 * expected type), merges the files it `extends` (objects merge key by key, arrays and values of
 * the extending file replace the base's; cycles are refused) and resolves every path against
 * the folder of the file that names it. A path that leaves the allowed folders (the scenario's
 * folder, the bundled data, `allowedFolders`) is refused, also when it gets there through a
 * symbolic link: nothing outside them is read.
 *
 * @example
 * const { scenario } = await loadScenario(join(bundledDataFolder(), 'liaoning', 'today.json'));
 * scenario.layers?.hazards; // absolute paths
 */
export async function loadScenario(path: string, options: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  const settings = resolveOptions(DEFAULT_LOAD_SCENARIO_OPTIONS, options);
  const file = resolve(path);
  const roots = [dirname(file), bundledDataFolder(), ...settings.allowedFolders.map((folder) => resolve(folder))];
  const chain: string[] = [];
  const scenario = await loadChain(file, roots, chain);
  return { file, chain, scenario };
}

async function loadChain(file: string, roots: string[], chain: string[]): Promise<ScenarioFile> {
  if (chain.includes(file)) {
    // `chain` holds the base first: the files in the order they were read are its reverse, and
    // the last one read is the one whose `extends` comes back (it names the place to edit).
    const read = [...chain].reverse();
    throw new AirreachError('E_EXTENDS_CYCLE', `scenario files extend each other in a cycle: ${[...read, file].join(' → ')}`, {
      value: file,
      where: { file: chain[0], field: '/extends' },
      hint: 'Remove one `extends` so that the chain ends',
    });
  }
  chain.unshift(file);
  const raw = await readJson(file);
  const parsed = parseScenarioObject(raw, file);
  const own = resolvePaths(parsed, dirname(file), roots, file);
  if (!own.extends) return own;
  const base = await loadChain(own.extends, roots, chain);
  const merged = mergeScenario(base, own);
  delete merged.extends;
  return merged;
}

/** A scenario file's JSON: a regular file only (a FIFO would block for ever), nesting bounded, no reserved keys. */
async function readJson(file: string): Promise<unknown> {
  return parseJsonText(await readInputText(file, { maxBytes: MAX_SCENARIO_FILE_BYTES }), file, { expected: 'a scenario object' });
}

/** Largest scenario file read: the bundled ones are 1–3 KB; a scenario holds settings, not data. */
const MAX_SCENARIO_FILE_BYTES = 16 * 2 ** 20;

/**
 * Validates a parsed scenario object; the first problem becomes an `E_SCENARIO` error naming
 * its JSON path (`/bases/2/fleet/0/count`), and all problems are listed in the message. A
 * reserved key (`__proto__`, `constructor`, `prototype`) anywhere is `E_JSON_STRUCTURE`.
 *
 * @example
 * parseScenarioObject({ grid: { resolution: 17 } }, 'my.json'); // throws E_SCENARIO at /grid/resolution
 */
export function parseScenarioObject(raw: unknown, file = '<scenario>'): ScenarioFile {
  // Before zod: it copies records key by key, and a "__proto__" key would vanish on the way.
  checkReservedKeys(raw, file);
  const result = scenarioSchema.safeParse(raw);
  if (result.success) return result.data;
  checkNotOtherFile(raw, file);
  const issues = unionAlternativeIssues(result.error.issues, []);
  const pointer = (path: readonly PropertyKey[]) => `/${path.map(String).join('/')}`;
  const first = issues[0];
  const valueAt = first.path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    raw,
  );
  const list = issues.map((issue) => `${pointer(issue.path)}: ${issue.message}`).join('; ');
  const schemaHint = 'See schema/scenario.schema.json (point "$schema" at it for editor completion)';
  const unknown = first.unknownKeys?.[0];
  if (unknown !== undefined) {
    // A typo: the place is the key itself and the value its own, not the whole object around it
    // (for a top-level typo that was the whole scenario at "/").
    const meant = closestKey(unknown, knownKeysAt(scenarioSchema, first.path));
    throw new AirreachError('E_SCENARIO', `scenario does not match the schema: ${list}`, {
      value: (valueAt as Record<string, unknown>)[unknown],
      where: { file, field: pointer([...first.path, unknown]) },
      hint: `${meant !== undefined ? `Unknown key ${JSON.stringify(unknown)}: did you mean ${JSON.stringify(meant)}? ` : ''}${schemaHint}`,
    });
  }
  throw new AirreachError('E_SCENARIO', `scenario does not match the schema: ${list}`, {
    value: valueAt,
    where: { file, field: pointer(first.path) },
    hint: `${swappedHint(first.path, raw) ?? ''}${schemaHint}`,
  });
}

/**
 * A GeoJSON layer or a matrix instance given as a scenario (`airreach coverage my/hazards.geojson`)
 * is refused as what it is: the schema said only 'Unrecognized keys: "type", "features"'.
 */
function checkNotOtherFile(raw: unknown, file: string): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return;
  const object = raw as Record<string, unknown>;
  const layer = object.type === 'FeatureCollection' || object.type === 'Feature';
  const instance = typeof object.model === 'string' && ('minutes' in object || 'cover' in object);
  if (!layer && !instance) return;
  throw new AirreachError('E_SCENARIO', `the file is ${layer ? 'a GeoJSON layer' : 'a matrix instance for airreach solve'}, not a scenario`, {
    value: layer ? object.type : object.model,
    where: { file, field: layer ? '/type' : '/model' },
    expected: 'a scenario object (schema/scenario.schema.json)',
    hint: layer
      ? 'Write a scenario that names this layer (in layers.hazards, or as a bases entry\'s file) and run the scenario: see the README\'s first hour'
      : 'Solve it with airreach solve <instance.json>',
  });
}

/**
 * "latDeg and lngDeg look swapped" when the refused value is a latitude beyond ±90 whose object's
 * longitude would be a latitude (a base written `"latDeg": 123.4, "lngDeg": 41.8`): the schema's
 * "expected number to be <=90" alone did not say what went wrong.
 */
function swappedHint(path: readonly PropertyKey[], raw: unknown): string | undefined {
  if (path[path.length - 1] !== 'latDeg') return undefined;
  const owner = path.slice(0, -1).reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), raw) as { latDeg?: unknown; lngDeg?: unknown } | undefined;
  const { latDeg, lngDeg } = owner ?? {};
  if (typeof latDeg !== 'number' || typeof lngDeg !== 'number' || Math.abs(latDeg) <= 90 || Math.abs(latDeg) > 180 || Math.abs(lngDeg) > 90) return undefined;
  return `latDeg ${latDeg} and lngDeg ${lngDeg} look swapped: latDeg is the latitude (−90…90), lngDeg the longitude. `;
}

/**
 * The keys the schema allows in the object at `path` (array indexes and record keys step into
 * their element; every alternative of a union counts), for the "did you mean" of a typo.
 */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const walk = (node: z.core.$ZodType, depth: number): void => {
    const def = node._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; innerType?: z.core.$ZodType; element?: z.core.$ZodType; valueType?: z.core.$ZodType; options?: z.core.$ZodType[]; in?: z.core.$ZodType; getter?: () => z.core.$ZodType };
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'nullable':
      case 'prefault':
      case 'readonly':
        if (def.innerType) walk(def.innerType, depth);
        return;
      case 'pipe':
        if (def.in) walk(def.in, depth);
        return;
      case 'lazy':
        if (def.getter) walk(def.getter(), depth);
        return;
      case 'union':
        for (const option of def.options ?? []) walk(option, depth);
        return;
      case 'array':
        if (depth < path.length && def.element) walk(def.element, depth + 1);
        return;
      case 'record':
        if (depth < path.length && def.valueType) walk(def.valueType, depth + 1);
        return;
      case 'object':
        if (depth === path.length) for (const key of Object.keys(def.shape ?? {})) keys.add(key);
        else if (def.shape && Object.hasOwn(def.shape, String(path[depth]))) walk(def.shape[String(path[depth])], depth + 1);
        return;
      default:
        return;
    }
  };
  walk(schema, 0);
  return [...keys];
}

/** A schema problem at a JSON path (zod's issue, the path made absolute). */
interface SchemaIssue {
  path: PropertyKey[];
  message: string;
  /** The keys the object at `path` holds that its schema does not know (zod's `unrecognized_keys`). */
  unknownKeys?: string[];
}

/**
 * zod reports a value that matches no alternative of a union (a base inline or from a file, a
 * standard in minutes or "binding") as one "Invalid input" at the value, which tells a person
 * writing `"lat"` for `"latDeg"`, or leaving out `"role"`, nothing. Instead: when the value has
 * the type of some alternatives, the problems of the closest of them (the fewest problems, each
 * unknown key counted; the first on a tie), down to the field; when it has the type of none,
 * every type allowed.
 */
function unionAlternativeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): SchemaIssue[] {
  return issues.flatMap((issue): SchemaIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return [{ path, message: issue.message, unknownKeys: issue.keys }];
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ path, message: issue.message }];
    const alternatives = issue.errors.map((branch) => ({ branch, issues: unionAlternativeIssues(branch, path) }));
    // An alternative of another type (a number where an object is allowed) does not apply.
    const applies = alternatives.filter(({ branch }) => !branch.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
    if (applies.length === 0) {
      const allowed = issue.errors.flatMap((branch) =>
        branch.map((i) => (i.code === 'invalid_type' ? i.expected : i.code === 'invalid_value' ? i.values.map((v) => JSON.stringify(v)).join(' or ') : i.message)),
      );
      return [{ path, message: `Invalid input: expected ${[...new Set(allowed)].join(' or ')}` }];
    }
    const weight = (branch: readonly z.core.$ZodIssue[]) => branch.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 1), 0);
    return applies.reduce((best, alternative) => (weight(alternative.branch) < weight(best.branch) ? alternative : best)).issues;
  });
}

function resolvePaths(scenario: ScenarioFile, folder: string, roots: string[], file: string): ScenarioFile {
  return mapScenarioPaths(scenario, (path, field) => safePath(path, folder, roots, file, field));
}

/**
 * A copy of `scenario` with every file path it holds (`extends`, layers, site files, conditions,
 * depot candidates) replaced by `map(path, JSON pointer)`: the one list of a scenario's path
 * fields, for resolving them when a file is read and for writing a resolved scenario back out
 * with relative paths (a distributed job).
 *
 * @example
 * const relativePaths = mapScenarioPaths(loaded.scenario, (path) => relative(dirname(loaded.file), path));
 */
export function mapScenarioPaths(scenario: ScenarioFile, map: (path: string, field: string) => string): ScenarioFile {
  const out: ScenarioFile = structuredClone(scenario);
  if (out.extends) out.extends = map(out.extends, '/extends');
  if (out.layers) {
    const layers = out.layers;
    if (layers.extent) layers.extent = map(layers.extent, '/layers/extent');
    if (layers.regions) layers.regions.file = map(layers.regions.file, '/layers/regions/file');
    if (layers.population) layers.population = map(layers.population, '/layers/population');
    if (layers.refuelPoints) layers.refuelPoints = map(layers.refuelPoints, '/layers/refuelPoints');
    if (layers.hazards) layers.hazards = layers.hazards.map((path, i) => map(path, `/layers/hazards/${i}`));
  }
  if (out.conditions?.weather) out.conditions.weather.file = map(out.conditions.weather.file, '/conditions/weather/file');
  if (out.conditions?.weather?.zones) out.conditions.weather.zones.file = map(out.conditions.weather.zones.file, '/conditions/weather/zones/file');
  if (out.conditions?.hospitals) out.conditions.hospitals.file = map(out.conditions.hospitals.file, '/conditions/hospitals/file');
  if (out.depots) out.depots.candidates.file = map(out.depots.candidates.file, '/depots/candidates/file');
  if (out.depots?.groundTime?.network) out.depots.groundTime.network.file = map(out.depots.groundTime.network.file, '/depots/groundTime/network/file');
  if (out.bases) {
    out.bases = out.bases.map((entry, i) => ('file' in entry ? { ...entry, file: map(entry.file, `/bases/${i}/file`) } : entry));
  }
  return out;
}

function safePath(path: string, folder: string, roots: string[], file: string, field: string): string {
  const absolute = isAbsolute(path) ? path : resolve(folder, path);
  // Both the path as written and where it really leads (symlinks followed) must stay inside: a
  // link in the scenario folder must not open the rest of the disk.
  const real = realPathOf(absolute);
  const inside = isInsideAny(absolute, roots) && isInsideAny(real, roots.map(realPathOf));
  if (!inside) {
    throw new AirreachError('E_PATH', real === absolute ? 'path leaves the folders this scenario may read' : `path leads through a symbolic link to ${real}, outside the folders this scenario may read`, {
      value: path,
      where: { file, field },
      expected: `a path inside ${roots.join(' or ')}`,
      hint: 'Move the file next to the scenario, or allow its folder explicitly (--allow <folder>)',
    });
  }
  if (!existsSync(absolute)) {
    // Named here, with the JSON path, because the usual mistake is the folder a relative path starts from.
    // The path once (as the value), and where it led only when that says more than the path.
    throw new AirreachError('E_FILE_READ', 'the file does not exist', {
      value: path,
      where: { file, field },
      expected: absolute === path ? 'an existing file' : `a file at ${absolute}`,
      hint: isAbsolute(path)
        ? 'Check the path'
        : `Relative paths in a scenario start from the scenario file's folder (${folder}), not from the current folder`,
    });
  }
  // Named here too, with the JSON path: the reader would name only the folder ("hazards": ["."]).
  if (statSync(absolute).isDirectory()) {
    throw new AirreachError('E_FILE_READ', 'the path is a folder, not a file', {
      value: path,
      where: { file, field },
      expected: absolute === path ? 'a file' : `a file (${absolute} is a folder)`,
      hint: 'Point the path at the file itself, e.g. "hazards/flood.geojson"',
    });
  }
  return absolute;
}

function isInsideAny(path: string, roots: string[]): boolean {
  return roots.some((root) => {
    const rel = relative(root, path);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  });
}

/** The path with every symbolic link resolved; for a path that does not exist (yet), its deepest existing folder's. */
function realPathOf(path: string): string {
  let existing = path;
  const rest: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest.push(basename(existing));
      existing = parent;
    }
  }
}

/** Merges an extending scenario over its base: objects key by key, everything else replaced. */
export function mergeScenario(base: ScenarioFile, over: ScenarioFile): ScenarioFile {
  return mergeValue(base, over) as ScenarioFile;
}

function mergeValue(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isPlainObject(base) && isPlainObject(over)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = mergeValue(base[key], value);
    return out;
  }
  return over;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
