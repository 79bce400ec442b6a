// Issue 16 on the matrix-instance path (`airreach solve`, parseInstance, solveInstance): size
// before work (refused from the declared sizes, before any allocation), limits that hold in
// every phase, finite arithmetic, and located errors on the capacitated path. Table-driven, with
// generated sizes and magnitudes; the suite prints what it tried per class.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { isAirreachError } from '../../src/errors.js';
import type { ModelName } from '../../src/models/sitingProblem.js';
import { readInstanceJson } from '../../src/io/readInstance.js';
import { parseInstance } from '../../src/solvers/kernel/parseInstance.js';
import { solveInstance, type InstanceSolution } from '../../src/solvers/kernel/solveInstance.js';
import { estimateSolveSize } from '../../src/solvers/kernel/estimateSolveSize.js';
import { solveMaximalCovering } from '../../src/solvers/covering/solveMaximalCovering.js';
import { solvePMedian } from '../../src/solvers/median/solvePMedian.js';
import { sitingProblemFromMatrix } from '../../src/models/sitingProblemFromMatrix.js';
import { runSolveCommand } from '../../src/cli/solveCommand.js';
import { TriedLog } from './triedLog.js';

const log = new TriedLog('matrix instances: size before work, limits, finite arithmetic, capacitated locations');
afterAll(() => log.print());

const GiB = 2 ** 30;

/** The AirreachError a call throws (or undefined when it returns). */
async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Every number in a result, anywhere (details included): none may be NaN, ±Infinity or null in a number's place. */
function badNumbers(value: unknown, path = ''): string[] {
  if (value === null) return [`${path} is null`];
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
  if (Array.isArray(value)) return value.flatMap((v, k) => badNumbers(v, `${path}/${k}`));
  if (typeof value === 'object') return Object.entries(value as object).flatMap(([k, v]) => badNumbers(v, `${path}/${k}`));
  return [];
}

function randomDense(rows: number, columns: number, seed: number): number[][] {
  let state = seed;
  const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.round(random() * 600) / 10));
}

