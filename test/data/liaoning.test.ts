// Re-derives known facts of the bundled Liaoning data so that a regression in data/liaoning
// (or in scripts/data, which rebuilds it) is caught. Every expected number below comes from
// an outside source named next to it, not from the data itself.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import kinks from '@turf/kinks';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { cellArea, polygonToCells } from 'h3-js';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'liaoning');
const read = <G extends Geometry>(rel: string): FeatureCollection<G> => JSON.parse(readFileSync(join(DIR, rel), 'utf8')) as FeatureCollection<G>;

const province = read<MultiPolygon>('province.geojson');
const provinceFeature = province.features[0];
const prefectures = read<MultiPolygon>('prefectures.geojson');
const airports = read<Point>('airports.geojson');
const places = read<Point>('places.geojson');
const candidates = read<Point>('candidates.geojson');
const hazardFiles = readdirSync(join(DIR, 'hazards')).filter((f) => f.endsWith('.geojson')).sort();
const allFiles = ['province.geojson', 'prefectures.geojson', 'places.geojson', 'airports.geojson', 'candidates.geojson', ...hazardFiles.map((f) => `hazards/${f}`)];

const km2 = (f: Feature | Geometry): number => area(f) / 1e6;

/** Shoelace on raw degrees: only the sign is used (orientation). */
function signedArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return s / 2;
}

/** Distance in km from p to the province boundary (planar about p's latitude; fine at this scale). */
function distanceToProvinceBoundaryKm(p: Position): number {
  const kx = 111.32 * Math.cos((p[1] * Math.PI) / 180);
  const ky = 110.57;
  let best = Infinity;
  for (const poly of provinceFeature.geometry.coordinates)
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++) {
        const ax = (ring[i][0] - p[0]) * kx, ay = (ring[i][1] - p[1]) * ky;
        const bx = (ring[i + 1][0] - p[0]) * kx, by = (ring[i + 1][1] - p[1]) * ky;
        const dx = bx - ax, dy = by - ay;
        const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
  return best;
}

const inProvince = (p: Position): boolean => booleanPointInPolygon(p, provinceFeature);

function polygonsOf(g: Geometry): Position[][][] {
  if (g.type === 'Polygon') return [g.coordinates];
  if (g.type === 'MultiPolygon') return g.coordinates;
  return [];
}

describe('RFC 7946 validity of every data file', () => {
  for (const rel of allFiles) {
    it(rel, () => {
      const fc = read<Geometry>(rel);
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.length).toBeGreaterThan(0);
      // Collect problems and assert once: per-coordinate expects are slow on 20k vertices.
      const problems: string[] = [];
      fc.features.forEach((f, i) => {
        if (f.type !== 'Feature' || !['Point', 'Polygon', 'MultiPolygon'].includes(f.geometry.type)) problems.push(`#${i} not a Point/Polygon feature`);
        const positions: Position[] = f.geometry.type === 'Point' ? [f.geometry.coordinates] : polygonsOf(f.geometry).flat(2);
        for (const p of positions) {
          // [lng, lat] order: Liaoning and its seas lie within 117-127 E, 37.5-44 N, so a
          // swapped pair fails here before any range check would.
          if (p.length !== 2 || !(p[0] > 117 && p[0] < 127 && p[1] > 37.5 && p[1] < 44)) problems.push(`#${i} position ${p.join()}`);
          if (p.some((v) => Math.abs(v * 1e5 - Math.round(v * 1e5)) > 1e-6)) problems.push(`#${i} more than 5 decimals ${p.join()}`);
        }
        for (const poly of polygonsOf(f.geometry))
          poly.forEach((ring, r) => {
            const a = ring[0], b = ring[ring.length - 1];
            if (ring.length < 4 || a[0] !== b[0] || a[1] !== b[1]) problems.push(`#${i} ring ${r} not closed or too short`);
            // right-hand rule: exterior counter-clockwise, holes clockwise
            if ((r === 0) !== signedArea(ring) > 0) problems.push(`#${i} ring ${r} wrong orientation`);
          });
      });
      expect(problems.slice(0, 10)).toEqual([]);
    });
  }
});

describe('province', () => {
  it('is one MultiPolygon of about 148,000 km² (official area ≈ 148,000 km²)', () => {
    expect(province.features).toHaveLength(1);
    expect(provinceFeature.geometry.type).toBe('MultiPolygon');
    expect(Math.abs(km2(provinceFeature) - 148_000) / 148_000).toBeLessThan(0.03);
  });

  it('has no self-intersections and no degenerate parts', () => {
    expect(kinks(provinceFeature).features).toHaveLength(0);
    for (const poly of provinceFeature.geometry.coordinates) {
      expect(new Set(poly[0].map((p) => p.join())).size).toBeGreaterThanOrEqual(4);
      expect(km2({ type: 'Polygon', coordinates: poly })).toBeGreaterThanOrEqual(0.01);
    }
  });

  it('grids with h3-js, and the cells cover the turf area within 2 %', () => {
    let cellKm2 = 0;
    for (const poly of provinceFeature.geometry.coordinates)
      for (const c of polygonToCells(poly, 5, true)) cellKm2 += cellArea(c, 'km2');
    expect(Math.abs(cellKm2 - km2(provinceFeature)) / km2(provinceFeature)).toBeLessThan(0.02);
  });

  it('stays small enough to grid quickly (vertex budget)', () => {
    const vertices = provinceFeature.geometry.coordinates.flat(2).length;
    expect(vertices).toBeLessThan(2000);
  });
});

