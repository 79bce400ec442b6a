import type { TaskEnvelope } from './engineTask.js';
import { serializeTaskError } from './taskError.js';

/**
 * Runs a task body and wraps its value or its error (as plain data) in a {@link TaskEnvelope}.
 * A module of its own so that worker entries and the pool wrap results without loading the
 * engine's task handlers (and the solvers behind them).
 *
 * @example
 * await envelopeOf(() => coverageShard(task)); // { ok: true, value: { data } }
 */
export async function envelopeOf(body: () => unknown): Promise<TaskEnvelope> {
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    return { ok: false, error: serializeTaskError(error) };
  }
}
