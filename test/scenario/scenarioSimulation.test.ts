import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { readConditions } from '../../src/scenario/readConditions.js';
import { computeScenario, scenarioFiles } from '../../src/scenario/runScenario.js';
import { scenarioSimulation, simulationRows, startScenarioSimulation } from '../../src/scenario/scenarioSimulation.js';
import { answerQuestions, type QuestionAnswer } from '../../src/scenario/answerQuestions.js';
import { simulationText } from '../../src/report/simulationText.js';
import { createPool } from '../../src/engine/createPool.js';
import { isAirreachError } from '../../src/errors.js';
import { weatherAvailability } from '../../src/conditions/weatherAvailability.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('incident simulation in a scenario run', async () => {
  const loaded = await loadScenario(fixture('simulation.json'));
  const inputs = await readScenarioInputs(loaded);
  const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
  const result = await computeScenario(inputs, { conditions });
  const simulation = result.simulation!;

  it("simulates today's bases and each answer, with the scenario's standards, hospitals, weather and night share", () => {
    expect(simulation.plans.map((p) => p.label)).toEqual(["today's bases", ...result.answers.map((a, i) => `answer ${i + 1}: ${a.label}`)]);
    expect(simulation.plans[0].siteIds).toEqual(inputs.sites.filter((s) => s.role === 'existing').map((s) => s.id));
    expect(simulation.plans[1].siteIds).toEqual(result.answers[0].selectedSites.map((s) => s.id));
    const summary = simulation.plans[0].summary;
    expect(summary.standardsMinutes).toEqual([30, 60, 120]);
    expect(summary.replications).toBe(3);
    expect(summary.assumptions.transport).toContain('hospital');
    expect(summary.assumptions.onSceneMinutes).toBe(10);
    expect(simulation.plans[0].weather?.flyableShareByZone).toEqual([weatherAvailability('year', conditions!.weather!, { zone: 'inland' })]);
    expect(simulation.settings.nightShare).toBeGreaterThan(0.4);
    expect(simulation.settings.nightShare).toBeLessThan(0.5);
    expect(simulation.assumptions).toEqual(['ASSUMPTION: test figures']);
  });

  it('writes simulation.json, a report section and a terminal table', () => {
    const files = scenarioFiles(result);
    expect(JSON.parse(files['simulation.json']).plans).toHaveLength(simulation.plans.length);
    expect(files['report.html']).toContain('Incidents that overlap in time');
    const text = simulationText(simulationRows(simulation));
    expect(text.split('\n')).toHaveLength(1 + 2 * simulation.plans.length);
    expect(text).toContain('MEXCLP');
    expect(text).toContain('no free aircraft');
    expect(text).toContain('busiest base');
  });

  it('gives the same simulation.json on the worker pool', async () => {
    const pool = createPool({ threads: 2 });
    try {
      const parallel = await computeScenario(inputs, { conditions, pool });
      expect(scenarioFiles(parallel)['simulation.json']).toBe(scenarioFiles(result)['simulation.json']);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('simulates each plan as its answer is given, in any order, on the pool: the same simulation.json as at the end in one thread', async () => {
    const pool = createPool({ threads: 2 });
    try {
      const started = startScenarioSimulation(result.coverage, conditions, { pool, eager: true })!;
      // Answers given last first, twice for one of them: each plan is run once, and the run keeps plan order.
      [...result.answers.keys()].reverse().forEach((a) => started.answer(a, result.answers[a]));
      started.answer(0, result.answers[0]);
      const early = await started.finish(result.answers);
      expect(JSON.stringify(early)).toBe(JSON.stringify(simulation));
      // Without a pool too (each plan in this thread when its answer is given).
      const inThread = startScenarioSimulation(result.coverage, conditions, { eager: true })!;
      result.answers.forEach((answer, a) => inThread.answer(a, answer));
      expect(JSON.stringify(await inThread.finish(result.answers))).toBe(JSON.stringify(simulation));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('simulates an answer given early again when finish gets another answer for its place', async () => {
    const started = startScenarioSimulation(result.coverage, conditions, { eager: true })!;
    const other: QuestionAnswer = { ...result.answers[0], selectedSites: result.answers[result.answers.length - 1].selectedSites };
    started.answer(0, other);
    expect(JSON.stringify(await started.finish(result.answers))).toBe(JSON.stringify(simulation));
  });

  it('gets each answer from answerQuestions as it lands (onAnswer): the same answers, each once, and the same simulation', async () => {
    const questions = result.coverage.inputs.loaded.scenario.questions ?? [];
    const pool = createPool({ threads: 2 });
    try {
      for (const on of [pool, undefined]) {
        const told = new Map<number, QuestionAnswer>();
        const started = startScenarioSimulation(result.coverage, conditions, { pool: on, eager: true })!;
        const answers = await answerQuestions(result.coverage, questions, {
          pool: on,
          onAnswer: (a, answer) => {
            expect(told.has(a)).toBe(false);
            told.set(a, answer);
            started.answer(a, answer);
          },
        });
        expect([...told.keys()].sort()).toEqual(answers.map((_answer, a) => a));
        answers.forEach((answer, a) => expect(told.get(a)).toBe(answer));
        // The same answers as computeScenario's (runtimes aside).
        const timeless = (list: QuestionAnswer[]) => JSON.stringify(list.map(({ runtimeMs: _runtimeMs, ...rest }) => rest));
        expect(timeless(answers)).toBe(timeless(result.answers));
        expect(JSON.stringify(await started.finish(answers))).toBe(JSON.stringify(simulation));
      }
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('gives a settings error at finish, named at the scenario field, as scenarioSimulation does', async () => {
    const bad = { ...result.coverage, inputs: { ...result.coverage.inputs, loaded: { ...loaded, scenario: { ...loaded.scenario, simulation: { ...loaded.scenario.simulation!, onSceneMinutes: -1 } } } } };
    const started = startScenarioSimulation(bad, conditions, { eager: true })!;
    started.answer(0, result.answers[0]);
    const early = await started.finish(result.answers).catch((error: unknown) => error);
    const late = await scenarioSimulation(bad, result.answers, conditions).catch((error: unknown) => error);
    expect(isAirreachError(early) && early.where).toMatchObject({ file: loaded.file, field: '/simulation/onSceneMinutes' });
    expect(String(early)).toBe(String(late));
  });

  it('refuses a simulation too large before any coverage work, naming the scenario field', async () => {
    const big = { ...loaded, scenario: { ...loaded.scenario, simulation: { ...loaded.scenario.simulation, incidentsPerYear: 1e7, durationDays: 36_500 } } };
    try {
      await computeScenario(await readScenarioInputs(big), { conditions });
      expect.unreachable();
    } catch (error) {
      expect(isAirreachError(error, 'E_WORK_BUDGET') && error.where).toMatchObject({ file: loaded.file, field: '/simulation/incidentsPerYear' });
    }
  });

  it('puts each base in the weather zone of the polygon holding it (conditions.weather.zones), zones closing independently', async () => {
    const bases = inputs.sites.filter((site) => site.role === 'existing');
    expect(bases.length).toBeGreaterThan(1);
    // A "coastal" polygon around the first base only.
    const [lat, lng] = [bases[0].latDeg, bases[0].lngDeg];
    const zonesFile = join(mkdtempSync(join(tmpdir(), 'airreach-simzones-')), 'zones.geojson');
    writeFileSync(zonesFile, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { zone: 'coastal' }, geometry: { type: 'Polygon', coordinates: [[[lng - 0.01, lat - 0.01], [lng + 0.01, lat - 0.01], [lng + 0.01, lat + 0.01], [lng - 0.01, lat + 0.01], [lng - 0.01, lat - 0.01]]] } }] }));
    const zoned = { ...loaded.scenario.conditions!, weather: { ...loaded.scenario.conditions!.weather!, zones: { file: zonesFile } } };
    const withZones = await readConditions(zoned, loaded.file);
    const run = await computeScenario(inputs, { conditions: withZones });
    const weather = run.simulation!.plans[0].weather!;
    const share = (zone: string) => weatherAvailability('year', withZones!.weather!, { zone });
    expect(weather.flyableShareByZone).toEqual([share('inland'), share('coastal')]);
    expect(weather.baseZone).toEqual(bases.map((_b, i) => (i === 0 ? 1 : 0)));
    expect(run.simulation!.settings.flyableShareSource).toContain('by place');
    // The MEXCLP comparison weighs each base's own zone.
    const summary = run.simulation!.plans[0].summary;
    expect(summary.mexclp.flyableShare).toBeGreaterThan(Math.min(share('inland'), share('coastal')));
    expect(summary.mexclp.flyableShare).toBeLessThan(Math.max(share('inland'), share('coastal')));
  });
});
