import type { Site } from '../travel/aircraft.js';
import { sessionOf } from './scenarioSession.js';
import { sitingProblemFromCoverage } from '../models/sitingProblemFromCoverage.js';
import { coverageCurve, type CoverageCurve } from '../solvers/covering/coverageCurve.js';
import type { CoverageRun } from './runCoverage.js';
import type { ScenarioFile } from './scenarioSchema.js';
import type { AirreachPool } from '../engine/createPool.js';
import type { CoverageCurveTask } from '../engine/engineTask.js';
import { shareProblem } from '../engine/shareProblem.js';

/** Defaults of a scenario's `curve`. */
export const DEFAULT_SCENARIO_CURVE_OPTIONS = { period: 'day' as const, demand: 'all' as 'all' | 'hazard', workLimit: 2e9, timeLimitSeconds: Infinity };

/** Tenths of a second per standard and per additional site of a curve's solves (the bundled case, a worker of a 2-thread run). */
const CURVE_WEIGHT_PER_SITE_STANDARD = 0.65;

/**
 * Coverage versus the number of bases for a scenario: today's (existing and required) bases
 * kept, then the best 1 … `additionalSites` more from its candidates, per standard — each point
 * a maximal-covering solve with its bound (see `coverageCurve`). `null` without a `curve` block.
 *
 * @example
 * const curves = await scenarioCurve(run); // curves[0].points[k].coveredShare
 */
export async function scenarioCurve(run: CoverageRun, options: { signal?: AbortSignal; pool?: AirreachPool } = {}): Promise<CoverageCurve[] | null> {
  const settings = run.inputs.loaded.scenario.curve as NonNullable<ScenarioFile['curve']> | undefined;
  if (!settings) return null;
  const period = settings.period ?? DEFAULT_SCENARIO_CURVE_OPTIONS.period;
  const demand = settings.demand ?? DEFAULT_SCENARIO_CURVE_OPTIONS.demand;
  const session = sessionOf(run);
  const sites: Site[] = session.sitingSites;
  const fixedSites = sites.flatMap((site, s) => (site.role === 'existing' || site.role === 'required' ? [s] : []));
  const maxMinutes = Math.max(...settings.standardsMinutes);
  const matrix = session.matrix(period, sites, maxMinutes);
  const weights = demand === 'hazard' ? run.grid.hazardDemand : run.grid.demand;
  const onPool = options.pool !== undefined && options.pool.threads > 1;
  // For the pool the rows are made in shared memory (or are already, made so for the questions): nothing is copied.
  const problem = sitingProblemFromCoverage(matrix, weights, { siteIds: sites.map((site) => site.id), shared: onPool });
  const maxSites = Math.min(sites.length, fixedSites.length + settings.additionalSites);
  const curveOptions = {
    standardMinutes: [...settings.standardsMinutes].sort((a, b) => a - b),
    maxSites,
    fixedSites,
    workLimit: settings.workLimit ?? DEFAULT_SCENARIO_CURVE_OPTIONS.workLimit,
    timeLimitSeconds: settings.timeLimitSeconds ?? DEFAULT_SCENARIO_CURVE_OPTIONS.timeLimitSeconds,
  };
  if (onPool && options.pool) {
    const task: CoverageCurveTask = { kind: 'coverageCurve', problem: shareProblem(problem), options: curveOptions };
    // Its priority among the questions' (tenths of a second, see answerQuestions' weights): on the
    // bundled case 0.65 s for two standards of five more sites; queued last at priority 0 it ran last.
    const priority = CURVE_WEIGHT_PER_SITE_STANDARD * curveOptions.standardMinutes.length * settings.additionalSites;
    return options.pool.run<CoverageCurve[]>(task, { label: 'coverage curve', signal: options.signal, priority });
  }
  return coverageCurve(problem, { ...curveOptions, signal: options.signal });
}
