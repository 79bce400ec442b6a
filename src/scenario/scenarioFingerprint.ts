import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { packageRoot } from '../packageRoot.js';
import type { LoadedScenario } from './loadScenario.js';
import { readInputFile } from '../io/readInputFile.js';

/**
 * Every file a loaded scenario reads: its `extends` chain and every layer, site, conditions and
 * depot file it names (absolute paths, sorted, without repeats).
 *
 * @example
 * scenarioInputFiles(await loadScenario('today.json')); // ['/…/airports.geojson', …]
 */
export function scenarioInputFiles(loaded: LoadedScenario): string[] {
  const { scenario } = loaded;
  const files = new Set<string>(loaded.chain);
  const layers = scenario.layers ?? {};
  for (const path of layers.hazards ?? []) files.add(path);
  if (layers.extent) files.add(layers.extent);
  if (layers.population) files.add(layers.population);
  if (layers.refuelPoints) files.add(layers.refuelPoints);
  if (layers.regions) files.add(layers.regions.file);
  for (const entry of scenario.bases ?? []) if ('file' in entry) files.add(entry.file);
  if (scenario.conditions?.weather) files.add(scenario.conditions.weather.file);
  if (scenario.conditions?.weather?.zones) files.add(scenario.conditions.weather.zones.file);
  if (scenario.conditions?.hospitals) files.add(scenario.conditions.hospitals.file);
  if (scenario.depots) files.add(scenario.depots.candidates.file);
  if (scenario.depots?.groundTime?.network) files.add(scenario.depots.groundTime.network.file);
  return [...files].sort();
}

/**
 * A fingerprint of everything a scenario's outputs depend on: the airreach version, and every
 * input file (see {@link scenarioInputFiles}) by its path relative to the scenario's folder and
 * the bytes it holds. Equal fingerprints mean a rerun would write the same files, so a batch may
 * skip the scenario, and a queue may run it once (it is the job id of a distributed batch): the
 * same inputs give the same fingerprint on any machine and in any checkout folder. `cache` (one per batch) keeps
 * each file's hash, so files shared by many scenarios are read once.
 *
 * @example
 * const { fingerprint } = await scenarioFingerprint(loaded);
 */
export async function scenarioFingerprint(
  loaded: LoadedScenario,
  options: { cache?: Map<string, Promise<string>> } = {},
): Promise<{ fingerprint: string; files: string[] }> {
  const hash = createHash('sha256');
  const version = JSON.parse(await readFile(join(packageRoot(), 'package.json'), 'utf8')).version as string;
  hash.update(`airreach ${version}\n`);
  const files = scenarioInputFiles(loaded);
  const folder = dirname(loaded.file);
  hash.update(`${relative(folder, loaded.file).split(sep).join('/')}\n`);
  for (const file of files) hash.update(`${relative(folder, file).split(sep).join('/')}\n${await fileHash(file, options.cache)}\n`);
  return { fingerprint: hash.digest('hex'), files };
}

// A batch's scenarios share most layers: with a cache each file is read and hashed once. Read as
// every input is (regular files only: a FIFO named as a layer must not stall the batch).
function fileHash(file: string, cache: Map<string, Promise<string>> | undefined): Promise<string> {
  const cached = cache?.get(file);
  if (cached) return cached;
  const hashed = readInputFile(file).then((bytes) => createHash('sha256').update(bytes).digest('hex'));
  cache?.set(file, hashed);
  return hashed;
}
