/**
 * Pins the sourced facts of the bundled Liaoning case: census totals (file and grid), every
 * named site within its stated precision of its cited coordinate and with demand in its cell,
 * no area feature above the documented share, every baseline asset sourced.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import distance from '@turf/distance';
import type { FeatureCollection, MultiPolygon, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildDemandGrid } from '../../src/grid/buildDemandGrid.js';
import type { GeoJsonLayer } from '../../src/grid/geoJsonLayer.js';
import { weatherZoneByCell } from '../../src/conditions/weatherZoneByCell.js';
import { groundMinutes } from '../../src/depots/groundMinutes.js';
import { createPolygonIndex } from '../../src/grid/createPolygonIndex.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'liaoning');
const read = (rel: string) => JSON.parse(readFileSync(join(DIR, rel), 'utf8'));
const layer = (rel: string): GeoJsonLayer => ({ file: rel, collection: read(rel) as FeatureCollection });
const today = read('today.json');

/** Published in the census pages cited in data/README.md ("People"). */
const CENSUS_2020: Record<string, number> = {
  Shenyang: 9_070_093, Dalian: 7_450_785, Anshan: 3_325_372, Fushun: 1_861_372, Benxi: 1_326_018, Dandong: 2_188_436, Jinzhou: 2_703_853,
  Yingkou: 2_328_582, Fuxin: 1_647_280, Liaoyang: 1_604_580, Panjin: 1_389_691, Tieling: 2_388_294, Chaoyang: 2_872_857, Huludao: 2_434_194,
};
const PROVINCE_2020 = 42_591_407;

/** Coordinates read on the cited pages (sites placed on a published coordinate). */
const CITED_COORDINATES: Record<string, [number, number]> = {
  'mine-fuxin-sunjiawan': [121.67833, 41.98528], // de.wikipedia Kohlebergwerk Sunjiawan 41°59′07″N 121°40′42″E
  'petro-changxing': [121.3875, 39.58083], // Wikipedia Changxing Island 39°34′51″N 121°23′15″E
  'petro-dalian-port-oil': [121.683, 38.917], // Wikipedia Port of Dalian 38°55′N 121°41′E
  'steel-bayuquan': [122.12944, 40.26361], // Wikipedia Bayuquan District
};

const hazardFiles = today.layers.hazards as string[];
const grid = buildDemandGrid(
  {
    hazards: hazardFiles.map(layer),
    population: layer('population.geojson'),
    extent: layer('province.geojson'),
    regions: { file: 'prefectures.geojson', collection: { ...read('prefectures.geojson'), features: read('prefectures.geojson').features.map((f: { properties: Record<string, unknown> }) => ({ ...f, properties: { ...f.properties, name: f.properties.nameEn } })) } },
  },
  { resolution: 7, demandMix: today.grid.demandMix },
);

describe('census 2020', () => {
  it('the prefecture figures add up to the province total exactly, as bundled', () => {
    const prefectures = read('prefectures.geojson').features as Array<{ properties: Record<string, unknown> }>;
    for (const p of prefectures) expect(p.properties.population2020, String(p.properties.nameEn)).toBe(CENSUS_2020[String(p.properties.nameEn)]);
    expect(Object.values(CENSUS_2020).reduce((a, b) => a + b, 0)).toBe(PROVINCE_2020);
  });

  it('the grid holds the province total within 1 % and each prefecture within 2 %', () => {
    const total = grid.population.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - PROVINCE_2020) / PROVINCE_2020).toBeLessThan(0.01);
    const byRegion = new Float64Array(grid.regionNames.length);
    for (let c = 0; c < grid.cellCount; c++) if (grid.region[c] >= 0) byRegion[grid.region[c]] += grid.population[c];
    grid.regionNames.forEach((name, r) => {
      expect(Math.abs(byRegion[r] - CENSUS_2020[name]) / CENSUS_2020[name], name).toBeLessThan(0.02);
    });
  });
});

describe('named hazard sites', () => {
  const sites = read('hazards/sites.geojson').features as Array<{ properties: Record<string, unknown>; geometry: Point }>;
  const places = new Map((read('places.geojson').features as Array<{ properties: Record<string, unknown>; geometry: Point }>).map((f) => [String(f.properties.id).replace('geonames:', ''), f.geometry.coordinates]));

  it('each site lies within its stated precision of its cited coordinate (or its GeoNames town)', () => {
    for (const site of sites) {
      const { id, precisionKm, locatedBy, source } = site.properties;
      expect(Number(precisionKm), String(id)).toBeGreaterThan(0);
      let cited: number[] | undefined = CITED_COORDINATES[String(id)];
      if (locatedBy === 'town (GeoNames point)') {
        const geonameId = /GeoNames (\d+)/.exec(String(source))?.[1];
        cited = geonameId ? places.get(geonameId) : undefined;
      }
      expect(cited, `${id}: no cited coordinate`).toBeDefined();
      expect(distance(site.geometry.coordinates, cited!, { units: 'kilometers' }), String(id)).toBeLessThanOrEqual(Number(precisionKm));
    }
  });

  it('each site carries a severity, a confidence and a source, and has non-zero demand in its cell', () => {
    expect(grid.sites.length).toBe(sites.length);
    for (const site of sites) {
      expect(['high', 'medium', 'low']).toContain(site.properties.confidence);
      expect(String(site.properties.source).length).toBeGreaterThan(20);
    }
    for (const site of grid.sites) expect(grid.hazardDemand[site.cell], site.name).toBeGreaterThan(0);
  });

  it('puts the Changxing Island base in a cell of its own with petrochemical demand', () => {
    const changxing = grid.sites.find((s) => s.name.startsWith('Changxing Island'))!;
    const t = grid.hazardTypes.indexOf('petrochemical');
    expect(grid.hazardDemandByType[changxing.cell * grid.hazardTypes.length + t]).toBeGreaterThan(0);
  });
});

