import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeScenario } from '../../src/scenario/runScenario.js';
import { answersText } from '../../src/scenario/answersText.js';
import { readScenarioInputs } from '../../src/scenario/runCoverage.js';
import { greatCircleKm } from '../../src/travel/greatCircleKm.js';
import { responseMinutes } from '../../src/travel/responseMinutes.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('answerQuestions on the small siting scenario (checked by brute force)', async () => {
  const { coverage, answers } = await computeScenario(await readScenarioInputs(await loadScenario(fixture('siting.json'))));
  const { grid, inputs } = coverage;
  const sites = inputs.sites;
  const h135 = AIRCRAFT_CATALOGUE.H135;
  // Independent coverage sets: response minutes by the formula, ≤ 20.
  const reaches = sites.map((site) => {
    const set = new Set<number>();
    for (let c = 0; c < grid.cellCount; c++) {
      if (responseMinutes(greatCircleKm(site.latDeg, site.lngDeg, grid.latDeg[c], grid.lngDeg[c]), h135, 'day') <= 20) set.add(c);
    }
    return set;
  });
  const covered = (chosen: number[], weights: Float64Array) => {
    let total = 0;
    let hit = 0;
    for (let c = 0; c < grid.cellCount; c++) {
      total += weights[c];
      if (chosen.some((s) => reaches[s].has(c))) hit += weights[c];
    }
    return hit / total;
  };
  const existing = [0, 1];
  const candidates = [2, 3, 4, 5];
  const subsets = (items: number[], k: number): number[][] =>
    k === 0 ? [[]] : items.flatMap((item, i) => subsets(items.slice(i + 1), k - 1).map((rest) => [item, ...rest]));

  it('keeps the existing bases and adds the best candidate', () => {
    const answer = answers[0];
    expect(answer.status).toBe('optimal');
    expect(answer.selectedSites.map((s) => s.id).slice(0, 2)).toEqual(['B1', 'B2']);
    const best = Math.max(...candidates.map((c) => covered([...existing, c], grid.demand)));
    expect(answer.coveredShare).toBeCloseTo(best, 9);
    expect(answer.steps?.[1].gainShare).toBeCloseTo(best - covered(existing, grid.demand), 9);
  });

  const reachesWithin = (standard: number) =>
    sites.map((site) => {
      const set = new Set<number>();
      for (let c = 0; c < grid.cellCount; c++) {
        if (responseMinutes(greatCircleKm(site.latDeg, site.lngDeg, grid.latDeg[c], grid.lngDeg[c]), h135, 'day') <= standard) set.add(c);
      }
      return set;
    });
  const fewestCovering = (standard: number) => {
    const within = reachesWithin(standard);
    const all = [...existing, ...candidates];
    for (let k = 1; k <= all.length; k++) {
      for (const set of subsets(all, k)) {
        let ok = true;
        for (let c = 0; c < grid.cellCount && ok; c++) if (grid.demand[c] > 0 && !set.some((s) => within[s].has(c))) ok = false;
        if (ok) return k;
      }
    }
    return Infinity;
  };

  it('says infeasible, listing the unreachable demand, when no site set covers everything', () => {
    expect(fewestCovering(20)).toBe(Infinity);
    const answer = answers[1];
    expect(answer.status).toBe('infeasible');
    expect(Array.isArray(answer.details?.unreachableDemand)).toBe(true);
    expect((answer.details?.unreachableDemand as number[]).length).toBeGreaterThan(0);
    // The cover of the reachable rest is proven least (a planner reads it as the answer), by
    // brute force over the sites that reach something.
    const within = reachesWithin(20);
    const all = [...existing, ...candidates];
    const reachable = (c: number) => all.some((s) => within[s].has(c));
    let least = Infinity;
    for (let k = 0; k <= all.length && least === Infinity; k++) {
      for (const set of subsets(all, k)) {
        let ok = true;
        for (let c = 0; c < grid.cellCount && ok; c++) if (grid.demand[c] > 0 && reachable(c) && !set.some((s) => within[s].has(c))) ok = false;
        if (ok) {
          least = k;
          break;
        }
      }
    }
    expect(answer.selectedSites).toHaveLength(least);
    expect(answer.gap).toBe(0);
  });

  it('finds the fewest sites covering all demand from scratch', () => {
    const fewest = fewestCovering(45);
    expect(fewest).toBeLessThan(Infinity);
    const answer = answers[3];
    expect(answer.status).toBe('optimal');
    expect(answer.selectedSites).toHaveLength(fewest);
    expect(answer.coveredShare).toBeCloseTo(1, 12);
  });

  it('weights by hazard demand when asked; of the two sites asked for, the one that gains is listed and the other dropped as a tie', () => {
    const answer = answers[2];
    const best = Math.max(...subsets(candidates, 2).map((pair) => covered([...existing, ...pair], grid.hazardDemand)));
    expect(answer.coveredShare).toBeCloseTo(best, 9);
    // One candidate reaches all the hazard demand any of them adds: a second one adds nothing
    // (it was listed at '+0.0 points'), short of full coverage.
    expect(Math.max(...candidates.map((c) => covered([...existing, c], grid.hazardDemand)))).toBeCloseTo(best, 9);
    expect(best).toBeLessThan(1);
    const steps = answer.steps!;
    expect(steps).toHaveLength(2);
    expect(steps[0].coveredShare + steps[1].gainShare).toBeCloseTo(best, 9);
    expect(steps[1].gainShare).toBeGreaterThan(0);
    expect(answer.newSites).toHaveLength(1);
    expect(answer.details).toMatchObject({ tiesDropped: 1 });
  });
});

