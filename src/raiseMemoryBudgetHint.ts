import { totalmem } from 'node:os';
import { formatByteSize, parseByteSize } from './parseByteSize.js';
import { resolveOptions } from './resolveOptions.js';

/** Options of {@link raiseMemoryBudgetHint}. */
export interface RaiseMemoryBudgetHintOptions {
  /** The refusal is a scenario's: the scenario's `memoryBudget` field is named beside the flag (not for `airreach solve`'s instances). */
  scenario?: boolean;
  /** The machine's memory, bytes (default `os.totalmem()`): a budget above it cannot be given. */
  totalMemoryBytes?: number;
}

/** Defaults of {@link raiseMemoryBudgetHint}: a scenario's refusal, on this machine. */
export const DEFAULT_RAISE_MEMORY_BUDGET_HINT_OPTIONS = { scenario: true, totalMemoryBytes: undefined as number | undefined };

/**
 * The end of an `E_MEMORY_BUDGET` hint: how to raise the memory budget to `neededBytes`, the
 * size the refusal estimated (`--memory-budget 5.5GiB`, or the scenario's `"memoryBudget"`), or,
 * when that is more than this machine's memory, that raising it cannot help here. The budget
 * guards the machine's memory (a planner's 64 GB workstation may give a national grid 16 GiB):
 * the hint names the one way to set it, and the value that would let this run through.
 *
 * @example
 * `Use a coarser resolution, or ${raiseMemoryBudgetHint(5.4 * 2 ** 30)}`;
 * // '… or raise the memory budget to 5.4GiB (--memory-budget 5.4GiB, or "memoryBudget": "5.4GiB" in the scenario)'
 */
export function raiseMemoryBudgetHint(neededBytes: number, options: RaiseMemoryBudgetHintOptions = {}): string {
  const { scenario, totalMemoryBytes } = resolveOptions(DEFAULT_RAISE_MEMORY_BUDGET_HINT_OPTIONS, options);
  const total = totalMemoryBytes ?? totalmem();
  const size = formatByteSize(neededBytes);
  const where = `--memory-budget ${size}${scenario ? `, or "memoryBudget": "${size}" in the scenario` : ''}`;
  // The size suggested is rounded up: it must itself be one the machine can give.
  if (parseByteSize(size, { maxBytes: Infinity }) > total) return `raising the memory budget (--memory-budget${scenario ? ', "memoryBudget"' : ''}) cannot help on this machine: it would need ${size}, more than its ${formatByteSize(total, { down: true })} of memory`;
  return `raise the memory budget to ${size} (${where})`;
}
