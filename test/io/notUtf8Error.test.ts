import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { notUtf8Error } from '../../src/io/notUtf8Error.js';
import { readInputText } from '../../src/io/readInputFile.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { rejectionOf } from '../errorOf.js';

const layer = (name: string) => JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { label: name }, geometry: { type: 'Polygon', coordinates: [[[122, 40.5], [123.5, 40.5], [123.5, 42.5], [122, 40.5]]] } }] });
// GBK bytes of 沈阳市 and 大连市 (what a Chinese-Windows export of a prefecture layer holds).
const gbk = (text: string) => Buffer.from(text.replace('沈阳市', '\u0000').replace('大连市', '\u0001'), 'latin1').reduce<number[]>((out, byte) => {
  if (byte === 0) out.push(0xc9, 0xf2, 0xd1, 0xf4, 0xca, 0xd0);
  else if (byte === 1) out.push(0xb4, 0xf3, 0xc1, 0xac, 0xca, 0xd0);
  else out.push(byte);
  return out;
}, []);

describe('notUtf8Error', () => {
  it('passes UTF-8, the replacement character itself included', () => {
    expect(notUtf8Error(Buffer.from(layer('沈阳市 \ufffd Région')), 'a.geojson')).toBeNull();
    expect(notUtf8Error(new Uint8Array(0), 'a.geojson')).toBeNull();
  });

  it('names the first byte that is not UTF-8, its line, and the bytes there', () => {
    const bytes = Uint8Array.from(gbk(`${layer('x')}\n${layer('沈阳市')}`));
    const error = notUtf8Error(bytes, 'p.geojson')!;
    expect(error.code).toBe('E_ENCODING');
    const at = Buffer.from(bytes).indexOf(0xc9);
    expect(error.value).toEqual({ byteOffset: at, line: 2, bytes: Array.from(bytes.subarray(at, at + 4), (b) => b.toString(16).padStart(2, '0')).join(' ') });
    expect(error.where.file).toBe('p.geojson');
  });

  it('finds ill-formed sequences that a lead byte alone does not show: overlong, surrogate, truncated, beyond U+10FFFF', () => {
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8]]) {
      const bytes = Uint8Array.from([0x61, 0xe4, 0xb8, 0xad, ...bad]);
      expect(notUtf8Error(bytes, 'x')?.value).toMatchObject({ byteOffset: 4 });
    }
  });

  it('says what the file probably is: GBK (with its names so read), UTF-16, gzip, ZIP, binary, a Windows code page', () => {
    const hint = (bytes: Uint8Array | number[]) => notUtf8Error(Uint8Array.from(bytes), 'x')!.hint!;
    expect(hint(gbk(layer('沈阳市') + layer('大连市')))).toMatch(/^It reads as GB18030\/GBK.*沈阳市, 大连市.*iconv -f GB18030 -t UTF-8/);
    expect(hint([0xff, 0xfe, ...Buffer.from(layer('x'), 'utf16le')])).toMatch(/UTF-16/);
    expect(hint(gzipSync(layer('x')))).toMatch(/gzip-compressed/);
    expect(hint([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0xff, 0x00])).toMatch(/ZIP archive/);
    expect(hint([0x00, 0x00, 0x27, 0x0a, 0xff, 0x01, 0x02, 0x03])).toMatch(/binary file/);
    // Latin-1 "Région" decodes as GB18030 too ("é" and "g" as one character): not called Chinese.
    const latin = hint(Buffer.from(layer('Région Ouest'), 'latin1'));
    expect(latin).toMatch(/single-byte Windows code page.*Région Ouest/);
    expect(latin).not.toMatch(/GBK/);
  });
});

describe('readInputText', () => {
  const folder = mkdtempSync(join(tmpdir(), 'airreach-utf8-'));

  it('refuses a file that is not UTF-8 (it was read with "\ufffd" for every such byte, and a GBK layer ran with names "������")', async () => {
    const path = join(folder, 'gbk.geojson');
    writeFileSync(path, Uint8Array.from(gbk(layer('沈阳市'))));
    const error = await rejectionOf(readInputText(path));
    expect(error.code).toBe('E_ENCODING');
    expect(error.where.file).toBe(path);
  });

  it('reads UTF-8 that holds the replacement character itself', async () => {
    const path = join(folder, 'ok.geojson');
    writeFileSync(path, layer('\ufffd 沈阳市'));
    expect(await readInputText(path)).toBe(layer('\ufffd 沈阳市'));
  });

  it('refuses a scenario whose regions layer is GBK, naming the layer', async () => {
    writeFileSync(join(folder, 'regions.geojson'), Uint8Array.from(gbk(layer('沈阳市'))));
    writeFileSync(join(folder, 'hazards.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'h', type: 'flood', weight: 1 }, geometry: { type: 'Point', coordinates: [123, 41] } }] }));
    writeFileSync(join(folder, 's.json'), JSON.stringify({ name: 's', layers: { regions: { file: 'regions.geojson', nameField: 'label' }, hazards: ['hazards.geojson'] }, bases: [{ id: 'b', name: 'b', latDeg: 41, lngDeg: 123, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 1 }] }] }));
    const error = await rejectionOf(readScenarioInputs(await loadScenario(join(folder, 's.json'))));
    expect(error.code).toBe('E_ENCODING');
    expect(error.where.file).toMatch(/regions\.geojson$/);
  });
});
