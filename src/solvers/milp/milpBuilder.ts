import type { MilpModel } from './solveMilp.js';

/**
 * Assembles a {@link MilpModel} column by column and row by row into growable typed arrays,
 * so that no solver hand-writes CSR offsets: add columns (each returns its index), then per row
 * its entries and its bounds. Used by every HiGHS path (covering, backup and expected covering,
 * the LP bound, the capacitated models).
 *
 * @example
 * // max x + y, x + 2y ≤ 4, x, y binary
 * const builder = new MilpBuilder('maximize');
 * const x = builder.addColumn(1, 0, 1, true);
 * const y = builder.addColumn(1, 0, 1, true);
 * builder.entry(x, 1).entry(y, 2).endRow(-Infinity, 4);
 * const model = builder.build();
 */
export class MilpBuilder {
  private readonly sense: MilpModel['sense'];
  private columnCount = 0;
  private costs: Float64Array;
  private lowers: Float64Array;
  private uppers: Float64Array;
  private integers: Uint8Array;
  private rowCount = 0;
  private rowLowers: Float64Array;
  private rowUppers: Float64Array;
  private offsets: Int32Array;
  private entryCount = 0;
  private columns: Int32Array;
  private values: Float64Array;
  private constant = 0;

  /** `sizes` pre-allocates (columns, rows, entries) when they are known; the arrays grow anyway. */
  constructor(sense: MilpModel['sense'], sizes: { columns?: number; rows?: number; entries?: number } = {}) {
    this.sense = sense;
    const columns = Math.max(4, sizes.columns ?? 16);
    const rows = Math.max(4, sizes.rows ?? 16);
    const entries = Math.max(4, sizes.entries ?? 64);
    this.costs = new Float64Array(columns);
    this.lowers = new Float64Array(columns);
    this.uppers = new Float64Array(columns);
    this.integers = new Uint8Array(columns);
    this.rowLowers = new Float64Array(rows);
    this.rowUppers = new Float64Array(rows);
    this.offsets = new Int32Array(rows + 1);
    this.columns = new Int32Array(entries);
    this.values = new Float64Array(entries);
  }

  /** Adds a column with its objective cost and bounds; returns its index. */
  addColumn(cost: number, lower: number, upper: number, integer = false): number {
    if (this.columnCount === this.costs.length) this.growColumns();
    const j = this.columnCount++;
    this.costs[j] = cost;
    this.lowers[j] = lower;
    this.uppers[j] = upper;
    this.integers[j] = integer ? 1 : 0;
    return j;
  }

  /** Adds `count` columns with the same cost and bounds; returns the first index. */
  addColumns(count: number, cost: number, lower: number, upper: number, integer = false): number {
    const first = this.columnCount;
    for (let k = 0; k < count; k++) this.addColumn(cost, lower, upper, integer);
    return first;
  }

  /** Changes a column's objective cost. */
  setCost(column: number, cost: number): this {
    this.costs[column] = cost;
    return this;
  }

  /** Changes a column's bounds. */
  setBounds(column: number, lower: number, upper: number): this {
    this.lowers[column] = lower;
    this.uppers[column] = upper;
    return this;
  }

  /** Adds a constant to the objective. */
  addOffset(value: number): this {
    this.constant += value;
    return this;
  }

  /** Adds `value · x_column` to the row being written. */
  entry(column: number, value: number): this {
    if (this.entryCount === this.columns.length) this.growEntries();
    this.columns[this.entryCount] = column;
    this.values[this.entryCount++] = value;
    return this;
  }

  /** Closes the row being written with `lower ≤ Σ entries ≤ upper`; returns its index. */
  endRow(lower: number, upper: number): number {
    if (this.rowCount === this.rowLowers.length) this.growRows();
    const r = this.rowCount++;
    this.rowLowers[r] = lower;
    this.rowUppers[r] = upper;
    this.offsets[r + 1] = this.entryCount;
    return r;
  }

  /** Columns added so far. */
  get columnTotal(): number {
    return this.columnCount;
  }

  /** The model, in arrays of exactly its size (copies: the builder may go on). */
  build(): MilpModel {
    return {
      sense: this.sense,
      columnCosts: this.costs.slice(0, this.columnCount),
      columnLower: this.lowers.slice(0, this.columnCount),
      columnUpper: this.uppers.slice(0, this.columnCount),
      integer: this.integers.slice(0, this.columnCount),
      rowLower: this.rowLowers.slice(0, this.rowCount),
      rowUpper: this.rowUppers.slice(0, this.rowCount),
      rowOffsets: this.offsets.slice(0, this.rowCount + 1),
      rowColumns: this.columns.slice(0, this.entryCount),
      rowValues: this.values.slice(0, this.entryCount),
      ...(this.constant !== 0 ? { offset: this.constant } : {}),
    };
  }

  private growColumns(): void {
    const size = this.costs.length * 2;
    this.costs = grow(this.costs, size);
    this.lowers = grow(this.lowers, size);
    this.uppers = grow(this.uppers, size);
    this.integers = grow(this.integers, size);
  }

  private growRows(): void {
    const size = this.rowLowers.length * 2;
    this.rowLowers = grow(this.rowLowers, size);
    this.rowUppers = grow(this.rowUppers, size);
    this.offsets = grow(this.offsets, size + 1);
  }

  private growEntries(): void {
    const size = this.columns.length * 2;
    this.columns = grow(this.columns, size);
    this.values = grow(this.values, size);
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(array: T, size: number): T {
  const next = new (array.constructor as new (length: number) => T)(size);
  next.set(array);
  return next;
}
