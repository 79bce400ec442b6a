import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeJobFolder, unbundleScenario, type ScenarioBundle } from '../../src/batch/scenarioJob.js';

// A queue worker's job folder (in its TMPDIR) on a disk that cannot take it, played by the file
// system functions under `failing`: every change there fails with `code`, as on a real disk;
// on a read-only one Node's recursive mkdir reports ENOENT instead (it looks the folder up after
// the failed mkdir: measured on a tmpfs mounted read-only). A real mount needs root.
const state = vi.hoisted(() => ({ failing: undefined as string | undefined, code: 'EROFS' }));
const under = (path: unknown) => state.failing !== undefined && typeof path === 'string' && !relative(state.failing, path).startsWith('..');
const failure = (code: string, syscall: string, path: unknown) => Object.assign(new Error(`${code}: ${syscall} '${String(path)}'`), { code, syscall, path });
const mkdirCode = (options?: { recursive?: boolean }) => (options?.recursive && state.code === 'EROFS' ? 'ENOENT' : state.code);

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  return {
    ...fs,
    mkdirSync: ((path: string, options?: { recursive?: boolean }) => {
      if (under(path) && !fs.existsSync(path)) throw failure(mkdirCode(options), 'mkdir', path);
      return fs.mkdirSync(path, options);
    }) as typeof fs.mkdirSync,
  };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    mkdir: (async (path: string, options?: { recursive?: boolean }) => {
      if (under(path) && !(await fs.stat(path).then(() => true, () => false))) throw failure(mkdirCode(options), 'mkdir', path);
      return fs.mkdir(path, options);
    }) as typeof fs.mkdir,
    mkdtemp: (async (prefix: string) => {
      if (under(prefix)) throw failure(state.code, 'mkdtemp', `${prefix}XXXXXX`);
      return fs.mkdtemp(prefix);
    }) as typeof fs.mkdtemp,
    writeFile: (async (path: string, ...rest: unknown[]) => {
      // A full disk answers the write, with no path in Node's message.
      if (under(path)) throw failure(state.code, 'write', undefined);
      return (fs.writeFile as (...args: unknown[]) => Promise<void>)(path, ...rest);
    }) as typeof fs.writeFile,
  };
});

afterEach(() => {
  state.failing = undefined;
  state.code = 'EROFS';
});

/** A Redis holding `files` as the coordinator stores them (a header and one piece each), and their bundle. */
function storedBundle(files: Record<string, string>): { redis: Redis; bundle: ScenarioBundle } {
  const values = new Map<string, string | Buffer>();
  const bundle: ScenarioBundle = { scenario: Object.keys(files)[0], files: [] };
  for (const [path, text] of Object.entries(files)) {
    const bytes = Buffer.from(text);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    values.set(`q:input:${sha256}`, JSON.stringify({ pieces: 1, bytes: bytes.byteLength }));
    values.set(`q:input:${sha256}:0`, bytes);
    bundle.files.push({ path, sha256, bytes: bytes.byteLength });
  }
  const redis = {
    get: async (key: string) => (values.has(key) ? String(values.get(key)) : null),
    getBuffer: async (key: string) => (values.has(key) ? Buffer.from(values.get(key)!) : null),
  };
  return { redis: redis as unknown as Redis, bundle };
}

const files = { 'scenario.json': '{}\n', 'layers/roads/roads.geojson': '{"type":"FeatureCollection","features":[]}\n' };

describe("a queue worker's job folder", () => {
  it('lays out the inputs, subfolders included', async () => {
    const { redis, bundle } = storedBundle(files);
    const folder = await makeJobFolder(mkdtempSync(join(tmpdir(), 'airreach-jobs-')));
    expect(await unbundleScenario(redis, 'q', bundle, folder)).toBe(join(folder, 'scenario.json'));
    expect(readFileSync(join(folder, 'layers', 'roads', 'roads.geojson'), 'utf8')).toBe(files['layers/roads/roads.geojson']);
  });

  it('on a disk turned read-only names EROFS, the job folder and the fix (its recursive mkdir said ENOENT)', async () => {
    const { redis, bundle } = storedBundle(files);
    const folder = await makeJobFolder(mkdtempSync(join(tmpdir(), 'airreach-jobs-')));
    state.failing = folder;
    // The file in a subfolder: its folder is the first thing made.
    const error = await unbundleScenario(redis, 'q', { ...bundle, files: bundle.files.slice(1) }, folder).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_OUTPUT', value: 'EROFS', where: { file: folder } });
    expect((error as Error).message).toContain(`${folder}: cannot lay out input layers/roads/roads.geojson in the job folder: its file system is read-only (got "EROFS")`);
    expect((error as Error).message).toContain(`The disk holding ${folder} is mounted read-only`);
    expect((error as Error).message).toContain('start the worker with TMPDIR set to a folder on a writable disk with room');
    expect((error as Error).message).not.toContain('ENOENT');
  });

  it('on a full disk says so and names the job folder (it said "ENOSPC: no space left on device, write", no folder)', async () => {
    const { redis, bundle } = storedBundle(files);
    const folder = await makeJobFolder(mkdtempSync(join(tmpdir(), 'airreach-jobs-')));
    state.failing = folder;
    state.code = 'ENOSPC';
    const error = await unbundleScenario(redis, 'q', { ...bundle, files: bundle.files.slice(0, 1) }, folder).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'E_OUTPUT', value: 'ENOSPC', where: { file: folder } });
    expect((error as Error).message).toContain(`${folder}: cannot lay out input scenario.json in the job folder: the disk is full (got "ENOSPC")`);
    expect((error as Error).message).toContain('Free some space or start the worker with TMPDIR set to');
  });

  it('that cannot be made in a read-only or unwritable TMPDIR names that folder, the cause and the fix', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'airreach-jobs-'));
    state.failing = parent;
    for (const [code, cause] of [['EROFS', 'its file system is read-only'], ['EACCES', 'permission denied']]) {
      state.code = code;
      const error = await makeJobFolder(parent).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'E_OUTPUT', value: code, where: { file: parent } });
      expect((error as Error).message).toContain(`${parent}: cannot make a job folder in the worker's temporary folder: ${cause} (got "${code}")`);
      expect((error as Error).message).toContain('TMPDIR=/path airreach worker');
    }
  });
});
