/**
 * `airreach/depots`: Emergency-material depots: ground time, tiers, the capacitated plan and its renderers.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { groundMinutes } from 'airreach/depots';
 */
export { depotPlanGeoJson } from '../depots/depotPlanGeoJson.js';
export { depotUtilisationTable, type DepotUtilisationRow } from '../depots/depotUtilisationTable.js';
export { DEFAULT_GROUND_TIME_OPTIONS, groundMinutes, groundTimeMatrix, type GroundTimeOptions, type LatLng } from '../depots/groundMinutes.js';
export { MAX_ROAD_LINKS, MAX_ROAD_NODES, shortestRoadKm, type RoadLink, type RoadNetwork, type RoadNode } from '../depots/roadNetwork.js';
export { linkDepotTiers, type DepotTierLink, type TieredDepot } from '../depots/linkDepotTiers.js';
export { DEFAULT_PLAN_DEPOTS_OPTIONS, planDepots, type DepotAssignment, type DepotCandidate, type DepotClient, type DepotPlan, type PlanDepotsOptions, type PlannedDepot } from '../depots/planDepots.js';
