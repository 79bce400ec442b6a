/**
 * The options object without its `undefined` entries, so that spreading it over a defaults
 * object keeps the default where a caller passed `{ threads: undefined }` (which a plain spread
 * would turn into `undefined`).
 *
 * @example
 * const settings = { ...DEFAULT_POOL_OPTIONS, ...withoutUndefined({ threads: undefined, idleTimeoutMs: 5000 }) };
 * settings.threads; // the default, not undefined
 */
export function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
