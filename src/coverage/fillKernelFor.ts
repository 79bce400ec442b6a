import { derivedFromIndex, largestBand, type CellBands, type CellIndex, type DerivedKey } from './buildCellIndex.js';
import { FILL_KERNEL_WASM_BASE64 } from './fillKernelWasm.js';

/**
 * The WebAssembly fill kernel of one cell index (see `fillKernel.wat`): the index's unit
 * vectors copied once into the kernel's memory, column by column, and scratch for one run.
 */
export interface FillKernel {
  /**
   * Computes the minutes of band positions `[from, from + 2⌊(to − from)/2⌋)` into
   * `minutes[outFirst …]` and returns how many of them lie within `minutesEpsilon` of a float32
   * rounding boundary; their run positions (from 0, whatever `outFirst`) are `fixes[0 …]`. The
   * caller does an odd last cell. `outFirst` (0 or 1, default 0) lets a caller that copies the
   * minutes into a SharedArrayBuffer start them at the target's address modulo 8 (`minutes` starts
   * at a multiple of 8): V8 copies between shared ranges of different alignment byte by byte,
   * 2.5–5 times slower than word by word (measured here).
   */
  fillPairs(from: number, to: number, sx: number, sy: number, sz: number, baseMinutes: number, minutesPerChord: number, minutesEpsilon: number, outFirst?: number): number;
  /** Scratch the kernel writes a run's minutes to (valid until the next call), one element longer than `maxRun`. */
  minutes: Float32Array;
  /** Scratch the kernel writes the run positions to recompute to. */
  fixes: Int32Array;
  /** The longest run `fillPairs` takes (the largest band of the index). */
  maxRun: number;
}

// The few WebAssembly calls used here: the ES2023 library and @types/node 20 do not declare them.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

const FILL_KERNEL: DerivedKey<FillKernel | null> = { name: 'fill kernel' };
let compiled: object | null | undefined;

// wasm32 addresses 4 GiB; stay well inside what every engine grants.
const maxKernelBytes = 2 ** 31;
const pageBytes = 65536;

/**
 * The fill kernel of a cell index (one per index and thread, kept on the index while it lives:
 * `derivedFromIndex`), or null when this runtime has no WebAssembly SIMD or the index is too
 * large for a kernel's memory (then `buildCoverage` fills in JavaScript, with the same bytes out).
 *
 * @example
 * const kernel = fillKernelFor(buildCellIndex(grid));
 * if (kernel) kernel.fillPairs(0, 100, sx, sy, sz, 13, 5040, 60 * 2 ** -40);
 */
export function fillKernelFor(cellIndex: CellIndex): FillKernel | null {
  return derivedFromIndex(cellIndex, FILL_KERNEL, () => createKernel(cellIndex.bands));
}

function kernelModule(): object | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(FILL_KERNEL_WASM_BASE64, 'base64');
    // validate() is false on a runtime without 128-bit SIMD: fall back to the JavaScript fill.
    compiled = wasmApi !== undefined && wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : null;
  }
  return compiled;
}

function createKernel(bands: CellBands): FillKernel | null {
  const module = kernelModule();
  if (module === null || wasmApi === undefined) return null;
  const cellCount = bands.ids.length;
  const maxRun = largestBand(bands);
  const columnBytes = 8 * cellCount;
  const scratchBytes = 4 * (maxRun + 4);
  const bytes = 3 * columnBytes + 2 * scratchBytes;
  if (bytes > maxKernelBytes) return null;
  const instance = new wasmApi.Instance(module, {});
  const memory = instance.exports.memory as WasmMemory;
  try {
    memory.grow(Math.max(0, Math.ceil(bytes / pageBytes) - memory.buffer.byteLength / pageBytes));
  } catch {
    // The engine refused the memory: the JavaScript fill needs none.
    return null;
  }
  const { buffer } = memory;
  const [xOff, yOff, zOff, outOff] = [0, columnBytes, 2 * columnBytes, 3 * columnBytes];
  const fixOff = outOff + scratchBytes;
  // Columns, so that one 128-bit load takes the same coordinate of two neighbouring cells.
  const x = new Float64Array(buffer, xOff, cellCount);
  const y = new Float64Array(buffer, yOff, cellCount);
  const z = new Float64Array(buffer, zOff, cellCount);
  const unit = bands.unitXyz;
  for (let i = 0; i < cellCount; i++) {
    x[i] = unit[3 * i];
    y[i] = unit[3 * i + 1];
    z[i] = unit[3 * i + 2];
  }
  const fill = instance.exports.fillPairs as (...args: number[]) => number;
  return {
    fillPairs: (from, to, sx, sy, sz, baseMinutes, minutesPerChord, minutesEpsilon, outFirst = 0) =>
      fill(xOff, yOff, zOff, outOff + 4 * outFirst, fixOff, from, to, sx, sy, sz, baseMinutes, minutesPerChord, minutesEpsilon),
    minutes: new Float32Array(buffer, outOff, maxRun + 1),
    fixes: new Int32Array(buffer, fixOff, maxRun),
    maxRun,
  };
}
