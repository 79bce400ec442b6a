import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { depotCandidates } from '../../src/scenario/scenarioDepots.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { groundTimeMatrix } from '../../src/depots/groundMinutes.js';
import { scenarioInputFiles } from '../../src/scenario/scenarioFingerprint.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPool, type AirreachPool } from '../../src/engine/createPool.js';
import { AirreachError } from '../../src/errors.js';
import type { DepotPlan } from '../../src/depots/planDepots.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('depot plan in a scenario run', async () => {
  const loaded = await loadScenario(fixture('depots.json'));
  const candidates = await depotCandidates(loaded.scenario.depots!, loaded.file);
  const result = await computeScenario(await readScenarioInputs(loaded), { depotCandidates: candidates });
  const plan = result.depots!;

  it('keeps the fixed central depot, opens siteCount more, and serves every client within capacity', () => {
    expect(candidates[0]).toMatchObject({ id: 'central', fixed: true });
    expect(plan.depots.map((d) => d.id)).toContain('central');
    expect(plan.depots).toHaveLength(2);
    for (const depot of plan.depots) expect(depot.loadTonnes).toBeLessThanOrEqual(depot.capacityTonnes + 1e-9);
    const bases = plan.assignments.filter((a) => a.kind === 'base');
    expect(bases.map((a) => a.clientId).sort()).toEqual(['B1', 'B2']);
    const hazardTonnes = result.coverage.grid.hazardDemand.reduce((a, b) => a + b, 0) * 0.5;
    expect(plan.totalDemandTonnes).toBeCloseTo(20 + hazardTonnes, 6);
    expect(plan.assignments.reduce((t, a) => t + a.demandTonnes, 0)).toBeCloseTo(plan.totalDemandTonnes, 6);
  });

  it('writes the depot layer, assignment lines and utilisation table', () => {
    const files = scenarioFiles(result);
    const layer = JSON.parse(files['depots.geojson']);
    const kinds = new Set(layer.features.map((f: { properties: { layer: string } }) => f.properties.layer));
    expect(kinds.has('depot') && kinds.has('assignment')).toBe(true);
    expect(files['depots.csv'].split('\n')[0]).toContain('utilisationPercent');
    expect(JSON.parse(files['depots.json']).depots).toHaveLength(2);
  });
});

describe('depot ground-time model from the scenario', async () => {
  const loaded = await loadScenario(fixture('depots.json'));
  loaded.scenario.depots = { ...loaded.scenario.depots!, groundTime: { circuityFactor: 1.5, truckSpeedKmh: 90, loadingMinutes: 7 } };
  const candidates = await depotCandidates(loaded.scenario.depots, loaded.file);
  const result = await computeScenario(await readScenarioInputs(loaded), { depotCandidates: candidates });

  it('times every road assignment as loading + km × circuity ÷ speed', () => {
    const depots = new Map(result.depots!.depots.map((d) => [d.id, d]));
    const road = result.depots!.assignments.filter((a) => a.mode === 'road');
    expect(road.length).toBeGreaterThan(0);
    for (const a of road) {
      const d = depots.get(a.depotId)!;
      expect(a.minutes).toBeCloseTo(7 + ((greatCircleKm(a.latDeg, a.lngDeg, d.latDeg, d.lngDeg) * 1.5) / 90) * 60, 6);
    }
  });
});

