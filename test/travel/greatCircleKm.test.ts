import { describe, expect, it } from 'vitest';
import distance from '@turf/distance';
import { greatCircleKm, unitChordKm, unitVector } from '../../src/travel/greatCircleKm.js';

// City centres (approximate): the point is to compare two independent formulas on real spans.
const places = {
  shenyang: [41.8057, 123.4315],
  dalian: [38.914, 121.6147],
  dandong: [40.1292, 124.3947],
  chaoyang: [41.5718, 120.4508],
  beijing: [39.9042, 116.4074],
  antimeridianWest: [10, 179.9],
  antimeridianEast: [10, -179.9],
  nearNorthPole: [89.9, 0],
  nearNorthPoleOpposite: [89.9, 180],
} as const;

const pairs: Array<[keyof typeof places, keyof typeof places]> = [
  ['shenyang', 'dalian'],
  ['shenyang', 'dandong'],
  ['chaoyang', 'dandong'],
  ['dalian', 'beijing'],
  ['antimeridianWest', 'antimeridianEast'],
  ['nearNorthPole', 'nearNorthPoleOpposite'],
];

describe('greatCircleKm', () => {
  it.each(pairs)('%s → %s agrees with @turf/distance', (a, b) => {
    const [lat1, lng1] = places[a];
    const [lat2, lng2] = places[b];
    const turfKm = distance([lng1, lat1], [lng2, lat2], { units: 'kilometers' });
    expect(greatCircleKm(lat1, lng1, lat2, lng2)).toBeCloseTo(turfKm, 9);
  });

  it('Shenyang → Dalian is about 356 km (a sanity anchor, not a tolerance)', () => {
    const km = greatCircleKm(...places.shenyang, ...places.dalian);
    expect(km).toBeGreaterThan(340);
    expect(km).toBeLessThan(370);
  });

  it('the chord form agrees with the haversine form, including very short spans', () => {
    for (const [a, b] of pairs) {
      const [lat1, lng1] = places[a];
      const [lat2, lng2] = places[b];
      const [ax, ay, az] = unitVector(lat1, lng1);
      const [bx, by, bz] = unitVector(lat2, lng2);
      expect(unitChordKm(ax, ay, az, bx, by, bz)).toBeCloseTo(greatCircleKm(lat1, lng1, lat2, lng2), 8);
    }
    // 1 m north of Shenyang: the chord form keeps millimetre precision.
    const [lat, lng] = places.shenyang;
    const dLat = 0.001 / 6371.0088 * (180 / Math.PI);
    const [ax, ay, az] = unitVector(lat, lng);
    const [bx, by, bz] = unitVector(lat + dLat, lng);
    expect(unitChordKm(ax, ay, az, bx, by, bz)).toBeCloseTo(0.001, 9);
    expect(unitChordKm(ax, ay, az, ax, ay, az)).toBe(0);
  });
});
