import type { ZodObject } from 'zod';
import type { ModelName, SitingProblem, SolveResult } from '../../models/sitingProblem.js';
import type { SolveBudgetOptions } from './workBudget.js';

/**
 * A validated matrix-form instance: the model, the problem built from the matrix, and the
 * model's parameters. Produced by `parseInstance`; solved by `solveInstance`.
 */
export interface MatrixInstance {
  model: ModelName;
  problem: SitingProblem;
  /** p: sites to open (pMedian, pCenter, backupCovering, maximalCovering without budget, the capacitated models). */
  siteCount?: number;
  /** Coverage standard: demand i is covered by site j when minutes[i][j] ≤ standardMinutes. */
  standardMinutes?: number;
  fixedSites: number[];
  forbiddenSites: number[];
  /** maximalCovering: budget over siteCosts instead of siteCount. */
  budget?: number;
  /** expectedCovering: total aircraft P (default siteCount). */
  aircraftCount?: number;
  /** expectedCovering: busy fraction q ∈ [0, 1). */
  busyFraction?: number;
  /** expectedCovering: most aircraft per site (one number, or one per site). */
  aircraftPerSite?: number | number[];
  /** pMedian on a sparse instance: cost in minutes of a pair not listed. */
  unreachableMinutes?: number;
  /** Capacitated models: capacity each demand point uses. */
  demands?: number[];
  /** Capacitated models: capacity of each site. */
  capacities?: number[];
  /** capacitatedFacilityLocation: cost of opening each site. */
  openingCosts?: number[];
  /** capacitatedFacilityLocation with siteCount: open exactly that many. */
  exactSiteCount?: boolean;
  /** maximumAvailability: reliability α ∈ (0, 1). */
  reliability?: number;
  /** maximumAvailability: cost of one aircraft, for budget. */
  aircraftCost?: number;
  /** doubleStandard: the loose standard r2 (standardMinutes is the tight r1). */
  looseStandardMinutes?: number;
  /** doubleStandard: least share within the tight standard. */
  tightShare?: number;
  /** doubleStandard: weight of demand covered once within r1. */
  onceWeight?: number;
  /** doubleStandard: extra weight of demand covered twice within r1. */
  twiceWeight?: number;
  /** phasedRollout: new bases each year (one number with years, or one per year). */
  sitesPerYear?: number | number[];
  /** phasedRollout: budget each year over siteCosts (instead of sitesPerYear). */
  budgetPerYear?: number | number[];
  /** phasedRollout: years, when sitesPerYear (or budgetPerYear) is one number. */
  years?: number;
  /** phasedRollout: discount rate r ≥ 0. */
  discountRate?: number;
  /** fairCovering: region of each demand point (−1 none). */
  demandRegions?: number[];
  /** fairCovering: "total" (with regionMinimumShare) or "maxMin". */
  fairness?: 'total' | 'maxMin';
  /** fairCovering: least covered share of each region. */
  regionMinimumShare?: number;
}

/** What a model's evaluator says of a result: its objective and whether the answer keeps the model's rules (p, budget, capacity …). */
export interface ModelCheck {
  objective: number;
  feasible: boolean;
}

/** Options a registry entry's solve passes on: the effort, and any solver-specific options. */
export interface RegistrySolveOptions extends SolveBudgetOptions {
  /** Extra options of the model's solver (e.g. `mode` of the capacitated solvers). */
  solverOptions?: Record<string, unknown>;
}

/** One model of the registry. */
export interface ModelEntry {
  /** One line: what the model asks, and its reference. */
  title: string;
  sense: 'minimize' | 'maximize';
  /** Whether a scenario may ask it in its `questions` (the scenario schema's list comes from this). */
  question: boolean;
  /** Solves a parsed instance; the solver's module is loaded on first use only. */
  solve(instance: MatrixInstance, options: RegistrySolveOptions): Promise<SolveResult>;
  /** Scores a result with the model's own evaluator (independent of the solver). */
  evaluate(instance: MatrixInstance, result: SolveResult): Promise<ModelCheck>;
  /** The zod schema of the model's instance files (loads zod). */
  instanceSchema(): Promise<ZodObject>;
}

