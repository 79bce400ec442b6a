import { abortedTaskError } from './taskError.js';

/**
 * Slots for at most `count` tasks at once, handed out by priority: see {@link createPrioritySlots}.
 *
 * @example
 * const slots = createPrioritySlots(2);
 */
export interface PrioritySlots {
  /**
   * Resolves when a slot is this caller's: at once when one is free and nobody waits, else when
   * every waiter of higher priority (and every earlier one of equal priority) had its turn.
   * Rejects with `E_ABORTED` (naming `label`) when `signal` aborts while it waits.
   */
  acquire(priority: number, label: string, signal?: AbortSignal): Promise<void>;
  /** Gives a slot back (once per acquired slot): the next waiter gets it. */
  release(): void;
  /** Callers waiting for a slot. */
  readonly waiting: number;
}

/**
 * At most `count` tasks in flight, the next slot to the waiter of highest priority (ties: the
 * first to ask) — the longest-processing-time rule when priorities estimate durations: the
 * longest tasks start first, so that short ones fill the end. Why not piscina's own task queue:
 * piscina puts a task that carries an abort signal and finds no free worker in a first-come
 * queue of its own, past any custom queue, and every pool task here carries one (Ctrl-C).
 * Keeping piscina's queue empty (never more tasks than workers) leaves the order to this list.
 *
 * @example
 * const slots = createPrioritySlots(2);
 * await slots.acquire(12, 'question 3');
 * try { await piscina.run(task); } finally { slots.release(); }
 */
export function createPrioritySlots(count: number): PrioritySlots {
  const queue: Array<{ priority: number; sequence: number; grant: () => void }> = [];
  let busy = 0;
  let sequence = 0;
  return {
    acquire(priority, label, signal) {
      if (signal?.aborted) return Promise.reject(abortedTaskError(label, signal.reason));
      if (busy < count && queue.length === 0) {
        busy++;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const entry = {
          priority,
          sequence: sequence++,
          grant: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const at = queue.indexOf(entry);
          if (at < 0) return;
          queue.splice(at, 1);
          reject(abortedTaskError(label, signal!.reason));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        // After every entry that goes first: higher priority, or equal and earlier.
        let at = queue.length;
        while (at > 0 && queue[at - 1].priority < priority) at--;
        queue.splice(at, 0, entry);
      });
    },
    release() {
      const next = queue.shift();
      if (next) next.grant();
      else busy--;
    },
    get waiting() {
      return queue.length;
    },
  };
}
