import { AirreachError } from '../errors.js';
import { greatCircleKm } from '../travel/greatCircleKm.js';
import { resolveOptions } from '../resolveOptions.js';
import { shortestRoadKm } from './roadNetwork.js';
import type { RoadNetwork } from './roadNetwork.js';

/** Options of {@link groundMinutes} and {@link groundTimeMatrix}. */
export interface GroundTimeOptions {
  /**
   * `straightLine` (default): km × circuity ÷ truck speed. `network`: the shortest path over
   * `network` at `networkSpeedKmh`, with an access leg (straight line × circuity at truck speed)
   * from each end to its nearest node — or the straight-line time itself when that is shorter
   * (a short trip needs no expressway). {@link groundTimeMatrix} only: {@link groundMinutes}
   * takes a distance, not two places.
   */
  method?: 'straightLine' | 'network';
  /** The road graph of the `network` method (required by it). */
  network?: RoadNetwork | null;
  /**
   * Mean speed on the network's links. ASSUMPTION 80 km/h when not set; the Liaoning case sets
   * the value fitted to cited driving times (data/README.md, "Ground times for depots").
   */
  networkSpeedKmh?: number;
  /**
   * Road km per straight-line km. ASSUMPTION 1.3: inside the 1.2–1.4 range reported for road
   * networks (Ballou, Rahardja & Sakai 2002, "Selected country circuity factors for road and
   * rail network distances", Transportation Research A 36: 843–848; Boscoe, Henry & Zdeb 2012,
   * The Professional Geographer 64: 188–196, ≈ 1.4 for US hospital trips). Not measured for
   * Liaoning: pass a supplied time matrix when road times exist.
   */
  circuityFactor?: number;
  /** Mean loaded-truck speed over the trip. ASSUMPTION 60 km/h (mixed expressway / rural road). */
  truckSpeedKmh?: number;
  /** Fixed minutes added to every trip (loading, dispatch). ASSUMPTION 0. */
  loadingMinutes?: number;
}

/** Defaults of {@link GroundTimeOptions} (the numbers are labelled assumptions, see there). */
export const DEFAULT_GROUND_TIME_OPTIONS: Required<GroundTimeOptions> = {
  method: 'straightLine',
  network: null,
  networkSpeedKmh: 80,
  circuityFactor: 1.3,
  truckSpeedKmh: 60,
  loadingMinutes: 0,
};

/**
 * Ground (truck) minutes for a straight-line distance: km × circuity ÷ speed × 60 + loading.
 * A depot serves a point within a ground-time standard S when this is ≤ S.
 *
 * @example
 * groundMinutes(100); // -> 130 (100 km × 1.3 ÷ 60 km/h)
 */
export function groundMinutes(straightLineKm: number, options: GroundTimeOptions = {}): number {
  const { circuityFactor, truckSpeedKmh, loadingMinutes } = checkGroundTimeOptions(options);
  return loadingMinutes + ((straightLineKm * circuityFactor) / truckSpeedKmh) * 60;
}

/** A point in degrees. */
export interface LatLng {
  latDeg: number;
  lngDeg: number;
}

/**
 * Ground minutes from every `from` point to every `to` point, row-major (`from.length` rows).
 * With `method: 'network'`: loading + min(straight-line time, access(a → nearest node of a) +
 * shortest path ÷ `networkSpeedKmh` + access(nearest node of b → b)); nearest by great circle,
 * ties to the lowest node index.
 *
 * @example
 * const minutes = groundTimeMatrix(cells, depots); // minutes[c * depots.length + d]
 * const byRoad = groundTimeMatrix(cells, depots, { method: 'network', network, networkSpeedKmh: 80 });
 */
export function groundTimeMatrix(from: readonly LatLng[], to: readonly LatLng[], options: GroundTimeOptions = {}): Float64Array {
  const settings = checkGroundTimeOptions(options);
  const out = new Float64Array(from.length * to.length);
  const factor = (settings.circuityFactor / settings.truckSpeedKmh) * 60;
  from.forEach((a, r) => {
    to.forEach((b, c) => {
      out[r * to.length + c] = settings.loadingMinutes + greatCircleKm(a.latDeg, a.lngDeg, b.latDeg, b.lngDeg) * factor;
    });
  });
  if (settings.method === 'network') {
    const network = settings.network!;
    const n = network.nodes.length;
    const pathMinutes = shortestRoadKm(network).map((km) => (km / settings.networkSpeedKmh) * 60);
    const access = (points: readonly LatLng[]) => {
      const node = new Int32Array(points.length);
      const minutes = new Float64Array(points.length);
      points.forEach((p, i) => {
        let best = Infinity;
        network.nodes.forEach((q, k) => {
          const km = greatCircleKm(p.latDeg, p.lngDeg, q.latDeg, q.lngDeg);
          if (km < best) {
            best = km;
            node[i] = k;
          }
        });
        minutes[i] = best * factor;
      });
      return { node, minutes };
    };
    const start = access(from);
    const end = access(to);
    for (let r = 0; r < from.length; r++) {
      for (let c = 0; c < to.length; c++) {
        const viaNetwork = settings.loadingMinutes + start.minutes[r] + pathMinutes[start.node[r] * n + end.node[c]] + end.minutes[c];
        if (viaNetwork < out[r * to.length + c]) out[r * to.length + c] = viaNetwork;
      }
    }
  }
  return out;
}

function checkGroundTimeOptions(options: GroundTimeOptions): Required<GroundTimeOptions> {
  const settings = resolveOptions(DEFAULT_GROUND_TIME_OPTIONS, options);
  if (!(settings.circuityFactor >= 1 && Number.isFinite(settings.circuityFactor))) {
    throw new AirreachError('E_OPTION', 'circuityFactor must be a finite number ≥ 1 (a road is never shorter than the straight line)', { value: settings.circuityFactor, where: { field: 'circuityFactor' } });
  }
  if (!(settings.truckSpeedKmh > 0 && Number.isFinite(settings.truckSpeedKmh))) {
    throw new AirreachError('E_OPTION', 'truckSpeedKmh must be positive', { value: settings.truckSpeedKmh, where: { field: 'truckSpeedKmh' } });
  }
  if (!(settings.loadingMinutes >= 0 && Number.isFinite(settings.loadingMinutes))) {
    throw new AirreachError('E_OPTION', 'loadingMinutes must be ≥ 0', { value: settings.loadingMinutes, where: { field: 'loadingMinutes' } });
  }
  if (settings.method !== 'straightLine' && settings.method !== 'network') {
    throw new AirreachError('E_OPTION', 'method must be "straightLine" or "network"', { value: settings.method, where: { field: 'method' }, expected: '"straightLine" | "network"' });
  }
  if (settings.method === 'network') {
    if (!settings.network) throw new AirreachError('E_OPTION', 'the network method needs a road network', { where: { field: 'network' }, hint: 'Pass network: { nodes, links }, or use method "straightLine"' });
    if (!(settings.networkSpeedKmh > 0 && Number.isFinite(settings.networkSpeedKmh))) {
      throw new AirreachError('E_OPTION', 'networkSpeedKmh must be positive', { value: settings.networkSpeedKmh, where: { field: 'networkSpeedKmh' } });
    }
  }
  return settings;
}