const need = <T>(value: T | undefined): T => value as T;
const rules = (instance: MatrixInstance) => ({ fixedSites: instance.fixedSites, forbiddenSites: instance.forbiddenSites });
const schemaOf = (name: ModelName) => () => import('./instanceSchemas.js').then((module) => module.INSTANCE_SCHEMAS[name] as ZodObject);
const sameSize = (sites: readonly number[], count: number | undefined) => count === undefined || new Set(sites).size === count;
const hasFixed = (instance: MatrixInstance, sites: readonly number[]) => instance.fixedSites.every((s) => sites.includes(s)) && !sites.some((s) => instance.forbiddenSites.includes(s));
const withinCaps = (instance: MatrixInstance, sites: readonly number[], counts: readonly number[], defaultCap = Infinity) =>
  counts.every((count, k) => {
    const cap = instance.aircraftPerSite;
    return count <= (cap === undefined ? defaultCap : typeof cap === 'number' ? cap : cap[sites[k]]);
  });
const capacitatedData = (instance: MatrixInstance) => ({ demands: Float64Array.from(need(instance.demands)), capacities: Float64Array.from(need(instance.capacities)) });

/**
 * The models airreach solves, in one place: their names (the keys), what `airreach solve`
 * dispatches to, what the scenario schema lists as question models, and — through
 * `instanceSchemas.ts` — the instance file format and its generated JSON Schema. Solvers and
 * evaluators are imported lazily, so a small solve loads only its own model's modules.
 *
 * @example
 * const entry = MODEL_REGISTRY[instance.model];
 * const result = await entry.solve(instance, { workLimit: 1e9 });
 * const check = await entry.evaluate(instance, result); // check.objective === result.objective
 */
