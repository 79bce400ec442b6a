/**
 * Where a bad value was found. Every field is optional; fill in what is known so a user can go
 * straight to it: the file, the GeoJSON feature index, the field or JSON path, the matrix row.
 *
 * @example
 * const where: ErrorLocation = { file: 'mines.geojson', featureIndex: 3, field: 'properties.weight' };
 */
export interface ErrorLocation {
  /** File the value came from (as the user named it). */
  file?: string;
  /** 0-based index of the GeoJSON feature. */
  featureIndex?: number;
  /** Property, option or JSON path, e.g. `properties.weight` or `/bases/3/fleet/0/count`. */
  field?: string;
  /** 0-based row (demand point) of a matrix input. */
  row?: number;
  /** 0-based column (site) of a matrix input. */
  column?: number;
}

/**
 * Every error code airreach throws. Codes are stable: scripts may switch on them.
 * Grouped by the step that raises them.
 *
 * @example
 * ERROR_CODES.E_SITE; // 'a site is invalid': what the code means
 */
export const ERROR_CODES = {
  // input files and GeoJSON
  E_FILE_READ: 'the file could not be read',
  E_ENCODING: 'a text file is not UTF-8 (GBK, UTF-16, a compressed or binary file)',
  E_JSON_SYNTAX: 'the file is not valid JSON',
  E_JSON_STRUCTURE: 'a JSON file is nested deeper than airreach reads, or uses a reserved key (__proto__, constructor, prototype)',
  E_GEOJSON: 'not valid GeoJSON',
  E_GEOMETRY: 'a geometry is unusable (unclosed ring, too few positions, self-intersection)',
  E_COORDINATE: 'a coordinate is out of range or looks swapped (lat, lng)',
  E_PROPERTY: 'a required feature property is missing or of the wrong type',
  E_EMPTY: 'an input collection is empty',
  E_DUPLICATE_ID: 'two items share an id',
  // options and parameters
  E_OPTION: 'an option has a wrong type or value',
  E_RESOLUTION: 'the H3 resolution is outside 0-15',
  E_CELL_BUDGET: 'the grid would exceed the cell budget',
  E_MEMORY_BUDGET: 'the job would exceed the memory budget',
  E_WORK_BUDGET: 'the job would need more work than its work budget allows',
  E_AIRCRAFT: 'an aircraft type is unknown or has impossible figures',
  E_SITE: 'a site is invalid',
  // matrices and models
  E_MATRIX: 'a matrix is ragged, empty or holds a bad number',
  E_INDEX: 'an index is out of range',
  E_SITE_CONFLICT: 'a site is both fixed and forbidden',
  E_SITE_COUNT: 'the number of sites to choose is impossible',
  E_INFEASIBLE: 'the model has no feasible solution',
  E_CAPACITY: 'total capacity is below total demand',
  E_MODEL: 'the model name or its fields are wrong',
  E_BUFFER: 'a binary buffer is not what was expected',
  E_BUFFER_SIZE: 'a buffer given for reuse is too small for what is built in it',
  // scenarios, runs and output
  E_SCENARIO: 'a scenario file does not match the schema',
  E_EXTENDS_CYCLE: 'scenario `extends` form a cycle',
  E_PATH: 'a path leaves the allowed folders',
  E_OUTPUT: 'the output could not be written',
  E_LOCKED: 'another run is writing into the same output folder',
  E_ABORTED: 'the run was cancelled',
  E_WORKER: 'a worker thread failed',
  E_QUEUE: 'the job queue (Redis) could not be reached, refused a job or lost it',
} as const;

/**
 * One of the stable error codes listed in {@link ERROR_CODES}.
 *
 * @example
 * const code: ErrorCode = 'E_CELL_BUDGET';
 */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Options of {@link AirreachError}. */
export interface AirreachErrorOptions {
  /** The offending value (kept as-is on the error; summarised in the message). */
  value?: unknown;
  /** Where it was found. */
  where?: ErrorLocation;
  /** What was expected instead. */
  expected?: string;
  /** How to fix it. */
  hint?: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * The one error type airreach throws at its public entry points. It carries a stable `code`,
 * the offending `value`, the place it was found (`where`), what was `expected` and a `hint`.
 *
 * @example
 * try {
 *   buildDemandGrid(layers, { resolution: 17 });
 * } catch (error) {
 *   if (error instanceof AirreachError && error.code === 'E_RESOLUTION') console.error(error.message);
 * }
 */
export class AirreachError extends Error {
  readonly code: ErrorCode;
  readonly value: unknown;
  readonly where: ErrorLocation;
  readonly expected: string | undefined;
  readonly hint: string | undefined;
  /** The message as given, without the location, value, expectation and hint `message` adds. */
  readonly brief: string;

