import { describe, expect, it } from 'vitest';
import { aliasTable, sampleAlias } from '../../src/simulation/aliasTable.js';
import { isAirreachError } from '../../src/errors.js';

describe('aliasTable', () => {
  it('gives each index exactly its share of the unit interval (integrated over a fine grid of u)', () => {
    const weights = [3, 0, 1, 6, 0.5, 0];
    const table = aliasTable(weights);
    const steps = 1_000_000;
    const counts = new Float64Array(weights.length);
    for (let k = 0; k < steps; k++) counts[sampleAlias(table, (k + 0.5) / steps)]++;
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, i) => expect(counts[i] / steps).toBeCloseTo(w / total, 5));
  });

  it('refuses no positive weight and negative weights, naming the field', () => {
    expect(() => aliasTable([0, 0], 'grid.demand')).toThrow(expect.objectContaining({ code: 'E_EMPTY' }));
    try {
      aliasTable([1, -1], 'grid.demand');
      expect.unreachable();
    } catch (error) {
      expect(isAirreachError(error, 'E_OPTION') && error.where.field).toBe('grid.demand/1');
    }
  });
});
