import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packOutputFiles, renderOutputFiles, unpackOutputFiles } from '../../src/batch/packOutputFiles.js';
import { writeFilesAtomic } from '../../src/io/writeFileAtomic.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario, scenarioFiles, scenarioOutputs } from '../../src/scenario/runScenario.js';
import { outputText, streamedBytes, streamedText } from '../../src/streamedText.js';

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

  it('render to the same bytes, in pieces of their own buffers that a thread can be given, and pack what is over maxRenderedBytes', async () => {
    const result = await computeScenario(await readScenarioInputs(await loadScenario(fixture('small.json'))));
    const texts = scenarioFiles(result);
    // Beside the scenario's files: multi-byte text in many small chunks and in one chunk larger than a piece, bytes, streamed bytes.
    const long = 'ü€𝄞 mixed text, '.repeat(40_000);
    let utf8Reads = 0;
    const bodies = {
      ...scenarioOutputs(result),
      'chunks.txt': streamedText(function* () {
        for (let k = 0; k < 30_000; k++) yield `line ${k} — Liaoning 辽宁 𝄞\n`;
      }),
      'long.txt': streamedText(() => ['start ', long, ' end']),
      // Text that also comes as its bytes (as the cell maps do): those are taken, a piece that is not its own buffer's from offset 0 copied.
      'utf8.txt': streamedText(
        () => ['text 辽宁 ', 'and more'],
        function* () {
          utf8Reads++;
          yield new Uint8Array(Buffer.from('text 辽宁 '));
          yield new Uint8Array(Buffer.from('..and more')).subarray(2);
        },
      ),
      'bytes.bin': Uint8Array.from({ length: 5000 }, (_, k) => k % 251),
      'streamed.bin': streamedBytes(async function* () {
        yield Uint8Array.of(1, 2, 3);
        yield Buffer.from('pooled slice'); // a slice of Node's shared pool: copied, never handed over
      }),
    };
    const expected: Record<string, Buffer> = {
      ...Object.fromEntries(Object.entries(texts).map(([name, text]) => [name, Buffer.from(text, 'utf8')])),
      'chunks.txt': Buffer.from(Array.from({ length: 30_000 }, (_, k) => `line ${k} — Liaoning 辽宁 𝄞\n`).join(''), 'utf8'),
      'long.txt': Buffer.from(`start ${long} end`, 'utf8'),
      'utf8.txt': Buffer.from('text 辽宁 and more', 'utf8'),
      'bytes.bin': Buffer.from(Uint8Array.from({ length: 5000 }, (_, k) => k % 251)),
      'streamed.bin': Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from('pooled slice')]),
    };
    const rendered = await renderOutputFiles(bodies);
    expect(rendered.map((file) => file.name)).toEqual(Object.keys(expected).sort());
    for (const file of rendered) {
      expect('pieces' in file, file.name).toBe(true);
      if (!('pieces' in file)) continue;
      expect(file.bytes, file.name).toBe(expected[file.name].length);
      // Each piece owns its buffer: moving it to another thread takes nothing else along.
      for (const piece of file.pieces) expect(piece.byteOffset === 0 && piece.buffer.byteLength >= piece.byteLength && piece.buffer.byteLength <= Math.max(piece.byteLength, 2 ** 20), file.name).toBe(true);
    }
    // Moved (transferred, as the worker does) and written: the same bytes.
    const buffers = [...new Set(rendered.flatMap((file) => ('pieces' in file ? file.pieces.map((piece) => piece.buffer as ArrayBuffer) : [])))];
    const moved = structuredClone(rendered, { transfer: buffers });
    await writeFilesAtomic(join(work, 'rendered'), unpackOutputFiles(moved));
    for (const name of Object.keys(expected)) expect(readFileSync(join(work, 'rendered', name)).equals(expected[name]), name).toBe(true);
    // Over the limit: the files after it (in name order) are packed, and unpack to the same bytes.
    const mixed = await renderOutputFiles(bodies, { maxRenderedBytes: 10_000 });
    expect(mixed.some((file) => 'gzip' in file) && mixed.some((file) => 'pieces' in file)).toBe(true);
    await writeFilesAtomic(join(work, 'mixed'), unpackOutputFiles(mixed));
    for (const name of Object.keys(expected)) expect(readFileSync(join(work, 'mixed', name)).equals(expected[name]), name).toBe(true);
    // Rendered once and packed once (it is after maxRenderedBytes in name order) from its bytes.
    expect(utf8Reads).toBe(2);
  });

  it('keep their defaults for options given as undefined (the one options rule)', async () => {
    const big = 'x'.repeat(300 * 2 ** 20);
    const bodies = { 'a.txt': big, 'b.txt': 'after the limit' };
    // maxRenderedBytes undefined is the 256 MiB default, so b.txt (after 300 MiB) is packed, not held raw.
    const rendered = await renderOutputFiles(bodies, { maxRenderedBytes: undefined, level: undefined });
    expect(rendered.map((file) => ('gzip' in file ? 'packed' : 'raw'))).toEqual(['raw', 'packed']);
    const packed = await packOutputFiles({ 'b.txt': 'after the limit' }, { level: undefined });
    expect(packed[0].name).toBe('b.txt');
  });
});

describe('renderOutputFiles and the event loop', () => {
  it('lets the event loop turn while it renders a large streamed file, with the same bytes', async () => {
    // Twelve 1 KiB pieces: a turn every few pieces, so a callback queued before the render runs
    // before it ends (a pool driven from this thread reads its workers' messages there).
    const pieces = Array.from({ length: 12 }, (_, i) => new Uint8Array(Buffer.alloc(1024, 97 + i)));
    const body = streamedText(
      () => pieces.map((piece) => Buffer.from(piece).toString('utf8')),
      () => pieces.map((piece) => Uint8Array.from(piece)),
    );
    let turnedAt = -1;
    let yielded = 0;
    const rendering = renderOutputFiles({ 'big.txt': body }).then((files) => {
      turnedAt = yielded;
      return files;
    });
    await new Promise<void>((resolve) => setImmediate(() => {
      yielded++;
      resolve();
    }));
    const [file] = await rendering;
    // The render was still going when the callback ran.
    expect(turnedAt).toBe(1);
    expect(file.name).toBe('big.txt');
    expect(Buffer.concat('pieces' in file ? file.pieces : []).equals(Buffer.concat(pieces))).toBe(true);
  });
});