  constructor(code: ErrorCode, message: string, options: AirreachErrorOptions = {}) {
    super(composeMessage(code, message, options), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AirreachError';
    this.code = code;
    this.brief = message;
    this.value = options.value;
    this.where = options.where ?? {};
    this.expected = options.expected;
    this.hint = options.hint;
  }

  /** A plain, JSON-safe copy (for worker messages, batch reports and `--json` output). */
  toJSON(): { name: string; code: ErrorCode; message: string; where: ErrorLocation; value: string } {
    return { name: this.name, code: this.code, message: this.message, where: this.where, value: describeValue(this.value) };
  }
}

/**
 * Formats a location as `file, feature 3, field properties.weight`.
 *
 * @example
 * formatLocation({ file: 'mines.geojson', featureIndex: 3, field: 'properties.weight' });
 * // -> 'mines.geojson, feature 3, field properties.weight'
 */
export function formatLocation(where: ErrorLocation): string {
  const parts: string[] = [];
  if (where.file !== undefined) parts.push(where.file);
  if (where.featureIndex !== undefined) parts.push(`feature ${where.featureIndex}`);
  if (where.row !== undefined) parts.push(`row ${where.row}`);
  if (where.column !== undefined) parts.push(`column ${where.column}`);
  if (where.field !== undefined) parts.push(`field ${where.field}`);
  return parts.join(', ');
}

/**
 * A short, printable form of any value for error messages (long arrays and strings are cut).
 *
 * @example
 * describeValue(Number.NaN); // -> 'NaN'
 * describeValue([Infinity, 41.2]); // -> '[Infinity,41.2]'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    // JSON writes a number that is not finite as null: a coordinate of 1e999 (Infinity once
    // parsed) was reported as "got [null,41.2]". Such numbers are written as JavaScript does.
    const json = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'number' && !Number.isFinite(item) ? `${NUMBER_MARK}${item}` : item));
    if (json === undefined) return String(value);
    const text = json.replace(NUMBER_MARKED, '$1');
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    // A value nested thousands deep overflows the stack in JSON.stringify, and String() of an
    // array recurses the same way: name its kind instead of printing it.
    return Array.isArray(value) ? `an array of ${value.length}` : typeof value === 'object' && value !== null ? 'an object' : typeof value;
  }
}

/** Marks a number that is not finite in {@link describeValue}'s JSON, then unquoted. */
const NUMBER_MARK = '\u0000airreach-number:';
const NUMBER_MARKED = /"\\u0000airreach-number:(NaN|-?Infinity)"/g;

function composeMessage(code: ErrorCode, message: string, options: AirreachErrorOptions): string {
  const where = options.where ? formatLocation(options.where) : '';
  let text = `${code}: ${where ? `${where}: ` : ''}${message}`;
  if ('value' in options) text += ` (got ${describeValue(options.value)})`;
  if (options.expected) text += `; expected ${options.expected}`;
  if (options.hint) text += `. ${options.hint}`;
  return text;
}

/**
 * True when `error` is an {@link AirreachError}, optionally of one code. Works across worker
 * boundaries too, where the class identity is lost but `name` and `code` survive.
 *
 * @example
 * if (isAirreachError(error, 'E_ABORTED')) return;
 */
export function isAirreachError(error: unknown, code?: ErrorCode): error is AirreachError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; code?: unknown };
  return e.name === 'AirreachError' && typeof e.code === 'string' && (code === undefined || e.code === code);
}

/**
 * The same error at another place: an {@link AirreachError} that names no file is rebuilt with
 * the location `where` makes of its own (same code, brief, value, expected and hint; the original
 * as its `cause`). A step that knows only its own option (`siteCount`) or feature index is called
 * by one that knows the file and JSON path a user must open, and only the caller can say them.
 * An error that already names a file is returned as it is, since it points at a layer or file
 * more exactly than the caller can; so is any other error. Every layer relocates through this
 * one function (the scenario layer's `locateInScenario`, `airreach solve`'s instance errors), so
 * a relocated error keeps all it said.
 *
 * @example
 * try { solve(instance); }
 * catch (error) { throw relocated(error, (own) => ({ ...own, file: 'instance.json', field: `/${own.field ?? ''}` })); }
 */
export function relocated(error: unknown, where: (own: ErrorLocation) => ErrorLocation): unknown {
  if (!(error instanceof AirreachError) || error.where.file !== undefined) return error;
  return new AirreachError(error.code, error.brief, {
    ...('value' in error && error.value !== undefined ? { value: error.value } : {}),
    expected: error.expected,
    hint: error.hint,
    where: where(error.where),
    cause: error,
  });
}
