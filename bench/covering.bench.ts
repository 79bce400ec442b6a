/**
 * Covering benchmark (issue 3). Run: `npx tsx bench/covering.bench.ts [--quick]`.
 *
 * 1. OR-Library set covering, sets 4, 5, 6, A–E (Beasley 1987), read as one integer stream
 *    from ../shared/bench-data/orlib-scp: objective, bound, gap, time vs the README optimum.
 * 2. Maximal covering, 20,000 demand × 500 candidates, p = 12, seeded (points uniform in a
 *    500 × 300 km box, weights 1 + 1000·u³), side by side with the plain MILP of the same
 *    model (spopt's formulation: y_i ≤ Σ_{j∈N_i} x_j, Σ x = p, x binary, y ∈ [0, 1], every
 *    demand row, no reduction) through the same `highs` package, under a time limit.
 *
 * Each solve runs once (a solve is seconds to minutes: tinybench's repetition adds nothing).
 * Results: bench/results/covering-scp.{json,md} and covering-mclp.{json,md}.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { CoverageMatrix } from '../src/coverage/coverageMatrix.js';
import { sitingProblemFromCoverage } from '../src/models/sitingProblemFromCoverage.js';
import { sitingProblemFromMatrix } from '../src/models/sitingProblemFromMatrix.js';
import { evaluateMaximalCovering } from '../src/models/maximalCovering.js';
import { createRandom } from '../src/random.js';
import { solveMaximalCovering } from '../src/solvers/covering/solveMaximalCovering.js';
import { solveMilp } from '../src/solvers/milp/solveMilp.js';
import { solveSetCovering } from '../src/solvers/covering/solveSetCovering.js';
import { writeBenchResults } from './benchReport.js';

const quick = process.argv.includes('--quick');
// The shared data sit beside the checkout (../shared); AIRREACH_BENCH_DATA names them from elsewhere (a worktree).
const dataFolder = process.env.AIRREACH_BENCH_DATA ? new URL(`file://${process.env.AIRREACH_BENCH_DATA.replace(/\/?$/, '/')}orlib-scp/`) : new URL('../../shared/bench-data/orlib-scp/', import.meta.url);
const SCP_TIME_LIMIT_SECONDS = quick ? 5 : 120;
const loadAtStart = () => `load average at start ${loadavg().map((v) => v.toFixed(1)).join(' / ')} (1 / 5 / 15 min) on 2 cores: other engineers' jobs share the machine`;
const MCLP_TIME_LIMIT_SECONDS = 120;
const MILP_TIME_LIMIT_SECONDS = quick ? 60 : 300;

// Optimal values from shared/bench-data/orlib-scp/README.md.
const SCP_OPTIMA: Record<string, number> = {
  scp41: 429, scp42: 512, scp43: 516, scp44: 494, scp45: 512, scp46: 560, scp47: 430, scp48: 492, scp49: 641, scp410: 514,
  scp51: 253, scp52: 302, scp53: 226, scp54: 242, scp55: 211, scp56: 213, scp57: 293, scp58: 288, scp59: 279, scp510: 265,
  scp61: 138, scp62: 146, scp63: 145, scp64: 131, scp65: 161,
  scpa1: 253, scpa2: 252, scpa3: 232, scpa4: 234, scpa5: 236, scpb1: 69, scpb2: 76, scpb3: 80, scpb4: 79, scpb5: 72,
  scpc1: 227, scpc2: 219, scpc3: 243, scpc4: 219, scpc5: 215, scpd1: 60, scpd2: 66, scpd3: 72, scpd4: 62, scpd5: 61,
  scpe1: 5, scpe2: 5, scpe3: 5, scpe4: 5, scpe5: 5,
};

function readScp(name: string) {
  const tokens = readFileSync(new URL(`${name}.txt`, dataFolder), 'utf8').trim().split(/\s+/).map(Number);
  const [rowCount, columnCount] = tokens;
  const costs = tokens.slice(2, 2 + columnCount);
  let at = 2 + columnCount;
  const bySite: number[][] = Array.from({ length: columnCount }, () => []);
  for (let row = 0; row < rowCount; row++) {
    const k = tokens[at++];
    for (let t = 0; t < k; t++) bySite[tokens[at++] - 1].push(row);
  }
  const matrix = CoverageMatrix.fromRows(columnCount, rowCount, bySite.map((cells) => ({ cells: Uint32Array.from(cells), minutes: new Float32Array(cells.length) })), 0);
  return sitingProblemFromCoverage(matrix, new Float64Array(rowCount).fill(1), { siteCosts: costs });
}

async function benchScp(): Promise<void> {
  const load = loadAtStart();
  const rows: Array<Record<string, unknown>> = [];
  const names = quick ? ['scp41', 'scp51', 'scp61', 'scpa1', 'scpe1'] : Object.keys(SCP_OPTIMA);
  for (const name of names) {
    const problem = readScp(name);
    const result = await solveSetCovering(problem, { standardMinutes: 0, timeLimitSeconds: SCP_TIME_LIMIT_SECONDS });
    const row = {
      instance: name,
      optimum: SCP_OPTIMA[name],
      objective: result.objective,
      bound: result.bound,
      gapPercent: result.gap * 100,
      status: result.status,
      matchesOptimum: result.objective === SCP_OPTIMA[name],
      seconds: result.runtimeMs / 1000,
      solver: result.solver,
    };
    console.log(JSON.stringify(row));
    rows.push(row);
  }
  const solved = rows.filter((r) => r.status === 'optimal').length;
  writeBenchResults('covering-scp', rows, [
    `solveSetCovering with timeLimitSeconds ${SCP_TIME_LIMIT_SECONDS} per instance; ${solved} of ${rows.length} proven optimal.`,
    'Optimal values: shared/bench-data/orlib-scp/README.md. `bound` is a proven lower bound (Lagrangian, branch-and-bound or HiGHS).',
    `Total ${rows.reduce((t, r) => t + Number(r.seconds), 0).toFixed(1)} s; ${load}.`,
  ]);
}

function mclpInstance(radiusKm: number) {
  const random = createRandom(20260101);
  const demandCount = 20_000;
  const siteCount = 500;
  const demand = Array.from({ length: demandCount }, () => [random.float() * 500, random.float() * 300]);
  const sites = Array.from({ length: siteCount }, () => [random.float() * 500, random.float() * 300]);
  const weights = demand.map(() => 1 + 1000 * random.float() ** 3);
  const distanceKm = new Float64Array(demandCount * siteCount);
  for (let i = 0; i < demandCount; i++) {
    for (let j = 0; j < siteCount; j++) distanceKm[i * siteCount + j] = Math.hypot(demand[i][0] - sites[j][0], demand[i][1] - sites[j][1]);
  }
  // "Minutes" are kilometres here: the standard is a radius, as in spopt's MCLP examples.
  return sitingProblemFromMatrix(distanceKm, { siteCount, demandWeights: weights, maxMinutes: radiusKm });
}

/** spopt's MCLP as a MILP on every demand row, no reduction (what a PuLP model would hold). */
async function plainMilp(problem: ReturnType<typeof mclpInstance>, radiusKm: number, p: number, relativeGap: number) {
  const { demandCount, siteCount, demandOffsets, demandSites, demandMinutes, demandWeights } = problem;
  const n = siteCount + demandCount;
  const columnCosts = new Float64Array(n);
  const integer = new Uint8Array(n);
  integer.fill(1, 0, siteCount);
  for (let i = 0; i < demandCount; i++) columnCosts[siteCount + i] = demandWeights[i];
  const offsets = new Int32Array(demandCount + 2);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < demandCount; i++) {
    for (let k = demandOffsets[i]; k < demandOffsets[i + 1]; k++) {
      if (demandMinutes[k] <= radiusKm) {
        indices.push(demandSites[k]);
        values.push(-1);
      }
    }
    indices.push(siteCount + i);
    values.push(1);
    offsets[i + 1] = indices.length;
  }
  for (let j = 0; j < siteCount; j++) {
    indices.push(j);
    values.push(1);
  }
  offsets[demandCount + 1] = indices.length;
  const rowLower = new Float64Array(demandCount + 1).fill(-Infinity);
  const rowUpper = new Float64Array(demandCount + 1);
  rowLower[demandCount] = rowUpper[demandCount] = p;
  return solveMilp(
    {
      sense: 'maximize', columnCosts, columnLower: new Float64Array(n), columnUpper: new Float64Array(n).fill(1), integer,
      rowLower, rowUpper, rowOffsets: offsets, rowColumns: Int32Array.from(indices), rowValues: Float64Array.from(values),
    },
    { timeLimitSeconds: MILP_TIME_LIMIT_SECONDS, relativeGap },
  );
}

