import { describe, expect, it } from 'vitest';
import { solveCapacitatedInstance } from '../../../src/solvers/capacitated/solveCapacitatedInstance.js';

describe('solveCapacitatedInstance (matrix form)', () => {
  it('solves a capacitated p-median where capacity moves a point off its nearest site', async () => {
    // Uncapacitated, points 0, 1 and 2 would all use site 0 (cost 0 + 1 + 1); capacity 2 pushes one away.
    const result = await solveCapacitatedInstance({
      model: 'capacitatedPMedian',
      minutes: [
        [0, 10],
        [1, 8],
        [1, 4],
        [9, 0],
      ],
      demands: [1, 1, 1, 1],
      capacities: [2, 2],
      siteCount: 2,
    });
    expect(result).toMatchObject({ status: 'optimal', objective: 5, selectedSites: [0, 1], assignment: [0, 0, 1, 1] });
    expect(result.gap).toBe(0);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('reads null as unreachable and solves facility location with opening costs', async () => {
    const result = await solveCapacitatedInstance({
      model: 'capacitatedFacilityLocation',
      minutes: [
        [1, null, 4],
        [2, 3, 4],
        [null, 1, 4],
      ],
      demands: [1, 1, 1],
      capacities: [3, 3, 3],
      openingCosts: [5, 5, 1],
    });
    // Site 2 alone: 1 + 12 = 13; sites 0 + 1: 10 + 1 + 2 + 1 = 14.
    expect(result).toMatchObject({ status: 'optimal', objective: 13, selectedSites: [2], assignment: [2, 2, 2] });
  });

  it('rejects a missing model field and an unknown model', async () => {
    await expect(solveCapacitatedInstance({ model: 'capacitatedPMedian', minutes: [[1]], demands: [1], capacities: [1] })).rejects.toMatchObject({ code: 'E_MODEL' });
    await expect(
      solveCapacitatedInstance({ model: 'nope' as 'capacitatedPMedian', minutes: [[1]], demands: [1], capacities: [1], siteCount: 1 }),
    ).rejects.toMatchObject({ code: 'E_MODEL' });
  });
});
