// Re-derives facts of the bundled national case (data/china, built by scripts/data/buildChina.ts)
// so that a regression in the data or its builder is caught. The census figures are the published
// ones (scripts/data/census2020.ts names the pages), not read back from the data.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'china');
const read = <G extends Geometry>(rel: string): FeatureCollection<G> => JSON.parse(readFileSync(join(DIR, rel), 'utf8')) as FeatureCollection<G>;

// Seventh National Population Census, resident population by region (NBS Communiqué No. 3).
const CENSUS: Record<string, number> = {
  '110000': 21_893_095, '120000': 13_866_009, '130000': 74_610_235, '140000': 34_915_616, '150000': 24_049_155,
  '210000': 42_591_407, '220000': 24_073_453, '230000': 31_850_088, '310000': 24_870_895, '320000': 84_748_016,
  '330000': 64_567_588, '340000': 61_027_171, '350000': 41_540_086, '360000': 45_188_635, '370000': 101_527_453,
  '410000': 99_365_519, '420000': 57_752_557, '430000': 66_444_864, '440000': 126_012_510, '450000': 50_126_804,
  '460000': 10_081_232, '500000': 32_054_159, '510000': 83_674_866, '520000': 38_562_148, '530000': 47_209_277,
  '540000': 3_648_100, '610000': 39_528_999, '620000': 25_019_831, '630000': 5_923_957, '640000': 7_202_654,
  '650000': 25_852_345,
};

const provinces = read<MultiPolygon>('provinces.geojson');
const places = read<Point>('places.geojson');
const airports = read<Point>('airports.geojson');
const candidates = read<Point>('candidates.geojson');
const provinceById = new Map(provinces.features.map((f) => [String(f.properties!.id), f]));
const slugOf = (id: string) => readdirSync(join(DIR, 'scenarios')).find((name) => JSON.parse(readFileSync(join(DIR, 'scenarios', name), 'utf8')).layers.extent.includes(`/${slugFromProvince(id)}.geojson`));
const slugFromProvince = (id: string) => String(provinceById.get(id)!.properties!.nameEn).toLowerCase().replace(/ /g, '-');

function signedArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return s / 2;
}

/** Inside the province, or within `km` of a vertex of its outline (coastal points on a coarse outline). */
function nearProvince(p: Position, province: Feature<MultiPolygon>, km: number): boolean {
  if (booleanPointInPolygon(p, province)) return true;
  return province.geometry.coordinates.some((poly) => poly[0].some((q) => distance(p, q, { units: 'kilometers' }) <= km));
}

describe('national case: provinces and the 2020 census', () => {
  it('has the 31 mainland divisions with their census population', () => {
    expect(provinces.features.map((f) => f.properties!.id).sort()).toEqual(Object.keys(CENSUS).sort());
    for (const f of provinces.features) expect(f.properties!.population2020).toBe(CENSUS[String(f.properties!.id)]);
    // Published total 1,411,778,724 includes 2,000,000 active-duty military, in no province.
    expect(Object.values(CENSUS).reduce((s, x) => s + x, 0)).toBe(1_411_778_724 - 2_000_000);
  });

  it('is RFC 7946: closed rings, counter-clockwise exteriors and clockwise holes, 5 decimals', () => {
    const layers = [provinces, ...readdirSync(join(DIR, 'provinces')).filter((n) => n.endsWith('-prefectures.geojson')).map((n) => read<MultiPolygon>(`provinces/${n}`))];
    for (const layer of layers)
      for (const f of layer.features)
        for (const poly of f.geometry.coordinates)
          poly.forEach((ring, r) => {
            expect(ring[0]).toEqual(ring[ring.length - 1]);
            expect(signedArea(ring) > 0).toBe(r === 0);
            for (const [x, y] of ring) expect(Math.round(x * 1e5) / 1e5 === x && Math.round(y * 1e5) / 1e5 === y).toBe(true);
          });
  });

  it('keeps Liaoning exactly as the Liaoning case draws it', () => {
    const liaoning = read<MultiPolygon>('../liaoning/province.geojson').features[0].geometry;
    expect(provinceById.get('210000')!.geometry).toEqual(liaoning);
  });

  it("tiles each province with its prefectures: their areas sum to within 1 % of the province's", () => {
    for (const f of provinces.features) {
      const prefectures = read<MultiPolygon>(`provinces/${slugFromProvince(String(f.properties!.id))}-prefectures.geojson`);
      const sum = prefectures.features.reduce((s, p) => s + area(p), 0);
      expect(Math.abs(sum / area(f) - 1)).toBeLessThan(0.01);
      for (const p of prefectures.features) expect(p.properties!.provinceId).toBe(f.properties!.id);
    }
  });
});

