import type { PlanningTable } from '../report/planningTable.js';
import type { QuestionAnswer } from './answerQuestions.js';

const PLANNING_MODELS = new Set(['expectedCovering', 'maximumAvailability', 'doubleStandard', 'phasedRollout', 'fairCovering']);

/**
 * The planning answers of a run (aircraft per base — MEXCLP and MALP —, the double standard, a
 * phased rollout, fairness) as {@link PlanningTable}s, for the terminal summary and the report.
 * Other answers give no table.
 *
 * @example
 * reportHtml(input, { planning: planningTablesOf(result.answers) });
 */
export function planningTablesOf(answers: readonly QuestionAnswer[]): PlanningTable[] {
  return answers.filter((answer) => PLANNING_MODELS.has(answer.model)).map(planningTable);
}

const pct = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '—');
const points = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(1)} points` : '—');

function proof(answer: QuestionAnswer): string {
  if (answer.status === 'optimal') return 'proven optimal';
  if (answer.status === 'infeasible') return 'infeasible';
  return `feasible, bound ${answer.bound.toPrecision(6)}, gap ${(answer.gap * 100).toFixed(2)} %`;
}

function planningTable(answer: QuestionAnswer): PlanningTable {
  const d = answer.details ?? {};
  const title = `${answer.label} (${answer.period}): ${proof(answer)} [${answer.solver}]`;
  const lines: string[] = [];
  // Why the answer is not proven, when HiGHS ran out of memory: said before the findings.
  if (typeof d.stopNote === 'string') lines.push(`stopped: ${d.stopNote}`);
  const aircraftRows = () => ((d.aircraft as Array<{ id: string; name: string; count: number }> | undefined) ?? []).map((a) => [a.name, a.id, String(a.count)]);
  if (answer.status === 'infeasible') {
    if (typeof d.reason === 'string') lines.push(d.reason);
    if (Array.isArray(d.infeasibleRegionNames) && d.infeasibleRegionNames.length > 0) lines.push(`regions that cannot reach it: ${(d.infeasibleRegionNames as string[]).join(', ')}`);
    return { title, lines, header: [], rows: [] };
  }
  switch (answer.model) {
    case 'expectedCovering': {
      lines.push(`${pct(answer.coveredShare)} of demand within ${answer.standardMinutes} min of an aircraft; expected covered demand (each aircraft busy independently) ${pct(Number(d.totalWeight) > 0 ? answer.objective / Number(d.totalWeight) : null)}`);
      return { title, lines, header: ['base', 'id', 'aircraft'], rows: aircraftRows() };
    }
    case 'maximumAvailability':
      lines.push(`${pct(d.reliableShare)} of demand has ${d.requiredAircraft} aircraft within ${answer.standardMinutes} min (the reliability asked); ${pct(d.primaryShare)} has at least one`);
      return { title, lines, header: ['base', 'id', 'aircraft'], rows: aircraftRows() };
    case 'doubleStandard': {
      const unreachable = Array.isArray(d.unreachableDemand) ? d.unreachableDemand.length : 0;
      lines.push(`within ${answer.standardMinutes} min: ${pct(d.tightShare)} of demand (${pct(d.tightTwiceShare)} by two aircraft or more); within the loose standard: ${pct(d.looseShare)}`);
      if (unreachable > 0) lines.push(`${unreachable} demand cells no allowed site reaches within the loose standard (exempt from it)`);
      return { title, lines, header: ['base', 'id', 'aircraft'], rows: aircraftRows() };
    }
    case 'phasedRollout': {
      const years = (d.years as Array<{ year: number; newSites: Array<{ id: string; name: string }>; coveredShare: number; nonNestedShare: number; nestingLossShare: number }> | undefined) ?? [];
      const worst = years.reduce((m, y) => Math.max(m, y.nestingLossShare), 0);
      lines.push(`year ${years.length}: ${pct(years[years.length - 1]?.coveredShare)} within ${answer.standardMinutes} min; nesting (opened bases stay) costs at most ${points(worst)} in any year against the best network of that year's size`);
      if (d.exactTried === false) lines.push('the multi-period MILP was too large: yearly heuristic, bound from the non-nested curve');
      return {
        title,
        lines,
        header: ['year', 'new bases', 'covered', 'best of that size (not nested)', 'nesting costs'],
        rows: years.map((y) => [String(y.year), y.newSites.map((s) => s.name).join('; ') || '—', pct(y.coveredShare), pct(y.nonNestedShare), points(y.nestingLossShare)]),
      };
    }
    case 'fairCovering': {
      const maxMin = d.objective === 'maxMin';
      lines.push(
        maxMin
          ? `worst-off region ${String(d.worstRegionName ?? '—')} at ${pct(d.minRegionShare)} (unconstrained optimum: worst region ${pct(d.unconstrainedMinRegionShare)})`
          : `every region at least ${pct(d.regionMinimumShare)}; worst ${String(d.worstRegionName ?? '—')} at ${pct(d.minRegionShare)}`,
      );
      lines.push(`total ${pct(d.coveredShare)} against ${pct(d.unconstrainedShare)} unconstrained: fairness costs ${points(d.priceShare)} of total coverage`);
      const regions = (d.regions as Array<{ name: string; coveredShare: number | null }> | undefined) ?? [];
      return { title, lines, header: ['region', 'covered'], rows: regions.map((r) => [r.name, pct(r.coveredShare)]) };
    }
    default:
      return { title, lines, header: [], rows: [] };
  }
}
