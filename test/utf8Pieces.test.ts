import { describe, expect, it } from 'vitest';
import { NUMBER_BYTES, Utf8Pieces, writeBytes, writeDigits, writeNumber, writeScaled } from '../src/utf8Pieces.js';
import { createRandom } from '../src/random.js';

const textOf = (pieces: Uint8Array[]) => Buffer.concat(pieces).toString('utf8');

describe('Utf8Pieces', () => {
  it('writes numbers as String writes them: integers, up to 6 decimals, and others through the fallback', () => {
    const random = createRandom(11);
    const values: number[] = [0, -0, 1, -1, 9, 10, 99, 100, 1e6, 999_999_999, 1e9, 1e14, 1e15 - 1, 1e15, 2 ** 53, 1e21, 0.5, -0.5, 0.05, 0.000001, -0.000001, 0.0000005, 1e-7, 12.5, 12.34, 30.01, 0.1 + 0.2, Math.PI, 5e-324, Number.MAX_VALUE, 999_999_999.999999, 1_000_000_000.5];
    for (let i = 0; i < 20_000; i++) {
      const decimals = random.int(0, 8);
      const scale = 10 ** decimals;
      values.push(Math.round((random.float() - 0.5) * 10 ** random.int(0, 11) * scale) / scale);
      values.push((random.float() - 0.5) * 10 ** random.int(-8, 12));
    }
    const fallbacks: number[] = [];
    const out = new Utf8Pieces(64);
    for (const value of values) {
      out.reserve(NUMBER_BYTES + 1);
      out.number(value, (v) => {
        fallbacks.push(v);
        return String(v);
      });
      out.text('\n');
    }
    out.end();
    expect(textOf(out.take())).toBe(values.map((value) => `${String(value)}\n`).join(''));
    // Integers and numbers of up to 6 decimals below 10^9 never take the fallback.
    expect(fallbacks).not.toContain(12.34);
    expect(fallbacks).not.toContain(-0.000001);
    expect(fallbacks).toContain(0.1 + 0.2);
  });

  it('writes the fixed-decimal fields of the cell tables (2, 4 and 6 decimals) and integers around 2^31 as String does', () => {
    const random = createRandom(12);
    const values: number[] = [];
    for (const edge of [2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32, 999_999_999, 1e9 - 1e-6, 1e9 - 0.5, 0.000001, 0.00001, 0.0001, 0.1, 0.100001, 0.000109, 1.000001, 10.01, 100.1, 999_999.999999]) {
      values.push(edge, -edge, edge + 1e-6, edge - 1e-6);
    }
    for (let i = 0; i < 30_000; i++) {
      // Positions (6 decimals), areas (4), minutes (2), demands of any size, counts.
      values.push(Math.round((90 + random.float() * 60) * 1e6) / 1e6);
      values.push(Math.round((-10 + random.float() * 60) * 1e6) / 1e6);
      values.push(Math.round(random.float() * 10 ** random.int(0, 4) * 1e4) / 1e4);
      values.push(Math.round(random.float() * 10 ** random.int(0, 5) * 100) / 100);
      values.push(Math.round(random.float() * 10 ** random.int(0, 9) * 1e6) / 1e6);
      values.push(random.int(0, 2 ** 31 + 1000) - 1000);
    }
    const out = new Utf8Pieces(1 << 16);
    for (const value of values) {
      out.reserve(NUMBER_BYTES + 1);
      out.number(value, String);
      out.text(',');
    }
    out.end();
    expect(textOf(out.take()) === values.map((value) => `${String(value)},`).join('')).toBe(true);
  });

  it('writes single bytes and ASCII text where the caller reserved room', () => {
    const out = new Utf8Pieces(8);
    out.reserve(6);
    out.byte(0x5b);
    out.ascii('abcd');
    out.byte(0x5d);
    out.reserve(6);
    out.ascii('efghij');
    out.end();
    const pieces = out.take();
    expect(pieces.map((piece) => Buffer.from(piece).toString())).toEqual(['[abcd]', 'efghij']);
  });

  it('refuses what its fallback refuses', () => {
    const out = new Utf8Pieces();
    out.reserve(NUMBER_BYTES);
    expect(() =>
      out.number(NaN, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
  });

  it('encodes text (ASCII, non-ASCII, long) and copies bytes across pieces, each piece its own buffer', () => {
    const texts = ['a,b', 'Dalian, ü "q"', '大连', 'x'.repeat(200), `${'y'.repeat(63)}é`, '', '😀'];
    const bytes = new Uint8Array(Buffer.from('0123456789'.repeat(10)));
    const out = new Utf8Pieces(50);
    let expected = '';
    const pieces: Uint8Array[] = [];
    for (let round = 0; round < 20; round++) {
      for (const text of texts) {
        out.text(text);
        expected += text;
      }
      out.reserve(bytes.length);
      out.bytes(bytes, 3, 3 + 60 - round);
      expected += '0123456789'.repeat(10).slice(3, 63 - round);
      out.reserve(5);
      out.bytes(bytes, 0, 5);
      expected += '01234';
      pieces.push(...out.take());
    }
    out.end();
    pieces.push(...out.take());
    expect(textOf(pieces)).toBe(expected);
    expect(pieces.length).toBeGreaterThan(20);
    expect(new Set(pieces.map((piece) => piece.buffer)).size).toBe(pieces.length);
    expect(pieces.every((piece) => piece.byteOffset === 0 && piece.byteLength > 0)).toBe(true);
  });
});

describe('writeDigits', () => {
  it('writes String(value) of non-negative integers below 10^15 and returns the position after them', () => {
    const random = createRandom(11);
    const values = [0, 1, 9, 10, 99, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 1e15 - 1];
    // Every length of an int32 (its digits are counted by a loop): each power of ten and the number before it.
    for (let power = 10; power < 2 ** 31; power *= 10) values.push(power - 1, power, power + 1);
    for (let k = 0; k < 20_000; k++) values.push(Math.floor(random.float() * 10 ** random.int(1, 15)));
    const bytes = new Uint8Array(20);
    for (const value of values) {
      const end = writeDigits(bytes, 3, value);
      expect(Buffer.from(bytes.subarray(3, end)).toString('latin1')).toBe(String(value));
    }
  });
});

describe('writeScaled', () => {
  it('writes String(units / 10^d) of integers below 10^15 in magnitude for 0 to 6 decimals, trailing zeros dropped', () => {
    const random = createRandom(21);
    const units = [0, -0, 1, -1, 5, 10, 100, 999_999, 1_000_000, 1_000_001, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 7, 1e15 - 1, -(1e15 - 1), 123_456_789_012_345, 100_000_000_000_000, 999_999_999_999_990];
    for (let k = 0; k < 20_000; k++) {
      const value = Math.floor(random.float() * 10 ** random.int(1, 15));
      units.push(random.int(0, 1) === 0 ? value : -value, value - (value % 10 ** random.int(0, 6)));
    }
    const bytes = new Uint8Array(40);
    for (const value of units) {
      for (let decimals = 0; decimals <= 6; decimals++) {
        const end = writeScaled(bytes, 5, value, decimals);
        const expected = String(value / 10 ** decimals);
        const text = Buffer.from(bytes.subarray(5, end)).toString('latin1');
        if (text !== expected) expect(`${value} / 10^${decimals}: ${text}`).toBe(`${value} / 10^${decimals}: ${expected}`);
        // round(value, d) of the cell tables prints exactly this: the same number.
        expect(end - 5).toBeLessThanOrEqual(NUMBER_BYTES);
      }
    }
  });

  it('writes into a Utf8Pieces at its place (current, used, advance), as gridRowWriter does', () => {
    const out = new Utf8Pieces(64);
    out.reserve(2 * NUMBER_BYTES);
    let at = writeScaled(out.current, out.used, -1250, 4);
    out.current[at++] = 0x2c;
    out.advance(writeScaled(out.current, at, 41_790_000, 6));
    out.end();
    expect(textOf(out.take())).toBe('-0.125,41.79');
  });
});

describe('writeNumber and writeBytes', () => {
  it('write what Utf8Pieces.number and bytes write, at a place the caller keeps (advance)', () => {
    const random = createRandom(22);
    const values = [0, -0, 1e15, 1e21, 0.1 + 0.2, 5e-324, -123.456789, 1e-7, 41.79, -999_999_999.999999];
    for (let k = 0; k < 5_000; k++) values.push(Math.round((random.float() - 0.5) * 10 ** random.int(0, 15)) / 10 ** random.int(0, 8));
    const viaPieces = new Utf8Pieces(64);
    const viaPlace = new Utf8Pieces(64);
    const key = new Uint8Array(Buffer.from(',"lat":'));
    for (const value of values) {
      viaPieces.reserve(NUMBER_BYTES + key.length);
      viaPieces.bytes(key);
      viaPieces.number(value, String);
      viaPlace.reserve(NUMBER_BYTES + key.length);
      const bytes = viaPlace.current;
      viaPlace.advance(writeNumber(bytes, writeBytes(bytes, viaPlace.used, key), value, String));
    }
    viaPieces.end();
    viaPlace.end();
    const expected = values.map((value) => `,"lat":${String(value)}`).join('');
    expect(textOf(viaPieces.take())).toBe(expected);
    expect(textOf(viaPlace.take())).toBe(expected);
  });

  it('copy long runs out of a Buffer and of a view into another buffer, as bytes', () => {
    const source = Buffer.from('x'.repeat(10) + 'the outline of one cell, longer than a short run of key names'.repeat(3));
    const view = new Uint8Array(source.buffer, source.byteOffset, source.length);
    const out = new Utf8Pieces(1024);
    for (const from of [source, view, source.subarray(10)]) {
      out.reserve(source.length);
      out.bytes(from, 10 - (from.length < source.length ? 10 : 0), from.length);
    }
    out.end();
    expect(textOf(out.take())).toBe(source.toString('latin1', 10).repeat(3));
  });
});