describe('depot ground times over a road network from the scenario', async () => {
  // Nodes: the four fixture candidates and the midpoints of the links C1–C3, C3–C2 and C3–C4;
  // each half-link at great circle × 1.2. A fast network and slow access make the network matter.
  const nodes = [
    { id: 'C1', latDeg: 42.3, lngDeg: 123.4 },
    { id: 'C2', latDeg: 40.8, lngDeg: 125.1 },
    { id: 'C3', latDeg: 41.4, lngDeg: 123.6 },
    { id: 'C4', latDeg: 41.9, lngDeg: 125.8 },
  ];
  const links: { from: string; to: string; roadKm: number }[] = [];
  for (const [a, b] of [[0, 2], [2, 1], [2, 3]]) {
    const mid = { id: `M${a}${b}`, latDeg: (nodes[a].latDeg + nodes[b].latDeg) / 2, lngDeg: (nodes[a].lngDeg + nodes[b].lngDeg) / 2 };
    nodes.push(mid);
    for (const end of [nodes[a], nodes[b]]) links.push({ from: end.id, to: mid.id, roadKm: Math.ceil(greatCircleKm(end.latDeg, end.lngDeg, mid.latDeg, mid.lngDeg) * 1.2) });
  }
  const network = { nodes, links };
  const folder = mkdtempSync(join(tmpdir(), 'airreach-roads-'));
  writeFileSync(join(folder, 'roads.json'), JSON.stringify(network));
  writeFileSync(join(folder, 'bad.json'), JSON.stringify({ ...network, links: [{ from: 'C1', to: 'C9', roadKm: 100 }] }));
  const groundTime = { method: 'network' as const, networkSpeedKmh: 150, circuityFactor: 1.3, truckSpeedKmh: 20, loadingMinutes: 5 };
  const run = async (file: string, pool?: AirreachPool) => {
    const loaded = await loadScenario(fixture('depots.json'));
    loaded.scenario.depots = { ...loaded.scenario.depots!, groundTime: { ...groundTime, network: { file } } };
    const candidates = await depotCandidates(loaded.scenario.depots, loaded.file);
    return computeScenario(await readScenarioInputs(loaded), { depotCandidates: candidates, pool });
  };
  const result = await run(join(folder, 'roads.json'));

  it('times every road assignment by the network method (never slower than the straight line at the access settings)', () => {
    const depots = new Map(result.depots!.depots.map((d) => [d.id, d]));
    const road = result.depots!.assignments.filter((a) => a.mode === 'road');
    expect(road.length).toBeGreaterThan(0);
    let faster = 0;
    for (const a of road) {
      const d = depots.get(a.depotId)!;
      const expected = groundTimeMatrix([a], [d], { ...groundTime, network })[0];
      const straight = 5 + ((greatCircleKm(a.latDeg, a.lngDeg, d.latDeg, d.lngDeg) * 1.3) / 20) * 60;
      expect(a.minutes).toBeCloseTo(expected, 6);
      expect(a.minutes).toBeLessThanOrEqual(straight + 1e-9);
      if (a.minutes < straight - 1) faster++;
    }
    expect(faster).toBeGreaterThan(0);
  });

  it('names the network file and the link\'s JSON path (as its schema errors do) when a link joins an unknown node', async () => {
    await expect(run(join(folder, 'bad.json'))).rejects.toMatchObject({ code: 'E_OPTION', where: { file: join(folder, 'bad.json'), field: '/links/0' } });
  });

  it('plans the same depots on a pool thread beside the questions, and fails with the same error', async () => {
    const pool = createPool({ threads: 2 });
    try {
      const onPool = await run(join(folder, 'roads.json'), pool);
      const strip = (plan: DepotPlan | null) => plan && { ...plan, runtimeMs: 0 };
      expect(strip(onPool.depots)).toEqual(strip(result.depots));
      expect(scenarioFiles(onPool)['depots.json']).toBe(scenarioFiles(result)['depots.json']);
      const inThread = await run(join(folder, 'bad.json')).catch((error: unknown) => error);
      const pooled = await run(join(folder, 'bad.json'), pool).catch((error: unknown) => error);
      expect(pooled).toBeInstanceOf(AirreachError);
      const fields = (error: unknown) => { const e = error as AirreachError; return { code: e.code, message: e.message, where: e.where, value: e.value, hint: e.hint, expected: e.expected }; };
      expect(fields(pooled)).toEqual(fields(inThread));
    } finally {
      await pool.close();
    }
  });

  it('queues the plan on the pool ahead of the questions (its network read before), and a missing network file fails as in one thread', async () => {
    const pool = createPool({ threads: 2 });
    const labels: string[] = [];
    const recording = new Proxy(pool, {
      get: (target, key, receiver) => (key === 'run' ? (task: Parameters<AirreachPool['run']>[0], options?: Parameters<AirreachPool['run']>[1]) => (labels.push(options?.label ?? ''), target.run(task, options)) : Reflect.get(target, key, receiver)),
    });
    const withQuestions = async (file: string, on?: AirreachPool) => {
      const loaded = await loadScenario(fixture('depots.json'));
      loaded.scenario.depots = { ...loaded.scenario.depots!, groundTime: { ...groundTime, network: { file } } };
      loaded.scenario.questions = [{ model: 'pCenter', siteCount: 2 }];
      const candidates = await depotCandidates(loaded.scenario.depots, loaded.file);
      return computeScenario(await readScenarioInputs(loaded), { depotCandidates: candidates, pool: on });
    };
    try {
      const onPool = await withQuestions(join(folder, 'roads.json'), recording);
      expect(onPool.answers).toHaveLength(1);
      const plan = labels.indexOf('depot plan');
      const firstQuestion = labels.findIndex((label) => label.startsWith('question'));
      expect(plan).toBeGreaterThanOrEqual(0);
      expect(firstQuestion).toBeGreaterThan(plan);
      const missing = join(folder, 'missing.json');
      const inThread = await withQuestions(missing).catch((error: unknown) => error);
      const pooled = await withQuestions(missing, pool).catch((error: unknown) => error);
      expect(inThread).toBeInstanceOf(AirreachError);
      expect((pooled as AirreachError).code).toBe((inThread as AirreachError).code);
      expect((pooled as AirreachError).message).toBe((inThread as AirreachError).message);
    } finally {
      await pool.close();
    }
  });

  it('resolves the network file of today.json beside the scenario and counts it among the inputs', async () => {
    const loaded = await loadScenario(fileURLToPath(new URL('../../data/liaoning/today.json', import.meta.url)));
    expect(loaded.scenario.depots!.groundTime!.network!.file).toMatch(/data\/liaoning\/roads\.json$/);
    expect(scenarioInputFiles(loaded)).toContain(loaded.scenario.depots!.groundTime!.network!.file);
  });
});