describe('the report page of a scenario with questions', async () => {
  const { scenarioFiles, reportAnswers } = await import('../../src/scenario/runScenario.js');
  const result = await computeScenario(await readScenarioInputs(await loadScenario(fixture('siting.json'))));

  it('opens with the answers: one card per question, with its status and every chosen site, new ones marked', () => {
    const html = scenarioFiles(result)['report.html'];
    const first = html.indexOf('<section id="');
    expect(html.slice(first, first + 30)).toContain('id="answers"');
    const cards = [...html.matchAll(/<article class="answer" data-answer="\d+">([\s\S]*?)<\/article>/g)].map((m) => m[1]);
    expect(cards).toHaveLength(result.answers.length);
    const mapped = reportAnswers(result);
    result.answers.forEach((answer, a) => {
      expect(cards[a]).toContain(answer.status === 'optimal' ? 'proven optimal' : answer.status);
      if (answer.status === 'infeasible') return;
      for (const site of answer.selectedSites) expect(cards[a]).toContain(`>${site.id}<`);
      expect(mapped[a].sites.filter((s) => s.isNew).map((s) => s.id)).toEqual(answer.newSites.map((s) => s.id));
    });
  });
});

describe('answerQuestions on the pool: the order jobs start in', () => {
  it('queues the heaviest first (an expected covering job by its aircraft count squared), ties in question order; the same answers as in one thread', async () => {
    const { createPool } = await import('../../src/engine/createPool.js');
    const pool = createPool({ threads: 2 });
    const labels: string[] = [];
    const recording = new Proxy(pool, {
      get: (target, key, receiver) => (key === 'run' ? (task: Parameters<typeof pool.run>[0], options?: Parameters<typeof pool.run>[1]) => (labels.push(options?.label ?? ''), target.run(task, options)) : Reflect.get(target, key, receiver)),
    });
    const scenario = async () => {
      const loaded = await loadScenario(fixture('siting.json'));
      loaded.scenario.questions = [
        { model: 'expectedCovering', standardMinutes: 20, siteCount: 2, busyFraction: 0.3, aircraftPerSite: 2 },
        { model: 'expectedCovering', standardMinutes: 20, siteCount: 5, busyFraction: 0.3, aircraftPerSite: 2 },
        { model: 'doubleStandard', standardMinutes: 20, looseStandardMinutes: 60, siteCount: 3 },
        { model: 'expectedCovering', standardMinutes: 20, siteCount: 5, busyFraction: 0.2, aircraftPerSite: 2 },
      ];
      return readScenarioInputs(loaded);
    };
    try {
      const onPool = await computeScenario(await scenario(), { pool: recording });
      // Weights: 8 × (2/14)² ≈ 0.16, 8 × (5/14)² ≈ 1.02 (twice), 3.
      expect(labels).toEqual(['question 3', 'question 2', 'question 4', 'question 1']);
      const inThread = await computeScenario(await scenario());
      const strip = (answers: typeof onPool.answers) => answers.map(({ runtimeMs: _runtimeMs, ...rest }) => rest);
      expect(strip(onPool.answers)).toEqual(strip(inThread.answers));
    } finally {
      await pool.close();
    }
  });
});

