import { isUtf8 } from 'node:buffer';
import { AirreachError } from '../errors.js';

/**
 * The error for a text input that is not UTF-8, or `null` when `bytes` are UTF-8. Every text
 * airreach reads (scenario files, GeoJSON layers, weather and depot files, `solve` instances) is
 * UTF-8 (RFC 8259 §8.1, RFC 7946 §1): read any other way, a GBK export of a prefecture layer (the
 * encoding of Chinese Windows, where many provincial layers come from) parsed as valid JSON and its
 * names became "������" in every output, with no error. The error names the first byte that is
 * not UTF-8 (its offset, line and the bytes there) and, from the bytes, what the file probably is:
 * GB18030/GBK Chinese text (with a sample of it so decoded), UTF-16, gzip or ZIP, a binary file,
 * or a single-byte Windows code page, and how to convert it.
 *
 * @example
 * const error = notUtf8Error(await readFile('prefectures.geojson'), 'prefectures.geojson');
 * if (error) throw error; // E_ENCODING … byte 61 (line 2) … It reads as GB18030/GBK …
 */
export function notUtf8Error(bytes: Uint8Array, file: string): AirreachError | null {
  if (isUtf8(bytes)) return null;
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  const shown = Array.from(bytes.subarray(at, at + 4), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return new AirreachError('E_ENCODING', `the file is not UTF-8 text: the bytes at byte ${at} (line ${line}) are not UTF-8 (${shown})`, {
    value: { byteOffset: at, line, bytes: shown },
    where: { file },
    expected: 'UTF-8 text, as JSON and GeoJSON are (RFC 8259 §8.1, RFC 7946)',
    hint: encodingHint(bytes, at),
  });
}

/** Index of the first byte that does not begin or continue a well-formed UTF-8 sequence (the bytes are known not to be UTF-8). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    // The well-formed sequences of the Unicode standard (table 3-7): no overlongs, no surrogates, ≤ U+10FFFF.
    const [length, low, high] = lead < 0x80 ? [1, 0, 0] : lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf] : lead === 0xe0 ? [3, 0xa0, 0xbf] : lead === 0xed ? [3, 0x80, 0x9f] : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf] : lead === 0xf0 ? [4, 0x90, 0xbf] : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf] : lead === 0xf4 ? [4, 0x80, 0x8f] : [0, 0, 0];
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1 && (bytes[i + 1] < low || bytes[i + 1] > high)) return i;
    for (let k = 2; k < length; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += length;
  }
  return bytes.length;
}

/** What the bytes probably are, and how to make UTF-8 of them. */
function encodingHint(bytes: Uint8Array, at: number): string {
  const starts = (...magic: number[]) => magic.every((byte, k) => bytes[k] === byte);
  const head = bytes.subarray(0, 4096);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff) || (head.length >= 4 && ((head[1] === 0 && head[3] === 0) || (head[0] === 0 && head[2] === 0)))) {
    return 'The file looks like UTF-16 text (as Windows editors save "Unicode"): save it as UTF-8';
  }
  if (starts(0x1f, 0x8b)) return 'The file is gzip-compressed: decompress it first (`gunzip -k file.gz`); airreach reads plain UTF-8 text';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'The file is a ZIP archive (a zipped layer or a GeoPackage?): extract the GeoJSON from it, or export the layer as GeoJSON (UTF-8)';
  if (head.includes(0)) return 'The file holds NUL bytes: it is a binary file (a shapefile, GeoPackage or image?), not GeoJSON or JSON text; export the layer as GeoJSON (UTF-8)';
  const chinese = gbkLike(bytes) ? decodedAs('gb18030', bytes) : null;
  if (chinese !== null && /[\u4e00-\u9fff]/.test(chinese)) {
    const sample = (chinese.match(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+/g) ?? []).slice(0, 3).map((run) => run.slice(0, 20)).join(', ');
    return `It reads as GB18030/GBK, the encoding of Chinese Windows (its names then read ${sample}): save it as UTF-8 (QGIS: Export › Save Features As…, Encoding UTF-8; ogr2ogr -lco ENCODING=UTF-8 out.geojson in.shp; or iconv -f GB18030 -t UTF-8 in.geojson > out.geojson)`;
  }
  const around = decodedAs('windows-1252', bytes.subarray(Math.max(0, at - 20), at + 20));
  return `Save it as UTF-8: it may be in a single-byte Windows code page (read as Windows-1252 the bytes there are ${JSON.stringify(around)}; iconv -f WINDOWS-1252 -t UTF-8 in.geojson > out.geojson), or damaged`;
}

/**
 * Whether the bytes look like GBK/GB18030 Chinese: nearly every byte over 0x80 pairs with a second
 * over 0xA0, as the GB2312 characters of place names do. Text in a single-byte code page decodes
 * as GB18030 too (Latin-1 "Région": "é" and "g" make one character), but its letters over 0x80
 * mostly stand before ASCII ones.
 */
function gbkLike(bytes: Uint8Array): boolean {
  let pairs = 0;
  let others = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x81) continue;
    if (bytes[i + 1] >= 0xa1 && bytes[i + 1] <= 0xfe) pairs++;
    else others++;
    i++;
  }
  return pairs >= 2 && pairs >= 9 * others;
}

/** `bytes` decoded as `encoding`, or null where they are not text of it. */
function decodedAs(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
