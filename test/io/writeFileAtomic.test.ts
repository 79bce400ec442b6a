import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { OUTPUT_MANIFEST, readOutputManifest, writeFilesAtomic } from '../../src/io/writeFileAtomic.js';
import { AirreachError } from '../../src/errors.js';

describe('writeFilesAtomic with the run\'s input files', () => {
  it('refuses to replace an input file, even named through a symbolic link, and changes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-write-'));
    try {
      const layer = join(folder, 'bases.geojson');
      writeFileSync(layer, '{"type":"FeatureCollection","features":[]}');
      symlinkSync(layer, join(folder, 'link.geojson'));
      const files = { 'bases.geojson': 'output', 'summary.json': '{}' };
      for (const inputFiles of [[layer], [join(folder, 'link.geojson')]]) {
        const error: unknown = await writeFilesAtomic(folder, files, { inputFiles }).then(() => undefined, (thrown: unknown) => thrown);
        if (!(error instanceof AirreachError)) throw new Error(`expected an AirreachError, got ${String(error)}`);
        expect(error.code).toBe('E_OUTPUT');
        expect(error.message).toContain('the output bases.geojson would replace an input file of this run');
        expect(error.where.file).toBe(layer);
        expect(readdirSync(folder).sort()).toEqual(['bases.geojson', 'link.geojson']);
        expect(readFileSync(layer, 'utf8')).toBe('{"type":"FeatureCollection","features":[]}');
      }
      // Inputs elsewhere (or not there any more) leave the write as it was.
      await writeFilesAtomic(folder, { 'summary.json': '{}' }, { inputFiles: [layer, join(folder, 'gone.json')] });
      expect(readFileSync(join(folder, 'summary.json'), 'utf8')).toBe('{}');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('writeFilesAtomic replaces only airreach outputs', () => {
  it('refuses a target of an output\'s name that the manifest does not list (a file of the user\'s), and changes nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-unlisted-'));
    try {
      // Another scenario's bases layer, not an input of this write: it was replaced without a word.
      const layer = join(folder, 'bases.geojson');
      writeFileSync(layer, '{"type":"FeatureCollection","features":[]}');
      const files = { 'bases.geojson': 'output', 'summary.json': '{}' };
      const error: unknown = await writeFilesAtomic(folder, files).then(() => undefined, (thrown: unknown) => thrown);
      if (!(error instanceof AirreachError)) throw new Error(`expected an AirreachError, got ${String(error)}`);
      expect(error.code).toBe('E_OUTPUT');
      expect(error.message).toContain('the output bases.geojson would replace a file that no airreach run wrote');
      expect(error.where.file).toBe(layer);
      expect(error.hint).toContain('--out');
      expect(readdirSync(folder)).toEqual(['bases.geojson']);
      expect(readFileSync(layer, 'utf8')).toBe('{"type":"FeatureCollection","features":[]}');
      // A dangling symbolic link of an output's name is the user's too.
      symlinkSync(join(folder, 'nowhere.json'), join(folder, 'summary.json'));
      await expect(writeFilesAtomic(folder, { 'summary.json': '{}' })).rejects.toMatchObject({ code: 'E_OUTPUT', where: { file: join(folder, 'summary.json') } });
      rmSync(join(folder, 'summary.json'));
      // Its own earlier outputs (listed) are replaced as before; the user's file beside them is kept.
      await writeFilesAtomic(folder, { 'summary.json': '{}' });
      await writeFilesAtomic(folder, { 'summary.json': '{"again": true}' });
      expect(readFileSync(join(folder, 'summary.json'), 'utf8')).toBe('{"again": true}');
      expect(readFileSync(layer, 'utf8')).toBe('{"type":"FeatureCollection","features":[]}');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('writeFilesAtomic keeps the folder\'s output manifest', () => {
  it('lists what it wrote and the earlier outputs still there, in the same commit, and nothing it did not write', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-manifest-'));
    try {
      // Another scenario's input kept in the folder, under an output's name: never listed.
      writeFileSync(join(folder, 'conditions.json'), '{"weather": "mine"}');
      expect(await readOutputManifest(folder)).toBeNull();
      const written = await writeFilesAtomic(folder, { 'summary.json': '{}', 'coverage-day.csv': 'a', 'maps/day.geojson': '{}' });
      expect(written.map((path) => path.slice(folder.length + 1)).sort()).toEqual(['coverage-day.csv', 'maps/day.geojson', 'summary.json']);
      expect(await readOutputManifest(folder)).toEqual(['coverage-day.csv', 'maps/day.geojson', 'summary.json']);
      // A later write of fewer files: the earlier ones still there stay listed (they are still airreach's), a removed one goes.
      rmSync(join(folder, 'maps'), { recursive: true });
      await writeFilesAtomic(folder, { 'summary.json': '{"again": true}' });
      expect(await readOutputManifest(folder)).toEqual(['coverage-day.csv', 'summary.json']);
      expect(readdirSync(folder).sort()).toEqual([OUTPUT_MANIFEST, 'conditions.json', 'coverage-day.csv', 'summary.json'].sort());
      // A manifest edited by hand names nothing outside the folder, nor the folder's own bookkeeping.
      writeFileSync(join(folder, OUTPUT_MANIFEST), JSON.stringify({ files: ['../../etc/passwd', '/etc/hosts', '.airreach.lock', 3, 'summary.json'] }));
      expect(await readOutputManifest(folder)).toEqual(['summary.json']);
      writeFileSync(join(folder, OUTPUT_MANIFEST), 'not json');
      expect(await readOutputManifest(folder)).toBeNull();
      await expect(writeFilesAtomic(folder, { [OUTPUT_MANIFEST]: '{}' })).rejects.toMatchObject({ code: 'E_PATH' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
