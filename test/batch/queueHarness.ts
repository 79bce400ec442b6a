// Real processes for the queue tests: a redis-server (Debian's package) on a free loopback port
// with its own data folder, and `airreach worker` processes. No mock Redis anywhere.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));

/** A port no one listens on now (the OS picks it), on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server of our own: append-only file fsynced on every write, so a restart keeps the queue. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops it (SIGTERM: Redis writes its data and exits) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder, and waits until it answers. */
  start(): Promise<void>;
  client(): Redis;
}

/**
 * Starts `redis-server` on a free port with data in `folder`.
 *
 * @example
 * const redis = await startRedis('/tmp/x'); ...; await redis.stop();
 */
export async function startRedis(folder: string): Promise<RedisServer> {
  mkdirSync(folder, { recursive: true });
  const port = await freePort();
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', folder], { stdio: 'ignore' });
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) => reject(new Error(`redis-server exited (${code}); is the redis-server package installed?`))));
    exited.catch(() => undefined);
    for (let i = 0; i < 100; i++) {
      const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      const ok = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
      probe.disconnect();
      if (ok) return;
      await Promise.race([new Promise((r) => setTimeout(r, 50)), exited]);
    }
    throw new Error('redis-server did not answer');
  };
  const stop = async () => {
    const current = child;
    if (!current || current.exitCode !== null) return;
    const gone = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGTERM');
    await gone;
  };
  await start();
  return { url, port, stop, start, client: () => new Redis(url, { maxRetriesPerRequest: null }) };
}

/** An `airreach worker` process. */
export interface WorkerProcess {
  pid: number;
  /** Everything it wrote to stderr so far (its job log). */
  log(): string;
  /** Resolves once its log has a line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

/**
 * Starts `airreach worker --redis <url> …` (node with tsx's loader: one process, so its pid is the
 * worker's own) and waits until it listens.
 *
 * @example
 * const worker = await startWorker(redis.url, ['--lock-ms', '2000']);
 */
export async function startWorker(url: string, args: string[] = []): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, 'worker', '--redis', url, '--lock-ms', '2000', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  const waiters: Array<() => void> = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(text)) {
      if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}) before ${pattern}:\n${text}`);
      if (Date.now() > deadline) throw new Error(`worker log has no ${pattern} after ${timeoutMs} ms:\n${text}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  await waitFor(/^worker .* on redis:/m);
  return { pid: child.pid!, log: () => text, waitFor, kill: (signal) => child.kill(signal), exited };
}

/** Every file under `folder`, relative path → bytes. */
export function folderBytes(folder: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(folder, path), readFileSync(path));
    }
  };
  walk(folder);
  return out;
}