async function benchMclp(): Promise<void> {
  const load = loadAtStart();
  const rows: Array<Record<string, unknown>> = [];
  const p = 12;
  const targetGap = 0.001;
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1e6;
  };
  // 50 km first: its first airreach solve then pays the one-off HiGHS load (≈ 0.1–0.2 s), as a
  // fresh process would; the 30 km solves close without HiGHS.
  for (const radiusKm of quick ? [30] : [50, 30]) {
    const problem = mclpInstance(radiusKm);
    const instance = `mclp 20000x500 p=${p} R=${radiusKm} km`;
    const ourRows: Array<Record<string, unknown>> = [];
    // Like with like: the MILP stops at mip_rel_gap 0.001, so airreach runs to the same proven
    // gap; the second row is the time to prove optimality outright.
    for (const ourGap of [targetGap, 0]) {
      const cpuStart = process.cpuUsage();
      const ours = await solveMaximalCovering(problem, { standardMinutes: radiusKm, siteCount: p, targetGap: ourGap, timeLimitSeconds: MCLP_TIME_LIMIT_SECONDS, reportTimings: true });
      const timings = (ours.details?.timings ?? {}) as Record<string, number>;
      const row = {
        instance,
        solver: `airreach ${ours.solver}`,
        targetGap: ourGap,
        status: ours.status,
        objective: ours.objective,
        bound: ours.bound,
        gapPercent: ours.gap * 100,
        coveredShare: Number(ours.details?.coveredShare),
        seconds: ours.runtimeMs / 1000,
        cpuSeconds: cpuSeconds(cpuStart),
        phasesMs: Object.entries(timings).map(([phase, ms]) => `${phase.replace(/Ms$/, '')} ${ms.toFixed(0)}`).join(', '),
        nodes: Number(ours.details?.branchAndBoundNodes),
        reducedRows: Number(ours.details?.reducedRows),
        reducedColumns: Number(ours.details?.reducedColumns),
      };
      console.log(JSON.stringify(row));
      ourRows.push(row);
    }
    const cpuStart = process.cpuUsage();
    const milp = await plainMilp(problem, radiusKm, p, targetGap);
    const milpRow = {
      instance,
      solver: `plain MILP (highs ${milp.highsStatus}, mip_rel_gap ${targetGap})`,
      targetGap,
      status: milp.status,
      objective: milp.objective,
      bound: milp.bound,
      gapPercent: milp.gap * 100,
      coveredShare: milp.columnValues ? evaluateMaximalCovering(problem, [...milp.columnValues.subarray(0, problem.siteCount)].flatMap((v, j) => (v > 0.5 ? [j] : [])), { standardMinutes: radiusKm }).coveredShare : Number.NaN,
      seconds: milp.runtimeMs / 1000,
      cpuSeconds: cpuSeconds(cpuStart),
      nodes: milp.nodeCount,
      reducedRows: problem.demandCount,
      reducedColumns: problem.siteCount,
      reachedTarget: milp.gap <= targetGap,
    };
    console.log(JSON.stringify(milpRow));
    // Speed-up of each airreach row over the MILP reaching 0.1 % (wall clock, as the target says).
    for (const row of ourRows) rows.push({ ...row, speedup: milp.runtimeMs / 1000 / Number(row.seconds), reachedTarget: Number(row.gapPercent) <= targetGap * 100 + 1e-9 });
    rows.push(milpRow);
  }
  writeBenchResults('covering-mclp', rows, [
    `Command: \`nice -n 15 npx tsx bench/covering.bench.ts --mclp-only\`.`,
    `Seeded instance (createRandom(20260101)): 20,000 demand points and 500 candidate sites uniform in a 500 × 300 km box, weights 1 + 1000·u³, p = ${p}, covered iff distance ≤ R.`,
    `airreach: solveMaximalCovering with targetGap ${targetGap} (the MILP's gap) and with targetGap 0 (prove optimality), time limit ${MCLP_TIME_LIMIT_SECONDS} s; \`phasesMs\` splits its wall time (reduce, greedy + interchange starts, subgradient, dual LP in HiGHS, branch-and-bound, MILP fallback). \`seconds\` is wall time of the solve (the instance is built before); \`speedup\` = MILP seconds / airreach seconds.`,
    'The first airreach solve in the process (50 km, targetGap 0.001) pays one-off costs the second (targetGap 0) does not: loading and compiling the HiGHS WebAssembly module inside its `lp` phase, and cold JIT; so its time is the honest fresh-process figure and the targetGap 0 row a warm one.',
    `Plain MILP: spopt's formulation on all 20,000 rows through the same highs 1.15.3 WebAssembly, mip_rel_gap ${targetGap}, time limit ${MILP_TIME_LIMIT_SECONDS} s. A time-limited MILP makes the speedup a lower bound (its time is the limit, not the time it would need).`,
    `One run each on a shared 2-core machine, ${load}, load average at the end ${loadavg().map((v) => v.toFixed(1)).join(' / ')}: timings can be off by a factor 2–4 under such load; cpuSeconds is this process's CPU time.`,
  ]);
}

if (!process.argv.includes('--mclp-only')) await benchScp();
if (!process.argv.includes('--scp-only')) await benchMclp();