export const MODEL_REGISTRY = {
  setCovering: {
    title: 'fewest sites (or least cost) reaching all demand within the standard (Toregas et al. 1971)',
    sense: 'minimize',
    question: true,
    solve: async (instance, options) => {
      const { solveSetCovering } = await import('../covering/solveSetCovering.js');
      return solveSetCovering(instance.problem, { ...options.solverOptions, ...rules(instance), standardMinutes: need(instance.standardMinutes), ...effortOf(options) });
    },
    evaluate: async (instance, result) => {
      const { evaluateSetCovering } = await import('../../models/setCovering.js');
      const evaluation = evaluateSetCovering(instance.problem, result.selectedSites, { standardMinutes: need(instance.standardMinutes) });
      return { objective: evaluation.objective, feasible: evaluation.feasible && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('setCovering'),
  },
  maximalCovering: {
    title: 'the most demand within the standard from p sites, or within a budget (Church & ReVelle 1974)',
    sense: 'maximize',
    question: true,
    solve: async (instance, options) => {
      const { solveMaximalCovering } = await import('../covering/solveMaximalCovering.js');
      return solveMaximalCovering(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        standardMinutes: need(instance.standardMinutes),
        ...(instance.budget !== undefined ? { budget: instance.budget } : { siteCount: need(instance.siteCount) }),
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluateMaximalCovering } = await import('../../models/maximalCovering.js');
      const objective = evaluateMaximalCovering(instance.problem, result.selectedSites, { standardMinutes: need(instance.standardMinutes) }).objective;
      let cost = 0;
      for (const site of result.selectedSites) cost += instance.problem.siteCosts ? instance.problem.siteCosts[site] : 1;
      const feasible = instance.budget === undefined ? sameSize(result.selectedSites, instance.siteCount) : cost <= instance.budget * (1 + 1e-12) + 1e-9;
      return { objective, feasible: feasible && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('maximalCovering'),
  },
  backupCovering: {
    title: 'the most demand reached twice, primary coverage kept at its optimum (Hogan & ReVelle 1986)',
    sense: 'maximize',
    question: true,
    solve: async (instance, options) => {
      const { solveBackupCovering } = await import('../covering/solveBackupCovering.js');
      return solveBackupCovering(instance.problem, { ...options.solverOptions, ...rules(instance), standardMinutes: need(instance.standardMinutes), siteCount: need(instance.siteCount), ...effortOf(options) });
    },
    evaluate: async (instance, result) => {
      const { evaluateBackupCovering } = await import('../../models/backupCovering.js');
      return {
        objective: evaluateBackupCovering(instance.problem, result.selectedSites, { standardMinutes: need(instance.standardMinutes) }).objective,
        feasible: sameSize(result.selectedSites, instance.siteCount) && hasFixed(instance, result.selectedSites),
      };
    },
    instanceSchema: schemaOf('backupCovering'),
  },
  expectedCovering: {
    title: 'MEXCLP: P aircraft on bases, demand reached by k aircraft counts 1 − q^k (Daskin 1983)',
    sense: 'maximize',
    question: true,
    solve: async (instance, options) => {
      const { solveExpectedCovering } = await import('../covering/solveExpectedCovering.js');
      return solveExpectedCovering(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        standardMinutes: need(instance.standardMinutes),
        busyFraction: need(instance.busyFraction),
        aircraftCount: need(instance.aircraftCount ?? instance.siteCount),
        ...(instance.aircraftPerSite !== undefined ? { maxAircraftPerSite: instance.aircraftPerSite } : {}),
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluateExpectedCovering } = await import('../../models/expectedCovering.js');
      const aircraftCounts = (result.details?.aircraftCounts as number[] | undefined) ?? result.selectedSites.map(() => 1);
      const objective = evaluateExpectedCovering(instance.problem, result.selectedSites, {
        standardMinutes: need(instance.standardMinutes),
        busyFraction: need(instance.busyFraction),
        aircraftCounts,
      }).objective;
      const placed = aircraftCounts.reduce((total, count) => total + count, 0);
      const cap = instance.aircraftPerSite;
      const withinCap = aircraftCounts.every((count, k) => cap === undefined || count <= (typeof cap === 'number' ? cap : cap[result.selectedSites[k]]));
      const placedKept = placed === instance.aircraftCount || (instance.aircraftCount === undefined && placed === instance.siteCount);
      return { objective, feasible: placedKept && withinCap && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('expectedCovering'),
  },
  pMedian: {
    title: 'least demand-weighted total minutes with p sites (Hakimi 1964; ReVelle & Swain 1970)',
    sense: 'minimize',
    question: true,
    solve: async (instance, options) => {
      const { solvePMedian } = await import('../median/solvePMedian.js');
      return solvePMedian(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        siteCount: need(instance.siteCount),
        ...(instance.unreachableMinutes !== undefined ? { unreachableMinutes: instance.unreachableMinutes } : {}),
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluatePMedian } = await import('../../models/pMedian.js');
      const objective = evaluatePMedian(instance.problem, result.selectedSites, { unreachableMinutes: instance.unreachableMinutes ?? Infinity }).totalWeightedMinutes;
      return { objective, feasible: sameSize(result.selectedSites, instance.siteCount) && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('pMedian'),
  },
  pCenter: {
    title: 'least worst-case minutes with p sites (Hakimi 1965)',
    sense: 'minimize',
    question: true,
    solve: async (instance, options) => {
      const { solvePCenter } = await import('../median/solvePCenter.js');
      return solvePCenter(instance.problem, { ...options.solverOptions, ...rules(instance), siteCount: need(instance.siteCount), ...effortOf(options) });
    },
    evaluate: async (instance, result) => {
      const { evaluatePCenter } = await import('../../models/pCenter.js');
      return { objective: evaluatePCenter(instance.problem, result.selectedSites).maxMinutes, feasible: sameSize(result.selectedSites, instance.siteCount) && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('pCenter'),
  },
  capacitatedPMedian: {
    title: 'p sites, single-source assignment within capacity, least Σ w·t (Osman & Christofides 1994)',
    sense: 'minimize',
    question: false,
    solve: async (instance, options) => {
      const { solveCapacitatedPMedian } = await import('../capacitated/solveCapacitatedPMedian.js');
      return solveCapacitatedPMedian(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        siteCount: need(instance.siteCount),
        demands: need(instance.demands),
        capacities: need(instance.capacities),
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluateCapacitatedPMedian } = await import('../../models/capacitatedPMedian.js');
      const assignment = (result.details?.assignment as number[] | undefined) ?? [];
      const evaluation = evaluateCapacitatedPMedian(instance.problem, result.selectedSites, assignment, capacitatedData(instance), instance.siteCount);
      return { objective: evaluation.objective, feasible: evaluation.feasible && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('capacitatedPMedian'),
  },
  capacitatedFacilityLocation: {
    title: 'least opening + assignment cost, single source, within capacity (Neebe & Rao 1983)',
    sense: 'minimize',
    question: false,
    solve: async (instance, options) => {
      const { solveCapacitatedFacilityLocation } = await import('../capacitated/solveCapacitatedFacilityLocation.js');
      return solveCapacitatedFacilityLocation(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        demands: need(instance.demands),
        capacities: need(instance.capacities),
        openingCosts: need(instance.openingCosts),
        ...(instance.siteCount !== undefined ? { siteCount: instance.siteCount } : {}),
        ...(instance.exactSiteCount !== undefined ? { exactSiteCount: instance.exactSiteCount } : {}),
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluateCapacitatedFacilityLocation } = await import('../../models/capacitatedFacilityLocation.js');
      const assignment = (result.details?.assignment as number[] | undefined) ?? [];
      const evaluation = evaluateCapacitatedFacilityLocation(instance.problem, result.selectedSites, assignment, capacitatedData(instance), need(instance.openingCosts));
      const count = result.selectedSites.length;
      const countKept = instance.siteCount === undefined || (instance.exactSiteCount ? count === instance.siteCount : count <= instance.siteCount);
      return { objective: evaluation.objective, feasible: evaluation.feasible && countKept && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('capacitatedFacilityLocation'),
  },
  maximumAvailability: {
    title: 'MALP: aircraft on bases, the most demand with b aircraft within the standard (ReVelle & Hogan 1989)',
    sense: 'maximize',
    question: true,
    solve: async (instance, options) => {
      const { solveMaximumAvailability } = await import('../planning/solveMaximumAvailability.js');
      return solveMaximumAvailability(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        standardMinutes: need(instance.standardMinutes),
        aircraftCount: need(instance.aircraftCount),
        busyFraction: need(instance.busyFraction),
        reliability: need(instance.reliability),
        maxAircraftPerSite: instance.aircraftPerSite,
        aircraftCost: instance.aircraftCost,
        budget: instance.budget,
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluateMaximumAvailability } = await import('../../models/maximumAvailability.js');
      const aircraftCounts = (result.details?.aircraftCounts as number[] | undefined) ?? result.selectedSites.map(() => 1);
      const evaluation = evaluateMaximumAvailability(instance.problem, result.selectedSites, {
        standardMinutes: need(instance.standardMinutes),
        busyFraction: need(instance.busyFraction),
        reliability: need(instance.reliability),
        aircraftCounts,
        aircraftCost: instance.aircraftCost,
      });
      const placed = aircraftCounts.reduce((total, count) => total + count, 0);
      const withinBudget = instance.budget === undefined || evaluation.cost <= instance.budget * (1 + 1e-12) + 1e-9;
      return { objective: evaluation.objective, feasible: placed <= need(instance.aircraftCount) && withinCaps(instance, result.selectedSites, aircraftCounts) && withinBudget && hasFixed(instance, result.selectedSites) };
    },
    instanceSchema: schemaOf('maximumAvailability'),
  },
  doubleStandard: {
    title: 'double standard: all demand within the loose standard, the most within the tight one once or twice (Gendreau, Laporte & Semet 1997)',
    sense: 'maximize',
    question: true,
    solve: async (instance, options) => {
      const { solveDoubleStandard } = await import('../planning/solveDoubleStandard.js');
      return solveDoubleStandard(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        tightMinutes: need(instance.standardMinutes),
        looseMinutes: need(instance.looseStandardMinutes),
        aircraftCount: need(instance.aircraftCount),
        maxAircraftPerSite: instance.aircraftPerSite,
        tightShare: instance.tightShare,
        onceWeight: instance.onceWeight,
        twiceWeight: instance.twiceWeight,
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluateDoubleStandard } = await import('../../models/doubleStandard.js');
      const aircraftCounts = (result.details?.aircraftCounts as number[] | undefined) ?? result.selectedSites.map(() => 1);
      const evaluation = evaluateDoubleStandard(instance.problem, result.selectedSites, {
        tightMinutes: need(instance.standardMinutes),
        looseMinutes: need(instance.looseStandardMinutes),
        aircraftCounts,
        onceWeight: instance.onceWeight,
        twiceWeight: instance.twiceWeight,
      });
      const unreachable = ((result.details?.unreachableDemand as number[] | undefined) ?? []).length;
      const placed = aircraftCounts.reduce((total, count) => total + count, 0);
      const feasible =
        placed === need(instance.aircraftCount) &&
        evaluation.looseMissCount === unreachable &&
        evaluation.tightShare >= (instance.tightShare ?? 0) * (1 - 1e-9) &&
        withinCaps(instance, result.selectedSites, aircraftCounts, 2) &&
        hasFixed(instance, result.selectedSites);
      return { objective: evaluation.objective, feasible };
    },
    instanceSchema: schemaOf('doubleStandard'),
  },
  phasedRollout: {
    title: 'phased rollout: new bases each year, opened stays open, coverage summed (discounted) over the years',
    sense: 'maximize',
    question: true,
    solve: async (instance, options) => {
      const { solvePhasedRollout } = await import('../planning/solvePhasedRollout.js');
      return solvePhasedRollout(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        standardMinutes: need(instance.standardMinutes),
        sitesPerYear: instance.sitesPerYear,
        budgetPerYear: instance.budgetPerYear,
        years: instance.years,
        discountRate: instance.discountRate,
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluatePhasedRollout, yearlyBudgets, yearlyCounts } = await import('../../models/phasedRollout.js');
      const yearSites = (result.details?.yearSites as number[][] | undefined) ?? [result.selectedSites];
      const evaluation = evaluatePhasedRollout(instance.problem, yearSites, { standardMinutes: need(instance.standardMinutes), discountRate: instance.discountRate });
      const cost = (sites: readonly number[]) => sites.reduce((total, s) => total + (instance.problem.siteCosts ? instance.problem.siteCosts[s] : 1), 0);
      let sizesKept: boolean;
      if (instance.budgetPerYear !== undefined) {
        const perYear = yearlyBudgets({ budgetPerYear: instance.budgetPerYear, years: instance.years });
        let allowed = cost(instance.fixedSites);
        sizesKept = yearSites.length === perYear.length && yearSites.every((sites, t) => cost(sites) <= (allowed += perYear[t]) * (1 + 1e-12) + 1e-9);
      } else {
        const perYear = yearlyCounts({ sitesPerYear: instance.sitesPerYear, years: instance.years });
        let expected = new Set(instance.fixedSites).size;
        sizesKept = yearSites.length === perYear.length && yearSites.every((sites, t) => new Set(sites).size === (expected += perYear[t]));
      }
      return { objective: evaluation.objective, feasible: evaluation.nested && sizesKept && yearSites.every((sites) => hasFixed(instance, sites)) };
    },
    instanceSchema: schemaOf('phasedRollout'),
  },
  fairCovering: {
    title: 'maximal covering fair between regions: a minimum share per region, or the worst-off region first (Jagtenberg et al. 2021)',
    sense: 'maximize',
    question: true,
    solve: async (instance, options) => {
      const { solveFairCovering } = await import('../planning/solveFairCovering.js');
      return solveFairCovering(instance.problem, {
        ...options.solverOptions,
        ...rules(instance),
        standardMinutes: need(instance.standardMinutes),
        siteCount: need(instance.siteCount),
        demandRegions: need(instance.demandRegions),
        objective: instance.fairness,
        regionMinimumShare: instance.regionMinimumShare,
        ...effortOf(options),
      });
    },
    evaluate: async (instance, result) => {
      const { evaluateFairCovering } = await import('../../models/fairCovering.js');
      const evaluation = evaluateFairCovering(instance.problem, result.selectedSites, { standardMinutes: need(instance.standardMinutes), demandRegions: need(instance.demandRegions) });
      const maxMin = instance.fairness === 'maxMin';
      const feasible = result.status === 'infeasible' || (sameSize(result.selectedSites, instance.siteCount) && hasFixed(instance, result.selectedSites) && (maxMin || evaluation.minRegionShare >= (instance.regionMinimumShare ?? 0) * (1 - 1e-9)));
      return { objective: result.status === 'infeasible' ? 0 : maxMin ? evaluation.minRegionShare : evaluation.covered, feasible };
    },
    instanceSchema: schemaOf('fairCovering'),
  },
} satisfies { readonly [N in ModelName]: ModelEntry };

/** Every model name, in the registry's order. */
export const MODEL_NAMES = Object.keys(MODEL_REGISTRY) as ModelName[];

/** A model a scenario may ask in its `questions`. */
export type QuestionModelName = {
  [N in ModelName]: (typeof MODEL_REGISTRY)[N]['question'] extends true ? N : never;
}[ModelName];

/**
 * The models a scenario may ask as questions (the scenario schema's `questions[].model` enum).
 *
 * @example
 * z.enum(QUESTION_MODEL_NAMES); // 'setCovering' | 'maximalCovering' | … | 'pCenter'
 */
export const QUESTION_MODEL_NAMES = MODEL_NAMES.filter((name) => MODEL_REGISTRY[name].question) as [QuestionModelName, ...QuestionModelName[]];

/** The effort options that are set (an unset one must not hide the same option given in `solverOptions`). */
function effortOf(options: RegistrySolveOptions): SolveBudgetOptions {
  const effort: SolveBudgetOptions = {};
  if (options.workLimit !== undefined) effort.workLimit = options.workLimit;
  if (options.timeLimitSeconds !== undefined) effort.timeLimitSeconds = options.timeLimitSeconds;
  if (options.signal !== undefined) effort.signal = options.signal;
  if (options.stopFlag !== undefined) effort.stopFlag = options.stopFlag;
  if (options.workBudget !== undefined) effort.workBudget = options.workBudget;
  return effort;
}

/**
 * Whether `name` is a model of the registry.
 *
 * @example
 * if (!isModelName(json.model)) throw new AirreachError('E_MODEL', 'unknown model', { value: json.model });
 */
export function isModelName(name: unknown): name is ModelName {
  return typeof name === 'string' && Object.hasOwn(MODEL_REGISTRY, name);
}
