import type { MessagePort } from 'node:worker_threads';
import { AirreachError } from '../errors.js';
import type { AirreachPool, RunTaskOptions } from './createPool.js';
import type { EngineTask } from './engineTask.js';
import { revivedTaskError, type PoolReply, type PoolRequest } from './servePool.js';
import { abortedTaskError } from './taskError.js';
import type { PoolTask, TaskKind } from './taskKind.js';

/**
 * A pool whose tasks run on a pool another thread owns and serves through `port`
 * ({@link servePool}): the same `run`, `register`, `start` and `close` as `createPool`'s, with
 * the same values and errors, for a thread that computes while its tasks run (a scenario's), so
 * that the workers get their next task from a thread that is free to hand it out. `threads` is
 * the served pool's size (callers choose their sharding by it). `close` tells the serving thread
 * the pool is no longer needed; that thread closes it.
 *
 * @example
 * const pool = task.poolPort ? remotePool(task.poolPort, task.threads) : createPool({ threads: task.threads });
 * const matrix = await buildCoverageParallel(grid, sites, AIRCRAFT_CATALOGUE, { pool, maxMinutes: 60 });
 */
export function remotePool(port: MessagePort, threads: number): AirreachPool {
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  const kinds = new Map<string, TaskKind>();
  let nextId = 0;
  let started = false;
  let closed = false;
  port.on('message', (reply: PoolReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(revivedTaskError(reply.error));
    // No task in flight: the port must not keep this thread's event loop alive.
    if (pending.size === 0) port.unref();
  });
  port.unref();

  const run = <T>(task: EngineTask | PoolTask, options: RunTaskOptions = {}): Promise<T> => {
    const label = options.label ?? `${task?.kind} task`;
    const { signal } = options;
    if (closed) return Promise.reject(new AirreachError('E_OPTION', `${label}: the pool is closed`, { hint: 'Create a new pool with createPool()' }));
    if (signal?.aborted) return Promise.reject(abortedTaskError(label, signal.reason));
    const kind = kinds.get(task?.kind);
    const id = nextId++;
    started = true;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        if (!pending.delete(id)) return;
        port.postMessage({ type: 'abort', id } satisfies PoolRequest);
        if (pending.size === 0) port.unref();
        reject(abortedTaskError(label, signal!.reason));
      };
      pending.set(id, {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value as T);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      port.ref();
      const transfer = options.transferList ?? [];
      const request: PoolRequest = {
        type: 'run',
        id,
        task,
        ...(options.label !== undefined ? { label: options.label } : {}),
        ...(options.priority !== undefined ? { priority: options.priority } : {}),
        transfer,
        ...(kind ? { kind: { kind: kind.kind, workerUrl: kind.workerUrl } } : {}),
      };
      port.postMessage(request, transfer);
    });
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    port.postMessage({ type: 'close' } satisfies PoolRequest);
  };

  return {
    threads,
    get started() {
      return started;
    },
    run,
    register(kind) {
      const known = kinds.get(kind?.kind);
      if (known === (kind as unknown as TaskKind)) return;
      if (known) throw new AirreachError('E_OPTION', `task kind "${kind.kind}" is already registered with another definition`, { value: kind.kind, where: { field: 'kind' } });
      kinds.set(kind.kind, kind as unknown as TaskKind);
    },
    start() {
      if (started || closed) return;
      started = true;
      port.postMessage({ type: 'start' } satisfies PoolRequest);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
