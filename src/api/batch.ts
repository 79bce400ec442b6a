/**
 * `airreach/batch`: Batches of scenarios over the pool, resumable.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { runBatch } from 'airreach/batch';
 */
export { DEFAULT_RUN_BATCH_OPTIONS, RUN_MANIFEST, runBatch, type BatchProgressEvent, type BatchResult, type BatchScenarioResult, type RunBatchOptions } from '../batch/runBatch.js';
