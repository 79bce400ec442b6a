/**
 * The `ArrayBuffer`s inside a task result (own enumerable properties, arrays and typed-array
 * views, any depth), each once: the transfer list that moves them to the caller without a copy.
 * `SharedArrayBuffer`s are left out (they are shared, not transferred).
 *
 * @example
 * transferablesOf({ data: matrix.data }); // [matrix.data]
 */
export function transferablesOf(value: unknown): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const visit = (item: unknown): void => {
    if (typeof item !== 'object' || item === null || seen.has(item)) return;
    seen.add(item);
    if (item instanceof ArrayBuffer) {
      found.add(item);
      return;
    }
    if (ArrayBuffer.isView(item)) {
      if (item.buffer instanceof ArrayBuffer) found.add(item.buffer);
      return;
    }
    for (const key of Object.keys(item)) visit((item as Record<string, unknown>)[key]);
  };
  visit(value);
  return [...found];
}
