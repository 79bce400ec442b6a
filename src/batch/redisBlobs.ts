import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { AirreachError } from '../errors.js';

/**
 * Binary blobs in Redis, the way a distributed batch moves files: scenario inputs (keyed by
 * their SHA-256, so a layer shared by 31 scenarios is stored once) and packed results (keyed by
 * job). A blob is cut into pieces of {@link BLOB_PIECE_BYTES} under `<key>:<n>`, with `<key>`
 * holding the piece count and size, so that no single Redis value grows large (a national
 * case's packed map is about 150 MB; Redis caps a string at 512 MB) and a reader never needs
 * one contiguous reply. Every key expires after `ttlSeconds`.
 */
export const BLOB_PIECE_BYTES = 8 * 2 ** 20;

/**
 * A Redis client for a batch: `redis://[user:password@]host:port[/db]`. Commands wait while the
 * connection is down (`maxRetriesPerRequest: null`, which BullMQ requires) and ioredis
 * reconnects by itself, so a Redis restart delays a batch instead of failing it.
 *
 * @example
 * const redis = connectRedis('redis://127.0.0.1:6379');
 */
export function connectRedis(url: string, options: { name?: string } = {}): Redis {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AirreachError('E_OPTION', 'the Redis address is not a URL', { value: url, where: { field: 'redis' }, expected: 'redis://host:port (or rediss:// with TLS)' });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new AirreachError('E_OPTION', 'the Redis address must start with redis:// or rediss://', { value: url, where: { field: 'redis' }, expected: 'redis://host:port' });
  }
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    // Back off up to 2 s between reconnection attempts: a restarting Redis is back in seconds.
    retryStrategy: (times) => Math.min(100 * times, 2000),
    ...(options.name ? { connectionName: options.name } : {}),
  });
  // Connection errors are retried by ioredis; without a listener Node would print each one.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Stores `bytes` under `key` (replacing what was there), expiring after `ttlSeconds`.
 *
 * @example
 * await putBlob(redis, 'airreach:blob:3fa9…', bytes, 7 * 86400);
 */
export async function putBlob(redis: Redis, key: string, bytes: Uint8Array, ttlSeconds: number): Promise<void> {
  const pieces = Math.max(1, Math.ceil(bytes.byteLength / BLOB_PIECE_BYTES));
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < pieces; k++) {
    await redis.set(`${key}:${k}`, buffer.subarray(k * BLOB_PIECE_BYTES, (k + 1) * BLOB_PIECE_BYTES), 'EX', ttlSeconds);
  }
  // The header goes last: a reader that finds it finds every piece.
  await redis.set(key, JSON.stringify({ pieces, bytes: bytes.byteLength }), 'EX', ttlSeconds);
}

/**
 * True when a complete blob is stored under `key` (its header exists); refreshes its expiry, so
 * an input shared by many batches stays while they use it.
 *
 * @example
 * if (!(await touchBlob(redis, key, ttl))) await putBlob(redis, key, bytes, ttl);
 */
export async function touchBlob(redis: Redis, key: string, ttlSeconds: number): Promise<boolean> {
  const header = await redis.get(key);
  if (header === null) return false;
  const { pieces } = JSON.parse(header) as { pieces: number };
  const kept = await Promise.all([redis.expire(key, ttlSeconds), ...Array.from({ length: pieces }, (_, k) => redis.expire(`${key}:${k}`, ttlSeconds))]);
  return kept.every((ok) => ok === 1);
}

/**
 * The bytes stored under `key`, or null when the blob is missing or incomplete (expired,
 * evicted, or Redis restarted without persistence).
 *
 * @example
 * const bytes = await getBlob(redis, key); // Buffer | null
 */
export async function getBlob(redis: Redis, key: string): Promise<Buffer | null> {
  const header = await redis.get(key);
  if (header === null) return null;
  const { pieces, bytes } = JSON.parse(header) as { pieces: number; bytes: number };
  const parts: Buffer[] = [];
  for (let k = 0; k < pieces; k++) {
    const part = await redis.getBuffer(`${key}:${k}`);
    if (part === null) return null;
    parts.push(part);
  }
  const whole = Buffer.concat(parts);
  return whole.byteLength === bytes ? whole : null;
}

/**
 * Removes a blob (its header first, so that no reader takes the rest for whole).
 *
 * @example
 * await deleteBlob(redis, key);
 */
export async function deleteBlob(redis: Redis, key: string): Promise<void> {
  const header = await redis.get(key);
  await redis.del(key);
  if (header === null) return;
  const { pieces } = JSON.parse(header) as { pieces: number };
  if (pieces > 0) await redis.del(...Array.from({ length: pieces }, (_, k) => `${key}:${k}`));
}

/**
 * Resolves once Redis answers a PING, or fails with `E_QUEUE` after `timeoutMs`: a client made
 * by {@link connectRedis} would otherwise wait for ever for a Redis that is not there.
 *
 * @example
 * await reachRedis(redis, url, 15_000);
 */
export async function reachRedis(redis: Redis, url: string, timeoutMs: number): Promise<void> {
  // Unreferenced: the timer must not keep the process alive once Redis answered.
  const timeout = sleep(timeoutMs, undefined, { ref: false }).then(() => 'timeout' as const);
  const answer = await Promise.race([redis.ping().then(() => 'ok' as const, () => 'timeout' as const), timeout]);
  if (answer !== 'ok') {
    throw new AirreachError('E_QUEUE', `cannot reach Redis at ${url}`, {
      value: url,
      where: { field: 'redis' },
      hint: 'Check the address and that redis-server is running (redis-cli -u <url> ping)',
    });
  }
}
