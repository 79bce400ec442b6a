import type { DepotPlan } from '../depots/planDepots.js';

/**
 * A depot plan as text for the terminal: status with bound and gap, then one line per depot
 * with its load, capacity, utilisation and clients.
 *
 * @example
 * console.log(depotsText(plan));
 */
export function depotsText(plan: DepotPlan): string {
  const proof = plan.status === 'optimal' ? 'proven optimal' : plan.status === 'feasible' ? `feasible, gap ${(plan.gap * 100).toFixed(2)} %` : 'infeasible';
  const names = new Map(plan.depots.map((depot) => [depot.id, depot.name]));
  const label = (id: string) => {
    const name = names.get(id);
    return name === undefined || name === id ? id : `${name} (${id})`;
  };
  const lines = [
    `Material depots (${plan.model}): ${proof}; ${plural(plan.depots.length, 'depot')}, ${Math.round(plan.totalDemandTonnes)} t of demand, mean ${plan.weightedMeanMinutes.toFixed(1)} min, max ${plan.maxMinutes.toFixed(1)} min from stock`,
  ];
  for (const depot of plan.depots) {
    lines.push(
      `  ${label(depot.id)}${depot.fixed ? ', fixed' : ''}, tier ${depot.tierLevel}: ${Math.round(depot.loadTonnes)} / ${Math.round(depot.capacityTonnes)} t (${(depot.utilisation * 100).toFixed(0)} %), ${plural(depot.baseCount, 'base')}, ${plural(depot.cellCount, 'hazard client')}`,
    );
  }
  if (plan.excludedByTierRule.length > 0) {
    const named = plan.excludedByTierRule.map((id, k) => {
      const name = plan.excludedByTierRuleNames?.[k];
      return name === undefined || name === id ? id : `${name} (${id})`;
    });
    lines.push(`  left out by the tier rule: ${named.join(', ')}`);
  }
  return lines.join('\n');
}

/** "1 base", "2 bases", "1,200 hazard clients". */
function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
