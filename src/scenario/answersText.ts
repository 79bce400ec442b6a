import { planningTableText } from '../report/planningTable.js';
import type { QuestionAnswer } from './answerQuestions.js';
import { planningTablesOf } from './planningTables.js';

/**
 * Siting answers as text for the terminal: per question the status (with bound and gap when
 * not proven optimal), the sites, and for `additionalSites` the gain of each new site.
 *
 * @example
 * console.log(answersText(answers));
 */
export function answersText(answers: readonly QuestionAnswer[]): string {
  const lines: string[] = [];
  for (const answer of answers) {
    const [planning] = planningTablesOf([answer]);
    if (planning) {
      lines.push(planningTableText(planning));
      continue;
    }
    const proof =
      answer.status === 'optimal'
        ? 'proven optimal'
        : answer.status === 'feasible'
          ? `feasible, bound ${format(answer.bound)}, gap ${(answer.gap * 100).toFixed(2)} %`
          : 'infeasible';
    lines.push(`${answer.label} (${answer.period}${answer.demand === 'hazard' ? ', hazard demand' : ''}): ${proof}, ${(answer.runtimeMs / 1000).toFixed(1)} s [${answer.solver}]`);
    // Why it is not proven, when HiGHS ran out of memory (stoppedBy 'memory').
    if (typeof answer.details?.stopNote === 'string') lines.push(`  stopped: ${answer.details.stopNote}`);
    if (answer.status === 'infeasible') {
      const unreachable = answer.details?.unreachableDemand;
      if (Array.isArray(unreachable)) lines.push(`  ${plural(unreachable.length, 'demand cell')} no allowed site reaches within the standard`);
      continue;
    }
    const today = answer.selectedSites.length - answer.newSites.length;
    lines.push(`  ${plural(answer.selectedSites.length, 'site')} (${today} of today's bases, ${answer.newSites.length} new)${answer.coveredShare !== null ? `, ${(answer.coveredShare * 100).toFixed(1)} % of demand covered` : ''}`);
    if (answer.steps) {
      for (const step of answer.steps.slice(1)) {
        lines.push(`  + ${step.siteName} (${step.siteId}): ${(step.coveredShare * 100).toFixed(1)} % (+${(step.gainShare * 100).toFixed(1)} points)`);
      }
    } else if (answer.newSites.length > 0) {
      lines.push(`  new: ${answer.newSites.map((site) => (site.name === site.id ? site.id : `${site.name} (${site.id})`)).join(', ')}`);
    }
    const ties = Number(answer.details?.tiesDropped ?? 0);
    if (ties > 0) {
      const covered = answer.details?.allDemandCoveredWith !== undefined ? `all demand is covered with ${plural(answer.selectedSites.length, 'site')}` : `${answer.coveredShare !== null ? `${(answer.coveredShare * 100).toFixed(1)} % of demand` : 'the demand'} is covered with ${plural(answer.selectedSites.length, 'site')}`;
      lines.push(`  ${covered}: the other ${ties} asked for would add nothing (ties, not listed)`);
    }
  }
  return lines.join('\n');
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