describe('answerQuestions: added sites that add nothing are ties, not an answer', () => {
  it('drops them after the last site that gains, also short of full coverage, and says so', async () => {
    const loaded = await loadScenario(fixture('siting.json'));
    // Within 1 minute no site reaches anything: each new site was listed at '+0.0 points' as if worth opening.
    const questions = [
      { model: 'maximalCovering' as const, standardMinutes: 1, additionalSites: 2 },
      { model: 'maximalCovering' as const, standardMinutes: 20, additionalSites: 4 },
    ];
    const { answers } = await computeScenario(await readScenarioInputs({ ...loaded, scenario: { ...loaded.scenario, questions } }));
    const [nothing, all] = answers;
    expect(nothing.status).toBe('optimal');
    expect(nothing.coveredShare).toBe(0);
    expect(nothing.newSites).toEqual([]);
    expect(nothing.selectedSites.map((site) => site.id)).toEqual(['B1', 'B2']);
    expect(nothing.steps).toHaveLength(1);
    expect(nothing.details).toMatchObject({ tiesDropped: 2 });
    expect(nothing.details?.allDemandCoveredWith).toBeUndefined();
    expect(answersText([nothing])).toContain('0.0 % of demand is covered with 2 sites: the other 2 asked for would add nothing (ties, not listed)');
    // Every site listed gains; the others, dropped, make up the number asked for.
    for (const step of all.steps!.slice(1)) expect(step.gainShare).toBeGreaterThan(0);
    expect(all.newSites.length + Number(all.details?.tiesDropped ?? 0)).toBe(4);
  });
});

describe('answerQuestions: a refused question is located where its author wrote the number', () => {
  it('names additionalSites (not the solver\'s siteCount) when more sites are asked than there are candidates', async () => {
    const loaded = await loadScenario(fixture('siting.json'));
    const questions = [{ model: 'maximalCovering' as const, standardMinutes: 20, additionalSites: 99 }];
    const failed = await computeScenario(await readScenarioInputs({ ...loaded, scenario: { ...loaded.scenario, questions } })).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failed).toMatchObject({ code: 'E_SITE_COUNT', where: { file: loaded.file, field: '/questions/0/additionalSites' } });
    // In the question's terms: the number written and the new sites there are (it said 'got 101' and 'from max(1, 2 fixed) to …').
    const inputs = await readScenarioInputs(loaded);
    const kept = inputs.sites.filter((site) => site.role === 'existing' || site.role === 'required').length;
    const open = inputs.sites.filter((site) => site.role !== 'forbidden').length - kept;
    expect(open).toBeGreaterThan(0);
    expect(failed).toMatchObject({ value: 99, expected: `an integer from 1 to ${open}` });
    // As siteCount's refusal says them (one check for both): the kept sites, what the field counts, how to fix.
    expect((failed as Error).message).toContain(`additionalSites counts the new sites alone, and there are ${open} candidates besides the ${kept} kept (${kept} existing, keepExisting)`);
    expect((failed as { hint: string }).hint).toBe('Ask for fewer additional sites, or add candidate sites (bases with role "candidate")');
  });

  it('names siteCount in the question\'s terms: it counts the kept bases, and cannot pass the sites there are', async () => {
    const loaded = await loadScenario(fixture('siting.json'));
    const inputs = await readScenarioInputs(loaded);
    const kept = inputs.sites.filter((site) => site.role === 'existing' || site.role === 'required').length;
    const allowed = inputs.sites.filter((site) => site.role !== 'forbidden').length;
    expect(kept).toBeGreaterThan(1);
    // It said 'siteCount is impossible for this problem (got 1); expected an integer from max(1, 2 fixed) to 6 allowed sites'.
    const below = await computeScenario(await readScenarioInputs({ ...loaded, scenario: { ...loaded.scenario, questions: [{ model: 'pMedian' as const, siteCount: 1 }] } })).then(() => null, (error: unknown) => error);
    expect(below).toMatchObject({ code: 'E_SITE_COUNT', value: 1, where: { file: loaded.file, field: '/questions/0/siteCount' }, expected: `an integer from ${kept} to ${allowed}` });
    expect((below as Error).message).toContain(`siteCount counts every site of the answer, and the answer keeps ${kept} (${kept} existing, keepExisting)`);
    expect((below as { hint: string }).hint).toContain('additionalSites');
    const above = await computeScenario(await readScenarioInputs({ ...loaded, scenario: { ...loaded.scenario, questions: [{ model: 'pMedian' as const, siteCount: allowed + 1 }] } })).then(() => null, (error: unknown) => error);
    expect(above).toMatchObject({ code: 'E_SITE_COUNT', value: allowed + 1, where: { field: '/questions/0/siteCount' }, expected: `an integer from ${kept} to ${allowed}` });
    // It said only 'siteCount is more than the 6 sites the question may choose from', naming not the kept ones.
    expect((above as Error).message).toContain(`siteCount counts every site of the answer, and there are ${allowed}: the ${kept} kept (${kept} existing, keepExisting) and ${allowed - kept} candidates`);
    expect((above as { hint: string }).hint).toBe('Ask for fewer sites, or add candidate sites (bases with role "candidate")');
  });
});

