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
  const lines = [
    `Material depots (${plan.model}): ${proof}; ${plan.depots.length} depots, ${Math.round(plan.totalDemandTonnes)} t of demand, mean ${plan.weightedMeanMinutes.toFixed(1)} min, max ${plan.maxMinutes.toFixed(1)} min from stock`,
  ];
  for (const depot of plan.depots) {
    lines.push(
      `  ${depot.id}${depot.fixed ? ' (fixed)' : ''}, tier ${depot.tierLevel}: ${Math.round(depot.loadTonnes)} / ${Math.round(depot.capacityTonnes)} t (${(depot.utilisation * 100).toFixed(0)} %), ${depot.baseCount} bases, ${depot.cellCount} hazard clients`,
    );
  }
  if (plan.excludedByTierRule.length > 0) lines.push(`  left out by the tier rule: ${plan.excludedByTierRule.join(', ')}`);
  return lines.join('\n');
}