describe('prefectures', () => {
  it('are the 14 prefecture-level cities with GB/T 2260 codes 210100…211400', () => {
    const ids = prefectures.features.map((f) => f.properties?.id as string);
    expect(ids).toEqual(Array.from({ length: 14 }, (_, i) => String(210100 + 100 * i)));
    for (const f of prefectures.features) {
      expect(f.properties?.name).toMatch(/市$/);
      expect(f.properties?.nameEn).toMatch(/^[A-Z][a-z]+$/);
      expect(String(f.properties?.source)).toContain('echarts');
    }
    const byId = Object.fromEntries(prefectures.features.map((f) => [f.properties?.id, f.properties?.nameEn]));
    expect(byId['210100']).toBe('Shenyang');
    expect(byId['210200']).toBe('Dalian');
    expect(byId['211400']).toBe('Huludao');
  });

  it('add up to the province area within 1 % (two independent ECharts drawings)', () => {
    const sum = prefectures.features.reduce((s, f) => s + km2(f), 0);
    expect(Math.abs(sum - km2(provinceFeature)) / km2(provinceFeature)).toBeLessThan(0.01);
  });

  it('contain their own seat (GeoNames city point) and Dalian holds the Changhai islands', () => {
    for (const seat of candidates.features.filter((f) => f.properties?.kind === 'prefectureSeat')) {
      const pref = prefectures.features.find((p) => p.properties?.id === seat.properties?.prefectureId);
      expect(pref, String(seat.properties?.name)).toBeDefined();
      expect(booleanPointInPolygon(seat.geometry.coordinates, pref!), String(seat.properties?.name)).toBe(true);
    }
    const dalian = prefectures.features.find((p) => p.properties?.id === '210200')!;
    // Changhai County seat, Wikipedia: 39.272 N, 122.595 E
    expect(booleanPointInPolygon([122.595, 39.272], dalian)).toBe(true);
  });
});

/**
 * Published aerodrome coordinates (Wikipedia infoboxes, cited; for ZYDD and ZYCH the
 * independent airport-data-js compilation) against which the OurAirports rows are checked.
 */
const PUBLISHED_AIRPORTS: readonly { icao: string; lat: number; lng: number; ref: string }[] = [
  { icao: 'ZYTX', lat: 41.63972, lng: 123.48333, ref: 'de.wikipedia Flughafen Shenyang Taoxian 41°38′23″N 123°29′0″E' },
  { icao: 'ZYTL', lat: 38.96556, lng: 121.53833, ref: 'en.wikipedia Dalian Zhoushuizi 38°57′56″N 121°32′18″E' },
  { icao: 'ZYCY', lat: 41.53806, lng: 120.435, ref: 'ja.wikipedia 朝陽空港 41°32′17″N 120°26′06″E' },
  { icao: 'ZYYK', lat: 40.54083, lng: 122.35722, ref: 'en.wikipedia Yingkou Lanqi 40°32′27″N 122°21′26″E' },
  { icao: 'ZYDD', lat: 40.032367, lng: 124.280811, ref: 'airport-data-js 4.0.0' },
  { icao: 'ZYCH', lat: 39.26702, lng: 122.663948, ref: 'airport-data-js 4.0.0' },
];

describe('airports', () => {
  const byId = new Map(airports.features.map((f) => [f.properties?.id as string, f]));

  it('list the eight civil airports of Liaoning as civil', () => {
    const civil = airports.features.filter((f) => f.properties?.kind === 'civil').map((f) => f.properties?.id).sort();
    expect(civil).toEqual(['ZYAS', 'ZYCH', 'ZYCY', 'ZYDD', 'ZYJZ', 'ZYTL', 'ZYTX', 'ZYYK']);
    for (const f of airports.features) expect(['civil', 'military', 'generalAviation', 'heliport']).toContain(f.properties?.kind);
    for (const f of airports.features.filter((a) => /Air Base/.test(String(a.properties?.name)) && !a.properties?.scheduledService)) expect(f.properties?.kind).toBe('military');
  });

  it('lie inside the province or within 5 km of its edge', () => {
    for (const f of airports.features) {
      const p = f.geometry.coordinates;
      expect(inProvince(p) || distanceToProvinceBoundaryKm(p) < 5, String(f.properties?.name)).toBe(true);
    }
  });

  for (const a of PUBLISHED_AIRPORTS)
    it(`${a.icao} is within 2 km of its published coordinate (${a.ref})`, () => {
      const f = byId.get(a.icao);
      expect(f).toBeDefined();
      expect(distance(f!.geometry.coordinates, [a.lng, a.lat], { units: 'kilometers' })).toBeLessThan(2);
    });

  it('ZYAS sits ~11.8 km south-west of Anshan (Wikipedia), not at airport-data-js 123.858 E (inside Benxi)', () => {
    const f = byId.get('ZYAS')!;
    const anshan = candidates.features.find((c) => c.properties?.prefectureId === '210300' && c.properties?.kind === 'prefectureSeat')!;
    expect(Math.abs(distance(f.geometry.coordinates, anshan.geometry.coordinates) - 11.8)).toBeLessThan(3);
    expect(f.geometry.coordinates[0]).toBeLessThan(123.2);
  });

  it('ZYJZ (Jinzhou Bay, opened 2015) sits ~24 km from Jinzhou centre (published: 24 km; 26 km south)', () => {
    const f = byId.get('ZYJZ')!;
    const jinzhou = candidates.features.find((c) => c.properties?.prefectureId === '210700' && c.properties?.kind === 'prefectureSeat')!;
    expect(Math.abs(distance(f.geometry.coordinates, jinzhou.geometry.coordinates) - 24)).toBeLessThan(4);
  });
});

