import { parseByteSize } from '../parseByteSize.js';

/** The help of `--memory-budget` on the scenario commands (`run`, `site`, `coverage`, `compare`, `sweep`). */
export const MEMORY_BUDGET_HELP =
  'most memory the coverage and siting matrices, and one siting question\'s solve, may each take (default 2GiB, or the scenario\'s "memoryBudget"): e.g. 8GiB, 512MiB or bytes, at most the machine\'s memory; HiGHS\'s own 2 GiB cannot be raised';

/** The help of `airreach solve --memory-budget`. */
export const SOLVE_MEMORY_BUDGET_HELP = "most memory the solve may take, estimated before it starts (default 2GiB): e.g. 8GiB, 512MiB or bytes, at most the machine's memory; HiGHS's own 2 GiB cannot be raised";

/**
 * `--memory-budget <size>`: the size in bytes (`parseByteSize`: "4GiB", "512MiB", bytes), at most
 * the machine's memory. Refused with `E_OPTION` naming the flag, the value and the forms it takes
 * (exit 2), for the full CLI (commander passes the error on) and `airreach solve`'s light entry.
 *
 * @example
 * parseMemoryBudget('8GiB'); // -> 8589934592
 */
export function parseMemoryBudget(text: string): number {
  return parseByteSize(text, { where: { field: '--memory-budget' } });
}
