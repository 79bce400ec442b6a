import { workerEntryUrl, type TaskKind } from '../engine/taskKind.js';
import type { CommandResult, CommandTask } from './commandTask.js';

/**
 * The CLI's task kind for `coverage`, `compare` and `sweep` ({@link CommandTask}), on its own
 * worker entry (`workers/command`): `runTaskInWorker(COMMAND_TASK, task, outFolder)`. The
 * command's work (the scenario pipeline) is loaded only where it runs: on the worker, or here
 * on the first in-thread run; the CLI's main thread, which only hands it over, never loads it.
 *
 * @example
 * const { result, written } = await runTaskInWorker(COMMAND_TASK, { kind: 'command', command: 'compare', scenarioPaths: ['a.json', 'b.json'], allowedFolders: [] }, 'out/compare');
 */
export const COMMAND_TASK: TaskKind<CommandTask, CommandResult> = Object.freeze({
  kind: 'command',
  workerUrl: workerEntryUrl('command', import.meta.url),
  runInThread: async (task: CommandTask) => (await import('./commandTask.js')).runCommandTask(task),
});
