import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import type * as Fs from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAirreachError } from '../../src/errors.js';
import { lockOutputFolder } from '../../src/io/outputFolder.js';
import { OUTPUT_MANIFEST, writeFilesAtomic } from '../../src/io/writeFileAtomic.js';

// A disk that turns read-only mid-run (Linux remounts one so after an I/O error), played by the
// file system functions under `readOnly`: every change there fails with EROFS, as on a real
// read-only mount, where Node's recursive mkdir reports ENOENT instead (it looks the folder up
// after the failed mkdir: measured on a tmpfs remounted read-only). A real remount needs root.
const state = vi.hoisted(() => ({ readOnly: undefined as string | undefined, readOnlyAtFirstWrite: undefined as string | undefined }));
const under = (path: unknown) => state.readOnly !== undefined && typeof path === 'string' && !relative(state.readOnly, path).startsWith('..');
const failure = (code: string, path: unknown) => Object.assign(new Error(`${code}: ${String(path)}`), { code, path });

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof Fs>();
  const guard = <F extends (...args: never[]) => unknown>(original: F): F =>
    ((...args: Parameters<F>) => {
      if (under(args[0])) throw failure('EROFS', args[0]);
      return original(...args);
    }) as F;
  return {
    ...fs,
    mkdirSync: ((path: string, options?: { recursive?: boolean }) => {
      if (under(path)) throw failure(options?.recursive ? 'ENOENT' : 'EROFS', path);
      return fs.mkdirSync(path, options);
    }) as typeof fs.mkdirSync,
    writeFileSync: guard(fs.writeFileSync),
    renameSync: guard(fs.renameSync),
    rmSync: ((path: string, options?: { force?: boolean }) => {
      if (under(path)) {
        if (options?.force && !fs.existsSync(path)) return undefined;
        throw failure('EROFS', path);
      }
      return fs.rmSync(path, options);
    }) as typeof fs.rmSync,
    unlinkSync: guard(fs.unlinkSync),
    linkSync: guard(fs.linkSync),
  };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>();
  return {
    ...fs,
    writeFile: (async (path: string, ...rest: unknown[]) => {
      // The disk turns read-only once the staging folder is made, at the first file written into it.
      if (state.readOnlyAtFirstWrite !== undefined && path.includes('.staging')) state.readOnly = state.readOnlyAtFirstWrite;
      if (under(path)) throw failure('EROFS', path);
      return (fs.writeFile as (...args: unknown[]) => Promise<void>)(path, ...rest);
    }) as typeof fs.writeFile,
  };
});

afterEach(() => {
  state.readOnly = undefined;
  state.readOnlyAtFirstWrite = undefined;
});

/** An output folder with an earlier run's outputs, and its files' bytes. */
async function earlierRun(): Promise<{ folder: string; before: Record<string, string> }> {
  const folder = join(mkdtempSync(join(tmpdir(), 'airreach-ro-')), 'out');
  await writeFilesAtomic(folder, { 'summary.json': '{"old":true}\n', 'maps/day.geojson': '{}\n' });
  return { folder, before: filesOf(folder) };
}

function filesOf(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name !== '.airreach.lock') files[relative(folder, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('writeFilesAtomic on a disk that turns read-only mid-run', () => {
  it('names EROFS and the folder when the staging folder cannot be made (it said ENOENT), and leaves the folder as it was', async () => {
    const { folder, before } = await earlierRun();
    expect(Object.keys(before).sort()).toEqual([OUTPUT_MANIFEST, 'maps/day.geojson', 'summary.json']);
    const lock = lockOutputFolder(folder); // taken when the disk was still writable
    state.readOnly = folder;
    const error = await writeFilesAtomic(folder, { 'summary.json': '{"new":true}\n', 'maps/day.geojson': '{"new":1}\n' }).then(() => null, (e: unknown) => e);
    state.readOnly = undefined;
    lock.release();
    expect(isAirreachError(error, 'E_OUTPUT')).toBe(true);
    expect(error).toMatchObject({ value: 'EROFS', where: { file: folder } });
    expect((error as Error).message).toContain(`${folder}: cannot stage the outputs: its file system is read-only (got "EROFS")`);
    expect((error as { hint: string }).hint).toContain(`The disk holding ${folder} is mounted read-only`);
    expect(filesOf(folder)).toEqual(before);
  });

  it('names EROFS when the files cannot be written into the staging folder, though the staging folder cannot be removed either', async () => {
    const { folder, before } = await earlierRun();
    const lock = lockOutputFolder(folder);
    // The staging folder is made, then the disk turns read-only: writing fails, and so does removing.
    state.readOnlyAtFirstWrite = folder;
    const error = await writeFilesAtomic(folder, { 'summary.json': '{"new":true}\n', 'maps/day.geojson': '{"new":1}\n' }).then(() => null, (e: unknown) => e);
    state.readOnlyAtFirstWrite = undefined;
    state.readOnly = undefined;
    lock.release();
    // It failed with the removal's raw EROFS error (no E_OUTPUT, no folder named) when the write failed before the commit.
    expect(isAirreachError(error, 'E_OUTPUT')).toBe(true);
    expect(error).toMatchObject({ value: 'EROFS', where: { file: folder } });
    expect((error as Error).message).toContain('its file system is read-only');
    const after = filesOf(folder);
    for (const [name, text] of Object.entries(before)) expect(after[name]).toBe(text);
    // The staging folder left behind is removed by the next run into the folder.
    await writeFilesAtomic(folder, { 'summary.json': '{"new":true}\n' });
    expect(readdirSync(folder).filter((name) => name.startsWith('.airreach-'))).toEqual([OUTPUT_MANIFEST]);
  });
});
