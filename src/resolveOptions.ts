/**
 * The settings a function works with: its frozen defaults, overridden by every option the caller
 * set to something other than `undefined`. A plain spread would let `{ threads: undefined }`
 * erase a default, which forced call sites to spread conditionally; this is the one rule for
 * merging options everywhere in airreach.
 *
 * Defaults objects are frozen on first use so that no caller can change them for every later
 * call by writing into the returned settings' prototype chain (the result is a fresh object).
 *
 * @example
 * export const DEFAULT_POOL_OPTIONS = { threads: 2, idleTimeoutMs: 5000 };
 * const settings = resolveOptions(DEFAULT_POOL_OPTIONS, { threads: undefined, idleTimeoutMs: 100 });
 * settings.threads; // 2 (the default, not undefined)
 * settings.idleTimeoutMs; // 100
 */
export function resolveOptions<D extends object, O extends object = Partial<D>>(defaults: D, options?: O): ResolvedOptions<D, O> {
  if (!Object.isFrozen(defaults)) Object.freeze(defaults);
  const settings = { ...defaults } as Record<string, unknown>;
  if (options !== undefined && options !== null) {
    for (const key of Object.keys(options)) {
      const value = (options as Record<string, unknown>)[key];
      if (value !== undefined) settings[key] = value;
    }
  }
  return settings as ResolvedOptions<D, O>;
}

/**
 * The type of {@link resolveOptions}' result: every default's key, with the caller's type where
 * the caller may set it (never `undefined` unless the default may be), and the options the
 * defaults do not name as the caller typed them (still optional: nothing fills them in).
 *
 * @example
 * type Settings = ResolvedOptions<{ threads: number }, { threads?: number; signal?: AbortSignal }>;
 * // { threads: number; signal?: AbortSignal }
 */
export type ResolvedOptions<D, O> = Omit<O, keyof D> & { [K in keyof D]: D[K] | (K extends keyof O ? Exclude<O[K], undefined> : never) };