describe('depot candidates a where filter keeps none of', async () => {
  const loaded = await loadScenario(fixture('depots.json'));
  const settings = loaded.scenario.depots!;

  it('are refused at /depots/candidates/where even with a fixed depot, naming the layer and its properties', async () => {
    // The fixed depot hid the empty filter: the plan failed as infeasible at /depots/standardMinutes.
    const error = await depotCandidates({ ...settings, candidates: { ...settings.candidates, where: { kind: ['no-such-kind'] } } }, loaded.file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_EMPTY', value: { kind: ['no-such-kind'] }, where: { file: loaded.file, field: '/depots/candidates/where' } });
    expect((error as AirreachError).message).toContain(`the where filter keeps none of the`);
    expect((error as AirreachError).hint).toContain('Properties of the first feature');
    const none = await depotCandidates({ ...settings, fixed: undefined, candidates: { ...settings.candidates, where: { kind: ['no-such-kind'] } } }, loaded.file).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: 'E_EMPTY', where: { field: '/depots/candidates/where' } });
  });
});

describe('a depot siteCount over the candidates', async () => {
  const loaded = await loadScenario(fixture('depots.json'));
  const settings = loaded.scenario.depots!;

  it('is refused in the block\'s terms when the candidates are read: the number written, the depots besides the fixed', async () => {
    // The solver's refusal came after the grid and named the total with the fixed depot (got 51 for 50).
    const layerCandidates = (await depotCandidates(settings, loaded.file)).filter((c) => !c.fixed).length;
    const error = await depotCandidates({ ...settings, siteCount: layerCandidates + 1 }, loaded.file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_SITE_COUNT', value: layerCandidates + 1, where: { file: loaded.file, field: '/depots/siteCount' }, expected: `an integer from 1 to ${layerCandidates} (depots besides the 1 fixed)` });
    await expect(depotCandidates({ ...settings, siteCount: layerCandidates }, loaded.file)).resolves.toHaveLength(layerCandidates + 1);
  });
});