describe('national case: population calibrated to the census', () => {
  it('sums to the census figure in every province, in the national file and in each province file', () => {
    const byProvince = new Map<string, number>();
    for (const f of places.features) byProvince.set(String(f.properties!.provinceId), (byProvince.get(String(f.properties!.provinceId)) ?? 0) + (f.properties!.population as number));
    for (const [id, census] of Object.entries(CENSUS)) {
      expect(byProvince.get(id)).toBe(census);
      const own = read<Point>(`provinces/${slugFromProvince(id)}-places.geojson`);
      expect(own.features.reduce((s, f) => s + (f.properties!.population as number), 0)).toBe(census);
    }
  });

  it('keeps GeoNames city-proper counts and spreads the remainder evenly over every place of a province', () => {
    for (const f of places.features) {
      const p = f.properties!;
      expect(Number.isInteger(p.population) && p.population >= 0).toBe(true);
      if (p.kind === 'cityProper') expect(p.population).toBe(p.geonamesPopulation);
      else expect(p.kind).toBe('remainder');
    }
    for (const id of Object.keys(CENSUS)) {
      const shares = places.features.filter((f) => f.properties!.provinceId === id && f.properties!.kind === 'remainder').map((f) => f.properties!.population as number);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      const radius = places.features.find((f) => f.properties!.provinceId === id && f.properties!.kind === 'remainder')!.properties!.radiusKm as number;
      // Radius = √(area ÷ (π × places)): the disks together cover about the province's area once.
      expect((Math.PI * radius ** 2 * shares.length) / (area(provinceById.get(id)!) / 1e6)).toBeCloseTo(1, 1);
    }
  });

  it('places every point in its province (within 5 km of the coarse outline on the coast)', () => {
    for (const f of places.features) expect(nearProvince(f.geometry.coordinates, provinceById.get(String(f.properties!.provinceId))!, 5)).toBe(true);
  });
});

describe('national case: airfields and candidate sites', () => {
  it('lists the 305 OurAirports rows of China with unique ids, classified as in Liaoning', () => {
    expect(airports.features.length).toBe(305);
    expect(new Set(airports.features.map((f) => f.properties!.id)).size).toBe(305);
    const kinds: Record<string, number> = {};
    for (const f of airports.features) kinds[String(f.properties!.kind)] = (kinds[String(f.properties!.kind)] ?? 0) + 1;
    expect(kinds).toEqual({ civil: 200, generalAviation: 22, military: 83 });
    for (const f of airports.features) {
      expect(f.properties!.kind === 'military').toBe(/Air Base/i.test(String(f.properties!.name)) && !f.properties!.scheduledService);
      expect(nearProvince(f.geometry.coordinates, provinceById.get(String(f.properties!.provinceId))!, 10)).toBe(true);
    }
  });

  it('has one candidate seat per mainland prefecture-level division, inside its province', () => {
    expect(candidates.features.length).toBe(364);
    for (const f of candidates.features) {
      expect(f.properties!.kind).toBe('prefectureSeat');
      expect(String(f.properties!.prefectureId).slice(0, 2)).toBe(String(f.properties!.provinceId).slice(0, 2));
      expect(nearProvince(f.geometry.coordinates, provinceById.get(String(f.properties!.provinceId))!, 10)).toBe(true);
    }
  });
});

describe('national case: scenarios', () => {
  it('has one scenario per province, each with its own bases, candidates and people', async () => {
    expect(readdirSync(join(DIR, 'scenarios')).filter((n) => n.endsWith('.json')).length).toBe(31);
    for (const id of Object.keys(CENSUS)) {
      const file = slugOf(id);
      expect(file).toBeDefined();
      const inputs = await readScenarioInputs(await loadScenario(join(DIR, 'scenarios', file!)));
      const existing = inputs.sites.filter((s) => s.role === 'existing');
      const candidateSites = inputs.sites.filter((s) => s.role === 'candidate');
      expect(existing.length).toBeGreaterThan(0);
      expect(existing.length).toBe(airports.features.filter((f) => f.properties!.provinceId === id && f.properties!.kind !== 'military').length);
      expect(candidateSites.length).toBe(candidates.features.filter((f) => f.properties!.provinceId === id).length);
      const asked = inputs.loaded.scenario.questions![0].additionalSites!;
      expect(asked).toBe(Math.min(3, candidateSites.length));
      expect((inputs.loaded.scenario.layers!.hazards ?? []).length > 0).toBe(id === '210000');
    }
  });

  it('the national scenario reads every province, the Liaoning hazards and 222 airfields as bases', async () => {
    const inputs = await readScenarioInputs(await loadScenario(join(DIR, 'national.json')));
    expect(inputs.sites.filter((s) => s.role === 'existing').length).toBe(222);
    expect(inputs.sites.filter((s) => s.role === 'candidate').length).toBe(364);
    expect(inputs.demandInputs.hazards.length).toBe(6);
    expect(inputs.gridOptions.resolution).toBe(7);
  });
});
