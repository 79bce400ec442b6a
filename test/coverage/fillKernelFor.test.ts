import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillKernelFor } from '../../src/coverage/fillKernelFor.js';
import { buildCellIndex } from '../../src/coverage/buildCellIndex.js';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { asinSmall } from '../../src/coverage/asinSmall.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { unitVector } from '../../src/travel/greatCircleKm.js';
import type { Site } from '../../src/travel/aircraft.js';
import { earthRadiusKm } from '../../src/units.js';
import { createRandom } from '../../src/random.js';
import { fillKernelModuleSource } from '../../scripts/buildWasm.js';
// Seeded uniform centres: dense enough for long inner runs, odd and even.
import { randomGrid as denseGrid } from '../engine/engineFixtures.js';

/** The JavaScript arithmetic of buildCoverage's inner run for one cell, minutes before rounding. */
function jsMinutes(unit: Float64Array, i: number, [sx, sy, sz]: number[], baseMinutes: number, minutesPerChord: number): number {
  const dx = sx - unit[3 * i];
  const dy = sy - unit[3 * i + 1];
  const dz = sz - unit[3 * i + 2];
  const chordSquared = dx * dx + dy * dy + dz * dz;
  return baseMinutes + Math.sqrt(chordSquared) * asinSmall(chordSquared * 0.25) * minutesPerChord;
}

describe('fillKernelFor', () => {
  it('is assembled from the committed fillKernel.wat (run `npx tsx scripts/buildWasm.ts`)', async () => {
    const wat = readFileSync(new URL('../../src/coverage/fillKernel.wat', import.meta.url), 'utf8');
    const committed = readFileSync(new URL('../../src/coverage/fillKernelWasm.ts', import.meta.url), 'utf8');
    expect(await fillKernelModuleSource(wat)).toBe(committed);
  });

  it('computes the same float32 minutes as the JavaScript arithmetic, pairs only, and reports ambiguous roundings', () => {
    const grid = denseGrid(7, 5001, [121, 40, 123, 41]);
    const cellIndex = buildCellIndex(grid);
    const { bands } = cellIndex;
    const kernel = fillKernelFor(cellIndex);
    expect(kernel).not.toBeNull();
    if (kernel === null) return;
    expect(fillKernelFor(cellIndex)).toBe(kernel); // one kernel per index
    const site = unitVector(40.5, 122);
    const minutesPerChord = (earthRadiusKm * 60) / 254;
    const epsilon = 60 * 2 ** -40;
    const random = createRandom(3);
    for (let trial = 0; trial < 50; trial++) {
      const from = random.int(0, 2000);
      const to = Math.min(from + random.int(0, kernel.maxRun), bands.ids.length, from + kernel.maxRun);
      const fixes = kernel.fillPairs(from, to, site[0], site[1], site[2], 13, minutesPerChord, epsilon);
      const pairsEnd = to - ((to - from) & 1);
      const expectedFixes: number[] = [];
      for (let i = from; i < pairsEnd; i++) {
        const minutes = jsMinutes(bands.unitXyz, i, site, 13, minutesPerChord);
        const low = Math.fround(minutes - epsilon);
        expect(kernel.minutes[i - from]).toBe(low);
        if (low !== Math.fround(minutes + epsilon)) expectedFixes.push(i - from);
      }
      expect(Array.from(kernel.fixes.subarray(0, fixes))).toEqual(expectedFixes);
    }
  });

  it('flags a minutes value placed on a float32 rounding boundary, in any lane of either chain', () => {
    const grid = denseGrid(11, 400, [121, 40, 121.5, 40.5]);
    const cellIndex = buildCellIndex(grid);
    const { bands } = cellIndex;
    const kernel = fillKernelFor(cellIndex);
    if (kernel === null) throw new Error('no WebAssembly SIMD on this runtime');
    const site = unitVector(40.2, 121.2);
    const minutesPerChord = (earthRadiusKm * 60) / 254;
    const epsilon = 60 * 2 ** -40;
    // Runs of 4 take the four-a-step loop (two chains of two lanes), runs of 2 the pair loop.
    for (const [lane, runLength] of [[0, 4], [1, 4], [2, 4], [3, 4], [0, 2], [1, 2], [4, 6], [5, 6]]) {
      // Shift the base so that cell `lane` lands on the midpoint between two float32 values near 30.
      const flying = jsMinutes(bands.unitXyz, lane, site, 0, minutesPerChord);
      // Float32 values in [16, 32) are 2⁻¹⁹ apart: 30 + 2⁻²⁰ is halfway between two of them.
      const midpoint = 30 + 2 ** -20;
      const fixes = kernel.fillPairs(0, runLength, site[0], site[1], site[2], midpoint - flying, minutesPerChord, epsilon);
      expect(Array.from(kernel.fixes.subarray(0, fixes))).toContain(lane);
    }
  });

  it('gives buildCoverage the same bytes as the JavaScript fill (several fleets, odd and even runs, 30–120 min)', () => {
    const grid = denseGrid(5, 20000, [120, 39, 125, 43]);
    const cellIndex = buildCellIndex(grid);
    const random = createRandom(9);
    const fleets: Site['fleet'][] = [[{ aircraftTypeId: 'H135', count: 1 }], [{ aircraftTypeId: 'AC311A', count: 1 }, { aircraftTypeId: 'AW139', count: 1 }], [{ aircraftTypeId: 'Mi-171', count: 1 }]];
    const sites: Site[] = Array.from({ length: 24 }, (_, s) => ({
      id: `S${s}`,
      name: `site ${s}`,
      latDeg: 39 + 4 * random.float(),
      lngDeg: 120 + 5 * random.float(),
      role: 'candidate' as const,
      fleet: fleets[s % fleets.length],
    }));
    for (const maxMinutes of [30, 60, 120]) {
      for (const period of ['day', 'night'] as const) {
        const withKernel = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes, period, cellIndex });
        const inJs = buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes, period, cellIndex, wasm: false });
        expect(withKernel.pairCount).toBeGreaterThan(0);
        expect(Buffer.compare(new Uint8Array(withKernel.data), new Uint8Array(inJs.data))).toBe(0);
      }
    }
  });
});
