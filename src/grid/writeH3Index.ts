/** UTF-8 bytes of the hexadecimal digits 0-9a-f. */
const HEX_DIGITS = new Uint8Array(Buffer.from('0123456789abcdef'));

/**
 * Writes the H3 index string of the cell whose index is `low`, `high` (the grid's split long,
 * both unsigned 32-bit integers) into `bytes` at `at` and returns the position after it: the same
 * text as h3-js `splitLongToH3Index(low, high)` (the upper half without leading zeros, the lower
 * half as 8 digits), at most 16 bytes, the caller making room. The cell maps and tables write an
 * H3 name per row, and making each name's string only to copy it costs more than its digits.
 *
 * @example
 * const bytes = new Uint8Array(16);
 * writeH3Index(bytes, 0, 0x2bffffff, 0x0872a107); // -> 15; bytes hold "872a1072bffffff"
 */
export function writeH3Index(bytes: Uint8Array, at: number, low: number, high: number): number {
  let length = 1;
  for (let rest = high >>> 4; rest > 0; rest >>>= 4) length++;
  for (let k = length - 1; k >= 0; k--) bytes[at++] = HEX_DIGITS[(high >>> (4 * k)) & 15];
  for (let k = 7; k >= 0; k--) bytes[at++] = HEX_DIGITS[(low >>> (4 * k)) & 15];
  return at;
}
