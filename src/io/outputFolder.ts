import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statfsSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AirreachError } from '../errors.js';
import { resolveOptions } from '../resolveOptions.js';

/*
 * The output folder's protocol (issue 16: "atomic for real"). A run
 * 1. takes the folder's lock, `<folder>/.airreach.lock`, holding its pid and host (made whole
 *    beside it and hard-linked into place, so it is never seen half-written); a lock whose
 *    process is gone is taken over; a live one is E_LOCKED;
 * 2. under the lock, finishes or removes what an earlier run left (see recoverOutputFolder);
 * 3. writes every file into a staging folder `<folder>/.airreach-<id>.staging/` with a plan of
 *    the names, then renames that folder to `.airreach-<id>.commit`: that one rename is the
 *    commit point. Before it, nothing of the folder changed; after it, the files are moved into
 *    place (synchronously, so no signal handler of this process runs in between) and the commit
 *    folder removed; a crash in the middle is completed by the next run (roll forward).
 * So after kill -9 at any instant the folder holds the old set or — once the next run has
 * recovered it — the whole new set, never a mix, and no temporary file survives that run.
 *
 * This module keeps the in-flight writes and held locks of the process in module state: it is
 * process state by nature (a second Ctrl-C must find and settle them synchronously).
 */

const LOCK_NAME = '.airreach.lock';
const TRANSACTION = /^\.airreach-([0-9a-f]{12})\.(staging|commit)$/;
const PLAN_NAME = 'plan.json';
const FILES_FOLDER = 'files';
/** Temporary files of airreach before issue 16 (`.<name>.<12 hex>.tmp` beside each target): removed on recovery. */
const LEGACY_TEMPORARY = /^\..+\.[0-9a-f]{12}\.tmp$/;

interface HeldLock {
  folder: string;
  path: string;
  /** Folders this lock created (deepest first), removed at release when they stayed empty. */
  created: string[];
  holds: number;
}

interface Transaction {
  folder: string;
  id: string;
  phase: 'staging' | 'commit';
}

const heldLocks = new Map<string, HeldLock>();
const transactions = new Set<Transaction>();

/** A handle on a held output-folder lock. */
export interface OutputLock {
  /** The folder, absolute. */
  folder: string;
  /** Gives the lock up (removes the lock file and folders the lock created that stayed empty). */
  release(): void;
}

/**
 * Takes the lock of an output folder for this process, creating the folder (and missing parents)
 * first. Re-entrant: when this process already holds the folder or a folder above it, the same
 * lock is shared (a batch holds `out`, its scenarios write `out/<label>`). Under the lock, what an
 * earlier run left in the folder and its sub-folders is recovered (see {@link recoverOutputFolder}).
 * Errors: `E_OUTPUT` when the folder cannot be made or written (a path under `/proc`, a file in
 * the way, no permission: before any work is done), `E_LOCKED` when another live run holds it.
 *
 * @example
 * const lock = lockOutputFolder('out');
 * try { await writeFilesAtomic('out', files); } finally { lock.release(); }
 */
export function lockOutputFolder(folder: string): OutputLock {
  const absolute = resolve(folder);
  const holder = [...heldLocks.values()].find((held) => isInside(absolute, held.folder));
  if (holder) {
    holder.holds++;
    if (holder.folder !== absolute) ensureFolder(absolute);
    return releaseHandle(holder, absolute);
  }
  const created = ensureFolder(absolute);
  const path = join(absolute, LOCK_NAME);
  try {
    takeLockFile(path, absolute);
  } catch (error) {
    removeEmpty(created);
    throw error;
  }
  const held: HeldLock = { folder: absolute, path, created, holds: 1 };
  heldLocks.set(absolute, held);
  try {
    recoverOutputFolder(absolute);
  } catch (error) {
    releaseHeld(held);
    throw error;
  }
  return releaseHandle(held, absolute);
}

