import { describe, expect, it } from 'vitest';
import { AirreachError } from '../../src/errors.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { groundMinutes, groundTimeMatrix } from '../../src/depots/groundMinutes.js';
import { linkDepotTiers } from '../../src/depots/linkDepotTiers.js';
import { planDepots } from '../../src/depots/planDepots.js';
import type { DepotCandidate, DepotClient } from '../../src/depots/planDepots.js';
import { depotPlanGeoJson } from '../../src/depots/depotPlanGeoJson.js';
import { depotUtilisationTable } from '../../src/depots/depotUtilisationTable.js';

describe('groundMinutes', () => {
  it('is straight-line km × circuity ÷ truck speed, plus loading', () => {
    expect(groundMinutes(100)).toBeCloseTo(130, 9);
    expect(groundMinutes(50, { circuityFactor: 1.4, truckSpeedKmh: 70, loadingMinutes: 10 })).toBeCloseTo(10 + 60, 9);
  });

  it('matches the great-circle distance in the matrix form', () => {
    const a = { latDeg: 41.8057, lngDeg: 123.4315 };
    const b = { latDeg: 38.914, lngDeg: 121.6147 };
    const matrix = groundTimeMatrix([a, b], [b]);
    expect(matrix[0]).toBeCloseTo(groundMinutes(greatCircleKm(a.latDeg, a.lngDeg, b.latDeg, b.lngDeg)), 9);
    expect(matrix[1]).toBe(0);
  });

  it('rejects a circuity below 1 and a non-positive speed', () => {
    expect(() => groundMinutes(10, { circuityFactor: 0.9 })).toThrow(/circuityFactor/);
    expect(() => groundMinutes(10, { truckSpeedKmh: 0 })).toThrow(/truckSpeedKmh/);
  });
});