describe('area hazards', () => {
  it('no single drawn area feature carries more than 10 % of the area demand (the documented cap)', () => {
    const total = grid.areaFeatures.reduce((a, f) => a + f.demand, 0);
    for (const feature of grid.areaFeatures) expect(feature.demand / total, feature.name).toBeLessThanOrEqual(0.1);
  });

  it('splits demand by the scenario mix (sites, areas, people)', () => {
    const mix = today.grid.demandMix;
    expect(grid.demandTotals.sites).toBeCloseTo(mix.sites * 10_000, 3);
    expect(grid.demandTotals.areas).toBeCloseTo(mix.areas * 10_000, 3);
    expect(grid.demandTotals.people).toBeCloseTo(mix.people * 10_000, 3);
  });
});

describe("today's documented baseline", () => {
  const existing = (today.bases as Array<Record<string, unknown>>).filter((b) => b.role === 'existing');

  it('every existing base is inline with operator, fleet, source, address, precision and confidence', () => {
    expect(existing.length).toBeGreaterThan(0);
    for (const base of existing) {
      const label = String(base.id);
      expect(base.file, label).toBeUndefined();
      expect(String(base.operator).length, label).toBeGreaterThan(5);
      expect(String(base.source).length, label).toBeGreaterThan(40);
      expect(String(base.sourceUrl), label).toMatch(/^https?:\/\//);
      expect(['high', 'medium', 'low'], label).toContain(base.confidence);
      expect(Number(base.precisionKm), label).toBeGreaterThanOrEqual(0);
      for (const entry of base.fleet as Array<{ aircraftTypeId: string }>) {
        const type = AIRCRAFT_CATALOGUE[entry.aircraftTypeId];
        expect(type, `${label}: ${entry.aircraftTypeId}`).toBeDefined();
        expect(type.sources.some((s) => /https?:\/\//.test(s)), entry.aircraftTypeId).toBe(true);
      }
    }
  });

  it('includes the Anshan provincial base (2 Bell 407, 6 Y-5B) and the Dalian rescue flying service', () => {
    const anshan = existing.find((b) => b.id === 'anshan-provincial-base')!;
    expect(anshan.fleet).toEqual([{ aircraftTypeId: 'Bell407', count: 2 }, { aircraftTypeId: 'Y-5B', count: 6 }]);
    expect(existing.some((b) => b.id === 'crs-beihai-dalian')).toBe(true);
  });

  it('states what each activation assumption includes', () => {
    for (const [id, override] of Object.entries(today.aircraft as Record<string, { activationMinutesDay?: number; sources?: string[] }>)) {
      if (override.activationMinutesDay === undefined) continue;
      expect(override.sources?.join(' '), id).toMatch(/activation/i);
    }
  });
});

describe('depot ground times', () => {
  /** Driving times from Shenyang read on the pages named in data/README.md ("Ground times"), minutes. */
  const CITED_MINUTES: Record<string, number> = {
    '210200': 330, // Dalian, by car 5–6 h (bbs.ycwblaw.com 2025)
    '210600': 180, // Dandong, bus about 3 h (CCTV 2008; everychina)
    '210700': 180, // Jinzhou, bus about 3 h (CCTV 2008)
    '210500': 60, // Benxi, bus about 1 h (CCTV 2008)
    '210400': 60, // Fushun, by car about 1 h via Shenfu Avenue (123jzs.com)
  };
  const seats = new Map(
    (read('candidates.geojson').features as Array<{ properties: Record<string, unknown>; geometry: Point }>)
      .filter((f) => f.properties.kind === 'prefectureSeat')
      .map((f) => [String(f.properties.prefectureId), f.geometry.coordinates]),
  );
  const fromShenyang = (id: string): number => {
    const [a, b] = [seats.get('210100')!, seats.get(id)!];
    return groundMinutes(greatCircleKm(a[1], a[0], b[1], b[0]), STRAIGHT_LINE_FIT);
  };
  /** The straight-line fit (scripts/data/fitGroundTimes.ts); today.json uses the expressway graph (test/data/liaoningRoads.test.ts). */
  const STRAIGHT_LINE_FIT = { circuityFactor: 1.12, truckSpeedKmh: 85, loadingMinutes: 18 };

  it('the straight-line fit meets each cited driving time from Shenyang within 15 %', () => {
    for (const [id, minutes] of Object.entries(CITED_MINUTES)) expect(Math.abs(fromShenyang(id) - minutes) / minutes, id).toBeLessThanOrEqual(0.15);
  });

  it('keeps Dalian within the 360-min depot standard (the old 1.3 × 60 km/h gave 7.7 h) and says Anshan is the outlier', () => {
    expect(fromShenyang('210200')).toBeLessThan(360);
    expect(groundMinutes(greatCircleKm(41.79222, 123.43278, 38.91222, 121.60222))).toBeGreaterThan(460);
    // The cited 2-h bus to Anshan (CCTV 2008) is 30 % above the model: documented, not fitted.
    expect((120 - fromShenyang('210300')) / 120).toBeGreaterThan(0.15);
  });
});

describe('weather by place', () => {
  const zones = read('conditions/weatherZones.geojson') as FeatureCollection;
  const seats = (read('candidates.geojson').features as Array<{ properties: Record<string, unknown>; geometry: Point }>).filter((f) => f.properties.kind === 'prefectureSeat');
  const points = { cellCount: seats.length, lngDeg: Float64Array.from(seats, (f) => f.geometry.coordinates[0]), latDeg: Float64Array.from(seats, (f) => f.geometry.coordinates[1]) };

  it('puts the port cities on the coast and the inland seats inland (20-km band from the coastline, documented rule)', () => {
    const map = weatherZoneByCell(points, zones);
    const zoneOf = Object.fromEntries(seats.map((f, i) => [String(f.properties.prefectureId), map.zones[map.zoneIndex[i]]]));
    for (const id of ['210200', '210800', '211400']) expect(zoneOf[id], id).toBe('coastal'); // Dalian, Yingkou, Huludao
    for (const id of ['210100', '210300', '210400', '210500', '210900', '211000', '211200', '211300']) expect(zoneOf[id], id).toBe('inland');
  });

  it('counts every grid cell at sea (off the province, south of 41 N, between Hebei and the Yalu) as coastal', () => {
    const land = createPolygonIndex((read('province.geojson').features[0].geometry as MultiPolygon).coordinates);
    const map = weatherZoneByCell(grid, zones);
    let sea = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      // Cells off the province elsewhere lie on land in Hebei, Inner Mongolia, Jilin or North Korea (inland, rightly).
      if (land.contains(grid.lngDeg[c], grid.latDeg[c]) || grid.latDeg[c] >= 41 || grid.lngDeg[c] <= 119.9 || grid.lngDeg[c] >= 124.3) continue;
      sea++;
      expect(map.zones[map.zoneIndex[c]], `cell ${c}`).toBe('coastal');
    }
    expect(sea).toBeGreaterThan(100);
  });

  it('puts the seats of the cited eastern mountain counties in the mountain zone, and their prefecture seats not', () => {
    const all = (read('candidates.geojson').features as Array<{ properties: Record<string, unknown>; geometry: Point }>);
    const at = { cellCount: all.length, lngDeg: Float64Array.from(all, (f) => f.geometry.coordinates[0]), latDeg: Float64Array.from(all, (f) => f.geometry.coordinates[1]) };
    const map = weatherZoneByCell(at, zones);
    const zoneOfCode = new Map(all.map((f, i) => [String(f.properties.divisionCode ?? f.properties.id), map.zones[map.zoneIndex[i]]]));
    // Xinbin, Qingyuan, Benxi County, Huanren, Kuandian, Fengcheng, Xiuyan (m.66378.com; zuoseoyh.com).
    for (const code of ['210422', '210423', '210521', '210522', '210624', '210682', '210323']) expect(zoneOfCode.get(code), code).toBe('mountain');
    for (const id of ['seat:210400', 'seat:210500', 'seat:210600', 'seat:210300']) expect(zoneOfCode.get(id), id).not.toBe('mountain');
    const mountain = zones.features.find((f) => f.properties?.zone === 'mountain')!;
    expect((mountain.properties?.sources as string[]).length).toBeGreaterThanOrEqual(2);
    expect(zones.features[0].properties?.zone).toBe('coastal'); // a cell in both is coastal
  });

  it('the scenario reads the zones (the coastal share differs from the inland one)', () => {
    expect(today.conditions.weather.zones.file).toBe('conditions/weatherZones.geojson');
    const weather = read('conditions/weather.json');
    expect(weather.flyableShareByMonth.coastal).not.toEqual(weather.flyableShareByMonth.inland);
    // Mountain: the coastal fog span (ordering sourced), inland gale and thunder, more snow (assumptions).
    expect(weather.flyableShareByMonth.mountain).toEqual([0.7, 0.7, 0.8, 0.8, 0.8, 0.65, 0.65, 0.65, 0.8, 0.8, 0.8, 0.7]);
  });
});