function releaseHandle(held: HeldLock, folder: string): OutputLock {
  let released = false;
  return {
    folder,
    release: () => {
      if (released) return;
      released = true;
      if (--held.holds === 0) releaseHeld(held);
    },
  };
}

function releaseHeld(held: HeldLock): void {
  heldLocks.delete(held.folder);
  try {
    unlinkSync(held.path);
  } catch {
    // Already gone (removed by hand): nothing to release.
  }
  removeEmpty(held.created);
}

/** True when this process holds a lock covering `folder` (see {@link lockOutputFolder}). */
export function holdsOutputLock(folder: string): boolean {
  const absolute = resolve(folder);
  return [...heldLocks.values()].some((held) => isInside(absolute, held.folder));
}

function takeLockFile(path: string, folder: string): void {
  const mine = `${path}.${randomBytes(6).toString('hex')}`;
  try {
    writeFileSync(mine, `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`, { flag: 'wx' });
  } catch (error) {
    throw outputError(folder, 'cannot write into the output folder', error);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(folder, 'cannot lock the output folder', error);
      }
      const owner = readLock(path);
      if (owner && owner.host === hostname() && !isAlive(owner.pid) && attempt < 3) {
        // A run that died (kill -9, power cut) left its lock. Move it aside first: of two runs
        // taking it over at once, only one rename succeeds.
        const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
        try {
          renameSync(path, aside);
          unlinkSync(aside);
        } catch {
          // Another run took it over first; try again.
        }
        continue;
      }
      throw new AirreachError('E_LOCKED', `another airreach run is writing into ${folder}`, {
        value: owner ?? 'an unreadable lock',
        where: { file: folder },
        expected: 'one run at a time per output folder',
        hint: owner && owner.host !== hostname()
          ? `The lock names host ${owner.host}; if no run is active there, delete ${path}`
          : `Wait for process ${owner?.pid ?? '?'} to end, or choose another --out folder`,
      });
    }
  } finally {
    try {
      unlinkSync(mine);
    } catch {
      // Nothing to clean.
    }
  }
}

function readLock(path: string): { pid: number; host: string } | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    const parsed = JSON.parse(text) as { pid?: unknown; host?: unknown };
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? { pid: parsed.pid, host: parsed.host } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `folder` and its missing parents one level at a time, refusing anything that is not a
 * folder on the way (`E_OUTPUT`). Node's `mkdir(…, { recursive: true })` loops for ever on a
 * path such as `/proc/x`, where the parent exists but creating in it answers ENOENT. Returns the
 * folders it created, deepest first.
 *
 * @example
 * ensureFolder('out/batch'); // -> ['/abs/out/batch', '/abs/out'] when neither existed
 */
export function ensureFolder(folder: string): string[] {
  const absolute = resolve(folder);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) throw outputError(absolute, existing === absolute ? 'the output path is not a folder' : `${existing} is not a folder`, Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }));
      break;
    } catch (error) {
      if (error instanceof AirreachError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw outputError(absolute, 'cannot reach the output folder', error);
      const parent = dirname(existing);
      if (parent === existing) throw outputError(absolute, 'cannot reach the output folder', error);
      missing.push(existing);
      existing = parent;
    }
  }
  const created: string[] = [];
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path);
    } catch (error) {
      removeEmpty(created.reverse());
      throw outputError(absolute, 'cannot create the output folder', error);
    }
    created.push(path);
  }
  return created.reverse();
}

/**
 * Free bytes (for this user) on the disk that holds `folder`, or of its deepest existing parent;
 * undefined where the system does not say.
 *
 * @example
 * if ((freeBytes('out') ?? Infinity) < needed) console.log('disk full');
 */
export function freeBytes(folder: string): number | undefined {
  for (let path = resolve(folder); ; path = dirname(path)) {
    try {
      const info = statfsSync(path);
      return info.bavail * info.bsize;
    } catch {
      if (dirname(path) === path) return undefined;
    }
  }
}

