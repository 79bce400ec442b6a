import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFilesAtomic } from '../../src/io/writeFileAtomic.js';
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
