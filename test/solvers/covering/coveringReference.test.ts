import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CoverageMatrix } from '../../../src/coverage/coverageMatrix.js';
import { evaluateMaximalCovering } from '../../../src/models/maximalCovering.js';
import { evaluateSetCovering } from '../../../src/models/setCovering.js';
import { sitingProblemFromCoverage } from '../../../src/models/sitingProblemFromCoverage.js';
import { solveMaximalCovering } from '../../../src/solvers/covering/solveMaximalCovering.js';
import { solveSetCovering } from '../../../src/solvers/covering/solveSetCovering.js';
import { euclideanProblem } from '../euclideanProblem.js';

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8'));

interface PlaneFixture {
  totalDemand: number;
  points: number[][];
  reference: Record<string, { lscp: number; mclp: number[] }>;
}

/** Every LSCP and MCLP value of a README table, checked as proven optima. */
async function checkTable(data: PlaneFixture) {
  const problem = euclideanProblem(data.points);
  for (const [standard, row] of Object.entries(data.reference)) {
    const standardMinutes = Number(standard);
    const lscp = await solveSetCovering(problem, { standardMinutes });
    expect(lscp.status, `LSCP S=${standard}`).toBe('optimal');
    expect(lscp.objective, `LSCP S=${standard}`).toBe(row.lscp);
    expect(evaluateSetCovering(problem, lscp.selectedSites, { standardMinutes }).feasible).toBe(true);
    for (let p = 1; p <= row.mclp.length; p++) {
      const result = await solveMaximalCovering(problem, { standardMinutes, siteCount: p });
      expect(result.status, `MCLP S=${standard} p=${p}`).toBe('optimal');
      expect(result.objective, `MCLP S=${standard} p=${p}`).toBe(row.mclp[p - 1]);
      expect(evaluateMaximalCovering(problem, result.selectedSites, { standardMinutes }).objective).toBe(result.objective);
    }
    // Once p reaches the LSCP minimum, everything is covered.
    const full = await solveMaximalCovering(problem, { standardMinutes, siteCount: row.lscp });
    expect(full.objective).toBe(data.totalDemand);
  }
}

describe('Swain 55-node data (values of shared/bench-data/swain55/README.md)', () => {
  it('reproduces every LSCP minimum and MCLP optimum for S = 5 … 30', async () => {
    await checkTable(fixture('swain55/swain55.json'));
  });
});

describe('SJC324 (values of shared/bench-data/sjc-mclp/README.md)', () => {
  it('reproduces the LSCP minimum and the MCLP optima at S = 800 m and 1200 m', async () => {
    await checkTable(fixture('sjc-mclp/sjc324.json'));
  });
});

describe('OR-Library set covering (Beasley 1987)', () => {
  for (const name of ['scp41', 'scp42']) {
    it(`${name}: proves the published optimum`, async () => {
      const data = fixture(`orlib-scp/${name}.json`) as { optimum: number; rowCount: number; columnCount: number; costs: number[]; rows: number[][] };
      // "Site j covers row i" as a coverage matrix with 0 minutes on every covering pair.
      const bySite: number[][] = Array.from({ length: data.columnCount }, () => []);
      data.rows.forEach((columns, row) => columns.forEach((c) => bySite[c].push(row)));
      const matrix = CoverageMatrix.fromRows(data.columnCount, data.rowCount, bySite.map((cells) => ({ cells: Uint32Array.from(cells), minutes: new Float32Array(cells.length) })), 0);
      const problem = sitingProblemFromCoverage(matrix, new Float64Array(data.rowCount).fill(1), { siteCosts: data.costs });
      const result = await solveSetCovering(problem, { standardMinutes: 0 });
      expect(result.status).toBe('optimal');
      expect(result.objective).toBe(data.optimum);
      expect(result.bound).toBe(data.optimum);
      expect(evaluateSetCovering(problem, result.selectedSites, { standardMinutes: 0 })).toMatchObject({ feasible: true, objective: data.optimum });
    });
  }
});