function removeEmpty(folders: readonly string[]): void {
  for (const path of folders) {
    try {
      rmdirSync(path);
    } catch {
      return;
    }
  }
}

/**
 * Finishes or removes what earlier runs left in `folder` and its sub-folders (one level down, a
 * batch's scenario folders): a committed transaction (`.airreach-<id>.commit`) is moved into
 * place (roll forward), a staging one (`.airreach-<id>.staging`) and the temporary files of
 * older versions (`.<name>.<12 hex>.tmp`) are removed. Only under the folder's lock: a staging
 * folder then belongs to no live run. Returns what it did, for logs and tests.
 *
 * @example
 * recoverOutputFolder('out'); // -> { rolledForward: 1, removed: 0 } after a kill -9 during the switch
 */
export function recoverOutputFolder(folder: string): { rolledForward: number; removed: number } {
  const result = { rolledForward: 0, removed: 0 };
  const visit = (path: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const match = TRANSACTION.exec(entry.name);
      const full = join(path, entry.name);
      if (match && entry.isDirectory()) {
        if (transactionsIn(path).some((t) => t.id === match[1])) continue;
        if (match[2] === 'commit') {
          finishCommit(path, full);
          result.rolledForward++;
        } else {
          rmSync(full, { recursive: true, force: true });
          result.removed++;
        }
      } else if (LEGACY_TEMPORARY.test(entry.name) && entry.isFile()) {
        rmSync(full, { force: true });
        result.removed++;
      } else if (depth === 0 && entry.isDirectory() && !entry.name.startsWith('.')) {
        visit(full, 1);
      }
    }
  };
  visit(resolve(folder), 0);
  return result;
}

function transactionsIn(folder: string): Transaction[] {
  return [...transactions].filter((t) => t.folder === folder);
}

/** The state of this process's output writes, for an honest Ctrl-C message. */
export function outputWritesInFlight(): number {
  return transactions.size;
}

/**
 * Settles this process's output writes and locks at once, synchronously (a second Ctrl-C, just
 * before the process exits): staging folders are removed (those writes never happened), a
 * commit already made is finished, every lock is released. Returns the folders whose writes
 * were finished (so the caller says what was written).
 *
 * @example
 * process.on('SIGINT', () => { settleOutputWrites(); process.exit(130); });
 */
export function settleOutputWrites(): { finished: string[]; discarded: string[] } {
  const finished: string[] = [];
  const discarded: string[] = [];
  for (const t of [...transactions]) {
    const staging = join(t.folder, `.airreach-${t.id}.staging`);
    const commit = join(t.folder, `.airreach-${t.id}.commit`);
    try {
      if (t.phase === 'commit') {
        finishCommit(t.folder, commit);
        finished.push(t.folder);
      } else {
        rmSync(staging, { recursive: true, force: true });
        discarded.push(t.folder);
      }
    } catch {
      // Left for the next run's recovery.
    }
    transactions.delete(t);
  }
  for (const held of [...heldLocks.values()]) releaseHeld(held);
  return { finished, discarded };
}

/** One write of a set of files into a folder (see the protocol above). */
export interface OutputTransaction {
  /** Where the file `name` is staged. */
  stagingPath(name: string): string;
  /** Renames the staging folder to its commit name and moves every file into place. */
  commit(): void;
  /** Removes the staging folder (nothing of the target folder changed). */
  abandon(): void;
}

/**
 * Opens a transaction on `folder` (which must exist, under this process's lock) for the file
 * `names` (relative, already checked to stay inside): makes the staging folder and its
 * sub-folders and records the plan. Before anything is committed, a target that is a folder (a
 * file cannot replace it) is refused, so the commit cannot fail half-way for that reason.
 *
 * @example
 * const t = beginOutputTransaction('out', ['summary.json']);
 * await writeFile(t.stagingPath('summary.json'), text);
 * t.commit();
 */
