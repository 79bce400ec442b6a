import { AirreachError } from '../../errors.js';
import type { ErrorCode } from '../../errors.js';

/**
 * The subset of JSON Schema (draft 2020-12) that the instance schemas use — what zod's
 * `toJSONSchema` writes for objects, arrays, tuples, numbers, strings, literals and unions —
 * plus airreach's `errorCode` / `rangeErrorCode` annotations (see `instanceSchemas.ts`).
 * {@link compileJsonSchema} refuses any other keyword, so a schema change it cannot check fails
 * loudly in the tests rather than being skipped.
 */
export interface JsonSchema {
  $schema?: string;
  description?: string;
  type?: 'object' | 'array' | 'number' | 'integer' | 'string' | 'boolean' | 'null';
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  errorCode?: ErrorCode;
  rangeErrorCode?: ErrorCode;
}

const KNOWN = new Set([
  '$schema', 'description', 'type', 'const', 'enum', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems',
  'items', 'prefixItems', 'properties', 'required', 'additionalProperties', 'anyOf', 'oneOf', 'errorCode', 'rangeErrorCode',
]);

/** Where a validator is: the JSON path so far (as segments, joined only for an error). */
type Path = Array<string | number>;

/** Checks `value` at `path`; throws a located AirreachError at the first violation. */
type Check = (value: unknown, path: Path) => void;

/** What a failed check knows, turned into an AirreachError by {@link compileJsonSchema}'s caller. */
export interface JsonSchemaViolation {
  code: ErrorCode;
  message: string;
  /** JSON pointer of the offending value, e.g. `/minutes/3/7`. */
  pointer: string;
  path: ReadonlyArray<string | number>;
  value: unknown;
  expected?: string;
}

/**
 * Compiles a JSON Schema of the supported subset into a validator that returns nothing for a
 * valid value and throws a {@link JsonSchemaViolation} (as `error.violation` of an
 * `AirreachError`) for the first invalid one: unknown or missing fields, an unknown
 * discriminator (`E_MODEL`), a value of the wrong type or out of range (the node's
 * `errorCode`, inherited from the nodes around it; `E_OPTION` by default). The value in the
 * error is summarised, never the whole (possibly huge or deeply nested) subtree.
 *
 * Objects check `required`, then unknown fields, then the properties in the schema's order; a
 * top-level `oneOf` of objects is read as a union discriminated by the property that every
 * branch gives a `const` (the instance's `model`).
 *
 * @example
 * const validate = compileJsonSchema(INSTANCE_JSON_SCHEMA);
 * validate(JSON.parse(text), (violation) => new AirreachError(violation.code, violation.message, { where: { field: violation.pointer } }));
 */
export function compileJsonSchema(schema: JsonSchema): (value: unknown, toError: (violation: JsonSchemaViolation) => Error) => void {
  const check = compile(schema, 'E_OPTION');
  return (value, toError) => {
    try {
      check(value, []);
    } catch (error) {
      if (error instanceof ViolationSignal) throw toError(error.violation);
      throw error;
    }
  };
}

/** Thrown inside the compiled checks; carries the violation to the entry point. */
class ViolationSignal extends Error {
  constructor(readonly violation: JsonSchemaViolation) {
    super(violation.message);
  }
}

function fail(code: ErrorCode, message: string, path: Path, value: unknown, expected?: string): never {
  throw new ViolationSignal({ code, message, pointer: pointerOf(path), path: [...path], value: summarise(value), ...(expected !== undefined ? { expected } : {}) });
}

/**
 * A JSON pointer (RFC 6901) of a path: `/minutes/3/7`, `/` for the root.
 *
 * @example
 * pointerOf(['cover', 2, 0]); // -> '/cover/2/0'
 */
