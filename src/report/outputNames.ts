import { resolveOptions } from '../resolveOptions.js';

/**
 * What decides the names of a run's output files. Every field is known from the scenario file
 * alone (its periods, `outputs.parentResolution`, its `conditions`, `curve`, `depots`,
 * `simulation` blocks and questions), so the names can be checked against the output folder
 * before any computing, and the writer names the files it makes by the same plan.
 */
export interface OutputPlan {
  /** The periods the coverage is computed for, in order: a cell map and table each. */
  periods: readonly string[];
  /** `outputs.parentResolution`: a coarser map per period too. */
  parentResolution?: number;
  /** The coverage's own files (cell maps and tables, bases, summary): all but `airreach site`. */
  coverage?: boolean;
  /** `report.html`. */
  report?: boolean;
  /** `conditions.json`: the scenario has a `conditions` block and a day period. */
  conditions?: boolean;
  /** `curve.json`. */
  curve?: boolean;
  /** `simulation.json`. */
  simulation?: boolean;
  /** `depots.json`, `depots.geojson`, `depots.csv`. */
  depots?: boolean;
  /** Siting questions answered: `answers.json` and `answer-<n>.geojson` each when above 0. */
  answers?: number;
}

/**
 * Defaults of {@link outputNames}: the coverage files and the report page, nothing else.
 *
 * @example
 * outputNames({ periods: ['day'] }).report; // 'report.html', as DEFAULT_OUTPUT_PLAN.report is true
 */
export const DEFAULT_OUTPUT_PLAN: Required<Omit<OutputPlan, 'periods' | 'parentResolution'>> = {
  coverage: true,
  report: true,
  conditions: false,
  curve: false,
  simulation: false,
  depots: false,
  answers: 0,
};

/** One period's files: its cell map and table, and with a parent resolution the coarser map. */
export interface PeriodOutputNames {
  period: string;
  map: string;
  table: string;
  parentMap?: string;
}

/** The names of a run's output files, by what each holds; absent when the plan makes no such file. */
export interface OutputNames {
  periods: PeriodOutputNames[];
  bases?: string;
  summary?: string;
  report?: string;
  conditions?: string;
  curve?: string;
  simulation?: string;
  depots?: { plan: string; map: string; table: string };
  answers?: { list: string; maps: string[] };
}

/**
 * The files of `airreach compare` and `airreach sweep`: the page and the rows.
 *
 * @example
 * files[COMPARISON_OUTPUT_NAMES.page] = compareHtml(inputs, { labels });
 */
export const COMPARISON_OUTPUT_NAMES = Object.freeze({ page: 'compare.html', rows: 'compare.json' });

/**
 * The output file names of a run planned by `plan`: the one place they are made, for the
 * writers (`coverageOutputs`, `scenarioOutputs`) and for the check of the output folder before
 * any computing (`checkScenarioOutputFolder`), so that the two never disagree.
 *
 * @example
 * outputNames({ periods: ['day', 'night'], answers: 2 }).answers?.maps; // ['answer-1.geojson', 'answer-2.geojson']
 */
export function outputNames(plan: OutputPlan): OutputNames {
  const settings = resolveOptions(DEFAULT_OUTPUT_PLAN, plan);
  const coverage = settings.coverage;
  const names: OutputNames = {
    periods: coverage
      ? plan.periods.map((period) => ({
          period,
          map: `coverage-${period}.geojson`,
          table: `coverage-${period}.csv`,
          ...(plan.parentResolution !== undefined ? { parentMap: `coverage-${period}-res${plan.parentResolution}.geojson` } : {}),
        }))
      : [],
  };
  if (coverage) {
    names.bases = 'bases.geojson';
    names.summary = 'summary.json';
  }
  if (settings.report) names.report = 'report.html';
  if (settings.conditions) names.conditions = 'conditions.json';
  if (settings.curve) names.curve = 'curve.json';
  if (settings.simulation) names.simulation = 'simulation.json';
  if (settings.depots) names.depots = { plan: 'depots.json', map: 'depots.geojson', table: 'depots.csv' };
  if (settings.answers > 0) names.answers = { list: 'answers.json', maps: Array.from({ length: settings.answers }, (_, a) => `answer-${a + 1}.geojson`) };
  return names;
}

/**
 * Every name of {@link outputNames}, sorted, as a folder would list them.
 *
 * @example
 * outputNameList(outputNames({ periods: ['day'] })); // ['bases.geojson', 'coverage-day.csv', 'coverage-day.geojson', 'report.html', 'summary.json']
 */
export function outputNameList(names: OutputNames): string[] {
  const list: string[] = [];
  for (const period of names.periods) list.push(period.map, period.table, ...(period.parentMap ? [period.parentMap] : []));
  for (const name of [names.bases, names.summary, names.report, names.conditions, names.curve, names.simulation]) if (name) list.push(name);
  if (names.depots) list.push(names.depots.plan, names.depots.map, names.depots.table);
  if (names.answers) list.push(names.answers.list, ...names.answers.maps);
  return list.sort();
}
