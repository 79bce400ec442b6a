/** Bytes of one piece unless a single write needs more. */
const PIECE_BYTES = 1 << 20;

/** Bytes of a writer's first piece (see the constructor of {@link Utf8Pieces}). */
const FIRST_PIECE_BYTES = 1 << 12;

/** UTF-8 byte of the digit 0. */
const DIGIT_0 = 0x30;

/** Integers below this are int32s. */
const INT32_LIMIT = 2 ** 31;

/** Text up to this many characters is checked for ASCII and copied by hand. */
const SHORT_TEXT = 64;

/**
 * Room to reserve for one {@link Utf8Pieces.number}: `String` of a double is at most 24
 * characters (`-2.2250738585072014e-308`).
 *
 * @example
 * out.reserve(NUMBER_BYTES);
 * out.number(Math.PI, String);
 */
export const NUMBER_BYTES = 32;

/**
 * A UTF-8 text written straight into pieces of bytes (about 1 MiB each, every one in an
 * `ArrayBuffer` of its own, so it can be transferred between threads): how the cell maps and
 * tables are rendered without making a string per row or encoding one. Text that repeats (a
 * grid's cell outlines, key names) is encoded once and copied; numbers are written as the
 * digits `String(value)` gives, without making that string.
 *
 * The writer's user reserves room ({@link Utf8Pieces.reserve}) for what it is about to write
 * with {@link Utf8Pieces.bytes} and {@link Utf8Pieces.number}; {@link Utf8Pieces.text} reserves
 * its own. Finished pieces are taken with {@link Utf8Pieces.take}; a taken piece is never
 * written again.
 *
 * @example
 * const out = new Utf8Pieces();
 * out.text('minutes,');
 * out.reserve(NUMBER_BYTES);
 * out.number(12.5, String);
 * out.end();
 * Buffer.concat(out.take()).toString(); // 'minutes,12.5'
 */
export class Utf8Pieces {
  #piece: Buffer;
  #used = 0;
  #done: Uint8Array[] = [];
  readonly #pieceBytes: number;

  constructor(pieceBytes = PIECE_BYTES) {
    this.#pieceBytes = pieceBytes;
    // The first piece is small, so its end comes within the first rows: a writer's path that
    // finishes a piece then has run before V8 optimises the row loops that inline it (met first
    // a megabyte in, it would throw their compiled code away). Pieces only divide the text.
    this.#piece = Buffer.allocUnsafeSlow(Math.min(pieceBytes, FIRST_PIECE_BYTES));
  }

  /** Bytes written into the current piece so far. */
  get used(): number {
    return this.#used;
  }

  /** Pieces finished and not taken yet. */
  get finished(): number {
    return this.#done.length;
  }

  /** Makes room for `bytes` more bytes in the current piece, finishing it and starting a new one if they do not fit. */
  reserve(bytes: number): void {
    if (this.#used + bytes <= this.#piece.length) return;
    this.end();
    if (bytes > this.#piece.length) this.#piece = Buffer.allocUnsafeSlow(Math.max(this.#pieceBytes, bytes));
  }

  /** Writes `text` as UTF-8 (room reserved here). */
  text(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.reserve(text.length * 3);
    const piece = this.#piece;
    const start = this.#used;
    // Short ASCII text (names, keys) is copied by hand: a call into the encoder costs more than that.
    if (text.length <= SHORT_TEXT) {
      let at = start;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) {
          at = -1;
          break;
        }
        piece[at++] = code;
      }
      if (at >= 0) {
        this.#used = at;
        return;
      }
    }
    this.#used = start + piece.write(text, start, 'utf8');
  }

  /** The piece being written (all of its buffer): bytes written from `used` on stay there once it is finished. */
  get current(): Uint8Array {
    return this.#piece;
  }

  /**
   * Takes the bytes a caller wrote into {@link Utf8Pieces.current} from {@link Utf8Pieces.used} up
   * to `end` (room reserved by it) as written: for a writer of its own, like an H3 name's digits.
   */
  advance(end: number): void {
    this.#used = end;
  }

  /** Writes one byte (room reserved by the caller). */
  byte(code: number): void {
    this.#piece[this.#used++] = code;
  }

  /** Writes `text`, which must be ASCII (the caller checked it, and reserved room for it). */
  ascii(text: string): void {
    const piece = this.#piece;
    let at = this.#used;
    for (let i = 0; i < text.length; i++) piece[at++] = text.charCodeAt(i);
    this.#used = at;
  }

  /** Copies `source[start, end)` (room reserved by the caller). */
  bytes(source: Uint8Array, start = 0, end = source.length): void {
    const piece = this.#piece;
    let at = this.#used;
    // Short runs (key names, separators) are copied by hand: a native copy costs more than it saves there.
    if (end - start < 48) for (let i = start; i < end; i++) piece[at++] = source[i];
    else {
      // A view made directly: `subarray` of a Buffer goes through its species constructor, slower than the copy of a cell's outline.
      piece.set(new Uint8Array(source.buffer, source.byteOffset + start, end - start), at);
      at += end - start;
    }
    this.#used = at;
  }

  /**
   * Writes `String(value)` for a finite number (room for {@link NUMBER_BYTES} bytes reserved by
   * the caller): integers and numbers of at most 6 decimals below 10^9 (a cell table's counts,
   * minutes, positions and areas) digit by digit, any other number as `fallback(value)` gives it
   * (which may also refuse it, as `csvField` refuses a number that is not finite).
   */
  number(value: number, fallback: (value: number) => string): void {
    this.#used = writeNumber(this.#piece, this.#used, value, fallback);
  }

