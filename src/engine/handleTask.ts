import { AirreachError } from '../errors.js';
import type { EngineTask, TaskEnvelope } from './engineTask.js';
import { serializeTaskError } from './taskError.js';
import { coverageCount, coverageFill, coverageFillQueue, coverageShard } from './tasks/coverageShard.js';
import { maximalCoveringStarts } from './tasks/maximalCoveringStarts.js';
import { coverageCurvePoint } from './tasks/coverageCurvePoint.js';

/** Options of {@link handleTask}. */
export interface HandleTaskOptions {
  /** True when running in the caller's thread (the `threads: 0 | 1` path): fault `exit` is refused. */
  inThread?: boolean;
}

/** Defaults of {@link handleTask}: running inside a worker thread. */
export const DEFAULT_HANDLE_TASK_OPTIONS: Required<HandleTaskOptions> = { inThread: false };

/**
 * Runs one engine task and wraps the outcome in an envelope: `{ ok: true, value }` or
 * `{ ok: false, error }` with the error as plain data (code, message, location), so it crosses
 * the thread boundary without losing its code. The worker files and the in-thread path both
 * call this, so both behave alike.
 *
 * @example
 * const envelope = await handleTask({ kind: 'coverageShard', ... });
 * if (envelope.ok) CoverageMatrix.from(envelope.value.data);
 */
export async function handleTask(task: EngineTask, options: HandleTaskOptions = {}): Promise<TaskEnvelope> {
  const { inThread } = { ...DEFAULT_HANDLE_TASK_OPTIONS, ...options };
  return envelopeOf(() => dispatch(task, inThread));
}

/**
 * Runs a task body and wraps its value or its error (as plain data) in a {@link TaskEnvelope}.
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

// Static imports: tsx (tests, benches) does not map `.js` to `.ts` for dynamic imports inside
// worker threads, so lazy loading of the handlers is not available to the .ts workers. The
// scenario pipeline (zod, reports, HiGHS…) is what makes a worker slow to start, so scenario
// tasks have their own worker file and handler (`handleScenarioTask`, workers/scenario): a
// worker loads it only when a scenario task reaches it.
async function dispatch(task: EngineTask, inThread: boolean): Promise<unknown> {
  switch (task?.kind) {
    case 'coverageShard':
      return coverageShard(task);
    case 'coverageCount':
      return coverageCount(task);
    case 'coverageFill':
      return coverageFill(task);
    case 'coverageFillQueue':
      return coverageFillQueue(task);
    case 'maximalCoveringStarts':
      return maximalCoveringStarts(task);
    case 'coverageCurvePoint':
      return coverageCurvePoint(task);
    case 'scenarioCoverage':
      throw new AirreachError('E_OPTION', 'scenario tasks run through handleScenarioTask (workers/scenario), not handleTask', {
        value: task.kind,
        hint: 'Run them with AirreachPool.run, which picks the worker file by task kind',
      });
    case 'fault':
      if (task.mode === 'exit' || task.mode === 'allocate') {
        if (inThread) throw new AirreachError('E_OPTION', `fault "${task.mode}" only runs inside a worker thread`, { value: task.mode });
        if (task.mode === 'exit') process.exit(70);
        // Plain objects live on the V8 heap (typed arrays would not: their bytes are outside it).
        const hoard: Array<Array<{ k: number }>> = [];
        for (;;) hoard.push(Array.from({ length: 1 << 16 }, (_, k) => ({ k })));
      }
      throw new Error('injected fault');
    default:
      throw new AirreachError('E_OPTION', 'unknown engine task kind', {
        value: (task as { kind?: unknown })?.kind,
        where: { field: 'kind' },
        expected: 'coverageShard, coverageCount, coverageFill, coverageFillQueue, maximalCoveringStarts, coverageCurvePoint or fault (scenarioCoverage: handleScenarioTask)',
      });
  }
}
