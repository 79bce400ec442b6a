import { csvField } from '../csvField.js';
import type { DepotPlan } from './planDepots.js';

/** One row of the utilisation table. */
export interface DepotUtilisationRow {
  depotId: string;
  tierLevel: number;
  fixed: boolean;
  capacityTonnes: number;
  loadTonnes: number;
  /** Percent of capacity used, one decimal. */
  utilisationPercent: number;
  baseCount: number;
  cellCount: number;
  /** Demand-weighted mean minutes of the clients this depot serves (0 when none). */
  weightedMeanMinutes: number;
  maxMinutes: number;
}

/**
 * The utilisation table of a depot plan: one row per depot, in plan order (ascending site
 * index), plus `toCsv` for the report's download. Numbers stay numbers (the renderer formats).
 *
 * @example
 * const { rows, csv } = depotUtilisationTable(plan);
 * console.table(rows);
 */
export function depotUtilisationTable(plan: DepotPlan): { rows: DepotUtilisationRow[]; csv: string } {
  const rows = plan.depots.map((depot) => {
    let tonnes = 0;
    let weighted = 0;
    let maxMinutes = 0;
    for (const a of plan.assignments) {
      if (a.depotId !== depot.id) continue;
      tonnes += a.demandTonnes;
      weighted += a.demandTonnes * a.minutes;
      if (a.minutes > maxMinutes) maxMinutes = a.minutes;
    }
    return {
      depotId: depot.id,
      tierLevel: depot.tierLevel,
      fixed: depot.fixed,
      capacityTonnes: depot.capacityTonnes,
      loadTonnes: depot.loadTonnes,
      utilisationPercent: Math.round(depot.utilisation * 1000) / 10,
      baseCount: depot.baseCount,
      cellCount: depot.cellCount,
      weightedMeanMinutes: tonnes > 0 ? weighted / tonnes : 0,
      maxMinutes,
    };
  });
  const columns = ['depotId', 'tierLevel', 'fixed', 'capacityTonnes', 'loadTonnes', 'utilisationPercent', 'baseCount', 'cellCount', 'weightedMeanMinutes', 'maxMinutes'] as const;
  const quote = (value: string | number | boolean) => csvField(typeof value === 'number' ? Math.round(value * 1000) / 1000 : value);
  const csv = [columns.join(','), ...rows.map((row) => columns.map((c) => quote(row[c])).join(','))].join('\n') + '\n';
  return { rows, csv };
}