describe('size before work: refused from the declared sizes, before anything is allocated', () => {
  it('a 98-byte sparse instance declaring 2e9 sites is refused naming candidateCount, with no memory taken', async () => {
    const text = '{"model":"setCovering","standardMinutes":10,"candidateCount":2000000000,"cover":[[[0,1]]]}';
    expect(text.length).toBeLessThan(100);
    const before = process.memoryUsage();
    const error = await thrown(() => parseInstance(JSON.parse(text), { file: 'x.json' }));
    const after = process.memoryUsage();
    log.record('size', isAirreachError(error) ? `${error.code} ${error.where.field}` : 'accepted!');
    expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { file: 'x.json', field: '/candidateCount' } });
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(64 * 2 ** 20);
  });

  it.each([3, 4, 5, 6, 7, 8, 9, 10])('candidateCount 1e%i (one pair): refused exactly when the estimate passes 2 GiB', async (power) => {
    const sites = 10 ** power;
    const json = { model: 'maximalCovering', standardMinutes: 10, siteCount: 1, candidateCount: sites, cover: [[[sites - 1, 1]]] };
    const estimate = estimateSolveSize('maximalCovering', { demandCount: 1, siteCount: sites, pairCount: 1, openCount: 1 });
    const error = await thrown(() => parseInstance(json));
    log.record('size', isAirreachError(error) ? `${error.code} at 1e${power} sites` : `accepted 1e${power} sites`);
    if (estimate.bytes > 2 * GiB) expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { field: '/candidateCount' } });
    else {
      expect(error).toBeUndefined();
      if (power <= 6) {
        const answer = await solveInstance(parseInstance(json));
        expect(answer).toMatchObject({ status: 'optimal', objective: 1, selectedSites: [sites - 1] });
      }
    }
  });

  it.each([
    [1, 1_000, 'accepted'],
    [1, 100_000, '/minutes/0'],
    [2, 30_000, '/minutes/0'],
    [100, 1_000, 'accepted'],
  ] as const)('p-median %i × %i: the sites² swap table is counted before it is allocated (%s)', async (rows, columns, outcome) => {
    const minutes = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i + j) % 97));
    const error = await thrown(() => parseInstance({ model: 'pMedian', siteCount: 2, minutes }));
    log.record('size', isAirreachError(error) ? `${error.code} pMedian ${rows}×${columns}` : `accepted pMedian ${rows}×${columns}`);
    if (outcome === 'accepted') expect(error).toBeUndefined();
    else expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { field: outcome } });
  });

  it.each([3, 5, 7, 9])('expectedCovering with aircraftCount 1e%i is refused or solved with finite numbers, never crashing HiGHS', async (power) => {
    const json = { model: 'expectedCovering', standardMinutes: 30, busyFraction: 0.3, aircraftCount: 10 ** power, minutes: [[5, 20], [25, 10]] };
    const error = await thrown(async () => {
      const answer = await solveInstance(parseInstance(json), { workLimit: 1e9 });
      expect(badNumbers(answer)).toEqual([]);
      expect((answer.details?.aircraftCounts as number[]).reduce((a, b) => a + b, 0)).toBe(10 ** power);
    });
    log.record('size', isAirreachError(error) ? `${error.code} at 1e${power} aircraft` : `solved 1e${power} aircraft`);
    if (power >= 7) expect(error).toMatchObject({ code: expect.stringMatching(/^E_(MEMORY|WORK)_BUDGET$/), where: { field: '/aircraftCount' } });
    else expect(error).toBeUndefined();
  });

  it('honours a smaller memory budget, and refuses a file too large to parse within it before reading it', async () => {
    const error = await thrown(() => parseInstance({ model: 'pMedian', siteCount: 1, minutes: randomDense(50, 50, 3) }, { memoryBytes: 10_000 }));
    expect(error).toMatchObject({ code: 'E_MEMORY_BUDGET' });
    const folder = mkdtempSync(join(tmpdir(), 'airreach-limits-'));
    const path = join(folder, 'big.json');
    writeFileSync(path, JSON.stringify({ model: 'pMedian', siteCount: 1, minutes: randomDense(200, 200, 4) }));
    const tooBig = await thrown(() => readInstanceJson(path, { memoryBytes: 100_000 }));
    log.record('size', isAirreachError(tooBig) ? `${tooBig.code} (file)` : 'read!');
    expect(tooBig).toMatchObject({ code: 'E_MEMORY_BUDGET', where: { file: path } });
  });

  it('reads instance files like every other input: no FIFO, bounded nesting, no reserved keys', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-limits-'));
    const deep = join(folder, 'deep.json');
    writeFileSync(deep, `{"model":"setCovering","standardMinutes":5,"minutes":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    const proto = join(folder, 'proto.json');
    writeFileSync(proto, '{"model":"setCovering","standardMinutes":5,"minutes":[[1]],"__proto__":{"siteCount":3}}');
    const fifo = join(folder, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const cases: Array<[string, string, Record<string, unknown>]> = [
      [deep, 'E_JSON_STRUCTURE', { file: deep, field: expect.stringMatching(/^\/minutes\/0/) }],
      [proto, 'E_JSON_STRUCTURE', { file: proto, field: '/__proto__' }],
      [fifo, 'E_FILE_READ', { file: fifo }],
    ];
    for (const [path, code, where] of cases) {
      const error = await thrown(() => readInstanceJson(path));
      log.record('structure', isAirreachError(error) ? `${error.code} (${path.slice(folder.length + 1)})` : 'read!');
      expect(error).toMatchObject({ code, where });
    }
  });
});

describe('limits that hold: every phase counts its work, so a budget ends every model', () => {
  const instances: Array<[ModelName, Record<string, unknown>]> = [
    ['setCovering', { standardMinutes: 25 }],
    ['maximalCovering', { standardMinutes: 20, siteCount: 4 }],
    ['backupCovering', { standardMinutes: 25, siteCount: 4 }],
    ['expectedCovering', { standardMinutes: 25, busyFraction: 0.3, aircraftCount: 6 }],
    ['pMedian', { siteCount: 4 }],
    ['pCenter', { siteCount: 4 }],
    ['capacitatedPMedian', { siteCount: 4, demands: Array(60).fill(1), capacities: Array(30).fill(20) }],
    ['capacitatedFacilityLocation', { demands: Array(60).fill(1), capacities: Array(30).fill(20), openingCosts: Array(30).fill(50) }],
  ];
  const cases = instances.flatMap(([model, fields]) => [1e4, 1e5, 1e6].map((workLimit) => [model, workLimit, fields] as const));
  it.each(cases)('%s stops within a work limit of %s', async (model, workLimit, fields) => {
    const minutes = randomDense(60, 30, 7);
    // The capacitated models' MILP runs only in exact mode here: HiGHS is interrupted at its own
    // checkpoints, which a MIP's root LP can pass by thousands of iterations (see HIGHS_WORK).
    const solverOptions = model.startsWith('capacitated') ? { mode: 'heuristic' } : {};
    const answer: InstanceSolution = await solveInstance(parseInstance({ model, minutes, ...fields }), { workLimit, solverOptions });
    log.record('limits', `${answer.stoppedBy}`);
    expect(['budget', 'proof']).toContain(answer.stoppedBy);
    expect(badNumbers(answer)).toEqual([]);
    // Steps that must complete for any answer (reductions, a greedy start, one HiGHS checkpoint)
    // may overshoot by about one pass over the dense model, never more.
    expect(answer.work).toBeLessThanOrEqual(workLimit + 60 * (60 * 30 + 60 + 30) * 20);
  });

  it.each(instances.map(([model, fields]) => [model, fields] as const))('%s under a clock cap of 0.1 ms still answers with a finite bound and gap (issue 17), saying the clock cut it', async (model, fields) => {
    const answer = await solveInstance(parseInstance({ model, minutes: randomDense(60, 30, 8), ...fields }), { timeLimitSeconds: 1e-4 });
    log.record('limits', `cap 0.1 ms: ${answer.stoppedBy}`);
    expect(badNumbers(answer)).toEqual([]);
    expect(['clock', 'proof']).toContain(answer.stoppedBy);
  });

  it('a reduction whose dominance search grows with the cube of the sites stops when the work runs out, and its answer stays valid', async () => {
    // Site j covers demand 0 … j: every site dominates the ones before it, and the pairwise search
    // would take about 1.7e9 steps; the work stays near the limit instead.
    const sites = 1500;
    const cover = Array.from({ length: sites }, (_, i) => Array.from({ length: sites - i }, (_, k) => [i + k, 1] as [number, number]));
    const answer = await solveInstance(parseInstance({ model: 'maximalCovering', standardMinutes: 5, siteCount: 1, candidateCount: sites, cover }), { workLimit: 2e7 });
    log.record('limits', `nested cover sets: ${answer.stoppedBy}`);
    expect(answer.work).toBeLessThan(1e8);
    // The last site covers everything: it is the optimum whatever the reduction had time for.
    expect(answer).toMatchObject({ objective: sites, selectedSites: [sites - 1] });
  });

  it('1 × 300,000 maximal covering ends on its clock cap or by proof (never running on for minutes)', async () => {
    const sites = 300_000;
    const cover = [Array.from({ length: sites }, (_, j) => [j, 5 + (j % 50)] as [number, number])];
    const answer = await solveInstance(parseInstance({ model: 'maximalCovering', standardMinutes: 30, siteCount: 3, candidateCount: sites, cover }), { timeLimitSeconds: 5 });
    log.record('limits', `1 × 300,000: ${answer.stoppedBy}`);
    expect(['clock', 'proof']).toContain(answer.stoppedBy);
    expect(answer.objective).toBe(1);
  });
});

describe('finite arithmetic: totals that overflow are refused; no result carries NaN, Infinity or null', () => {
  const models: Array<[ModelName, Record<string, unknown>]> = [
    ['setCovering', { standardMinutes: 30 }],
    ['maximalCovering', { standardMinutes: 30, siteCount: 1 }],
    ['backupCovering', { standardMinutes: 30, siteCount: 2 }],
    ['expectedCovering', { standardMinutes: 30, busyFraction: 0.2, aircraftCount: 2 }],
    ['pMedian', { siteCount: 1 }],
    ['pCenter', { siteCount: 1 }],
    ['capacitatedPMedian', { siteCount: 1, demands: [1, 1], capacities: [5, 5] }],
  ];
  const magnitudes = [1, 1e100, 1e300, 1e307, 1e308, 1.7e308];
  it.each(models.flatMap(([model, fields]) => magnitudes.map((weight) => [model, weight, fields] as const)))('%s with two demand weights of %s', async (model, weight, fields) => {
    const json = { model, minutes: [[5, 20], [25, 10]], demandWeights: [weight, weight], ...fields };
    let outcome: unknown;
    try {
      outcome = await solveInstance(parseInstance(json, { file: 'w.json' }));
    } catch (error) {
      outcome = error;
    }
    expect(outcome instanceof Error && !isAirreachError(outcome) ? String(outcome) : 'no raw error').toBe('no raw error');
    if (isAirreachError(outcome)) {
      log.record('finite', `${outcome.code} ${outcome.where.field}`);
      expect(outcome.code).toBe('E_MATRIX');
      expect(outcome.where).toMatchObject({ file: 'w.json', field: '/demandWeights' });
    } else {
      const answer = outcome as InstanceSolution;
      log.record('finite', `solved ${model}: ${answer.status}`);
      expect(badNumbers(answer)).toEqual([]);
      if (fields.siteCount !== undefined && answer.status === 'optimal') expect(answer.selectedSites).toHaveLength(fields.siteCount as number);
      expect(weight * 2).not.toBe(Infinity);
    }
  });

  it.each([
    ['siteCosts', { model: 'setCovering', standardMinutes: 30, minutes: [[5, 20]], siteCosts: [1e308, 1e308] }, '/siteCosts'],
    ['weights × minutes (p-median)', { model: 'pMedian', siteCount: 1, minutes: [[1e300, 20], [3, 1e300]], demandWeights: [1e10, 1] }, '/demandWeights'],
    ['capacities', { model: 'capacitatedPMedian', siteCount: 1, minutes: [[5, 20]], demands: [1], capacities: [1e308, 1e308] }, '/capacities'],
    ['opening costs', { model: 'capacitatedFacilityLocation', minutes: [[5, 20]], demands: [1], capacities: [5, 5], openingCosts: [1e308, 1e308] }, '/openingCosts'],
  ])('refuses overflowing %s', async (_, json, field) => {
    const error = await thrown(() => parseInstance(json, { file: 'o.json' }));
    log.record('finite', isAirreachError(error) ? `${error.code} ${error.where.field}` : 'accepted!');
    expect(error).toMatchObject({ code: 'E_MATRIX', where: { file: 'o.json', field } });
  });

  it('the library solvers refuse the same overflow (issue 16: "optimal" with a null objective for p = 1)', async () => {
    const problem = sitingProblemFromMatrix([[5, 20], [25, 10]], { demandWeights: [1e308, 1e308] });
    await expect(solveMaximalCovering(problem, { standardMinutes: 30, siteCount: 1 })).rejects.toMatchObject({ code: 'E_MATRIX', where: { field: 'demandWeights' } });
    expect(() => solvePMedian(problem, { siteCount: 1 })).toThrow(/E_MATRIX/);
  });
});

describe('the capacitated solve path: the same registry, unknown fields refused, errors with JSON paths', () => {
  const base = { model: 'capacitatedPMedian', siteCount: 2, minutes: [[0, 5, 9], [5, 0, 4], [3, 4, null]], demands: [2, 2, 1], capacities: [3, 3, 3] };
  it.each([
    ['an unknown field', { ...base, sitecount: 2 }, 'E_MODEL', '/sitecount'],
    ['demands missing', { ...base, demands: undefined }, 'E_MODEL', '/demands'],
    ['a negative demand', { ...base, demands: [2, -2, 1] }, 'E_MATRIX', '/demands/1'],
    ['demands of the wrong length', { ...base, demands: [2, 2] }, 'E_MATRIX', '/demands'],
    ['a capacity as a string', { ...base, capacities: [3, '3', 3] }, 'E_MATRIX', '/capacities/1'],
    ['capacity short of demand', { ...base, capacities: [1, 1, 1] }, 'E_CAPACITY', '/capacities'],
    ['a minutes string', { ...base, minutes: [[0, 5, 9], [5, 'x', 4], [3, 4, null]] }, 'E_MATRIX', '/minutes/1/1'],
    ['opening costs on a p-median', { ...base, openingCosts: [1, 1, 1] }, 'E_MODEL', '/openingCosts'],
    ['facility location without opening costs', { ...base, model: 'capacitatedFacilityLocation' }, 'E_MODEL', '/openingCosts'],
    ['exactSiteCount without siteCount', { ...base, model: 'capacitatedFacilityLocation', siteCount: undefined, openingCosts: [1, 1, 1], exactSiteCount: true }, 'E_OPTION', '/exactSiteCount'],
    ['a fixed site out of range', { ...base, fixedSites: [3] }, 'E_INDEX', '/fixedSites/0'],
  ])('%s → %s at %s (library and CLI)', async (_, json, code, field) => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-cap-'));
    const path = join(folder, 'instance.json');
    writeFileSync(path, JSON.stringify(json));
    const error = await thrown(() => parseInstance(JSON.parse(JSON.stringify(json)), { file: path }));
    log.record('capacitated', isAirreachError(error) ? `${error.code} ${error.where.field}` : 'accepted!');
    expect(error).toMatchObject({ code, where: { file: path, field } });
    const stderr = new PassThrough();
    let text = '';
    stderr.on('data', (chunk) => (text += chunk));
    const exit = await runSolveCommand([path], { stdout: new PassThrough(), stderr });
    expect(exit).toBe(2);
    expect(text).toContain(code);
    expect(text).toContain(field);
    expect(text).toContain(path);
  });

  it('solves the sparse form too, with the assignment within capacity', async () => {
    const answer = await solveInstance(parseInstance({ model: 'capacitatedPMedian', siteCount: 2, candidateCount: 3, cover: [[[0, 0], [1, 5]], [[1, 0], [2, 4]], [[0, 3], [2, 1]]], demands: [2, 2, 1], capacities: [3, 3, 3] }));
    expect(badNumbers(answer)).toEqual([]);
    expect(answer.status).toBe('optimal');
    expect(answer.assignment).toHaveLength(3);
  });
});
