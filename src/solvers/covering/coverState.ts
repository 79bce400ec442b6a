import type { ReducedCovering } from './reduceCovering.js';

/**
 * Incremental state of a site set on a reduced covering model, shared by greedy and
 * interchange: per row the number of chosen columns covering it (`count`) and the sum of their
 * indexes (`ownerSum`: the unique owner when count is 1); per column the weight it would newly
 * cover (`gain`, rows with count 0) and, for chosen columns, the weight only it covers
 * (`loss`). Adding or removing a column costs Σ over its rows of their column counts; nothing
 * is allocated after construction.
 *
 * @example
 * const state = new CoverState(reduced);
 * state.add(3);
 * state.covered; // weight covered by column 3
 */
export class CoverState {
  readonly model: ReducedCovering;
  readonly count: Uint32Array;
  readonly ownerSum: Float64Array;
  readonly gain: Float64Array;
  readonly loss: Float64Array;
  readonly chosen: Uint8Array;
  covered = 0;

  constructor(model: ReducedCovering) {
    this.model = model;
    this.count = new Uint32Array(model.rowCount);
    this.ownerSum = new Float64Array(model.rowCount);
    this.gain = new Float64Array(model.columnCount);
    this.loss = new Float64Array(model.columnCount);
    this.chosen = new Uint8Array(model.columnCount);
    this.reset();
  }

  /** Back to the empty set. */
  reset(): void {
    const { columnCount, columnOffsets, columnRows, rowWeights } = this.model;
    this.count.fill(0);
    this.ownerSum.fill(0);
    this.loss.fill(0);
    this.chosen.fill(0);
    this.covered = 0;
    for (let c = 0; c < columnCount; c++) {
      let g = 0;
      for (let k = columnOffsets[c], end = columnOffsets[c + 1]; k < end; k++) g += rowWeights[columnRows[k]];
      this.gain[c] = g;
    }
  }

  add(column: number): void {
    const { columnOffsets, columnRows, rowOffsets, rowColumns, rowWeights } = this.model;
    const { count, ownerSum, gain, loss } = this;
    this.chosen[column] = 1;
    for (let k = columnOffsets[column], end = columnOffsets[column + 1]; k < end; k++) {
      const r = columnRows[k];
      const w = rowWeights[r];
      const n = ++count[r];
      if (n === 1) {
        this.covered += w;
        loss[column] += w;
        for (let q = rowOffsets[r], e = rowOffsets[r + 1]; q < e; q++) gain[rowColumns[q]] -= w;
      } else if (n === 2) {
        loss[ownerSum[r]] -= w;
      }
      ownerSum[r] += column;
    }
  }

  remove(column: number): void {
    const { columnOffsets, columnRows, rowOffsets, rowColumns, rowWeights } = this.model;
    const { count, ownerSum, gain, loss } = this;
    this.chosen[column] = 0;
    for (let k = columnOffsets[column], end = columnOffsets[column + 1]; k < end; k++) {
      const r = columnRows[k];
      const w = rowWeights[r];
      const n = --count[r];
      ownerSum[r] -= column;
      if (n === 0) {
        this.covered -= w;
        loss[column] -= w;
        for (let q = rowOffsets[r], e = rowOffsets[r + 1]; q < e; q++) gain[rowColumns[q]] += w;
      } else if (n === 1) {
        loss[ownerSum[r]] += w;
      }
    }
    loss[column] = 0;
  }
}
