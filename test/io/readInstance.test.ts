import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInstance, readInstanceFile } from '../../src/io/readInstance.js';
import { solveInstance } from '../../src/solvers/kernel/solveInstance.js';
import { errorOf } from '../errorOf.js';

const base = { model: 'pMedian', minutes: [[1, 9, 4], [8, 2, 6], [7, 5, 3]], siteCount: 2 };

describe('parseInstance', () => {
  it('builds a complete problem from the dense form', () => {
    const instance = parseInstance({ ...base, demandWeights: [1, 2, 0], fixedSites: [2] });
    expect(instance.problem.complete).toBe(true);
    expect(instance.problem.demandCount).toBe(3);
    expect(Array.from(instance.problem.demandMinutes.subarray(3, 6))).toEqual([8, 2, 6]);
    expect(instance.fixedSites).toEqual([2]);
  });

  it('builds sparse rows ascending by site from the cover form', () => {
    const instance = parseInstance({ model: 'setCovering', standardMinutes: 10, candidateCount: 3, cover: [[[2, 4], [0, 9]], [[1, 3]]] });
    expect(instance.problem.complete).toBe(false);
    expect(Array.from(instance.problem.demandOffsets)).toEqual([0, 2, 3]);
    expect(Array.from(instance.problem.demandSites)).toEqual([0, 2, 1]);
    expect(Array.from(instance.problem.demandMinutes)).toEqual([9, 4, 3]);
  });

  it.each([
    [{ ...base, minutes: [] }, 'E_MATRIX', '/minutes'],
    [{ ...base, minutes: [[1, 2], [3]] }, 'E_MATRIX', '/minutes/1'],
    [{ ...base, minutes: [[1, 2], [3, -1]] }, 'E_MATRIX', '/minutes/1/1'],
    [{ ...base, minutes: [[1, '2'], [3, 4]] }, 'E_MATRIX', '/minutes/0/1'],
    [{ ...base, minutes: [[1, null], [3, 4]] }, 'E_MATRIX', '/minutes/0/1'],
    [{ ...base, demandWeights: [1, -2, 1] }, 'E_MATRIX', '/demandWeights/1'],
    [{ ...base, demandWeights: [1, 1] }, 'E_MATRIX', '/demandWeights'],
    [{ ...base, siteCount: 4 }, 'E_SITE_COUNT', '/siteCount'],
    [{ ...base, siteCount: 2, forbiddenSites: [0, 1] }, 'E_SITE_COUNT', '/siteCount'],
    [{ ...base, fixedSites: [1], forbiddenSites: [1] }, 'E_SITE_CONFLICT', '/fixedSites/0'],
    [{ ...base, fixedSites: [3] }, 'E_INDEX', '/fixedSites/0'],
    [{ ...base, model: 'pMedians' }, 'E_MODEL', '/model'],
    [{ ...base, siteCount: undefined }, 'E_MODEL', '/siteCount'],
    [{ ...base, model: 'setCovering' }, 'E_MODEL', '/standardMinutes'],
    [{ ...base, sitecount: 2 }, 'E_MODEL', '/sitecount'],
    [{ model: 'setCovering', standardMinutes: 5, candidateCount: 2, cover: [[[2, 4]]] }, 'E_INDEX', '/cover/0/0/0'],
    [{ model: 'setCovering', standardMinutes: 5, candidateCount: 2, cover: [[[1, 4], [1, 5]]] }, 'E_MATRIX', '/cover/0/1/0'],
    [{ model: 'pMedian', siteCount: 1, candidateCount: 2, cover: [[[1, 4]]] }, 'E_MODEL', '/unreachableMinutes'],
    [{ ...base, model: 'expectedCovering', standardMinutes: 5, busyFraction: 1 }, 'E_OPTION', '/busyFraction'],
  ])('rejects bad input %#', (input, code, field) => {
    const error = errorOf(() => parseInstance(JSON.parse(JSON.stringify(input)), { file: 'x.json' }));
    expect(error.code).toBe(code);
    expect(error.where.field).toBe(field);
    expect(error.where.file).toBe('x.json');
  });

  it('gives the row and column of a bad matrix cell', () => {
    const error = errorOf(() => parseInstance({ ...base, minutes: [[1, 2, 3], [4, 5, 6], [7, 8, 'x']] }));
    expect(error.where).toMatchObject({ row: 2, column: 2 });
  });
});

describe('readInstanceFile and solveInstance', () => {
  const folder = mkdtempSync(join(tmpdir(), 'airreach-instance-'));

  it('reads, solves and answers with 0-based ascending sites (pMedian and pCenter)', async () => {
    const path = join(folder, 'ok.json');
    writeFileSync(path, JSON.stringify(base));
    const median = await solveInstance(await readInstanceFile(path), { timeLimitSeconds: 10 });
    // Brute force over the 3 pairs: {0,1} = 1+2+5 = 8, {0,2} = 1+6+3 = 10, {1,2} = 4+2+3 = 9.
    expect(median).toMatchObject({ status: 'optimal', objective: 8, bound: 8, gap: 0, selectedSites: [0, 1] });
    const center = await solveInstance(parseInstance({ ...base, model: 'pCenter' }), { timeLimitSeconds: 10 });
    // max-min: {0,1} = 5, {0,2} = 6, {1,2} = 4.
    expect(center).toMatchObject({ status: 'optimal', objective: 4, selectedSites: [1, 2] });
  });

  it('dispatches the covering models', async () => {
    const cover = await solveInstance(parseInstance({ ...base, model: 'setCovering', siteCount: undefined, standardMinutes: 4 }));
    // Site 0 covers demand 0; site 1 demand 1; site 2 demand 0 and 2 (≤ 4): {1, 2} covers all.
    expect(cover).toMatchObject({ status: 'optimal', objective: 2, selectedSites: [1, 2] });
  });

  it('names the file and line of broken JSON', async () => {
    const path = join(folder, 'broken.json');
    writeFileSync(path, '{\n  "model": "pMedian",\n  "minutes": [[1, 2],]\n}');
    await expect(readInstanceFile(path)).rejects.toMatchObject({ code: 'E_JSON_SYNTAX', where: { file: path } });
    await expect(readInstanceFile(join(folder, 'missing.json'))).rejects.toMatchObject({ code: 'E_FILE_READ' });
  });

  it('solves the capacitated models through the same registry, and names their missing fields', async () => {
    // The capacitated models were once refused here; every model of the registry is solvable now.
    const error = errorOf(() => parseInstance({ ...base, model: 'capacitatedPMedian' }, { file: 'x.json' }));
    expect(error).toMatchObject({ code: 'E_MODEL', where: { file: 'x.json', field: '/demands' } });
    // Capacity 2 per site, demand 1 per point. By hand: {0, 1} = 1 + 2 + 5 = 8 (site 1 serves points 1 and 2),
    // {0, 2} = 1 + 6 + 3 = 10, {1, 2} = 4 + 2 + 3 = 9 (site 2 serves points 0 and 2): all within capacity.
    const answer = await solveInstance(parseInstance({ ...base, model: 'capacitatedPMedian', demands: [1, 1, 1], capacities: [2, 2, 2] }));
    expect(answer).toMatchObject({ status: 'optimal', objective: 8, selectedSites: [0, 1], assignment: [0, 1, 1], stoppedBy: 'proof' });
  });
});
