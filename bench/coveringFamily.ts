import type { SitingProblem } from '../src/models/sitingProblem.js';
import { createRandom } from '../src/random.js';
import type { Random } from '../src/random.js';
import { resolveOptions } from '../src/resolveOptions.js';

/** Options of {@link generateCoveringFamily}. */
export interface CoveringFamilyOptions {
  /** Demand points (the sizes: 2,000, 20,000, 1,500). */
  demandCount?: number;
  /** Candidate sites, a random subset of the demand points (200, 500, 150). */
  siteCount?: number;
  /** Pairs slower than this are not stored (the largest standard asked of the instance). */
  maxMinutes?: number;
  /** Side of the square, km. */
  sideKm?: number;
}

/** Defaults of {@link CoveringFamilyOptions}: the 2,000 × 200 case. */
export const DEFAULT_COVERING_FAMILY_OPTIONS = {
  demandCount: 2000,
  siteCount: 200,
  maxMinutes: 30,
  sideKm: 500,
};

/** The family's constants (issue 17): what makes a standard of 20–30 min partial coverage. */
export const COVERING_FAMILY = {
  townShare: 0.7,
  pointsPerTown: 150,
  townSpreadKm: 25,
  logWeightMean: 3,
  logWeightSd: 1.2,
  dispatchMinutes: 8,
  cruiseSpeedKmh: 240,
};

/** A generated instance: the problem plus the geometry it came from (for writing other formats). */
export interface CoveringFamilyInstance {
  problem: SitingProblem;
  /** Demand coordinates, km. */
  xKm: Float64Array;
  yKm: Float64Array;
  /** Demand index of each site, ascending. */
  siteDemand: Uint32Array;
  seed: number;
}

/**
 * A seeded instance of the covering family of issue 17 (the instances on which airreach's
 * maximal covering used to lose to CBC): demand points in a `sideKm` square, 70 % around towns
 * (one town per 150 points, town centres uniform, each point at a uniform town plus a Gaussian
 * offset of 25 km per axis, redrawn until inside the square) and 30 % uniform; weights
 * exp(N(3, 1.2)) rounded to 0.1; sites a uniform random subset of the demand points; minutes =
 * 8 + planar km / 240 km/h × 60, rounded to 0.01. Only pairs within `maxMinutes` are stored.
 * Same seed and options, same bytes.
 *
 * @example
 * const { problem } = generateCoveringFamily(7, { demandCount: 2000, siteCount: 200, maxMinutes: 30 });
 * await solveMaximalCovering(problem, { standardMinutes: 25, siteCount: 10 });
 */
export function generateCoveringFamily(seed: number, options: CoveringFamilyOptions = {}): CoveringFamilyInstance {
  const { demandCount, siteCount, maxMinutes, sideKm } = resolveOptions(DEFAULT_COVERING_FAMILY_OPTIONS, options);
  if (!(siteCount >= 1 && siteCount <= demandCount)) throw new RangeError(`siteCount ${siteCount} must be in 1…demandCount (${demandCount})`);
  const random = createRandom(seed);
  const normal = gaussian(random);
  const townCount = Math.max(1, Math.round(demandCount / COVERING_FAMILY.pointsPerTown));
  const townX = new Float64Array(townCount);
  const townY = new Float64Array(townCount);
  for (let t = 0; t < townCount; t++) {
    townX[t] = random.float() * sideKm;
    townY[t] = random.float() * sideKm;
  }
  const townPoints = Math.round(COVERING_FAMILY.townShare * demandCount);
  const xKm = new Float64Array(demandCount);
  const yKm = new Float64Array(demandCount);
  for (let i = 0; i < demandCount; i++) {
    if (i < townPoints) {
      const t = random.int(0, townCount - 1);
      let x: number;
      let y: number;
      do {
        x = townX[t] + COVERING_FAMILY.townSpreadKm * normal();
        y = townY[t] + COVERING_FAMILY.townSpreadKm * normal();
      } while (x < 0 || x > sideKm || y < 0 || y > sideKm);
      xKm[i] = x;
      yKm[i] = y;
    } else {
      xKm[i] = random.float() * sideKm;
      yKm[i] = random.float() * sideKm;
    }
  }
  const demandWeights = new Float64Array(demandCount);
  for (let i = 0; i < demandCount; i++) {
    demandWeights[i] = Math.round(10 * Math.exp(COVERING_FAMILY.logWeightMean + COVERING_FAMILY.logWeightSd * normal())) / 10;
  }
  // Sites: the first siteCount of a seeded shuffle of the demand points, ascending.
  const order = new Uint32Array(demandCount);
  for (let i = 0; i < demandCount; i++) order[i] = i;
  for (let k = 0; k < siteCount; k++) {
    const pick = random.int(k, demandCount - 1);
    const swap = order[k];
    order[k] = order[pick];
    order[pick] = swap;
  }
  const siteDemand = order.slice(0, siteCount).sort();
  const kmPerMinute = COVERING_FAMILY.cruiseSpeedKmh / 60;
  const offsets = new Uint32Array(demandCount + 1);
  const sites: number[] = [];
  const minutes: number[] = [];
  for (let i = 0; i < demandCount; i++) {
    for (let j = 0; j < siteCount; j++) {
      const s = siteDemand[j];
      const km = Math.hypot(xKm[i] - xKm[s], yKm[i] - yKm[s]);
      const value = Math.round(100 * (COVERING_FAMILY.dispatchMinutes + km / kmPerMinute)) / 100;
      if (value <= maxMinutes) {
        sites.push(j);
        minutes.push(value);
      }
    }
    offsets[i + 1] = sites.length;
  }
  const problem: SitingProblem = {
    demandCount,
    siteCount,
    demandWeights,
    demandOffsets: offsets,
    demandSites: Uint32Array.from(sites),
    demandMinutes: Float64Array.from(minutes),
    complete: sites.length === demandCount * siteCount,
  };
  return { problem, xKm, yKm, siteDemand, seed };
}

/** Standard normal draws by the Box–Muller transform (both values of a pair used). */
function gaussian(random: Random): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random.float(); // (0, 1]: log is finite
    const v = random.float();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}
