import { describe, expect, it } from 'vitest';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { groundTimeMatrix } from '../../src/depots/groundMinutes.js';
import type { RoadNetwork } from '../../src/depots/roadNetwork.js';

// Three towns on a parallel, joined in a line a–b–c by 100-km links (straight lines 42–84 km).
const nodes = [
  { id: 'a', latDeg: 41, lngDeg: 122 },
  { id: 'b', latDeg: 41, lngDeg: 122.5 },
  { id: 'c', latDeg: 41, lngDeg: 123 },
];
const network: RoadNetwork = { nodes, links: [{ from: 'a', to: 'b', roadKm: 60 }, { from: 'b', to: 'c', roadKm: 60 }] };
const options = { method: 'network' as const, network, networkSpeedKmh: 90, circuityFactor: 1.3, truckSpeedKmh: 60, loadingMinutes: 10 };

describe('groundTimeMatrix, network method', () => {
  it('is loading + shortest path ÷ network speed between nodes', () => {
    const minutes = groundTimeMatrix([nodes[0]], [nodes[2]], options);
    expect(minutes[0]).toBeCloseTo(10 + (120 / 90) * 60, 9);
  });

  it('adds access legs (straight line × circuity at truck speed) to the nearest node at each end', () => {
    const from = { latDeg: 41.05, lngDeg: 122 }; // 5.6 km north of a
    const to = { latDeg: 40.95, lngDeg: 123 }; // 5.6 km south of c
    const access = (p: { latDeg: number; lngDeg: number }, q: { latDeg: number; lngDeg: number }) => ((greatCircleKm(p.latDeg, p.lngDeg, q.latDeg, q.lngDeg) * 1.3) / 60) * 60;
    const minutes = groundTimeMatrix([from], [to], options);
    expect(minutes[0]).toBeCloseTo(10 + access(from, nodes[0]) + (120 / 90) * 60 + access(nodes[2], to), 9);
  });

  it('keeps the straight-line time where it is shorter (a short trip beside the network)', () => {
    const from = { latDeg: 41.4, lngDeg: 122.25 };
    const to = { latDeg: 41.4, lngDeg: 122.3 };
    const minutes = groundTimeMatrix([from], [to], options);
    const straight = groundTimeMatrix([from], [to], { circuityFactor: 1.3, truckSpeedKmh: 60, loadingMinutes: 10 });
    expect(minutes[0]).toBeCloseTo(straight[0], 9);
  });

  it('is never slower than the straight-line method with the same access settings (brute force over a grid of points)', () => {
    const points = Array.from({ length: 25 }, (_, i) => ({ latDeg: 40.6 + (i % 5) * 0.2, lngDeg: 121.8 + Math.floor(i / 5) * 0.35 }));
    const viaNetwork = groundTimeMatrix(points, points, options);
    const straight = groundTimeMatrix(points, points, { circuityFactor: 1.3, truckSpeedKmh: 60, loadingMinutes: 10 });
    for (let k = 0; k < viaNetwork.length; k++) expect(viaNetwork[k]).toBeLessThanOrEqual(straight[k] + 1e-9);
  });

  it('refuses the network method without a network, and a bad method', () => {
    expect(() => groundTimeMatrix([nodes[0]], [nodes[1]], { method: 'network' })).toThrow(/needs a road network/);
    expect(() => groundTimeMatrix([nodes[0]], [nodes[1]], { method: 'road' as never })).toThrow(/method/);
    expect(() => groundTimeMatrix([nodes[0]], [nodes[1]], { ...options, networkSpeedKmh: 0 })).toThrow(/networkSpeedKmh/);
  });
});
