import { AirreachError } from '../errors.js';
import type { EngineTask, TaskEnvelope } from './engineTask.js';
import { envelopeOf } from './envelopeOf.js';
import { coverageCount, coverageFill, coverageFillQueue, coverageShard } from './coverage/coverageShard.js';
import { maximalCoveringStarts } from './tasks/maximalCoveringStarts.js';
import { coverageCurvePoint } from './tasks/coverageCurvePoint.js';
import { coverageCurveTask } from './tasks/coverageCurveTask.js';
import { questionSolves } from './tasks/questionSolves.js';
import { depotPlan } from './tasks/depotPlan.js';
import { gridPolygonTask } from './grid/gridPolygonTask.js';

type EngineHandlers = { [K in EngineTask['kind']]: (task: Extract<EngineTask, { kind: K }>) => unknown };

/**
 * The engine's own task kinds and their work, run by its worker (`workers/engine`) and, for
 * pools of 0 or 1 threads, in the caller's thread. Static imports: tsx (tests, benches) does not
 * map `.js` to `.ts` for dynamic imports inside worker threads. Heavier kinds of the layers above
 * (a whole scenario) come with worker entries of their own (`TaskKind`), so that these workers
 * start without loading them.
 *
 * @example
 * ENGINE_TASK_HANDLERS.coverageShard(task); // what a worker runs for a coverageShard task
 */
export const ENGINE_TASK_HANDLERS: Readonly<EngineHandlers> = Object.freeze({
  coverageShard,
  coverageCount,
  coverageFill,
  coverageFillQueue,
  maximalCoveringStarts,
  coverageCurvePoint,
  coverageCurve: coverageCurveTask,
  questionSolves,
  depotPlan,
  gridPolygonCells: gridPolygonTask,
});

/**
 * Runs one of the engine's own tasks and wraps the outcome in an envelope: `{ ok: true, value }`
 * or `{ ok: false, error }` with the error as plain data (code, message, location), so it
 * crosses the thread boundary without losing its code.
 *
 * @example
 * const envelope = await handleTask({ kind: 'coverageShard', ... });
 * if (envelope.ok) CoverageMatrix.from(envelope.value.data);
 */
export async function handleTask(task: EngineTask): Promise<TaskEnvelope> {
  return envelopeOf(() => {
    const handler = Object.hasOwn(ENGINE_TASK_HANDLERS, task?.kind) ? (ENGINE_TASK_HANDLERS[task.kind] as (task: EngineTask) => unknown) : undefined;
    if (!handler) {
      throw new AirreachError('E_OPTION', 'unknown engine task kind', {
        value: (task as { kind?: unknown })?.kind,
        where: { field: 'kind' },
        expected: Object.keys(ENGINE_TASK_HANDLERS).join(', '),
        hint: 'Tasks of other kinds run on their own worker entry: register their TaskKind with the pool',
      });
    }
    return handler(task);
  });
}
