/**
 * `airreach/batch`: Batches of scenarios over the pool, resumable; distributed over BullMQ and Redis.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { runBatch } from 'airreach/batch';
 */
export { DEFAULT_RUN_BATCH_OPTIONS, RUN_MANIFEST, runBatch, type BatchProgressEvent, type BatchResult, type BatchScenarioResult, type RunBatchOptions } from '../batch/runBatch.js';
export { DEFAULT_PACK_OUTPUT_FILES_OPTIONS, DEFAULT_RENDER_OUTPUT_FILES_OPTIONS, packOutputFiles, renderOutputFiles, unpackOutputFiles, type PackOutputFilesOptions, type PackedFile, type RenderOutputFilesOptions, type RenderedFile } from '../batch/packOutputFiles.js';
export { DEFAULT_RUN_QUEUE_BATCH_OPTIONS, runQueueBatch, type QueueScenario, type RunQueueBatchOptions } from '../batch/runQueueBatch.js';
export { DEFAULT_QUEUE_WORKER_OPTIONS, runQueueWorker, type QueueWorkerEvent, type QueueWorkerHandle, type QueueWorkerOptions } from '../batch/runQueueWorker.js';
export { DEFAULT_QUEUE_NAME, type ScenarioJobData, type ScenarioJobProgress, type ScenarioJobResult } from '../batch/scenarioJob.js';
export { batchLabels } from '../batch/batchLabels.js';
export { DEFAULT_RUN_SCENARIO_IN_WORKER_OPTIONS, runScenarioInWorker, type RunScenarioInWorkerOptions } from '../batch/runScenarioInWorker.js';
export { DEFAULT_RUN_TASK_IN_WORKER_OPTIONS, runTaskInWorker, type RunTaskInWorkerOptions, type WorkerCommandTask } from '../batch/runTaskInWorker.js';
export { runCommandTask, type CommandResult, type CommandTask } from '../batch/commandTask.js';
export { COMMAND_TASK } from '../batch/commandTaskKind.js';