export function pointerOf(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return '/';
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** A value for an error message: primitives as they are, arrays and objects by their size. */
function summarise(value: unknown): unknown {
  if (Array.isArray(value)) return value.length <= 4 && value.every((v) => v === null || typeof v !== 'object') ? value : `an array of ${value.length} items`;
  if (value !== null && typeof value === 'object') return `an object with ${Object.keys(value).length} fields`;
  return value;
}

function describeType(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const parts: string[] = [];
  if (schema.type === 'integer') parts.push('an integer');
  else if (schema.type === 'number') parts.push('a number');
  else if (schema.type) parts.push(`${schema.type === 'array' || schema.type === 'object' ? 'an' : 'a'} ${schema.type}`);
  if (schema.minimum !== undefined && schema.minimum > -Number.MAX_SAFE_INTEGER) parts.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${schema.exclusiveMinimum}`);
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${schema.maximum}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${schema.exclusiveMaximum}`);
  return parts.join(' ');
}

function compile(schema: JsonSchema, inherited: ErrorCode): Check {
  for (const key of Object.keys(schema)) {
    if (!KNOWN.has(key)) throw new AirreachError('E_MODEL', `the JSON Schema uses "${key}", which compileJsonSchema does not check`, { value: key });
  }
  const code = schema.errorCode ?? inherited;
  const rangeCode = schema.rangeErrorCode ?? code;
  const checks: Check[] = [];
  if (schema.oneOf || schema.anyOf) checks.push(compileUnion((schema.oneOf ?? schema.anyOf) as JsonSchema[], code));
  if (schema.const !== undefined) {
    const expected = schema.const;
    checks.push((value, path) => {
      if (value !== expected) fail(code, `must be ${JSON.stringify(expected)}`, path, value, JSON.stringify(expected));
    });
  }
  if (schema.enum) {
    const allowed = schema.enum;
    checks.push((value, path) => {
      if (!allowed.includes(value)) fail(code, 'is not one of the allowed values', path, value, allowed.map((v) => JSON.stringify(v)).join(' | '));
    });
  }
  switch (schema.type) {
    case 'number':
    case 'integer':
      checks.push(compileNumber(schema, code, rangeCode));
      break;
    case 'string':
      checks.push((value, path) => {
        if (typeof value !== 'string') fail(code, 'must be a string', path, value, 'a string');
      });
      break;
    case 'boolean':
      checks.push((value, path) => {
        if (typeof value !== 'boolean') fail(code, 'must be true or false', path, value, 'a boolean');
      });
      break;
    case 'null':
      checks.push((value, path) => {
        if (value !== null) fail(code, 'must be null', path, value, 'null');
      });
      break;
    case 'array':
      checks.push(compileArray(schema, code));
      break;
    case 'object':
      checks.push(compileObject(schema, code));
      break;
    case undefined:
      break;
    default:
      throw new AirreachError('E_MODEL', `the JSON Schema type "${String(schema.type)}" is not supported`, { value: schema.type });
  }
  if (checks.length === 1) return checks[0];
  return (value, path) => {
    for (const check of checks) check(value, path);
  };
}

function compileNumber(schema: JsonSchema, code: ErrorCode, rangeCode: ErrorCode): Check {
  const integer = schema.type === 'integer';
  const expected = describeType(schema);
  const { minimum = -Infinity, maximum = Infinity, exclusiveMinimum = -Infinity, exclusiveMaximum = Infinity } = schema;
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      fail(code, integer ? 'must be an integer' : 'must be a finite number', path, value, expected);
    }
    if (value < minimum || value > maximum || value <= exclusiveMinimum || value >= exclusiveMaximum) fail(rangeCode, 'is out of range', path, value, expected);
  };
}

function compileArray(schema: JsonSchema, code: ErrorCode): Check {
  const prefix = (schema.prefixItems ?? []).map((item) => compile(item, code));
  const rest = schema.items === false ? null : schema.items ? compile(schema.items, code) : undefined;
  const { minItems = 0, maxItems = Infinity } = schema;
  const shape = describeType(schema);
  return (value, path) => {
    if (!Array.isArray(value)) fail(code, 'must be an array', path, value, shape);
    const items = value as unknown[];
    if (items.length < minItems) fail(code, minItems === 1 ? 'must not be empty' : `needs at least ${minItems} items`, path, value);
    if (items.length > maxItems || (rest === null && items.length > prefix.length)) fail(code, `holds too many items`, path, value, `at most ${Math.min(maxItems, rest === null ? prefix.length : Infinity)}`);
    const depth = path.length;
    for (let k = 0; k < items.length; k++) {
      const check = k < prefix.length ? prefix[k] : rest;
      if (!check) continue;
      path[depth] = k;
      check(items[k], path);
    }
    path.length = depth;
  };
}

