import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packOutputFiles, unpackOutputFiles } from '../../src/batch/packOutputFiles.js';
import { writeFilesAtomic } from '../../src/io/writeFileAtomic.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario, scenarioFiles, scenarioOutputs } from '../../src/scenario/runScenario.js';
import { outputText, streamedText } from '../../src/streamedText.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'airreach-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('streamed outputs', () => {
  it('write the same bytes as the files held as strings, and are made afresh on every read', async () => {
    const result = await computeScenario(await readScenarioInputs(await loadScenario(fixture('small.json'))));
    const texts = scenarioFiles(result);
    const streamed = scenarioOutputs(result);
    expect(Object.keys(streamed).sort()).toEqual(Object.keys(texts).sort());
    // Maps and tables are streamed: nothing of them is held until they are read.
    expect(typeof streamed['coverage-day.geojson']).toBe('object');
    await writeFilesAtomic(join(work, 'streamed'), streamed);
    await writeFilesAtomic(join(work, 'streamed-again'), streamed);
    for (const name of Object.keys(texts)) {
      expect(readFileSync(join(work, 'streamed', name), 'utf8') === texts[name], name).toBe(true);
      expect(readFileSync(join(work, 'streamed-again', name), 'utf8') === texts[name], name).toBe(true);
    }
  });

  it('pack and unpack to the same bytes, through a thread or a queue alike', async () => {
    const result = await computeScenario(await readScenarioInputs(await loadScenario(fixture('small.json'))));
    const texts = scenarioFiles(result);
    const packed = await packOutputFiles(scenarioOutputs(result));
    expect(packed.map((f) => f.name)).toEqual(Object.keys(texts).sort());
    for (const file of packed) {
      expect(file.bytes).toBe(Buffer.byteLength(texts[file.name]));
      expect(file.gzip.byteLength).toBeLessThan(file.bytes + 64);
    }
    // Structured clone (what a worker thread or a serialiser does to the buffers) keeps them whole.
    await writeFilesAtomic(join(work, 'unpacked'), unpackOutputFiles(structuredClone(packed)));
    for (const name of Object.keys(texts)) expect(readFileSync(join(work, 'unpacked', name), 'utf8') === texts[name], name).toBe(true);
  });

  it('refuse a damaged file: E_OUTPUT, and nothing of the set is renamed into place', async () => {
    const packed = await packOutputFiles({ 'a.txt': 'first file\n', 'b.txt': streamedText(() => ['second ', 'file\n']) });
    const damaged = packed.map((f) => (f.name === 'b.txt' ? { ...f, sha256: '0'.repeat(64) } : f));
    await expect(writeFilesAtomic(join(work, 'damaged'), unpackOutputFiles(damaged))).rejects.toMatchObject({ code: 'E_OUTPUT' });
    // A folder the failed write created is removed again: nothing at all is left.
    expect(existsSync(join(work, 'damaged')) ? readdirSync(join(work, 'damaged')) : []).toEqual([]);
    const truncated = packed.map((f) => (f.name === 'a.txt' ? { ...f, gzip: f.gzip.subarray(0, f.gzip.byteLength - 12) } : f));
    await expect(writeFilesAtomic(join(work, 'truncated'), unpackOutputFiles(truncated))).rejects.toMatchObject({ code: 'E_OUTPUT' });
    expect(existsSync(join(work, 'truncated')) ? readdirSync(join(work, 'truncated')) : []).toEqual([]);
    expect(outputText(streamedText(() => ['second ', 'file\n']))).toBe('second file\n');
  });
});