export function beginOutputTransaction(folder: string, names: readonly string[]): OutputTransaction {
  const absolute = resolve(folder);
  const id = randomBytes(6).toString('hex');
  const staging = join(absolute, `.airreach-${id}.staging`);
  const transaction: Transaction = { folder: absolute, id, phase: 'staging' };
  for (const name of names) {
    const target = join(absolute, name);
    let isFolder = false;
    try {
      isFolder = lstatSync(target).isDirectory();
    } catch {
      // Absent: fine.
    }
    if (isFolder) {
      throw new AirreachError('E_OUTPUT', `${target} is a folder: an output file cannot replace it`, { value: 'EISDIR', where: { file: target }, hint: 'Move the folder away or choose another --out folder' });
    }
  }
  transactions.add(transaction);
  try {
    makeFolders(absolute, [staging, join(staging, FILES_FOLDER), ...names.map((name) => dirname(join(staging, FILES_FOLDER, name)))]);
    writeFileSync(join(staging, PLAN_NAME), `${JSON.stringify(names)}\n`);
  } catch (error) {
    transactions.delete(transaction);
    removeStaging(staging);
    throw outputError(absolute, 'cannot stage the outputs', error);
  }
  return {
    stagingPath: (name) => join(staging, FILES_FOLDER, name),
    commit: () => {
      const commit = join(absolute, `.airreach-${id}.commit`);
      try {
        renameSync(staging, commit);
      } catch (error) {
        transactions.delete(transaction);
        removeStaging(staging);
        throw outputError(absolute, 'cannot commit the outputs', error);
      }
      transaction.phase = 'commit';
      try {
        finishCommit(absolute, commit);
      } catch (error) {
        throw outputError(absolute, 'the outputs were committed but not all moved into place; the next run into this folder completes them', error, { outcome: 'some outputs are new, the others wait in the folder\'s .airreach-<id>.commit' });
      } finally {
        transactions.delete(transaction);
      }
    },
    abandon: () => {
      transactions.delete(transaction);
      removeStaging(staging);
    },
  };
}

/**
 * Makes `folders` (inside `root`, which exists) one level at a time, parents first. Node's
 * `mkdir(…, { recursive: true })` answers a read-only file system (EROFS) with ENOENT (it
 * looks the folder up after the failed mkdir and reports that), so a disk remounted read-only
 * mid-run said 'cannot stage the outputs (got "ENOENT")'; a plain mkdir reports the real cause.
 * Every folder airreach makes below one it has is made here (outputs, a queue job's inputs).
 *
 * @example
 * makeFolders('/tmp/airreach-job-x', ['/tmp/airreach-job-x/layers/roads']);
 */
