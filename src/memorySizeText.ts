/**
 * A memory size in a refusal's words: whole MiB (`1,433 MiB`), as the memory checks have always
 * said it, or whole KiB below 1 MiB (rounded up), where MiB said "≈ 0 MiB … over the cap of 0
 * MiB" of a small budget (`--memory-budget 32KiB`).
 *
 * @example
 * memorySizeText(1.4 * 2 ** 30); // -> '1,434 MiB'
 * memorySizeText(49_084); // -> '48 KiB'
 */
export function memorySizeText(bytes: number): string {
  if (bytes < 2 ** 20) return `${Math.ceil(bytes / 2 ** 10).toLocaleString('en-US')} KiB`;
  return `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
}