describe('answerQuestions, a p-median question\'s memory', () => {
  it('passes the run\'s solve budget (solveMemoryBytes: --memory-budget, the scenario\'s memoryBudget) to the p-median solver, which refuses over it at the question (a library caller without checkSitingBudget had no estimate)', async () => {
    const { answerQuestions } = await import('../../src/scenario/answerQuestions.js');
    const loaded = await loadScenario(fixture('siting.json'));
    const { coverage } = await computeScenario(await readScenarioInputs({ ...loaded, scenario: { ...loaded.scenario, questions: [] } }));
    const question = { model: 'pMedian' as const, siteCount: 3 };
    const refused = await answerQuestions(coverage, [question], { solveMemoryBytes: 1000 }).then(() => null, (error: unknown) => error);
    expect(refused).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { file: loaded.file, field: '/questions/0' }, value: { memoryBytes: 1000 } });
    expect((refused as Error).message).toMatch(/: a p-median solve of [\d,]+ demand points \(of positive weight\) and \d+ sites would take about/);
    const [answer] = await answerQuestions(coverage, [question]);
    expect(answer.status).toBe('optimal');
  });
});

describe('answerQuestions on the pool: a failed question stops the jobs after it, and the run\'s other pool work', () => {
  it('rejects with the failed question\'s error without waiting for a later question\'s job or the curve, which are stopped (not solved to no use)', { timeout: 30_000 }, async () => {
    const [{ createPool }, { serializeTaskError }, { AirreachError }] = await Promise.all([
      import('../../src/engine/createPool.js'),
      import('../../src/engine/taskError.js'),
      import('../../src/errors.js'),
    ]);
    const pool = createPool({ threads: 2 });
    const stopped: string[] = [];
    // Question 1's job fails in its worker; question 2's job and the curve would run until stopped (long solves).
    const faking = new Proxy(pool, {
      get: (target, key, receiver) =>
        key === 'run'
          ? (task: Parameters<typeof pool.run>[0], options?: Parameters<typeof pool.run>[1]) => {
              if (options?.label === 'question 1') return Promise.resolve([{ ok: false, error: serializeTaskError(new AirreachError('E_MODEL', 'HiGHS failed on the model')) }]);
              if (options?.label === 'question 2' || options?.label === 'coverage curve') {
                return new Promise((_resolve, reject) =>
                  options.signal?.addEventListener('abort', () => {
                    stopped.push(options.label ?? '');
                    reject(options.signal?.reason);
                  }),
                );
              }
              return target.run(task, options);
            }
          : Reflect.get(target, key, receiver),
    });
    try {
      const loaded = await loadScenario(fixture('siting.json'));
      loaded.scenario.questions = [
        { model: 'maximalCovering', standardMinutes: 20, additionalSites: 1 },
        { model: 'expectedCovering', standardMinutes: 20, siteCount: 5, busyFraction: 0.3, aircraftPerSite: 2 },
      ];
      loaded.scenario.curve = { standardsMinutes: [20], additionalSites: 2, period: 'day' };
      const failed = await computeScenario(await readScenarioInputs(loaded), { pool: faking }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failed).toMatchObject({ code: 'E_MODEL', where: { field: '/questions/0' } });
      expect(stopped.sort()).toEqual(['coverage curve', 'question 2']);
    } finally {
      await pool.close();
    }
  });
});