export function makeFolders(root: string, folders: readonly string[]): void {
  const levels = new Set<string>();
  for (const folder of folders) {
    for (let path = folder; path !== root && isInside(path, root); path = dirname(path)) levels.add(path);
  }
  for (const path of [...levels].sort((a, b) => a.length - b.length)) {
    try {
      mkdirSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Removes a staging folder that will not be committed, and never throws: on a disk that turned
 * read-only the removal fails too, and its error must not hide the write's own (the staging
 * folder is hidden, and the next run into the folder removes it, see recoverOutputFolder).
 */
function removeStaging(staging: string): void {
  try {
    rmSync(staging, { recursive: true, force: true });
  } catch {
    // Left for the next run's recovery.
  }
}

/** Moves a committed transaction's files into place (those not moved yet), then removes it. */
function finishCommit(folder: string, commit: string): void {
  let names: string[];
  try {
    names = JSON.parse(readFileSync(join(commit, PLAN_NAME), 'utf8')) as string[];
  } catch {
    names = [];
  }
  for (const name of Array.isArray(names) ? names : []) {
    if (typeof name !== 'string' || !isInside(join(folder, name), folder)) continue;
    const from = join(commit, FILES_FOLDER, name);
    const to = join(folder, name);
    try {
      lstatSync(from);
    } catch {
      continue;
    }
    makeFolders(folder, [dirname(to)]);
    renameSync(from, to);
  }
  rmSync(commit, { recursive: true, force: true });
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Options of {@link outputFailure}. */
export interface OutputFailureOptions {
  /** What to do instead, in the fix's words: another output folder, or for a queue worker another TMPDIR. */
  elsewhere?: string;
}

/** Defaults of {@link OutputFailureOptions}: the advice fits a command's `--out`. */
export const DEFAULT_OUTPUT_FAILURE_OPTIONS = {
  elsewhere: 'choose another output folder (--out)',
} satisfies OutputFailureOptions;

/**
 * What a failed write into an output folder means, from its system error code: the code (the
 * error's value), the cause in words and how to fix it, for the codes a user can act on
 * (`EROFS`: the disk is read-only, as Linux remounts a disk after an I/O error, even mid-run;
 * `EACCES` / `EPERM`: no permission; `ENOSPC` / `EDQUOT`: no room). Other codes get no words.
 * `elsewhere` is the way out the fix offers (another `--out` unless told).
 *
 * @example
 * outputFailure('out', Object.assign(new Error('read-only'), { code: 'EROFS' })).cause; // -> 'its file system is read-only'
 */
export function outputFailure(folder: string, error: unknown, options: OutputFailureOptions = {}): { value: string; cause?: string; fix?: string } {
  const { elsewhere } = resolveOptions(DEFAULT_OUTPUT_FAILURE_OPTIONS, options);
  const value = (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
  switch (value) {
    case 'EROFS':
      return { value, cause: 'its file system is read-only', fix: `The disk holding ${folder} is mounted read-only (Linux remounts a disk read-only after an I/O error, also mid-run: see dmesg); remount it read-write or ${elsewhere}` };
    case 'EACCES':
    case 'EPERM':
      return { value, cause: 'permission denied', fix: `This user may not write in ${folder}: ${elsewhere} or change the folder's permissions` };
    case 'ENOSPC':
    case 'EDQUOT':
      return { value, cause: value === 'ENOSPC' ? 'the disk is full' : 'the disk quota is used up', fix: `Free some space or ${elsewhere}` };
    default:
      return { value };
  }
}

/** Options of {@link outputError}: those of {@link outputFailure}, and the hint's ending and fallback. */
export interface OutputErrorOptions extends OutputFailureOptions {
  /** What the failure left, said after the fix ('' for nothing: a queue job's folder is the worker's own). */
  outcome?: string;
  /** The hint for an error code {@link outputFailure} has no words for. */
  otherwise?: string;
}

/** Defaults of {@link OutputErrorOptions}: a command's output folder, left as it was. */
export const DEFAULT_OUTPUT_ERROR_OPTIONS = {
  ...DEFAULT_OUTPUT_FAILURE_OPTIONS,
  outcome: 'nothing was changed',
  otherwise: 'Choose an output folder you can write to (not under /proc, /sys or /dev)',
} satisfies OutputErrorOptions;

/**
 * `E_OUTPUT` for a folder airreach could not make or write: `message`, the cause in words
 * ({@link outputFailure}), the error's code as its value, the folder as its place, and a hint of
 * the fix and what the failure left. The one form of every such error (the output folder's steps,
 * `writeFilesAtomic`, a queue job's folder).
 *
 * @example
 * throw outputError('out', 'cannot stage the outputs', Object.assign(new Error('read-only'), { code: 'EROFS' }));
 */
export function outputError(folder: string, message: string, error: unknown, options: OutputErrorOptions = {}): AirreachError {
  const { outcome, otherwise, elsewhere } = resolveOptions(DEFAULT_OUTPUT_ERROR_OPTIONS, options);
  const { value, cause, fix } = outputFailure(folder, error, { elsewhere });
  return new AirreachError('E_OUTPUT', cause === undefined ? message : `${message}: ${cause}`, {
    value,
    where: { file: folder },
    hint: `${fix ?? otherwise}${outcome === '' ? '' : `; ${outcome}`}`,
    cause: error,
  });
}
