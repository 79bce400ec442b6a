import type { MessagePort } from 'node:worker_threads';
import { AirreachError, isAirreachError, type ErrorCode, type ErrorLocation } from '../errors.js';
import type { AirreachPool } from './createPool.js';
import type { PoolTask } from './taskKind.js';
import { transferablesOf } from './transferablesOf.js';

/** What a {@link remotePool} asks of the thread that serves it (see {@link servePool}). */
export type PoolRequest =
  | {
      type: 'run';
      id: number;
      task: PoolTask;
      label?: string;
      priority?: number;
      /** The task's own transfer list, as received: the same objects as inside `task`. */
      transfer: Array<ArrayBuffer | MessagePort>;
      /** A kind of the layers above the engine (its name and worker entry), registered on first use. */
      kind?: { kind: string; workerUrl: string };
    }
  | { type: 'abort'; id: number }
  | { type: 'start' }
  | { type: 'close' };

/** An error of a served task as plain data: enough to make the same `AirreachError`, message included. */
export interface RemoteTaskError {
  code: ErrorCode;
  brief: string;
  message: string;
  where: ErrorLocation;
  expected?: string;
  hint?: string;
  /** Whether the error carried a value (an error without one prints no "(got …)"). */
  hasValue: boolean;
  value?: unknown;
}

/** The served thread's answer to one `run` request. */
export type PoolReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: RemoteTaskError };

/**
 * Serves `pool` to another thread through `port`: each task a {@link remotePool} on the other end
 * sends is run here, and its value (buffers moved, not copied) or its error goes back. Why: a
 * piscina pool hands a worker its next task only when the thread that owns the pool reads the
 * worker's message. Owned by a thread that computes (a scenario's), the workers wait for that
 * thread's long steps — measured on today's case, about 1.5 s of worker time idle behind the
 * scenario thread's reports and files; owned by a thread that only waits (the CLI's main thread),
 * the next task goes out at once. Returns a function that stops serving (the pool stays open:
 * its owner closes it).
 *
 * @example
 * const { port1, port2 } = new MessageChannel();
 * const stop = servePool(createPool({ threads: 2 }), port1);
 * // in the other thread: const pool = remotePool(port2, 2);
 */
export function servePool(pool: AirreachPool, port: MessagePort): () => void {
  const controllers = new Map<number, AbortController>();
  const reply = (message: PoolReply, transfer: ArrayBuffer[] = []): void => {
    try {
      port.postMessage(message, transfer);
    } catch {
      // Only an error's value can fail to clone here (values came from a worker already): it goes as text.
      if (!message.ok) port.postMessage({ ...message, error: { ...message.error, value: String(message.error.value) } });
    }
  };
  const onMessage = (request: PoolRequest): void => {
    switch (request.type) {
      case 'run': {
        const controller = new AbortController();
        controllers.set(request.id, controller);
        if (request.kind) {
          const { kind, workerUrl } = request.kind;
          // A kind's in-thread work never runs here: the served pool has worker threads.
          pool.register(remoteKind(kind, workerUrl));
        }
        pool
          .run(request.task, { label: request.label, signal: controller.signal, transferList: request.transfer, priority: request.priority })
          .then(
            (value) => reply({ id: request.id, ok: true, value }, transferablesOf(value)),
            (error: unknown) => reply({ id: request.id, ok: false, error: remoteTaskError(error) }),
          )
          .finally(() => controllers.delete(request.id));
        return;
      }
      case 'abort':
        controllers.get(request.id)?.abort();
        return;
      case 'start':
        pool.start();
        return;
      case 'close':
        // The other thread is done with the pool: its workers stop (running tasks finish first).
        void pool.close().catch(() => undefined);
        return;
    }
  };
  port.on('message', onMessage);
  return () => {
    port.off('message', onMessage);
    for (const controller of controllers.values()) controller.abort();
    controllers.clear();
  };
}

/** One registration per kind name and worker entry, so that registering it again is a no-op. */
const remoteKinds = new Map<string, { kind: string; workerUrl: string; runInThread: () => never }>();

function remoteKind(kind: string, workerUrl: string): { kind: string; workerUrl: string; runInThread: () => never } {
  const key = `${kind}\n${workerUrl}`;
  let known = remoteKinds.get(key);
  if (!known) {
    known = {
      kind,
      workerUrl,
      runInThread: () => {
        throw new AirreachError('E_OPTION', `a served task of kind "${kind}" cannot run in the serving thread`, { hint: 'Serve a pool of 2 or more threads' });
      },
    };
    remoteKinds.set(key, known);
  }
  return known;
}

/**
 * An error a served pool's task rejected with, as plain data (see {@link RemoteTaskError}); an
 * error that is not an `AirreachError` becomes `E_WORKER` with its text.
 *
 * @example
 * remoteTaskError(new AirreachError('E_SITE', 'no such site', { value: 7 })).message; // 'E_SITE: no such site (got 7)'
 */
export function remoteTaskError(error: unknown): RemoteTaskError {
  if (isAirreachError(error)) {
    const e = error as AirreachError;
    return {
      code: e.code,
      brief: typeof e.brief === 'string' ? e.brief : e.message,
      message: e.message,
      where: e.where ?? {},
      ...(e.expected !== undefined ? { expected: e.expected } : {}),
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
      hasValue: 'value' in e && e.value !== undefined,
      value: e.value,
    };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'E_WORKER', brief: message, message: `E_WORKER: ${message}`, where: {}, hasValue: false };
}

/**
 * The `AirreachError` a {@link RemoteTaskError} stands for: the same code, location and message.
 *
 * @example
 * const error = revivedTaskError(remoteTaskError(original)); // error.message === original.message
 */
export function revivedTaskError(data: RemoteTaskError): AirreachError {
  const error = new AirreachError(data.code, data.brief, {
    where: data.where,
    ...(data.expected !== undefined ? { expected: data.expected } : {}),
    ...(data.hint !== undefined ? { hint: data.hint } : {}),
    ...(data.hasValue ? { value: data.value } : {}),
  });
  // A value that could not cross as itself crossed as text: the message stays the one it had.
  if (error.message !== data.message) Object.defineProperty(error, 'message', { value: data.message, writable: true, configurable: true });
  return error;
}