describe('places and candidates', () => {
  it('places are GeoNames points inside Liaoning, Shenyang the most populous', () => {
    expect(places.features.length).toBeGreaterThan(40);
    for (const f of places.features) {
      expect(Number.isInteger(f.properties?.population)).toBe(true);
      expect(inProvince(f.geometry.coordinates) || prefectures.features.some((p) => booleanPointInPolygon(f.geometry.coordinates, p))).toBe(true);
    }
    const top = [...places.features].sort((a, b) => b.properties?.population - a.properties?.population)[0];
    expect(top.properties?.name).toBe('Shenyang');
  });

  it('candidates: one seat per prefecture plus county seats, all labelled as candidates', () => {
    const seats = candidates.features.filter((f) => f.properties?.kind === 'prefectureSeat');
    expect(new Set(seats.map((f) => f.properties?.prefectureId)).size).toBe(14);
    for (const f of candidates.features) {
      expect(['prefectureSeat', 'countySeat']).toContain(f.properties?.kind);
      expect(f.properties?.candidate).toBe(true);
      expect(String(f.properties?.source)).toMatch(f.properties?.sourceUrl ? /Wikipedia|OurAirports/ : /GeoNames/);
    }
    expect(new Set(candidates.features.map((f) => f.properties?.id)).size).toBe(candidates.features.length);
  });
});

describe('hazard atlas', () => {
  it('has the named sites and one file per area hazard type', () => {
    expect(hazardFiles).toEqual(['coast', 'earthquake', 'flood', 'forestFire', 'petrochemical', 'sites'].map((t) => `${t}.geojson`));
  });

  for (const file of hazardFiles.filter((name) => name !== 'sites.geojson')) {
    it(`${file}: properties present and every feature inside or touching the province`, () => {
      const type = file.replace('.geojson', '');
      for (const f of read<Point | Polygon | MultiPolygon>(`hazards/${file}`).features) {
        const pr = f.properties ?? {};
        const label = String(pr.name);
        expect(typeof pr.name).toBe('string');
        expect(pr.type).toBe(type);
        expect(Number.isInteger(pr.weight) && pr.weight >= 1 && pr.weight <= 5, label).toBe(true);
        expect(String(pr.source).length, label).toBeGreaterThan(20);
        if (f.geometry.type === 'Point') {
          expect(pr.radiusKm, label).toBeGreaterThan(0);
          const p = f.geometry.coordinates;
          expect(inProvince(p) || distanceToProvinceBoundaryKm(p) <= pr.radiusKm, label).toBe(true);
        } else {
          const vertices = polygonsOf(f.geometry).flat(2);
          if (pr.offshore === true) {
            // sea zones may extend offshore but must overlap the province
            const overlaps = vertices.some(inProvince) || provinceFeature.geometry.coordinates.flat(2).some((q) => booleanPointInPolygon(q, f as Feature<Polygon | MultiPolygon>));
            expect(overlaps, label).toBe(true);
          } else {
            for (const v of vertices) expect(inProvince(v) || distanceToProvinceBoundaryKm(v) < 0.05, `${label} ${v.join()}`).toBe(true);
          }
        }
      }
    });
  }
});

describe('liaoning scenarios: a hypothetical network is labelled as one', () => {
  // airfields-h135.json puts an H135 at every civil and general-aviation airfield: no source
  // documents that network, so it and every variant built on it must say so where a run shows
  // the scenario (its description), not read as today's network.
  it('every variant that extends airfields-h135.json starts its description with HYPOTHESIS', () => {
    const folder = join(DIR, 'scenarios');
    const scenario = (file: string) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as { extends?: string; description?: string };
    const onHypothesis = (file: string): boolean => {
      if (file === 'airfields-h135.json') return true;
      const parent = scenario(file).extends;
      return parent !== undefined && !parent.includes('/') && onHypothesis(parent);
    };
    const variants = readdirSync(folder).filter((file) => file.endsWith('.json') && onHypothesis(file));
    expect(variants.length).toBeGreaterThanOrEqual(4);
    expect(variants.filter((file) => !scenario(file).description?.startsWith('HYPOTHESIS'))).toEqual([]);
  });
});