describe('linkDepotTiers', () => {
  const depots = [
    { id: 'central', tierLevel: 0 },
    { id: 'city-a', tierLevel: 1 },
    { id: 'city-b', tierLevel: 1 },
    { id: 'county-x', tierLevel: 2 },
  ];
  // Symmetric minutes between the four depots.
  const table = [
    [0, 100, 300, 150],
    [100, 0, 250, 40],
    [300, 250, 0, 90],
    [150, 40, 90, 0],
  ];
  const minutes = (a: number, b: number) => table[a][b];

  it('links each depot to the nearest depot one tier up', () => {
    expect(linkDepotTiers(depots, minutes, [0, 300, 60])).toEqual([
      { depotId: 'city-a', parentId: 'central', minutes: 100 },
      { depotId: 'city-b', parentId: 'central', minutes: 300 },
      { depotId: 'county-x', parentId: 'city-a', minutes: 40 },
    ]);
  });

  it('names every depot the tier rule cannot serve', () => {
    let error: unknown;
    try {
      linkDepotTiers(depots, minutes, [0, 200, 30]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AirreachError);
    const e = error as AirreachError;
    expect(e.code).toBe('E_INFEASIBLE');
    expect(e.message).toContain('city-b (tier 1: 300 min > 200 min)');
    expect(e.message).toContain('county-x (tier 2: 40 min > 30 min)');
    expect((e.value as Array<{ depotId: string }>).map((u) => u.depotId)).toEqual(['city-b', 'county-x']);
  });
});

describe('planDepots', () => {
  // A small Liaoning-like layout: Shenyang central depot (fixed), city candidates, and clients.
  const candidates: DepotCandidate[] = [
    { id: 'shenyang', latDeg: 41.8057, lngDeg: 123.4315, capacityTonnes: 60, tierLevel: 0, fixed: true },
    { id: 'dalian', latDeg: 38.914, lngDeg: 121.6147, capacityTonnes: 50, tierLevel: 1 },
    { id: 'jinzhou', latDeg: 41.0951, lngDeg: 121.1267, capacityTonnes: 50, tierLevel: 1 },
    { id: 'dandong', latDeg: 40.1245, lngDeg: 124.3943, capacityTonnes: 40, tierLevel: 1 },
    { id: 'far-away', latDeg: 45.5, lngDeg: 128.5, capacityTonnes: 80, tierLevel: 1 },
  ];
  const clients: DepotClient[] = [
    { id: 'base-sy', kind: 'base', latDeg: 41.64, lngDeg: 123.48, demandTonnes: 20 },
    { id: 'base-dl', kind: 'base', latDeg: 38.96, lngDeg: 121.54, demandTonnes: 15 },
    { id: 'cell-1', kind: 'cell', latDeg: 41.2, lngDeg: 121.3, demandTonnes: 18 },
    { id: 'cell-2', kind: 'cell', latDeg: 40.3, lngDeg: 124.1, demandTonnes: 12 },
    { id: 'cell-3', kind: 'cell', latDeg: 39.6, lngDeg: 122.0, demandTonnes: 25 },
    { id: 'cell-4', kind: 'cell', latDeg: 42.0, lngDeg: 123.0, demandTonnes: 30 },
  ];

  it('returns a JSON-able plan whose assignments respect capacity, the standard and the tier rule', async () => {
    const plan = await planDepots(candidates, clients, { siteCount: 3, standardMinutes: 360, maxMinutesToUpper: [0, 480], timeLimitSeconds: 10 });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.depots.map((d) => d.id)).toContain('shenyang');
    expect(plan.depots).toHaveLength(3);
    expect(plan.excludedByTierRule).toEqual(['far-away']);
    expect(plan.excludedByTierRuleNames).toHaveLength(1);
    const load = new Map<string, number>();
    for (const a of plan.assignments) {
      expect(a.minutes).toBeLessThanOrEqual(360);
      load.set(a.depotId, (load.get(a.depotId) ?? 0) + a.demandTonnes);
    }
    for (const depot of plan.depots) {
      expect(depot.loadTonnes).toBeCloseTo(load.get(depot.id) ?? 0, 9);
      expect(depot.loadTonnes).toBeLessThanOrEqual(depot.capacityTonnes);
    }
    expect(plan.totalDemandTonnes).toBe(120);
    const recomputed = plan.assignments.reduce((sum, a) => sum + a.demandTonnes * a.minutes, 0);
    expect(plan.objective).toBeCloseTo(recomputed, 6);
    expect(plan.bound).toBeLessThanOrEqual(plan.objective + 1e-9);
    for (const link of plan.tierLinks) expect(link.minutes).toBeLessThanOrEqual(480);

    const geojson = depotPlanGeoJson(plan);
    const layers = geojson.features.map((f) => f.properties?.layer);
    expect(layers.filter((l) => l === 'depot')).toHaveLength(3);
    expect(layers.filter((l) => l === 'assignment')).toHaveLength(clients.length);
    expect(layers.filter((l) => l === 'tierLink')).toHaveLength(plan.tierLinks.length);
    const { rows, csv } = depotUtilisationTable(plan);
    expect(rows.map((r) => r.depotId)).toEqual(plan.depots.map((d) => d.id));
    expect(csv.split('\n')[0]).toBe('depotId,tierLevel,fixed,capacityTonnes,loadTonnes,utilisationPercent,baseCount,cellCount,weightedMeanMinutes,maxMinutes');
  });

  it('serves bases by air when asked (activation + straight flight) and cells by road', async () => {
    const road = await planDepots(candidates, clients, { siteCount: 3, timeLimitSeconds: 5 });
    const air = await planDepots(candidates, clients, { siteCount: 3, baseMode: 'air', airSpeedKmh: 180, airActivationMinutes: 20, timeLimitSeconds: 5 });
    expect(road.assignments.every((a) => a.mode === 'road')).toBe(true);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    for (const a of air.assignments) {
      const depot = byId.get(a.depotId) as DepotCandidate;
      const km = greatCircleKm(a.latDeg, a.lngDeg, depot.latDeg, depot.lngDeg);
      expect(a.mode).toBe(a.kind === 'base' ? 'air' : 'road');
      expect(a.minutes).toBeCloseTo(a.kind === 'base' ? 20 + (km / 180) * 60 : groundMinutes(km), 6);
    }
  });

  it('names the clients no depot reaches within the standard', async () => {
    // cell-1 lies ≈ 18 km from Jinzhou (≈ 23 min by road); the others are farther from any depot.
    await expect(planDepots(candidates, clients, { siteCount: 3, standardMinutes: 30 })).rejects.toMatchObject({
      code: 'E_INFEASIBLE',
      value: ['cell-2', 'cell-3', 'cell-4'],
    });
  });

  it('blames the tier rule, not the standard, for clients only a candidate it left out would serve', async () => {
    // maxMinutesToUpper [0, 1] leaves out every tier-1 candidate; the error said only that the
    // clients had no depot within the standard, at standardMinutes, with no word of the rule.
    const error = await planDepots(candidates, clients, { siteCount: 1, standardMinutes: 120, maxMinutesToUpper: [0, 1] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_INFEASIBLE', value: [0, 1], where: { field: 'maxMinutesToUpper' } });
    expect((error as Error).message).toMatch(/because the tier rule left out the candidates within reach \(4 left out: dalian, jinzhou, dandong, far-away\)/);
    // Without the rule the same clients are blamed on the standard, as before.
    await expect(planDepots(candidates.slice(0, 1), clients, { siteCount: 1, standardMinutes: 120 })).rejects.toMatchObject({ code: 'E_INFEASIBLE', where: { field: 'standardMinutes' } });
  });

  it('names a fixed depot the tier rule cannot serve', async () => {
    const withFixedFar = candidates.map((c) => (c.id === 'far-away' ? { ...c, fixed: true } : c));
    await expect(planDepots(withFixedFar, clients, { siteCount: 3, maxMinutesToUpper: [0, 420] })).rejects.toMatchObject({
      code: 'E_INFEASIBLE',
      message: expect.stringContaining('far-away'),
    });
  });

  it('raises E_CAPACITY with the shortfall when the depots cannot hold the demand', async () => {
    const heavy = clients.map((c) => ({ ...c, demandTonnes: c.demandTonnes * 3 }));
    await expect(planDepots(candidates, heavy, { siteCount: 2 })).rejects.toMatchObject({ code: 'E_CAPACITY' });
  });

  it('facility location opens depots only when they pay for themselves', async () => {
    const costly = candidates.map((c) => ({ ...c, openingCost: c.fixed ? 0 : 1e9 }));
    const plan = await planDepots(costly.map((c) => ({ ...c, capacityTonnes: 200 })), clients, { model: 'facilityLocation', timeLimitSeconds: 5 });
    expect(plan.depots.map((d) => d.id)).toEqual(['shenyang']);
    expect(plan.model).toBe('capacitatedFacilityLocation');
  });
});
