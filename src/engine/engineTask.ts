import type { SitingProblem } from '../models/sitingProblem.js';
import type { CoverageCurveOptions } from '../solvers/covering/coverageCurve.js';
import type { SerializedTaskError } from './taskError.js';
import type { QuestionSolvesTask } from './tasks/questionSolves.js';
import type { DepotPlanTask } from './tasks/depotPlan.js';
import type { GridPolygonTask } from './grid/gridPolygonTask.js';
import type { CoverageCountTask, CoverageFillQueueTask, CoverageFillTask, CoverageShardTask } from './coverage/coverageTasks.js';

/**
 * A range of the seeded multi-start local search for maximal covering: starts
 * `[startFirst, startEnd)`, each from its own seed derived from `(seed, start)`, so a start's
 * answer does not depend on which worker ran it.
 */
export interface MaximalCoveringStartsTask {
  kind: 'maximalCoveringStarts';
  problem: SitingProblem;
  standardMinutes: number;
  siteCount: number;
  fixedSites: number[];
  forbiddenSites: number[];
  seed: number;
  startFirst: number;
  startEnd: number;
}

/** One start's answer: covered weight and the chosen sites (original indexes, ascending). */
export interface MaximalCoveringStart {
  start: number;
  covered: number;
  sites: number[];
}

/** Result of a {@link MaximalCoveringStartsTask}, in start order. */
export interface MaximalCoveringStartsResult {
  starts: MaximalCoveringStart[];
}

/** One point of a coverage curve: a maximal covering solve at one standard and one p. */
export interface CoverageCurvePointTask {
  kind: 'coverageCurvePoint';
  problem: SitingProblem;
  standardMinutes: number;
  siteCount: number;
  fixedSites: number[];
  forbiddenSites: number[];
  /** Work units of the solve; the clock cap below is a safety net only. */
  workLimit: number;
  timeLimitSeconds: number;
  seed: number;
}

/**
 * A whole coverage curve (`coverageCurve`, sequential and warm-started): the same curve as in the
 * caller's thread. Options are data only: cancellation is the pool's (`RunTaskOptions.signal`).
 */
export interface CoverageCurveTask {
  kind: 'coverageCurve';
  problem: SitingProblem;
  options: Omit<CoverageCurveOptions, 'signal' | 'stopFlag'>;
}

/** Every task the engine's own worker runs: plain data plus buffers. Layers above add kinds of their own (`TaskKind`). */
export type EngineTask = CoverageShardTask | CoverageCountTask | CoverageFillTask | CoverageFillQueueTask | MaximalCoveringStartsTask | CoverageCurvePointTask | CoverageCurveTask | QuestionSolvesTask | DepotPlanTask | GridPolygonTask;

/** What a task sends back: its value, or its error as data (never a thrown object across threads). */
export type TaskEnvelope<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedTaskError };
