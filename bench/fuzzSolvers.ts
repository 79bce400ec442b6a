/**
 * Fuzz check of every model of the registry through `airreach solve`'s path
 * (`solveInstance(parseInstance(json))`) against brute force written here, independently of the
 * models' evaluators: seeded random tiny instances with nasty shapes (ties, zero weights, p = 0,
 * p = allowed sites, duplicated sites, demand nobody reaches, fixed and forbidden sites, one row
 * or one column, sparse form, small work limits). Checks: `optimal` ⇒ objective = brute-force
 * optimum (1e-9 relative); bound never on the wrong side of the optimum; gap = |bound − objective|
 * / max(|objective|, 1e-9); the answer keeps the rules and scores its objective here; same input
 * twice → same JSON (less runtimeMs); infeasible exactly when brute force says so; work within the
 * limit (a step passes it by what that step did: shown, failed only beyond 2 × limit + 1e4).
 * Refusals are listed, not failed: p = 0 and aircraftCount = 0 (p ≥ 1 by design), a plan that
 * opens no base, no site that may hold an aircraft, and what brute force finds infeasible.
 *
 *   nice -n 19 node --import tsx bench/fuzzSolvers.ts [--cli] [--first=1] [count per model = 300] [model …]
 *
 * With --cli every tenth instance also goes through the built `airreach solve` (run
 * `npm run build` first), whose printed JSON must be the library's answer.
 *
 * Prints per model: instances solved, refused by the parser (with codes), optimal, failures
 * (each with its seed and the JSON to reproduce it). Exit code 1 when any check failed.
 */
import { parseInstance } from '../src/solvers/kernel/parseInstance.js';
import { solveInstance } from '../src/solvers/kernel/solveInstance.js';
import { relativeGap } from '../src/solvers/kernel/finishResult.js';
import { createRandom, type Random } from '../src/random.js';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Json = Record<string, unknown>;
interface Case {
  json: Json;
  /** Brute force: the optimum, or null when the model has no feasible answer. */
  optimum: number | null;
  sense: 'minimize' | 'maximize';
  /** Scores the returned answer here; null when it breaks a rule. */
  score(answer: Json): number | null;
}

const tol = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

// ---------- generators of the shared shape ----------
interface Shape {
  m: number;
  n: number;
  t: (number | null)[][]; // minutes[i][j], null = pair absent (sparse) / unreachable
  w: number[];
  sparse: boolean;
  fixed: number[];
  forbidden: number[];
}

function shape(r: Random, opts: { maxM?: number; maxN?: number; allowNull?: boolean; rules?: boolean } = {}): Shape {
  const m = r.float() < 0.1 ? 1 : r.int(1, opts.maxM ?? 7);
  const n = r.float() < 0.1 ? 1 : r.int(1, opts.maxN ?? 6);
  const kind = r.int(0, 3);
  const cell = () => (kind === 0 ? r.int(1, 3) * 10 : kind === 1 ? r.int(0, 60) : kind === 2 ? Math.round(r.float() * 6000) / 100 : r.int(5, 40));
  const t: (number | null)[][] = Array.from({ length: m }, () => Array.from({ length: n }, cell));
  // Duplicated sites.
  if (n > 1 && r.float() < 0.3) {
    const a = r.int(0, n - 1);
    const b = r.int(0, n - 1);
    for (let i = 0; i < m; i++) t[i][b] = t[i][a];
  }
  // Duplicated demand rows.
  if (m > 1 && r.float() < 0.3) t[r.int(0, m - 1)] = [...t[r.int(0, m - 1)]];
  const sparse = opts.allowNull !== false && r.float() < 0.3;
  if (sparse) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (r.float() < 0.3) t[i][j] = null;
  // Weights: all zero, all one, small integers with zeros, decimals, 1–5, or magnitudes from 1e-6 to 1e6.
  const wk = r.int(0, 5);
  const w = Array.from({ length: m }, () =>
    wk === 0 ? 0 : wk === 1 ? 1 : wk === 2 ? r.int(0, 3) : wk === 3 ? Math.round(r.float() * 1000) / 100 : wk === 4 ? r.int(1, 5) : [1e-6, 0.1, 1, 1e3, 1e6][r.int(0, 4)],
  );
  const fixed: number[] = [];
  const forbidden: number[] = [];
  if (opts.rules !== false && r.float() < 0.4) {
    for (let j = 0; j < n; j++) {
      const u = r.float();
      if (u < 0.15) fixed.push(j);
      else if (u < 0.3) forbidden.push(j);
    }
  }
  return { m, n, t, w, sparse, fixed, forbidden };
}

function matrixJson(s: Shape): Json {
  if (s.sparse) {
    return {
      cover: s.t.map((row) => row.flatMap((v, j) => (v === null ? [] : [[j, v]]))),
      candidateCount: s.n,
    };
  }
  return { minutes: s.t.map((row) => row.map((v) => (v === null ? 9999 : v))) };
}

const minutesOf = (s: Shape, i: number, j: number) => (s.sparse ? s.t[i][j] : (s.t[i][j] ?? 9999));

function* subsetsOf(n: number): Generator<number[]> {
  for (let mask = 0; mask < 1 << n; mask++) {
    const set: number[] = [];
    for (let j = 0; j < n; j++) if (mask & (1 << j)) set.push(j);
    yield set;
  }
}
const allowedSet = (s: Shape, set: number[]) => s.fixed.every((f) => set.includes(f)) && !set.some((j) => s.forbidden.includes(j));
const reachCount = (s: Shape, i: number, counts: number[], S: number) => {
  let k = 0;
  for (let j = 0; j < s.n; j++) {
    const v = minutesOf(s, i, j);
    if (v !== null && v <= S) k += counts[j];
  }
  return k;
};
const indicator = (s: Shape, set: number[]) => {
  const c = new Array<number>(s.n).fill(0);
  for (const j of set) c[j] = 1;
  return c;
};
/** All integer vectors c with Σ c = total (or ≤ total), 0 ≤ c_j ≤ cap_j. */
function* allocations(n: number, total: number, cap: number[], atMost: boolean): Generator<number[]> {
  const c = new Array<number>(n).fill(0);
  function* rec(j: number, left: number): Generator<number[]> {
    if (j === n) {
      if (left === 0 || atMost) yield [...c];
      return;
    }
    for (let k = 0; k <= Math.min(cap[j], left); k++) {
      c[j] = k;
      yield* rec(j + 1, left - k);
    }
    c[j] = 0;
  }
  yield* rec(0, total);
}
const rulesJson = (s: Shape) => ({ ...(s.fixed.length ? { fixedSites: s.fixed } : {}), ...(s.forbidden.length ? { forbiddenSites: s.forbidden } : {}) });
const pickP = (r: Random, s: Shape) => {
  const allowed = s.n - s.forbidden.length;
  // p = 0 (refused: p ≥ 1) now and then; else from the fixed sites (at least 1) to every allowed site.
  if (r.float() < 0.05) return 0;
  const lo = Math.max(1, s.fixed.length);
  return r.float() < 0.15 ? Math.max(lo, allowed) : r.float() < 0.1 ? lo : r.int(lo, Math.max(lo, allowed));
};
const setOfAnswer = (s: Shape, answer: Json): number[] | null => {
  const sites = answer.selectedSites as number[];
  if (!Array.isArray(sites) || sites.some((j) => !Number.isInteger(j) || j < 0 || j >= s.n)) return null;
  if (new Set(sites).size !== sites.length) return null;
  return sites;
};
const countsOfAnswer = (s: Shape, answer: Json): number[] | null => {
  const sites = answer.selectedSites as number[];
  const details = answer.details as { aircraftCounts?: number[] } | undefined;
  const counts = new Array<number>(s.n).fill(0);
  for (let k = 0; k < sites.length; k++) {
    if (!Number.isInteger(sites[k]) || sites[k] < 0 || sites[k] >= s.n) return null;
    counts[sites[k]] += details?.aircraftCounts ? details.aircraftCounts[k] : 1;
  }
  return counts;
};

// ---------- models ----------
const generators: Record<string, (r: Random) => Case> = {
  setCovering(r) {
    const s = shape(r);
    const S = r.int(0, 60);
    const costs = r.float() < 0.5 ? Array.from({ length: s.n }, () => r.int(0, 5)) : undefined;
    const c = (j: number) => (costs ? costs[j] : 1);
    const covers = (set: number[]) => s.w.every((w, i) => w <= 0 || reachCount(s, i, indicator(s, set), S) > 0);
    let best: number | null = null;
    for (const set of subsetsOf(s.n)) {
      if (!allowedSet(s, set) || !covers(set)) continue;
      const v = set.reduce((a, j) => a + c(j), 0);
      if (best === null || v < best) best = v;
    }
    return {
      json: { model: 'setCovering', ...matrixJson(s), demandWeights: s.w, standardMinutes: S, ...(costs ? { siteCosts: costs } : {}), ...rulesJson(s) },
      optimum: best,
      sense: 'minimize',
      score: (a) => {
        const set = setOfAnswer(s, a);
        return set && allowedSet(s, set) && covers(set) ? set.reduce((x, j) => x + c(j), 0) : null;
      },
    };
  },
  maximalCovering(r) {
    const s = shape(r);
    const S = r.int(0, 60);
    const useBudget = r.float() < 0.3;
    const costs = useBudget || r.float() < 0.2 ? Array.from({ length: s.n }, () => r.int(0, 5)) : undefined;
    const budget = useBudget ? r.int(0, 10) : undefined;
    const p = useBudget ? undefined : pickP(r, s);
    const cost = (set: number[]) => set.reduce((a, j) => a + (costs ? costs[j] : 1), 0);
    const ok = (set: number[]) => allowedSet(s, set) && (useBudget ? cost(set) <= budget! : set.length === p);
    const value = (set: number[]) => s.w.reduce((a, w, i) => a + (reachCount(s, i, indicator(s, set), S) > 0 ? w : 0), 0);
    let best: number | null = null;
    for (const set of subsetsOf(s.n)) if (ok(set)) best = Math.max(best ?? -Infinity, value(set));
    return {
      json: { model: 'maximalCovering', ...matrixJson(s), demandWeights: s.w, standardMinutes: S, ...(costs ? { siteCosts: costs } : {}), ...(useBudget ? { budget } : { siteCount: p }), ...rulesJson(s) },
      optimum: best,
      sense: 'maximize',
      score: (a) => {
        const set = setOfAnswer(s, a);
        return set && ok(set) ? value(set) : null;
      },
    };
  },
  backupCovering(r) {
    const s = shape(r);
    const S = r.int(0, 60);
    const p = pickP(r, s);
    const ok = (set: number[]) => allowedSet(s, set) && set.length === p;
    const value = (set: number[], k: number) => s.w.reduce((a, w, i) => a + (reachCount(s, i, indicator(s, set), S) >= k ? w : 0), 0);
    let primary = -Infinity;
    for (const set of subsetsOf(s.n)) if (ok(set)) primary = Math.max(primary, value(set, 1));
    let best: number | null = null;
    for (const set of subsetsOf(s.n)) if (ok(set) && tol(value(set, 1), primary)) best = Math.max(best ?? -Infinity, value(set, 2));
    return {
      json: { model: 'backupCovering', ...matrixJson(s), demandWeights: s.w, standardMinutes: S, siteCount: p, ...rulesJson(s) },
      optimum: best,
      sense: 'maximize',
      score: (a) => {
        const set = setOfAnswer(s, a);
        return set && ok(set) && tol(value(set, 1), primary) ? value(set, 2) : null;
      },
    };
  },
  expectedCovering(r) {
    const s = shape(r, { maxN: 5 });
    const S = r.int(0, 60);
    const q = [0, 0.1, 0.3, 0.5, 0.9][r.int(0, 4)];
    const minP = r.float() < 0.05 ? 0 : Math.max(1, s.fixed.length);
    const P = r.int(minP, minP + 3);
    const capKind = r.int(0, 2);
    const capArr = capKind === 0 ? undefined : capKind === 1 ? r.int(1, 3) : Array.from({ length: s.n }, () => r.int(0, 3));
    const cap = Array.from({ length: s.n }, (_, j) => (s.forbidden.includes(j) ? 0 : capArr === undefined ? P : typeof capArr === 'number' ? capArr : capArr[j]));
    const ok = (c: number[]) => c.reduce((a, b) => a + b, 0) === P && c.every((k, j) => k <= cap[j]) && s.fixed.every((f) => c[f] >= 1) && s.forbidden.every((f) => c[f] === 0);
    const value = (c: number[]) => s.w.reduce((a, w, i) => a + w * (1 - q ** reachCount(s, i, c, S)), 0);
    let best: number | null = null;
    for (const c of allocations(s.n, P, cap, false)) if (ok(c)) best = Math.max(best ?? -Infinity, value(c));
    return {
      json: { model: 'expectedCovering', ...matrixJson(s), demandWeights: s.w, standardMinutes: S, busyFraction: q, aircraftCount: P, ...(capArr !== undefined ? { aircraftPerSite: capArr } : {}), ...rulesJson(s) },
      optimum: best,
      sense: 'maximize',
      score: (a) => {
        const c = countsOfAnswer(s, a);
        return c && ok(c) ? value(c) : null;
      },
    };
  },
  pMedian(r) {
    const s = shape(r);
    const U = s.sparse ? r.int(0, 100) : undefined;
    const p = pickP(r, s);
    const cost = (i: number, set: number[]) => {
      let best = Infinity;
      for (const j of set) {
        const v = minutesOf(s, i, j);
        best = Math.min(best, v === null ? Infinity : v);
      }
      return U !== undefined ? Math.min(best, U) : best;
    };
    const ok = (set: number[]) => allowedSet(s, set) && set.length === p;
    const value = (set: number[]) => s.w.reduce((a, w, i) => a + (w === 0 ? 0 : w * cost(i, set)), 0);
    let best: number | null = null;
    for (const set of subsetsOf(s.n)) if (ok(set)) best = Math.min(best ?? Infinity, value(set));
    if (best === Infinity) best = null;
    return {
      json: { model: 'pMedian', ...matrixJson(s), demandWeights: s.w, siteCount: p, ...(U !== undefined ? { unreachableMinutes: U } : {}), ...rulesJson(s) },
      optimum: best,
      sense: 'minimize',
      score: (a) => {
        const set = setOfAnswer(s, a);
        return set && ok(set) ? value(set) : null;
      },
    };
  },
  pCenter(r) {
    const s = shape(r);
    const p = pickP(r, s);
    const ok = (set: number[]) => allowedSet(s, set) && set.length === p;
    const value = (set: number[]) => {
      let worst = 0;
      s.w.forEach((w, i) => {
        if (w <= 0) return;
        let best = Infinity;
        for (const j of set) {
          const v = minutesOf(s, i, j);
          if (v !== null) best = Math.min(best, v);
        }
        worst = Math.max(worst, best);
      });
      return worst;
    };
    let best: number | null = null;
    for (const set of subsetsOf(s.n)) if (ok(set)) best = Math.min(best ?? Infinity, value(set));
    if (best === Infinity) best = null;
    return {
      json: { model: 'pCenter', ...matrixJson(s), demandWeights: s.w, siteCount: p, ...rulesJson(s) },
      optimum: best,
      sense: 'minimize',
      score: (a) => {
        const set = setOfAnswer(s, a);
        return set && ok(set) ? value(set) : null;
      },
    };
  },
  maximumAvailability(r) {
    const s = shape(r, { maxN: 5 });
    const S = r.int(0, 60);
    const q = [0, 0.1, 0.3, 0.5][r.int(0, 3)];
    const alpha = [0.5, 0.8, 0.9, 0.95, 0.99][r.int(0, 4)];
    const b = q === 0 ? 1 : Math.max(1, Math.ceil(Math.log(1 - alpha) / Math.log(q) - 1e-9));
    const minP = s.fixed.length;
    const P = r.int(Math.max(minP, 1), minP + 4);
    const capKind = r.int(0, 2);
    const capArr = capKind === 0 ? undefined : capKind === 1 ? r.int(1, 3) : Array.from({ length: s.n }, () => r.int(0, 3));
    const cap = Array.from({ length: s.n }, (_, j) => (s.forbidden.includes(j) ? 0 : capArr === undefined ? P : typeof capArr === 'number' ? capArr : capArr[j]));
    const useBudget = r.float() < 0.3;
    const costs = useBudget || r.float() < 0.2 ? Array.from({ length: s.n }, () => r.int(0, 4)) : undefined;
    const aircraftCost = useBudget && r.float() < 0.5 ? r.int(0, 2) : undefined;
    const budget = useBudget ? r.int(0, 10) : undefined;
    const cost = (c: number[]) => c.reduce((a, k, j) => a + (k > 0 ? (costs ? costs[j] : 1) : 0) + k * (aircraftCost ?? 0), 0);
    const ok = (c: number[]) =>
      c.reduce((a, x) => a + x, 0) <= P && c.every((k, j) => k <= cap[j]) && s.fixed.every((f) => c[f] >= 1) && s.forbidden.every((f) => c[f] === 0) && (budget === undefined || cost(c) <= budget);
    const value = (c: number[]) => s.w.reduce((a, w, i) => a + (reachCount(s, i, c, S) >= b ? w : 0), 0);
    let best: number | null = null;
    for (const c of allocations(s.n, P, cap, true)) if (ok(c)) best = Math.max(best ?? -Infinity, value(c));
    return {
      json: {
        model: 'maximumAvailability', ...matrixJson(s), demandWeights: s.w, standardMinutes: S, busyFraction: q, reliability: alpha, aircraftCount: P,
        ...(capArr !== undefined ? { aircraftPerSite: capArr } : {}), ...(costs ? { siteCosts: costs } : {}), ...(aircraftCost !== undefined ? { aircraftCost } : {}), ...(budget !== undefined ? { budget } : {}), ...rulesJson(s),
      },
      optimum: best,
      sense: 'maximize',
      score: (a) => {
        const c = countsOfAnswer(s, a);
        return c && ok(c) ? value(c) : null;
      },
    };
  },
  doubleStandard(r) {
    const s = shape(r, { maxN: 5 });
    const r1 = r.int(0, 40);
    const r2 = r1 + r.int(0, 40);
    const minP = r.float() < 0.05 ? 0 : Math.max(1, s.fixed.length);
    const P = r.int(minP, minP + 3);
    const capKind = r.int(0, 2);
    const capArr = capKind === 0 ? undefined : capKind === 1 ? r.int(1, 3) : Array.from({ length: s.n }, () => r.int(0, 3));
    const cap = Array.from({ length: s.n }, (_, j) => (s.forbidden.includes(j) ? 0 : capArr === undefined ? 2 : typeof capArr === 'number' ? capArr : capArr[j]));
    const alpha = r.float() < 0.5 ? undefined : [0, 0.3, 0.5, 0.8, 1][r.int(0, 4)];
    const once = r.float() < 0.5 ? undefined : r.int(0, 2);
    const twice = r.float() < 0.5 ? undefined : r.int(0, 2);
    const totalW = s.w.reduce((a, b) => a + b, 0);
    // Demand no allowed site reaches within r2 is exempt from the loose rule.
    const allowedCap = cap.map((k) => (k > 0 ? 1 : 0));
    const reachable = s.w.map((_, i) => reachCount(s, i, allowedCap, r2) > 0);
    const ok = (c: number[]) =>
      c.reduce((a, x) => a + x, 0) === P &&
      c.every((k, j) => k <= cap[j]) &&
      s.fixed.every((f) => c[f] >= 1) &&
      s.w.every((_, i) => !reachable[i] || reachCount(s, i, c, r2) >= 1) &&
      s.w.reduce((a, w, i) => a + (reachCount(s, i, c, r1) >= 1 ? w : 0), 0) >= (alpha ?? 0) * totalW * (1 - 1e-9);
    const value = (c: number[]) => s.w.reduce((a, w, i) => { const k = reachCount(s, i, c, r1); return a + w * ((k >= 1 ? (once ?? 1) : 0) + (k >= 2 ? (twice ?? 1) : 0)); }, 0);
    let best: number | null = null;
    for (const c of allocations(s.n, P, cap, false)) if (ok(c)) best = Math.max(best ?? -Infinity, value(c));
    return {
      json: {
        model: 'doubleStandard', ...matrixJson(s), demandWeights: s.w, standardMinutes: r1, looseStandardMinutes: r2, aircraftCount: P,
        ...(capArr !== undefined ? { aircraftPerSite: capArr } : {}), ...(alpha !== undefined ? { tightShare: alpha } : {}), ...(once !== undefined ? { onceWeight: once } : {}), ...(twice !== undefined ? { twiceWeight: twice } : {}), ...rulesJson(s),
      },
      optimum: best,
      sense: 'maximize',
      score: (a) => {
        const c = countsOfAnswer(s, a);
        return c && ok(c) ? value(c) : null;
      },
    };
  },
  phasedRollout(r) {
    const s = shape(r, { maxN: 5 });
    const S = r.int(0, 60);
    const years = r.int(1, 3);
    const useBudget = r.float() < 0.3;
    const costs = useBudget || r.float() < 0.2 ? Array.from({ length: s.n }, () => r.int(0, 3)) : undefined;
    const perYearList = r.float() < 0.5;
    const k = useBudget ? undefined : perYearList ? Array.from({ length: years }, () => r.int(0, 2)) : r.int(r.float() < 0.1 ? 0 : 1, 2);
    const B = useBudget ? (perYearList ? Array.from({ length: years }, () => r.int(0, 3)) : r.int(0, 3)) : undefined;
    const rate = r.float() < 0.5 ? undefined : [0, 0.05, 0.5][r.int(0, 2)];
    const ks = k === undefined ? undefined : typeof k === 'number' ? new Array(years).fill(k) : k;
    const Bs = B === undefined ? undefined : typeof B === 'number' ? new Array(years).fill(B) : B;
    const c = (j: number) => (costs ? costs[j] : 1);
    const cost = (set: number[]) => set.reduce((a, j) => a + c(j), 0);
    const covered = (set: number[]) => s.w.reduce((a, w, i) => a + (reachCount(s, i, indicator(s, set), S) > 0 ? w : 0), 0);
    const fixedU = [...new Set(s.fixed)];
    // Plans: nested chains of allowed sets containing the fixed ones.
    const allowed = [...subsetsOf(s.n)].filter((set) => allowedSet(s, set));
    const fits = (set: number[], t: number) => {
      if (ks) return set.length === fixedU.length + ks.slice(0, t + 1).reduce((a, x) => a + x, 0);
      return cost(set) <= cost(fixedU) + Bs!.slice(0, t + 1).reduce((a, x) => a + x, 0) * (1 + 1e-12) + 1e-9;
    };
    let best: number | null = null;
    const rec = (t: number, prev: number[], acc: number) => {
      if (t === years) {
        best = Math.max(best ?? -Infinity, acc);
        return;
      }
      for (const set of allowed) if (prev.every((j) => set.includes(j)) && fits(set, t)) rec(t + 1, set, acc + covered(set) / (1 + (rate ?? 0)) ** t);
    };
    rec(0, fixedU, 0);
    return {
      json: {
        model: 'phasedRollout', ...matrixJson(s), demandWeights: s.w, standardMinutes: S, ...(costs ? { siteCosts: costs } : {}),
        ...(k !== undefined ? { sitesPerYear: k } : { budgetPerYear: B }), ...(typeof (k ?? B) === 'number' ? { years } : {}), ...(rate !== undefined ? { discountRate: rate } : {}), ...rulesJson(s),
      },
      optimum: best,
      sense: 'maximize',
      score: (a) => {
        const yearSites = (a.details as { yearSites?: number[][] } | undefined)?.yearSites;
        if (!yearSites || yearSites.length !== years) return null;
        let prev = fixedU;
        let acc = 0;
        for (let t = 0; t < years; t++) {
          const set = yearSites[t];
          if (new Set(set).size !== set.length || !allowedSet(s, set) || !prev.every((j) => set.includes(j)) || !fits(set, t)) return null;
          acc += covered(set) / (1 + (rate ?? 0)) ** t;
          prev = set;
        }
        return acc;
      },
    };
  },
  fairCovering(r) {
    const s = shape(r);
    const S = r.int(0, 60);
    const p = pickP(r, s);
    const regionCount = r.int(1, 3);
    const regions = s.w.map(() => r.int(-1, regionCount - 1));
    const maxMin = r.float() < 0.5;
    const share = maxMin ? undefined : [0, 0.3, 0.5, 1][r.int(0, 3)];
    const stats = (set: number[]) => {
      const W = new Array(regionCount).fill(0);
      const C = new Array(regionCount).fill(0);
      let total = 0;
      s.w.forEach((w, i) => {
        const hit = reachCount(s, i, indicator(s, set), S) > 0;
        if (regions[i] >= 0) W[regions[i]] += w;
        if (hit) {
          total += w;
          if (regions[i] >= 0) C[regions[i]] += w;
        }
      });
      let least = 1;
      for (let g = 0; g < regionCount; g++) if (W[g] > 0) least = Math.min(least, C[g] / W[g]);
      return { least, total };
    };
    const ok = (set: number[]) => allowedSet(s, set) && set.length === p && (maxMin || stats(set).least >= share! * (1 - 1e-9));
    let best: number | null = null;
    for (const set of subsetsOf(s.n)) if (ok(set)) best = Math.max(best ?? -Infinity, maxMin ? stats(set).least : stats(set).total);
    return {
      json: {
        model: 'fairCovering', ...matrixJson(s), demandWeights: s.w, standardMinutes: S, siteCount: p, demandRegions: regions,
        ...(maxMin ? { fairness: 'maxMin' } : { fairness: 'total', regionMinimumShare: share }), ...rulesJson(s),
      },
      optimum: best,
      sense: 'maximize',
      score: (a) => {
        const set = setOfAnswer(s, a);
        if (!set || !ok(set)) return null;
        if (maxMin) {
          // The second stage: the most total with the worst region at its optimum. "At its optimum"
          // within rounding only (1e-12): with weights from 1e-6 to 1e3 a worst region 1e-9 short
          // is a real loss (seed 46342000: 0.999999999 against 1), not a tie for the total.
          let bestTotal = -Infinity;
          const atOptimum = (least: number) => Math.abs(least - best!) <= 1e-12 * Math.max(1, Math.abs(best!));
          for (const other of subsetsOf(s.n)) if (ok(other) && atOptimum(stats(other).least)) bestTotal = Math.max(bestTotal, stats(other).total);
          if (!tol(stats(set).total, bestTotal) && a.status === 'optimal') return Number.NaN;
          return stats(set).least;
        }
        return stats(set).total;
      },
    };
  },
  capacitatedPMedian(r) {
    const s = shape(r, { maxM: 5, maxN: 4, rules: true });
    const dense = s.t.map((row) => row.map((v) => (r.float() < 0.15 ? null : v)));
    const demands = s.w.map(() => r.int(0, 4));
    const capacities = Array.from({ length: s.n }, () => r.int(0, 16));
    const p = pickP(r, s);
    return capacitatedCase('capacitatedPMedian', s, dense, demands, capacities, p, undefined, undefined);
  },
  capacitatedFacilityLocation(r) {
    const s = shape(r, { maxM: 5, maxN: 4, rules: true });
    const dense = s.t.map((row) => row.map((v) => (r.float() < 0.15 ? null : v)));
    const demands = s.w.map(() => r.int(0, 4));
    const capacities = Array.from({ length: s.n }, () => r.int(0, 16));
    const opening = Array.from({ length: s.n }, () => r.int(0, 50));
    const p = r.float() < 0.5 ? undefined : pickP(r, s);
    const exact = p === undefined ? undefined : r.float() < 0.5;
    return capacitatedCase('capacitatedFacilityLocation', s, dense, demands, capacities, p, opening, exact);
  },
};

function capacitatedCase(model: string, s: Shape, t: (number | null)[][], demands: number[], capacities: number[], p: number | undefined, opening: number[] | undefined, exact: boolean | undefined): Case {
  const countOk = (set: number[]) => (p === undefined ? true : model === 'capacitatedPMedian' || exact ? set.length === p : set.length <= p);
  // Best single-source assignment of a site set (brute force over assignments).
  const assignCost = (set: number[]): number => {
    let best = Infinity;
    const load = new Array(s.n).fill(0);
    const rec = (i: number, acc: number) => {
      if (acc >= best) return;
      if (i === s.m) {
        best = acc;
        return;
      }
      for (const j of set) {
        const v = t[i][j];
        if (v === null || load[j] + demands[i] > capacities[j]) continue;
        load[j] += demands[i];
        rec(i + 1, acc + s.w[i] * v);
        load[j] -= demands[i];
      }
    };
    rec(0, 0);
    return best;
  };
  const open = (set: number[]) => (opening ? set.reduce((a, j) => a + opening[j], 0) : 0);
  let best: number | null = null;
  for (const set of subsetsOf(s.n)) {
    if (!allowedSet(s, set) || !countOk(set)) continue;
    const v = assignCost(set) + open(set);
    if (Number.isFinite(v)) best = Math.min(best ?? Infinity, v);
  }
  return {
    json: {
      model, minutes: t, demandWeights: s.w, demands, capacities, ...(p !== undefined ? { siteCount: p } : {}), ...(opening ? { openingCosts: opening } : {}), ...(exact !== undefined ? { exactSiteCount: exact } : {}), ...rulesJson(s),
    },
    optimum: best,
    sense: 'minimize',
    score: (a) => {
      const set = setOfAnswer(s, a);
      const assignment = a.assignment as number[] | undefined;
      if (!set || !allowedSet(s, set) || !countOk(set) || !assignment || assignment.length !== s.m) return null;
      const load = new Array(s.n).fill(0);
      let acc = open(set);
      for (let i = 0; i < s.m; i++) {
        const j = assignment[i];
        if (!set.includes(j) || t[i][j] === null) return null;
        load[j] += demands[i];
        acc += s.w[i] * t[i][j]!;
      }
      if (load.some((x, j) => x > capacities[j])) return null;
      return acc;
    },
  };
}

// ---------- the checks ----------
const overBudget: string[] = [];
const strip = (a: Json) => JSON.stringify({ ...a, runtimeMs: 0 });

async function runOne(model: string, seed: number): Promise<{ outcome: 'refused' | 'ok' | 'fail'; code?: string; message?: string; optimal?: boolean }> {
  const random = createRandom(seed);
  const c = generators[model](random);
  const workLimit = [undefined, undefined, 1e3, 1e5, 1e7][random.int(0, 4)];
  let instance;
  try {
    instance = parseInstance(structuredClone(c.json), workLimit !== undefined ? { workLimit } : {});
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'throw';
    // A refusal of an instance brute force can solve is suspicious unless the brute force says infeasible too.
    return { outcome: 'refused', code: `${code}${c.optimum === null ? '' : ' (feasible!)'}: ${(error as Error).message}` };
  }
  const fail = (message: string) => ({ outcome: 'fail' as const, message: `${model} seed ${seed} work ${workLimit}: ${message}\n  ${JSON.stringify(c.json)}` });
  let a: Json;
  let b: Json;
  try {
    a = (await solveInstance(instance, workLimit !== undefined ? { workLimit } : {})) as unknown as Json;
    b = (await solveInstance(parseInstance(structuredClone(c.json), workLimit !== undefined ? { workLimit } : {}), workLimit !== undefined ? { workLimit } : {})) as unknown as Json;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'E_WORK_BUDGET' && workLimit !== undefined) return { outcome: 'refused', code: 'E_WORK_BUDGET at solve' };
    // Instances with no answer may be refused by the solver's own checks, naming the rule; so
    // may degenerate ones (no site may hold an aircraft, a plan opening nothing): listed with
    // their message, to be read, not failed.
    if (code !== undefined && code !== 'E_MODEL') {
      return { outcome: 'refused', code: `${code} at solve${c.optimum === null ? ' (infeasible)' : ` (feasible!): ${(error as Error).message}`}` };
    }
    return fail(`threw ${code}: ${(error as Error).message} ${JSON.stringify((error as { value?: unknown }).value ?? '')}`);
  }
  if (strip(a) !== strip(b)) return fail(`not deterministic:\n  ${strip(a)}\n  ${strip(b)}`);
  if (viaCli && seed % 10 === 0) {
    // The built command line prints the same answer (all but runtimeMs).
    const file = join(tmpdir(), `fuzz-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(c.json));
    const run = spawnSync(process.execPath, ['dist/src/cli/bin.js', 'solve', file, ...(workLimit !== undefined ? ['--work', String(workLimit)] : [])], { encoding: 'utf8' });
    let printed: Json | null = null;
    try {
      printed = JSON.parse(run.stdout) as Json;
    } catch {
      return fail(`airreach solve printed no JSON (exit ${run.status}): ${run.stderr.slice(0, 300)}`);
    }
    if (strip(printed) !== strip(a)) return fail(`airreach solve printed another answer:\n  ${strip(printed)}\n  ${strip(a)}`);
  }
  const status = a.status as string;
  const objective = a.objective as number;
  const bound = a.bound as number;
  const gap = a.gap as number;
  if (![objective, bound, gap].every(Number.isFinite)) return fail(`non-finite numbers ${strip(a)}`);
  // Work is counted after each step, so a solve passes its limit by the step it was in (the
  // first reduction and greedy pass always complete; HiGHS's MIP stops only at its own
  // checkpoints, documented at HIGHS_WORK): counted and shown, failed only far beyond that.
  if (workLimit !== undefined && (a.work as number) > workLimit * 1.0000001 + 1) {
    if ((a.work as number) > 2 * workLimit + 1e4) return fail(`work ${a.work} far over limit ${workLimit}`);
    overBudget.push(`${model} seed ${seed}: ${a.work} of ${workLimit} (${a.solver})`);
  }
  if (c.optimum === null) {
    if (status !== 'infeasible') return fail(`brute force: infeasible; solver said ${strip(a)}`);
    return { outcome: 'ok' };
  }
  if (status === 'infeasible') return fail(`brute force optimum ${c.optimum}; solver said infeasible ${strip(a)}`);
  if (!tol(gap, relativeGap(objective, bound))) return fail(`gap ${gap} ≠ relativeGap(${objective}, ${bound})`);
  const scored = c.score(a);
  if (scored === null) return fail(`answer breaks a rule: ${strip(a)}`);
  if (Number.isNaN(scored)) return fail(`maxMin answer's total is not the best with the worst region at its optimum: ${strip(a)}`);
  if (!tol(scored, objective)) return fail(`objective ${objective} but scores ${scored} here: ${strip(a)}`);
  const better = (x: number, y: number) => (c.sense === 'maximize' ? x > y : x < y) && !tol(x, y);
  if (better(objective, c.optimum)) return fail(`objective ${objective} better than the brute-force optimum ${c.optimum}: ${strip(a)}`);
  if (better(c.optimum, bound)) return fail(`bound ${bound} excludes the optimum ${c.optimum}: ${strip(a)}`);
  if (status === 'optimal' && !tol(objective, c.optimum)) return fail(`optimal ${objective} but the optimum is ${c.optimum}: ${strip(a)}`);
  if (status === 'optimal' && gap > 1e-9) return fail(`optimal with gap ${gap}`);
  if (status !== 'optimal' && status !== 'feasible') return fail(`status ${status}`);
  if (workLimit === undefined && status !== 'optimal') return fail(`not proven with the default budget: ${strip(a)}`);
  return { outcome: 'ok', optimal: status === 'optimal' };
}

const args = process.argv.slice(2);
// --cli: also run every tenth instance through the built `airreach solve` (npm run build first).
const viaCli = args.includes('--cli');
// --first=N: start at the Nth seed (fresh instances after an earlier run).
const first = Number(args.find((arg) => arg.startsWith('--first='))?.slice(8) ?? 1);
const positional = args.filter((arg) => !arg.startsWith('--'));
const count = Number(positional[0] ?? 300);
const models = positional.length > 1 ? positional.slice(1) : Object.keys(generators);
let failures = 0;
for (const model of models) {
  const tally = { ok: 0, optimal: 0, refused: 0, fail: 0 };
  const codes = new Map<string, number>();
  const shown: string[] = [];
  for (let seed = first; seed < first + count; seed++) {
    const outcome = await runOne(model, seed * 7919 + model.length);
    tally[outcome.outcome]++;
    if (outcome.optimal) tally.optimal++;
    if (outcome.code) {
      const key = outcome.code.replace(/\(got [^)]*\).*$/, '').slice(0, 150);
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    if (outcome.outcome === 'fail' && shown.length < 5) shown.push(outcome.message!);
  }
  failures += tally.fail;
  console.log(`${model}: ${JSON.stringify(tally)}`);
  if (overBudget.length > 0) console.log(`  over the work limit (by less than the limit + 1e4) ×${overBudget.length}, e.g. ${overBudget[0]}`);
  overBudget.length = 0;
  for (const [code, n] of codes) console.log(`  refused ×${n}: ${code}`);
  for (const message of shown) console.log(`  FAIL ${message}`);
}
process.exitCode = failures > 0 ? 1 : 0;
