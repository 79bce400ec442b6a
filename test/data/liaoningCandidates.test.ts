/**
 * Pins the candidate base sites of the Liaoning case against the cited list of county-level
 * divisions (Wikipedia "List of administrative divisions of Liaoning": 16 county-level cities,
 * 17 counties, 8 autonomous counties besides the 59 districts) and each seat placed on a
 * published coordinate against that coordinate (the pages are named in
 * scripts/data/liaoningCounties.ts and data/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import distance from '@turf/distance';
import type { FeatureCollection, MultiPolygon, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { COUNTY_DIVISIONS } from '../../scripts/data/liaoningCounties.js';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'liaoning');
const read = <T>(rel: string): T => JSON.parse(readFileSync(join(DIR, rel), 'utf8')) as T;
const candidates = read<FeatureCollection<Point>>('candidates.geojson').features;
const prefectures = read<FeatureCollection<MultiPolygon>>('prefectures.geojson').features;

/** Non-district county-level divisions per prefecture, counted in the cited Wikipedia table. */
const CITED_COUNTS: Record<string, number> = {
  '210100': 3, '210200': 3, '210300': 3, '210400': 3, '210500': 2, '210600': 3, '210700': 4,
  '210800': 2, '210900': 2, '211000': 2, '211100': 1, '211200': 5, '211300': 5, '211400': 3,
};

/** Coordinates as printed on the cited pages ([lng, lat], degrees; see liaoningCounties.ts for each page). */
const CITED_SEATS: Record<string, [number, number]> = {
  'seat:210124': [123 + 24 / 60 + 30 / 3600, 42 + 30 / 60 + 5 / 3600], // Faku 42°30′05″N 123°24′30″E
  'seat:210421': [124.0849, 41.9194], // Fushun County, Zhangdang government
  'seat:210422': [124.85667, 41.63417], // Xinbin
  'seat:210423': [124.91667, 42.09667], // Qingyuan
  'seat:210681': [123 + 59 / 60, 39 + 57 / 60], // Donggang 39°57′N 123°59′E
  'seat:210727': [121.239, 41.533], // Yi County
  'seat:210782': [121 + 47 / 60, 41 + 36 / 60], // Beizhen 41°36′N 121°47′E
  'seat:210922': [122 + 31 / 60 + 55 / 3600, 42 + 22 / 60 + 50 / 3600], // Zhangwu 42°22′50″N 122°31′55″E
  'seat:210921': [121 + 44 / 60 + 19 / 3600, 42 + 3 / 60 + 17 / 3600], // Fuxin Mongol AC 42°03′17″N 121°44′19″E
  'seat:211021': [123 + 4 / 60 + 27 / 3600, 41 + 12 / 60 + 44 / 3600], // Liaoyang County 41°12′44″N 123°04′27″E
  'seat:211221': [123.726, 42.2237], // Tieling city government, new city
  'seat:211324': [119.73999, 41.12359], // Harqin Left Wing (Kazuo)
  'seat:211422': [119.833, 40.817], // Jianchang
  'seat:210224': [122.66694, 39.26667], // Changhai Airport on Dachangshan (OurAirports)
  'district:210804': [122.12944, 40.26361], // Bayuquan
};

describe('candidate base sites against the cited list of county-level divisions', () => {
  it('the list has the cited number of non-district divisions per prefecture (41: 16 cities, 17 counties, 8 autonomous counties)', () => {
    const counts: Record<string, number> = {};
    for (const d of COUNTY_DIVISIONS) counts[d.prefectureId] = (counts[d.prefectureId] ?? 0) + 1;
    expect(counts).toEqual(CITED_COUNTS);
    expect(COUNTY_DIVISIONS.filter((d) => d.kind === 'city').length).toBe(16);
    expect(COUNTY_DIVISIONS.filter((d) => d.kind === 'county').length).toBe(17);
    expect(COUNTY_DIVISIONS.filter((d) => d.kind === 'autonomousCounty').length).toBe(8);
    expect(new Set(COUNTY_DIVISIONS.map((d) => d.code)).size).toBe(41);
    for (const d of COUNTY_DIVISIONS) expect(d.code.slice(0, 4), d.name).toBe(d.prefectureId.slice(0, 4));
  });

  it('every located division has exactly one candidate, inside its own prefecture', () => {
    for (const d of COUNTY_DIVISIONS) {
      const matches = candidates.filter((c) => c.properties?.divisionCode === d.code);
      if (d.seat.kind === 'geonames' || d.seat.kind === 'published') {
        expect(matches.length, d.name).toBe(1);
        const pref = prefectures.find((p) => booleanPointInPolygon(matches[0].geometry.coordinates, p));
        expect(String(pref?.properties?.id), d.name).toBe(d.prefectureId);
      } else {
        expect(matches.length, d.name).toBe(0);
        if (d.seat.kind === 'prefectureSeat') expect(candidates.some((c) => c.properties?.kind === 'prefectureSeat' && c.properties?.prefectureId === d.prefectureId), d.name).toBe(true);
      }
    }
  });

  it('says which divisions are not located (Tai\'an, Dengta, Diaobingshan) and which share the prefecture seat (Panshan, Chaoyang County)', () => {
    expect(COUNTY_DIVISIONS.filter((d) => d.seat.kind === 'notLocated').map((d) => d.code).sort()).toEqual(['210321', '211081', '211281']);
    expect(COUNTY_DIVISIONS.filter((d) => d.seat.kind === 'prefectureSeat').map((d) => d.code).sort()).toEqual(['211122', '211321']);
  });

  it('each seat placed on a published coordinate lies within its stated precision of it, with a source', () => {
    const published = candidates.filter((c) => c.properties?.sourceUrl);
    expect(published.map((c) => c.properties?.id).sort()).toEqual(Object.keys(CITED_SEATS).sort());
    for (const c of published) {
      const id = String(c.properties?.id);
      const km = distance(c.geometry.coordinates, CITED_SEATS[id], { units: 'kilometers' });
      expect(km, id).toBeLessThanOrEqual(Number(c.properties?.precisionKm));
      expect(Number(c.properties?.precisionKm), id).toBeLessThanOrEqual(10);
      expect(String(c.properties?.source).length, id).toBeGreaterThan(10);
      expect(String(c.properties?.sourceUrl), id).toMatch(/^https?:\/\//);
    }
  });

  it('every candidate lies in a prefecture, has a precision and no two share a point', () => {
    for (const c of candidates) {
      expect(prefectures.some((p) => booleanPointInPolygon(c.geometry.coordinates, p)), String(c.properties?.id)).toBe(true);
      expect(Number(c.properties?.precisionKm ?? 0), String(c.properties?.id)).toBeGreaterThanOrEqual(0);
    }
    const keys = candidates.map((c) => c.geometry.coordinates.join(','));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
