/**
 * The pipeline's memory caps from a task's `memoryBudgetBytes` (`--memory-budget`): one size for
 * the matrices and a question's solve; none given, the scenario's own `memoryBudget` applies.
 *
 * @example
 * computeComparison(loaded, labels, { ...memoryBudgetOptions({ memoryBudgetBytes: 8 * 2 ** 30 }) });
 */
export function memoryBudgetOptions(task: { memoryBudgetBytes?: number }): { coverageMemoryBytes?: number; solveMemoryBytes?: number } {
  return task.memoryBudgetBytes === undefined ? {} : { coverageMemoryBytes: task.memoryBudgetBytes, solveMemoryBytes: task.memoryBudgetBytes };
}
