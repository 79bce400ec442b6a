import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { SitingProblem } from '../src/models/sitingProblem.js';

/**
 * CBC (COIN-OR branch-and-cut, Debian's `coinor-cbc`) as the floor to beat: the compact MILPs
 * spopt builds (and PuLP hands to CBC), written as MPS and solved by the `cbc` binary in its own
 * process, the way PuLP's COIN_CMD runs it.
 */

/** Installs `coinor-cbc` with apt-get when `cbc` is not on the PATH (the CI image lacks it). */
export function ensureCbc(): string {
  const found = spawnSync('sh', ['-c', 'command -v cbc'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  console.log('cbc not found: apt-get install -y coinor-cbc');
  execFileSync('apt-get', ['install', '-y', 'coinor-cbc'], { stdio: 'inherit' });
  return execFileSync('sh', ['-c', 'command -v cbc'], { encoding: 'utf8' }).trim();
}

/** Fixed-column MPS writer of a 0-1 model (names of at most 8 characters): rows `G`/`E`, every variable binary. */
function mps(name: string, rows: Array<{ name: string; type: 'G' | 'E'; rhs: number }>, columns: Array<{ name: string; cost: number; entries: Array<[string, number]> }>): string {
  const field = (text: string) => text.padEnd(8);
  const lines = [`NAME          ${name}`, 'ROWS', ' N  obj'];
  for (const row of rows) lines.push(` ${row.type}  ${row.name}`);
  lines.push('COLUMNS', "    MARKER                 'MARKER'                 'INTORG'");
  for (const column of columns) {
    if (column.cost !== 0 || column.entries.length === 0) lines.push(`    ${field(column.name)}  ${field('obj')}  ${column.cost}`);
    for (const [row, value] of column.entries) lines.push(`    ${field(column.name)}  ${field(row)}  ${value}`);
  }
  lines.push("    MARKER                 'MARKER'                 'INTEND'", 'RHS');
  for (const row of rows) if (row.rhs !== 0) lines.push(`    ${field('RHS')}  ${field(row.name)}  ${row.rhs}`);
  lines.push('BOUNDS');
  for (const column of columns) lines.push(` BV ${field('BND')}  ${column.name}`);
  lines.push('ENDATA', '');
  return lines.join('\n');
}

/** Sites within `standardMinutes` of each demand point. */
function coverLists(problem: SitingProblem, standardMinutes: number): number[][] {
  const lists: number[][] = [];
  for (let i = 0; i < problem.demandCount; i++) {
    const list: number[] = [];
    for (let k = problem.demandOffsets[i]; k < problem.demandOffsets[i + 1]; k++) if (problem.demandMinutes[k] <= standardMinutes) list.push(problem.demandSites[k]);
    lists.push(list);
  }
  return lists;
}

/**
 * spopt's MCLP (Church & ReVelle 1974): max Σ w_i y_i, Σ_{j∈N_i} x_j − y_i ≥ 0 for every demand
 * point, Σ x_j = p, x and y binary — every demand row, no reduction, as spopt builds it.
 * The objective is written as is; run CBC with `maximize`.
 */
export function maximalCoveringMps(problem: SitingProblem, standardMinutes: number, p: number): string {
  const lists = coverLists(problem, standardMinutes);
  const rows: Array<{ name: string; type: 'G' | 'E'; rhs: number }> = lists.map((_, i) => ({ name: `c${i}`, type: 'G', rhs: 0 }));
  rows.push({ name: 'p', type: 'E', rhs: p });
  const bySite: Array<Array<[string, number]>> = Array.from({ length: problem.siteCount }, () => []);
  lists.forEach((list, i) => list.forEach((j) => bySite[j].push([`c${i}`, 1])));
  const columns = bySite.map((entries, j) => ({ name: `x${j}`, cost: 0, entries: [...entries, ['p', 1] as [string, number]] }));
  for (let i = 0; i < problem.demandCount; i++) columns.push({ name: `y${i}`, cost: problem.demandWeights[i], entries: [[`c${i}`, -1]] });
  return mps('mclp', rows, columns);
}

/**
 * spopt's LSCP (Toregas et al. 1971): min Σ x_j, Σ_{j∈N_i} x_j ≥ 1 for every demand point with
 * weight > 0, x binary. A demand point no site reaches makes it infeasible, as in spopt.
 */
export function setCoveringMps(problem: SitingProblem, standardMinutes: number): string {
  const lists = coverLists(problem, standardMinutes);
  const rows: Array<{ name: string; type: 'G'; rhs: number }> = [];
  const bySite: Array<Array<[string, number]>> = Array.from({ length: problem.siteCount }, () => []);
  lists.forEach((list, i) => {
    if (problem.demandWeights[i] <= 0) return;
    rows.push({ name: `c${i}`, type: 'G', rhs: 1 });
    list.forEach((j) => bySite[j].push([`c${i}`, 1]));
  });
  // A row no column touches still needs the solver to see it: an empty row ≥ 1 is infeasible.
  return mps('lscp', rows, bySite.map((entries, j) => ({ name: `x${j}`, cost: 1, entries })));
}

/** What one CBC run reports. */
export interface CbcResult {
  /** `optimal`, `feasible` (stopped on the time limit with an incumbent), `infeasible`, `unknown`. */
  status: string;
  objective: number;
  /** The proven bound (upper for a maximisation, lower for a minimisation). */
  bound: number;
  gap: number;
  /** Wall time of the whole `cbc` process, seconds. */
  seconds: number;
  nodes: number;
  /** Selected columns named x<j>, from CBC's solution file. */
  selectedSites: number[];
}

/**
 * Runs `cbc <file> [maximize] sec <limit> timeMode elapsed branch printingOptions all solution <out>`
 * (PuLP's COIN_CMD command line) and parses its log and solution file; `seconds` is the process's
 * wall time, start to exit.
 */
export function runCbc(mpsPath: string, options: { maximize: boolean; timeLimitSeconds: number }): CbcResult {
  const solutionPath = `${mpsPath}.sol`;
  writeFileSync(solutionPath, '');
  const args = [mpsPath, ...(options.maximize ? ['-max'] : []), '-sec', String(options.timeLimitSeconds), '-timeMode', 'elapsed', '-branch', '-printingOptions', 'all', '-solution', solutionPath];
  const started = performance.now();
  const run = spawnSync('cbc', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  const log = run.stdout ?? '';
  const number = (label: RegExp) => {
    const match = log.match(label);
    return match ? Number(match[1]) : Number.NaN;
  };
  let status = 'unknown';
  if (/Result - Optimal solution found/.test(log)) status = 'optimal';
  else if (/Result - Problem proven infeasible|Problem is infeasible/i.test(log)) status = 'infeasible';
  else if (/Result - Stopped on time limit/.test(log)) status = 'feasible';
  const sign = options.maximize ? -1 : 1;
  let objective = number(/Objective value:\s+(-?[\d.e+-]+)/);
  // CBC minimises internally: with `-max` its log reports the negated values on some paths.
  if (options.maximize && objective < 0) objective = -objective;
  let bound = number(/(?:Lower|Upper) bound:\s+(-?[\d.e+-]+)/);
  if (Number.isFinite(bound)) bound = options.maximize ? Math.abs(bound) : bound;
  if (status === 'optimal') bound = objective;
  void sign;
  const nodes = number(/Enumerated nodes:\s+(\d+)/);
  const selectedSites: number[] = [];
  for (const line of readFileSync(solutionPath, 'utf8').split('\n')) {
    const match = line.match(/^\s*\d+\s+x(\d+)\s+(-?[\d.e+-]+)/);
    if (match && Number(match[2]) > 0.5) selectedSites.push(Number(match[1]));
  }
  if (status === 'feasible' && selectedSites.length === 0) status = 'unknown';
  const gap = Number.isFinite(bound) && Number.isFinite(objective) ? Math.abs(bound - objective) / Math.max(Math.abs(objective), 1e-9) : Number.NaN;
  return { status, objective, bound, gap, seconds, nodes, selectedSites: selectedSites.sort((a, b) => a - b) };
}
