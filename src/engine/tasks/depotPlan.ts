import { planDepots, type DepotCandidate, type DepotClient, type DepotPlan, type PlanDepotsOptions } from '../../depots/planDepots.js';

/** A depot plan as a pool task: `planDepots`'s inputs as plain data (no signal: a cancel stops the worker). */
export interface DepotPlanTask {
  kind: 'depotPlan';
  candidates: DepotCandidate[];
  clients: DepotClient[];
  options: Omit<PlanDepotsOptions, 'signal'>;
}

/**
 * Runs `planDepots` for a pool task: on a worker thread the plan is the same, byte for byte, as
 * in the caller's thread (its solves stop on counted work), so a scenario plans its depots
 * beside its questions.
 *
 * @example
 * const plan = await depotPlan({ kind: 'depotPlan', candidates, clients, options: { siteCount: 4 } });
 */
export function depotPlan(task: DepotPlanTask): Promise<DepotPlan> {
  return planDepots(task.candidates, task.clients, task.options);
}