  /** Finishes the current piece (if anything was written into it): it can be taken. */
  end(): void {
    if (this.#used === 0) return;
    this.#done.push(this.#piece.subarray(0, this.#used));
    this.#piece = Buffer.allocUnsafeSlow(this.#pieceBytes);
    this.#used = 0;
  }

  /** The finished pieces not taken yet, in order; each is the caller's to keep. */
  take(): Uint8Array[] {
    const done = this.#done;
    this.#done = [];
    return done;
  }
}

/**
 * Copies `source` into `bytes` at `at` and returns the position after it (the caller makes
 * room): a row's key names and fragments, a few dozen bytes each, copied by hand where a native
 * copy costs more than it saves (see {@link writeNumber}).
 *
 * @example
 * const bytes = new Uint8Array(8);
 * writeBytes(bytes, 2, new Uint8Array([0x6f, 0x6b])); // -> 4; bytes[2], bytes[3] hold "ok"
 */
export function writeBytes(bytes: Uint8Array, at: number, source: Uint8Array): number {
  for (let i = 0; i < source.length; i++) bytes[at++] = source[i];
  return at;
}

/**
 * {@link Utf8Pieces.number} into `bytes` at `at`, returning the position after the text (the
 * caller makes room for {@link NUMBER_BYTES} bytes): for a writer that keeps its place in a local
 * (a cell's outline is 14 numbers, and a call through the writer's fields per byte costs more
 * than the digits).
 *
 * @example
 * const bytes = new Uint8Array(NUMBER_BYTES);
 * writeNumber(bytes, 0, 121.25, String); // -> 6; bytes hold "121.25"
 */
export function writeNumber(bytes: Uint8Array, at: number, value: number, fallback: (value: number) => string): number {
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) && magnitude < 1e15) {
    // -0 is written `0`, as String(-0) is.
    if (value < 0) bytes[at++] = 0x2d;
    return writeDigits(bytes, at, magnitude);
  }
  const millionths = Math.round(value * 1e6);
  // The value is exactly millionths / 10^6 and has at most 15 significant digits, so its
  // shortest round-trip text (String) is that decimal: decimals of up to 15 digits name distinct doubles.
  if (millionths / 1e6 === value && magnitude < 1e9) return writeScaled(bytes, at, millionths, 6);
  const text = fallback(value);
  for (let i = 0; i < text.length; i++) bytes[at++] = text.charCodeAt(i);
  return at;
}

/**
 * Writes the decimal digits of `value`, a non-negative integer below 10^15, into `bytes` at `at`
 * (the same digits as `String(value)`) and returns the position after them. The caller makes room.
 *
 * @example
 * const bytes = new Uint8Array(16);
 * writeDigits(bytes, 0, 2026); // -> 4; bytes hold "2026"
 */
export function writeDigits(bytes: Uint8Array, at: number, value: number): number {
  if (value < INT32_LIMIT) {
    // Most numbers of a table (counts, whole parts): integer division of an int32 is cheaper than of a double.
    let rest = value | 0;
    // Counted by a loop, not a chain of comparisons: a chain's later tests have no type feedback
    // until a number that long comes, and the first one then deoptimises every writer that inlined it.
    let length = 1;
    for (let shorter = (rest / 10) | 0; shorter > 0; shorter = (shorter / 10) | 0) length++;
    const end = at + length;
    let k = end;
    do {
      const next = (rest / 10) | 0;
      bytes[--k] = DIGIT_0 + rest - next * 10;
      rest = next;
    } while (rest > 0);
    return end;
  }
  let length = 1;
  for (let power = 10; power <= value; power *= 10) length++;
  const end = at + length;
  let k = end;
  let rest = value;
  do {
    const next = Math.floor(rest / 10);
    bytes[--k] = DIGIT_0 + (rest - next * 10);
    rest = next;
  } while (rest > 0);
  return end;
}

/** 10^d for the decimals {@link writeScaled} writes. */
const POWERS_OF_TEN = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * Writes `String(units / 10 ** decimals)` into `bytes` at `at`, for an integer `units` with
 * |units| < 10^15 and `decimals` from 0 to 6, and returns the position after it (the caller makes
 * room: at most 24 bytes). The double `units / 10^d` is the one nearest the decimal
 * units × 10^-d (one correctly rounded division of exact integers), and that decimal has at most
 * 15 significant digits, which name distinct doubles: so it is the shortest text that reads back
 * as the double, which is what `String` writes, without an exponent (its magnitude is 0 or from
 * 10^-6 to below 10^9). Its digits are those of `units`, the point `decimals` from the right,
 * trailing zeros of the fraction dropped; −0 is written `0`, as `String(-0)` is.
 *
 * @example
 * const bytes = new Uint8Array(24);
 * writeScaled(bytes, 0, -1250, 4); // -> 6; bytes hold "-0.125"
 */
export function writeScaled(bytes: Uint8Array, at: number, units: number, decimals: number): number {
  if (units < 0) {
    bytes[at++] = 0x2d;
    units = -units;
  }
  const scale = POWERS_OF_TEN[decimals];
  // Exact: a quotient that is not an integer is at least 10^-d from one, far more than its rounding error (units below 10^15).
  const whole = Math.floor(units / scale);
  // Below 10^6: an int32.
  let fraction = (units - whole * scale) | 0;
  at = writeDigits(bytes, at, whole);
  if (fraction === 0) return at;
  // The fraction's `decimals` digits without the trailing zeros (12.5, not 12.500000).
  let length = decimals;
  while (fraction % 10 === 0) {
    fraction = (fraction / 10) | 0;
    length--;
  }
  bytes[at] = 0x2e;
  const end = at + 1 + length;
  let k = end;
  for (let d = 0; d < length; d++) {
    const next = (fraction / 10) | 0;
    bytes[--k] = DIGIT_0 + fraction - next * 10;
    fraction = next;
  }
  return end;
}
