import { AirreachError } from '../errors.js';
import { AIRCRAFT_CATALOGUE } from '../travel/aircraftCatalogue.js';
import type { LoadedScenario } from './loadScenario.js';
import { resolveAircraftTypes } from './resolveAircraftTypes.js';
import type { AircraftOverride, ScenarioFile } from './scenarioSchema.js';

/** A sweep's settings (the scenario's `sweep` block). */
export type SweepSpec = NonNullable<ScenarioFile['sweep']>;

/** One variant of a sweep: a label and the scenario to run. */
export interface SweepVariant {
  label: string;
  loaded: LoadedScenario;
}

/** Defaults of {@link expandSweep}. */
export const DEFAULT_SWEEP_OPTIONS = { mode: 'oneAtATime' as 'oneAtATime' | 'grid' };

interface Change {
  label: string;
  speedFactor?: number;
  activationDelta?: number;
  night?: boolean;
  demandMix?: { sites: number; areas: number; people: number };
}

/**
 * Expands a scenario into the variants of its sensitivity sweep, the unchanged scenario first:
 * every aircraft type the scenario knows (the catalogue's and its own) gets its cruise speed multiplied by each factor,
 * or its day and night activation shifted by each delta (never below 0), or — with
 * `nightOperations: [false]` — no night flying at all, or the demand built with each of
 * `demandMixes` (shares of sites, area hazards and people). `oneAtATime` (default) varies one factor
 * while the others stay as in the scenario; `grid` takes every combination. Values that equal
 * the scenario's own (factor 1, delta 0, night on) are not repeated.
 *
 * @example
 * const variants = expandSweep(loaded, { cruiseSpeedFactors: [0.9, 1.1], nightOperations: [false] });
 * variants.map((v) => v.label); // ['as written', 'speed ×0.9', 'speed ×1.1', 'no night flying']
 */
export function expandSweep(loaded: LoadedScenario, sweep: SweepSpec): SweepVariant[] {
  const mode = sweep.mode ?? DEFAULT_SWEEP_OPTIONS.mode;
  const speeds = (sweep.cruiseSpeedFactors ?? []).filter((f) => f !== 1);
  const deltas = (sweep.activationDeltaMinutes ?? []).filter((d) => d !== 0);
  const nights = (sweep.nightOperations ?? []).filter((on) => on === false);
  const mixes = sweep.demandMixes ?? [];
  if (speeds.length + deltas.length + nights.length + mixes.length === 0) {
    throw new AirreachError('E_SCENARIO', 'the sweep varies nothing', {
      value: sweep,
      where: { file: loaded.file, field: '/sweep' },
      hint: 'Give cruiseSpeedFactors other than 1, activationDeltaMinutes other than 0, nightOperations [false] or demandMixes',
    });
  }
  const speedChanges: Change[] = speeds.map((f) => ({ label: `speed ×${f}`, speedFactor: f }));
  const deltaChanges: Change[] = deltas.map((d) => ({ label: `activation ${d > 0 ? '+' : ''}${d} min`, activationDelta: d }));
  const nightChanges: Change[] = nights.map(() => ({ label: 'no night flying', night: false }));
  const mixChanges: Change[] = mixes.map((m) => ({ label: `demand mix sites ${m.sites} / areas ${m.areas} / people ${m.people}`, demandMix: m }));
  let changes: Change[];
  if (mode === 'oneAtATime') {
    changes = [...speedChanges, ...deltaChanges, ...nightChanges, ...mixChanges];
  } else {
    const axes = [speedChanges, deltaChanges, nightChanges, mixChanges].map((axis) => [{ label: '' } as Change, ...axis]);
    changes = [];
    for (const a of axes[0]) for (const b of axes[1]) for (const c of axes[2]) for (const d of axes[3]) {
      const parts = [a, b, c, d].filter((x) => x.label !== '');
      if (parts.length === 0) continue;
      changes.push(Object.assign({}, ...parts, { label: parts.map((x) => x.label).join(', ') }));
    }
  }
  const base = loaded.scenario;
  const current = resolveAircraftTypes(AIRCRAFT_CATALOGUE, base.aircraft, loaded.file);
  // Every type, not only those the scenario's own fleets name: a base layer's features may carry
  // their own fleets (properties.fleet), which only the layer says; a type no base flies changes
  // nothing. (Only the scenario's fleets were varied: a sweep of bases.geojson with AW139s in
  // their features gave "speed ×0.5" and "no night flying" the figures of the scenario as written.)
  const types = Object.keys(current).sort();
  const variant = (change: Change): SweepVariant => {
    const aircraft: Record<string, AircraftOverride> = { ...(base.aircraft ?? {}) };
    for (const id of types) {
      const type = current[id];
      const override: AircraftOverride = { ...(aircraft[id] ?? {}) };
      delete override.cruiseSpeedKnots;
      override.cruiseSpeedKmh = type.cruiseSpeedKmh * (change.speedFactor ?? 1);
      if (change.activationDelta !== undefined) {
        override.activationMinutesDay = Math.max(0, type.activationMinutesDay + change.activationDelta);
        override.activationMinutesNight = Math.max(0, type.activationMinutesNight + change.activationDelta);
      }
      if (change.night === false) override.nightCapable = false;
      aircraft[id] = override;
    }
    const name = `${base.name ?? 'scenario'} (${change.label})`;
    const grid = change.demandMix ? { ...(base.grid ?? {}), demandMix: change.demandMix } : base.grid;
    return { label: change.label, loaded: { ...loaded, scenario: { ...base, name, aircraft, grid, sweep: undefined } } };
  };
  return [{ label: 'as written', loaded: { ...loaded, scenario: { ...base, sweep: undefined } } }, ...changes.map(variant)];
}
