/**
 * Pins the expressway graph of the Liaoning depot ground times (data/liaoning/roads.json, built by
 * scripts/data/buildRoadNetwork.ts): every link sourced and not shorter than the straight line,
 * the graph connected, and every cited driving time the scenario fits met within 15 % by the
 * scenario's own settings. The cited table is read from roads.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { groundTimeMatrix } from '../../src/depots/groundMinutes.js';
import { shortestRoadKm } from '../../src/depots/roadNetwork.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';

const DIR = join(import.meta.dirname, '..', '..', 'data', 'liaoning');
const read = (rel: string) => JSON.parse(readFileSync(join(DIR, rel), 'utf8'));
const today = read('today.json');
const roads = read('roads.json') as {
  nodes: { id: string; name: string; latDeg: number; lngDeg: number }[];
  links: { from: string; to: string; roadKm: number; road: string; source: string; lengthFrom: string }[];
  citedMinutes: { from: string; to: string; minutes: number; source: string; use: 'fit' | 'excluded'; reason?: string }[];
  fit: { networkSpeedKmh: number; loadingMinutes: number; circuityFactor: number; truckSpeedKmh: number };
};
const settings = { ...today.depots.groundTime, network: roads };
const at = new Map(roads.nodes.map((n) => [n.id, n]));
const minutes = (from: string, to: string) => groundTimeMatrix([at.get(from)!], [at.get(to)!], settings)[0];

describe('Liaoning expressway graph (roads.json)', () => {
  it('has the 14 prefecture seats as nodes, every link sourced, and every seat reachable from Shenyang', () => {
    const seats = (read('candidates.geojson').features as { properties: { id: string; kind: string } }[]).filter((f) => f.properties.kind === 'prefectureSeat');
    for (const seat of seats) expect(at.has(seat.properties.id), seat.properties.id).toBe(true);
    for (const link of roads.links) {
      expect(link.source.length, `${link.from}–${link.to}`).toBeGreaterThan(20);
      expect(link.road.length).toBeGreaterThan(1);
    }
    const km = shortestRoadKm(roads);
    const n = roads.nodes.length;
    const shenyang = roads.nodes.findIndex((s) => s.id === 'seat:210100');
    for (let j = 0; j < n; j++) expect(km[shenyang * n + j], roads.nodes[j].name).toBeLessThan(Infinity);
  });

  it('gives cited links their cited length and the rest great circle × the stated circuity', () => {
    for (const link of roads.links) {
      const [a, b] = [at.get(link.from)!, at.get(link.to)!];
      const straight = greatCircleKm(a.latDeg, a.lngDeg, b.latDeg, b.lngDeg);
      expect(link.roadKm).toBeGreaterThanOrEqual(straight);
      if (link.lengthFrom !== 'cited') expect(link.roadKm).toBe(Math.round(straight * 1.12));
    }
  });

  it('the scenario uses the network method with the fitted speed and fixed minutes', () => {
    const { networkSpeedKmh, loadingMinutes, circuityFactor, truckSpeedKmh } = roads.fit;
    expect(today.depots.groundTime).toEqual({ method: 'network', network: { file: 'roads.json' }, networkSpeedKmh, loadingMinutes, circuityFactor, truckSpeedKmh });
  });

  it('meets every cited driving time it fits within 15 %', () => {
    const fitted = roads.citedMinutes.filter((c) => c.use === 'fit');
    expect(fitted.length).toBeGreaterThanOrEqual(7);
    for (const c of fitted) {
      expect(c.source.length).toBeGreaterThan(20);
      expect(Math.abs(minutes(c.from, c.to) - c.minutes) / c.minutes, `${c.from}–${c.to}`).toBeLessThanOrEqual(0.15);
    }
  });

  it('keeps the excluded Shenyang–Anshan bus time visible with its reason, and Anshan after Liaoyang on G15', () => {
    const excluded = roads.citedMinutes.filter((c) => c.use === 'excluded');
    expect(excluded.map((c) => c.to)).toEqual(['seat:210300']);
    expect(excluded[0].reason).toMatch(/Liaoyang/);
    expect(minutes('seat:210100', 'seat:210300')).toBeGreaterThan(minutes('seat:210100', 'seat:211000'));
    expect(Math.abs(minutes('seat:210100', 'seat:210300') - 120) / 120).toBeGreaterThan(0.15);
  });
});