function compileObject(schema: JsonSchema, code: ErrorCode): Check {
  const properties = Object.entries(schema.properties ?? {}).map(([name, property]) => [name, compile(property, code)] as const);
  const known = new Set(Object.keys(schema.properties ?? {}));
  const required = schema.required ?? [];
  const closed = schema.additionalProperties === false;
  return (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('E_MODEL', 'must be a JSON object', path, value, 'an object');
    const record = value as Record<string, unknown>;
    const depth = path.length;
    for (const name of required) {
      if (record[name] === undefined) {
        path[depth] = name;
        fail('E_MODEL', `needs "${name}"`, path, undefined);
      }
    }
    if (closed) {
      for (const name of Object.keys(record)) {
        if (!known.has(name) && record[name] !== undefined) {
          path[depth] = name;
          fail('E_MODEL', `unknown field "${name}"`, path, record[name], [...known].join(', '));
        }
      }
    }
    for (const [name, check] of properties) {
      if (record[name] === undefined) continue;
      path[depth] = name;
      check(record[name], path);
    }
    path.length = depth;
  };
}

/**
 * A union: when every branch is an object with a `const` property in common (the
 * discriminator), the branch of the value's discriminator is checked and an unknown one is
 * `E_MODEL` at that property; otherwise the value must pass some branch (the error is the
 * first branch's).
 */
function compileUnion(branches: JsonSchema[], code: ErrorCode): Check {
  const compiled = branches.map((branch) => compile(branch, code));
  const discriminator = Object.keys(branches[0]?.properties ?? {}).find((name) => branches.every((b) => b.type === 'object' && b.properties?.[name]?.const !== undefined));
  if (discriminator !== undefined) {
    const byValue = new Map(branches.map((b, k) => [b.properties?.[discriminator]?.const, compiled[k]]));
    const allowed = [...byValue.keys()].map((v) => String(v)).join(' | ');
    return (value, path) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('E_MODEL', 'must be a JSON object', path, value, `an object with "${discriminator}"`);
      const tag = (value as Record<string, unknown>)[discriminator];
      const check = byValue.get(tag);
      if (!check) {
        path[path.length] = discriminator;
        fail('E_MODEL', `unknown ${discriminator}`, path, tag, allowed);
      }
      check(value, path);
    };
  }
  // Without a discriminator, the branch whose type fits the value decides (a number | null
  // cell is checked as a number or accepted as null, without trying and catching).
  const expected = branches.map(describeType).join(' or ');
  return (value, path) => {
    let matched = -1;
    for (let k = 0; k < branches.length; k++) {
      if (typeFits(branches[k], value)) {
        if (matched >= 0) return unionByTrial(compiled, value, path);
        matched = k;
      }
    }
    if (matched < 0) fail(code, `must be ${expected}`, path, value, expected);
    compiled[matched](value, path);
  };
}

/** Whether a value has the JSON type a branch asks for (a branch without a type fits all). */
function typeFits(schema: JsonSchema, value: unknown): boolean {
  switch (schema.type) {
    case undefined:
      return true;
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'integer':
    case 'number':
      return typeof value === 'number';
    default:
      return typeof value === schema.type;
  }
}

/** Several branches fit the type: the value must pass one of them (the first one's error otherwise). */
function unionByTrial(compiled: Check[], value: unknown, path: Path): void {
  const depth = path.length;
  let first: unknown;
  for (const check of compiled) {
    try {
      check(value, path);
      return;
    } catch (error) {
      if (!(error instanceof ViolationSignal)) throw error;
      path.length = depth;
      first ??= error;
    }
  }
  throw first;
}
