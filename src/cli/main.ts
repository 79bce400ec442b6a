import { nextTurn } from '../nextTurn.js';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { join, parse, resolve } from 'node:path';
import { packageRoot } from '../packageRoot.js';
import type { ProgressEvent } from '../scenario/runCoverage.js';
import type { BatchResult } from '../batch/runBatch.js';
import { runScenarioInWorker } from '../batch/runScenarioInWorker.js';
import { runTaskInWorker } from '../batch/runTaskInWorker.js';
import { COMMAND_TASK } from '../batch/commandTaskKind.js';
import type { runQueueBatch } from '../batch/runQueueBatch.js';
import { readdir, realpath, stat } from 'node:fs/promises';
import { readInputText } from '../io/readInputFile.js';
import { parseJsonText } from '../io/parseJsonText.js';
import { whyNotScenario } from '../scenario/whyNotScenario.js';
import { queueNameProblem } from '../batch/queueNameProblem.js';
import { batchLabels } from '../batch/batchLabels.js';
import type { ComparisonRow } from '../scenario/compareScenarios.js';
import { AirreachError } from '../errors.js';
import { EXIT_CODES, reportFailure } from './exitCodes.js';
import { positiveNumber, solveFile } from './solveCommand.js';
import { createProgress, type ProgressReporter } from './progress.js';
import { terminalSafe } from './terminalSafe.js';
import { settleOutputWrites } from '../io/outputFolder.js';
import { endBySignal } from './endBySignal.js';
import { cancelledError } from '../scenario/cancelledError.js';
import { readOutputManifest } from '../io/writeFileAtomic.js';
import { availableParallelism } from 'node:os';
import { MAX_POOL_THREADS } from '../engine/maxPoolThreads.js';
import { parseMemoryBudget, MEMORY_BUDGET_HELP, SOLVE_MEMORY_BUDGET_HELP } from './parseMemoryBudget.js';

export { EXIT_CODES };

/**
 * Runs the `airreach` command line with `argv` (without `node` and the script) and returns its
 * exit code. Exposed so tests run the CLI in-process.
 *
 * @example
 * const code = await main(['coverage', 'data/liaoning/today.json', '--out', 'out']);
 */
export async function main(argv: string[], io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WriteStream } = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  // Everything printed passes terminalSafe: names and messages carry text from input files.
  const print = (text: string) => stdout.write(terminalSafe(text));
  const printError = (text: string) => stderr.write(terminalSafe(text));
  const version = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version as string;
  const controller = new AbortController();
  let interrupted = 0;
  // Ctrl-C (SIGINT) and SIGTERM alike: the first cancels (the computing runs on worker threads,
  // which are stopped at once; outputs are switched in whole or not at all), the second quits.
  let terminated = false;
  // `worker` is stopped by a signal as its way to end (it logs that its running jobs finish first):
  // the cancelling and switched-outputs messages of the other commands would be wrong there.
  let signalStops = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted++;
    if (signal === 'SIGTERM') terminated = true;
    if (signalStops && interrupted === 1) {
      controller.abort(new Error(`stopped by ${signal === 'SIGINT' ? 'Ctrl-C' : signal}`));
      return;
    }
    if (interrupted > 1) {
      // Quit now, but leave no staging behind and no lock: outputs are switched in whole or not at all.
      const { finished } = settleOutputWrites();
      printError(finished.length > 0 ? `quit: the outputs already committed were completed in ${finished.join(', ')}\n` : 'quit: nothing more was written\n');
      endBySignal(terminated ? 'SIGTERM' : 'SIGINT');
    }
    printError(`\ncancelling on ${signal === 'SIGINT' ? 'Ctrl-C' : signal}… (outputs are switched in whole or not at all: a run cancelled before its switch writes nothing; press Ctrl-C again to quit at once)\n`);
    controller.abort(new Error(`cancelled by ${signal === 'SIGINT' ? 'Ctrl-C' : signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A command's modules load after the signal handlers are set (a batch's, 0.4 s and more): a
  // Ctrl-C meanwhile must not wait for them, as nothing has started. Settles with the signal's reason.
  const cancelled = new Promise<never>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }));
  cancelled.catch(() => undefined);
  const unlessCancelled = <T>(loading: Promise<T>): Promise<T> => Promise.race([loading, cancelled]);
  let exitCode: number = EXIT_CODES.ok;

  const program = new Command()
    .name('airreach')
    .description('Aviation rescue coverage over H3 grids, and optimal siting of rescue bases.')
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => print(s), writeErr: (s) => printError(s) })
    .showHelpAfterError();

  // Runs a command's work with a progress bar on stderr (none with --quiet or --json); the bar
  // is gone before the command prints its result, and also when the work fails.
  const withProgress = async <T>(options: { quiet?: boolean; json?: boolean }, work: (progress: ProgressReporter) => Promise<T>): Promise<T> => {
    const progress = createProgress({ quiet: options.quiet === true || options.json === true, stream: stderr });
    try {
      return await work(progress);
    } finally {
      progress.stop();
    }
  };
  // What every scenario pipeline is given: where to write, what it may read, Ctrl-C and progress.
  const pipelineOptions = (options: { out: string; allow?: string[] }, progress: ProgressReporter) => ({
    outFolder: resolve(options.out),
    allowedFolders: options.allow ?? [],
    signal: controller.signal,
    onProgress: (event: ProgressEvent) => progress.update(event),
  });
  // Every computing command runs on a worker thread (runTaskInWorker): this thread only waits,
  // prints and writes, so a signal is taken at once and the worker stopped mid-step.
  const threadsOf = (options: { threads?: number }) => options.threads ?? availableParallelism();

  // A batch on queue workers (`--redis`): progress from the workers' events, the batch table,
  // exit 1 when any scenario failed.
  const onQueue = async (
    entries: Parameters<typeof runQueueBatch>[0],
    options: { out: string; allow?: string[]; json?: boolean; quiet?: boolean; redis: string; queue: string; attempts?: number; resume: boolean; memoryBudget?: number },
  ) => {
    const { runQueueBatch } = await unlessCancelled(import('../batch/runQueueBatch.js'));
    const batch = await withProgress(options, (progress) =>
      runQueueBatch(entries, options.redis, {
        outFolder: resolve(options.out),
        allowedFolders: options.allow ?? [],
        signal: controller.signal,
        onProgress: (event) => progress.update({ step: event.step, done: event.done, total: event.total, ...(event.warning !== undefined ? { label: event.label, warning: event.warning } : {}) }),
        resume: options.resume,
        queueName: options.queue,
        attempts: options.attempts,
        memoryBudgetBytes: options.memoryBudget,
      }),
    );
    if (options.json) print(`${JSON.stringify(batch, null, 2)}\n`);
    else print(`${batchText(batch)}\n`);
    if (batch.failed > 0) exitCode = EXIT_CODES.failed;
  };

  const printComparison = ({ rows, written }: { rows: ComparisonRow[]; written: string[] }, json: boolean) => {
    if (json) print(`${JSON.stringify(rows, null, 2)}\n`);
    else print(`${comparisonText(rows)}\n\nwrote ${written.join(', ')}\n`);
  };

  withOutputOptions(
    program
      .command('coverage')
      .description('Compute the coverage map of a scenario: which hazard areas the bases reach within each standard, by day and night, with its report page.')
      .argument('<scenario>', 'scenario JSON file (see schema/scenario.schema.json)')
      .option('--no-report', 'leave out report.html')
      .option('-t, --threads <n>', THREADS_HELP, parseThreads),
    { outHelp: `output folder (default: ${DEFAULT_OUT_HELP})`, jsonHelp: 'print the JSON summary on stdout instead of tables', reads: 'scenario' },
  )
    .action(async (scenario: string, options: { out: string; allow?: string[]; json?: boolean; quiet?: boolean; report: boolean; threads?: number; memoryBudget?: number }) => {
      const target = await scenarioOutFolder(scenario, options);
      options.out = target.folder;
      const { result, written } = await withProgress(options, (progress) => {
        const { outFolder, allowedFolders, signal, onProgress } = pipelineOptions(options, progress);
        const task = { kind: 'command', command: 'coverage', scenarioPath: scenario, report: options.report, allowedFolders, outFolder, threads: threadsOf(options), memoryBudgetBytes: options.memoryBudget } as const;
        return runTaskInWorker(COMMAND_TASK, task, outFolder, { signal, onProgress, label: `coverage ${scenario}`, file: scenario });
      });
      printError(await leftoverWarning(options.out, written, target.before, result.name, result.inputFiles));
      if (options.json) {
        print(`${JSON.stringify({ written, ...(result.summary as object) }, null, 2)}\n`);
      } else {
        print(result.text ?? '');
        print(`wrote ${written.length} files to ${resolve(options.out)}${written.some((f) => f.endsWith('report.html')) ? ' (open report.html in a browser)' : ''}:\n${written.map((f) => `  ${f}`).join('\n')}\n`);
      }
    });

  withOutputOptions(
    program
      .command('run')
      .description("Run scenarios: coverage from today's bases, operating conditions, siting questions, curve and depots. Several scenarios (files or folders of .json files) run as a batch over worker threads, resumably.")
      .argument('<scenarios...>', 'scenario JSON files or folders (see schema/scenario.schema.json)')
      .option('-t, --threads <n>', `${THREADS_HELP}; for a batch, the scenarios in flight are spread over them`, parseThreads)
      .option('--concurrency <n>', 'scenarios in flight at once (default: the threads)', parseCount)
      .option('--no-resume', 'recompute scenarios whose inputs are unchanged since their last complete output')
      .option('--redis <url>', 'run the scenarios on queue workers (airreach worker) through this Redis, e.g. redis://127.0.0.1:6379')
      .option('--queue <name>', 'queue name in Redis (with --redis; workers must use the same)', parseQueueName, 'airreach')
      .option('--attempts <n>', `attempts per scenario on the queue before it is recorded as failed (with --redis; default: ${QUEUE_ATTEMPTS_DEFAULT})`, parseCount)
      .option('--v8-defaults', V8_DEFAULTS_HELP),
    { outHelp: `output folder (default: out/<scenario file name> for one scenario; for a batch, out with one sub-folder per scenario, so that two scenarios never share a folder)`, jsonHelp: 'print the reports and answers (one scenario) or the batch results as JSON on stdout', reads: 'scenarios' },
  )
    .action(async (scenarios: string[], options: { out: string; allow?: string[]; threads?: number; concurrency?: number; resume: boolean; json?: boolean; quiet?: boolean; redis?: string; queue: string; attempts?: number; v8Defaults?: boolean; memoryBudget?: number }) => {
      const paths = await expandScenarioArguments(scenarios, printError);
      const single = paths.length === 1 && scenarios.length === 1 && !(await isFolder(scenarios[0]));
      const target = single ? await scenarioOutFolder(paths[0], options) : undefined;
      options.out = target?.folder ?? options.out ?? 'out';
      if (options.redis !== undefined) {
        refuseComputingOptionsOnQueue(options);
        // On the queue every run is a batch: each scenario in its own sub-folder, as a local batch writes it.
        await onQueue(paths, { ...options, redis: options.redis });
        return;
      }
      if (!single) {
        if (options.v8Defaults) {
          throw new AirreachError('E_OPTION', '--v8-defaults does nothing for a batch: a batch keeps V8\'s JIT settings', {
            value: true,
            where: { field: '--v8-defaults' },
            hint: 'Leave it out; it is for `run` of one scenario and `site`',
          });
        }
        const { runBatch } = await unlessCancelled(import('../batch/runBatch.js'));
        const batch = await withProgress(options, (progress) =>
          runBatch(paths, {
            ...pipelineOptions(options, progress),
            onProgress: (event) => progress.update({ step: event.step, done: event.done, total: event.total, ...(event.warning !== undefined ? { label: event.label, warning: event.warning } : {}) }),
            resume: options.resume,
            threads: options.threads,
            concurrency: options.concurrency,
            memoryBudgetBytes: options.memoryBudget,
          }),
        );
        if (options.json) print(`${JSON.stringify(batch, null, 2)}\n`);
        else print(`${batchText(batch)}\n`);
        if (batch.failed > 0) exitCode = EXIT_CODES.failed;
        return;
      }
      // On a worker thread, so that Ctrl-C stops it at once (this thread only waits and prints).
      const { written, text, summaryJson, inputFiles } = await withProgress(options, (progress) => {
        const { outFolder, allowedFolders, signal, onProgress } = pipelineOptions(options, progress);
        return runScenarioInWorker(paths[0], outFolder, { allowedFolders, signal, onProgress, threads: threadsOf(options), shortRunJit: !options.v8Defaults, memoryBudgetBytes: options.memoryBudget });
      });
      // The scenario's name, from the summary.json it has just written.
      const now = (await scenarioOutFolder(paths[0], options)).before;
      printError(await leftoverWarning(options.out, written, target?.before, now ?? undefined, inputFiles));
      if (options.json) {
        print(`${JSON.stringify({ written, ...(JSON.parse(summaryJson) as object) }, null, 2)}\n`);
        return;
      }
      print(text);
      print(`wrote ${written.length} files to ${resolve(options.out)} (open report.html in a browser)\n`);
    });

  program
    .command('worker')
    .description('Run queue jobs: a long-running worker that takes scenario jobs from Redis (queued by `airreach run --redis`) and runs them on its own worker threads. Stop it with Ctrl-C or SIGTERM: running jobs finish first.')
    .requiredOption('--redis <url>', 'the Redis the coordinators queue into, e.g. redis://10.0.0.5:6379')
    .option('-t, --threads <n>', 'jobs run at once, each on a worker thread', parseThreads, 1)
    .option('--queue <name>', 'queue name in Redis', parseQueueName, 'airreach')
    .option('--lock-ms <ms>', 'job lock length: a worker that dies loses its jobs to the others after about twice this', parseCount, 30_000)
    .option('--worker-heap-mib <MiB>', 'most JS heap of one job thread (default: Node\'s); a job that needs more fails that attempt', parseCount)
    .option('-q, --quiet', 'no log lines')
    .action(async (options: { redis: string; threads: number; queue: string; lockMs: number; workerHeapMib?: number; quiet?: boolean }) => {
      signalStops = true;
      const log = (line: string) => {
        if (!options.quiet) printError(`${line}\n`);
      };
      const { runQueueWorker } = await unlessCancelled(import('../batch/runQueueWorker.js'));
      const worker = await runQueueWorker(options.redis, {
        threads: options.threads,
        queueName: options.queue,
        lockMs: options.lockMs,
        ...(options.workerHeapMib !== undefined ? { workerHeapMiB: options.workerHeapMib } : {}),
        onEvent: (event) => log(`${event.status.padEnd(7)}  ${event.label} (${event.jobId.slice(0, 12)})${event.message ? `: ${event.message}` : ''}`),
      });
      log(`worker ${worker.name} on ${options.redis}, queue ${options.queue}, ${options.threads} job(s) at a time`);
      await new Promise<void>((resolveStop) => {
        if (controller.signal.aborted) resolveStop();
        else controller.signal.addEventListener('abort', () => resolveStop(), { once: true });
      });
      log(`stopping on ${String((controller.signal.reason as Error).message).replace(/^stopped by /, '')}: running jobs finish first (again to quit at once)`);
      await worker.close();
    });

  withOutputOptions(
    program
      .command('site')
      .description("Answer a scenario's siting questions (and its curve and depot plan): which bases to add, keep or choose, each with status, bound and gap. Writes only the siting files.")
      .argument('<scenario>', 'scenario JSON file with "questions" (and optionally "curve", "depots")')
      .option('-t, --threads <n>', THREADS_HELP, parseThreads)
      .option('--v8-defaults', V8_DEFAULTS_HELP),
    { outHelp: `output folder (default: ${DEFAULT_OUT_HELP})`, jsonHelp: 'print the answers as JSON on stdout', reads: 'scenario' },
  )
    .action(async (scenario: string, options: { out: string; allow?: string[]; json?: boolean; quiet?: boolean; threads?: number; v8Defaults?: boolean; memoryBudget?: number }) => {
      const target = await scenarioOutFolder(scenario, options);
      options.out = target.folder;
      const { loadScenario } = await unlessCancelled(import('../scenario/loadScenario.js'));
      const { scenario: checked, file } = await loadScenario(scenario, { allowedFolders: options.allow ?? [] });
      if ((checked.questions ?? []).length === 0 && !checked.curve && !checked.depots) {
        throw new AirreachError('E_SCENARIO', 'the scenario asks no siting question', {
          where: { file, field: '/questions' },
          hint: 'Add e.g. "questions": [{ "model": "setCovering", "standardMinutes": 60 }]',
        });
      }
      const { written, text, summaryJson, inputFiles } = await withProgress(options, (progress) => {
        const { outFolder, allowedFolders, signal, onProgress } = pipelineOptions(options, progress);
        return runScenarioInWorker(scenario, outFolder, { allowedFolders, signal, onProgress, threads: threadsOf(options), siting: true, shortRunJit: !options.v8Defaults, memoryBudgetBytes: options.memoryBudget });
      });
      printError(await leftoverWarning(options.out, written, target.before, checked.name, inputFiles));
      if (options.json) {
        print(`${JSON.stringify({ written, ...(JSON.parse(summaryJson) as object) }, null, 2)}\n`);
        return;
      }
      print(text);
      print(`wrote ${written.length} files to ${resolve(options.out)}\n`);
    });

  program
    .command('solve')
    .description('Solve a siting model given in matrix form (minutes[demand][site] from any tool) and print one JSON result.')
    .argument('<instance>', 'instance JSON: {"model", "minutes", "demandWeights"?, "siteCount"?, "standardMinutes"?, ...} (see schema/instance.schema.json)')
    .option('-w, --work <units>', 'work units of the solve (default 1e10): the same work gives the same answer on any machine', (text) => parseNumber(text, 'work units'))
    .option('-t, --time-limit <seconds>', 'wall-clock cap, a safety net only: an answer it cuts short says "stoppedBy": "clock"', parsePositive)
    .option('--memory-budget <size>', SOLVE_MEMORY_BUDGET_HELP, parseMemoryBudget)
    .action(async (instancePath: string, options: { work?: number; timeLimit?: number; memoryBudget?: number }) => {
      await solveFile(instancePath, { work: options.work, timeLimit: options.timeLimit, memoryBudgetBytes: options.memoryBudget }, stdout, controller.signal);
    });

  withOutputOptions(
    program
      .command('compare')
      .description('Compare two or more scenarios: coverage per standard, hazard type and region; response times; bases and cost; a difference map (cells gained and lost).')
      .argument('<scenarios...>', 'scenario JSON files; the first is the reference')
      .option('-s, --standard <minutes>', 'standard of the difference map (default: the standard where the scenarios differ most)', parseMinutes)
      .option('-t, --threads <n>', THREADS_HELP, parseThreads),
    { outDefault: 'out/compare', outHelp: 'output folder for compare.html and compare.json', jsonHelp: 'print the comparison rows as JSON on stdout', reads: 'scenarios' },
  )
    .action(async (scenarios: string[], options: { out: string; allow?: string[]; standard?: number; json?: boolean; quiet?: boolean; threads?: number; memoryBudget?: number }) => {
      if (scenarios.length < 2) {
        throw new AirreachError('E_OPTION', 'compare needs at least two scenarios', { value: scenarios.length, where: { field: 'scenarioPaths' }, expected: '2 or more scenario files' });
      }
      const { result, written } = await withProgress(options, (progress) => {
        const { outFolder, allowedFolders, signal, onProgress } = pipelineOptions(options, progress);
        const task = { kind: 'command', command: 'compare', scenarioPaths: scenarios, standardMinutes: options.standard, allowedFolders, outFolder, threads: threadsOf(options), memoryBudgetBytes: options.memoryBudget } as const;
        return runTaskInWorker(COMMAND_TASK, task, outFolder, { signal, onProgress, label: `compare ${scenarios.join(' ')}` });
      });
      printComparison({ rows: result.rows ?? [], written }, options.json === true);
    });

  withOutputOptions(
    program
      .command('sweep')
      .description("Sensitivity sweep: expand a scenario's `sweep` block (cruise speed ±, activation delay ±, night on/off) into variants and compare them.")
      .argument('<scenario>', 'scenario JSON file with a "sweep" block')
      .option('-s, --standard <minutes>', 'standard of the difference maps (default: the standard where the variants differ most)', parseMinutes)
      .option('-t, --threads <n>', THREADS_HELP, parseThreads)
      .option('--redis <url>', "run the variants as jobs on queue workers (airreach worker): each variant's full outputs go to <out>/<variant>/ (no comparison page)")
      .option('--queue <name>', 'queue name in Redis (with --redis)', parseQueueName, 'airreach')
      .option('--attempts <n>', `attempts per variant on the queue (with --redis; default: ${QUEUE_ATTEMPTS_DEFAULT})`, parseCount),
    { outDefault: 'out/sweep', outHelp: 'output folder for compare.html and compare.json', jsonHelp: 'print the comparison rows as JSON on stdout', reads: 'scenario' },
  )
    .action(async (scenario: string, options: { out: string; allow?: string[]; standard?: number; json?: boolean; quiet?: boolean; redis?: string; queue: string; attempts?: number; threads?: number; memoryBudget?: number }) => {
      const [{ loadScenario }, { expandSweep }] = await unlessCancelled(Promise.all([import('../scenario/loadScenario.js'), import('../scenario/expandSweep.js')]));
      const loaded = await loadScenario(scenario, { allowedFolders: options.allow ?? [] });
      if (!loaded.scenario.sweep) {
        throw new AirreachError('E_SCENARIO', 'the scenario has no "sweep" block', {
          where: { file: loaded.file, field: '/sweep' },
          hint: 'Add e.g. "sweep": { "cruiseSpeedFactors": [0.9, 1.1], "activationDeltaMinutes": [-5, 5], "nightOperations": [false] }',
        });
      }
      if (options.redis !== undefined) {
        refuseComputingOptionsOnQueue(options);
        const variants = expandSweep(loaded, loaded.scenario.sweep);
        await onQueue(variants.map((variant) => ({ label: variant.label, loaded: variant.loaded })), { ...options, redis: options.redis, resume: true });
        return;
      }
      const { result, written } = await withProgress(options, (progress) => {
        const { outFolder, allowedFolders, signal, onProgress } = pipelineOptions(options, progress);
        const task = { kind: 'command', command: 'sweep', scenarioPath: scenario, standardMinutes: options.standard, allowedFolders, outFolder, threads: threadsOf(options), memoryBudgetBytes: options.memoryBudget } as const;
        return runTaskInWorker(COMMAND_TASK, task, outFolder, { signal, onProgress, label: `sweep ${scenario}`, file: scenario });
      });
      printComparison({ rows: result.rows ?? [], written }, options.json === true);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    // A Ctrl-C during the (synchronous) switch is read in the next poll phase of the event loop:
    // let two turns pass (the second check phase comes after that poll), then say so.
    for (let turn = 0; turn < 2; turn++) await nextTurn();
    if (controller.signal.aborted && !signalStops) printError('the Ctrl-C came after the outputs were switched in: they are complete\n');
  } catch (error) {
    // A Ctrl-C met before a pipeline took it (reading the arguments, starting a batch) throws the
    // signal's own reason: a cancel all the same, not an unexpected failure.
    exitCode = reportError(cancelledError(error, controller.signal), stderr);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return exitCode === EXIT_CODES.cancelled && terminated ? EXIT_CODES.terminated : exitCode;
}

/** The options every scenario command shares: output folder, allowed folders, JSON output, quiet. */
function withOutputOptions(command: Command, o: { outDefault?: string; outHelp: string; jsonHelp: string; reads: string }): Command {
  return command
    .option('-o, --out <folder>', o.outHelp, parseOutFolder, o.outDefault)
    .option('--allow <folder...>', `extra folders the ${o.reads} may read layers from`, parseAllowedFolder)
    .option('--memory-budget <size>', MEMORY_BUDGET_HELP, parseMemoryBudget)
    .option('--json', o.jsonHelp)
    .option('-q, --quiet', 'no progress output');
}

const THREADS_HELP = 'worker threads of the computing (default: the available cores); the outputs are the same bytes at any count';

/** `run` and `site` of one scenario set a short run's JIT profile (`shortRunJit`) unless asked not to. */
const V8_DEFAULTS_HELP = "keep V8's JIT settings: otherwise one scenario's run raises V8's WebAssembly tiering budget, and a grid under 200,000 cells lowers V8's inlining budget and raises its interrupt budget once it is built (the same files, sooner)";

/** DEFAULT_RUN_QUEUE_BATCH_OPTIONS.attempts, for the help (this thread does not load the queue modules; a test holds the two equal). */
const QUEUE_ATTEMPTS_DEFAULT = 3;

const DEFAULT_OUT_HELP = 'out/<scenario file name>, so that two scenarios never share a folder';

/**
 * Where one scenario's outputs go: `--out` as given, else `out/<scenario file name>` (named as
 * batch sub-folders are), so that two scenarios never share a folder by default. With the name
 * of the scenario whose outputs the folder holds now (from its summary.json), for
 * {@link leftoverWarning}.
 */
async function scenarioOutFolder(scenario: string, options: { out?: string }): Promise<{ folder: string; before: string | null | undefined }> {
  const folder = options.out ?? join('out', batchLabels([scenario])[0]);
  try {
    const previous = parseJsonText(await readInputText(join(folder, 'summary.json')), join(folder, 'summary.json')) as { scenario?: { name?: unknown } } | null;
    const name = previous?.scenario?.name;
    return { folder, before: typeof name === 'string' ? name : null };
  } catch {
    return { folder, before: undefined }; // no earlier summary (or none airreach can read)
  }
}

/**
 * A run writes its files in whole, but leaves the other files of the folder as they are: when
 * airreach outputs it did not write stay beside its own (an earlier `run`'s answers beside this
 * `coverage`'s summary, or another scenario's report), say which, and from which scenario. What
 * counts as an output is what the folder's manifest lists (`OUTPUT_MANIFEST`: the files airreach
 * wrote there and that are still there), never a name alone: another scenario's
 * `conditions.json` or `bases.geojson` kept in the folder is an input, not a leftover to remove.
 * The run's own input files are not outputs either, whatever the manifest says.
 */
async function leftoverWarning(folder: string, written: readonly string[], before: string | null | undefined, now: string | undefined, inputFiles: readonly string[] = []): Promise<string> {
  const mine = new Set(written.map((path) => resolve(path)));
  const inputs = new Set(inputFiles.map((path) => resolve(path)));
  const outputs = (await readOutputManifest(folder)) ?? [];
  const left = outputs.filter((name) => !mine.has(resolve(folder, name)) && !inputs.has(resolve(folder, name))).sort();
  if (left.length === 0) return '';
  const from = before !== undefined && before !== (now ?? null) ? ` of another scenario (${JSON.stringify(before)})` : ' of an earlier run';
  return `warning: ${resolve(folder)} also holds ${left.length === 1 ? 'a file' : `${left.length} files`}${from} that this run did not write: ${left.join(', ')}. Without --out each scenario gets its own folder (${DEFAULT_OUT_HELP.split(',')[0]}); give another --out or remove them.\n`;
}

function comparisonText(rows: readonly ComparisonRow[]): string {
  const standards = rows[0]?.standards.map((s) => s.standardMinutes) ?? [];
  // Every column labelled: one "cells gained / lost" column per standard, against the first scenario.
  const header = ['scenario', 'period', 'bases', ...standards.map((s) => `≤${s} min`), 'mean min', 'P90 min', ...standards.map((s) => `cells +gained/-lost ≤${s}`)];
  const table = [header, ...rows.map((row) => [
    row.label,
    row.period,
    String(row.bases),
    ...row.standards.map((s) => `${(s.coveredDemandShare * 100).toFixed(1)} %`),
    row.meanMinutes === null ? '—' : row.meanMinutes.toFixed(1),
    row.p90Minutes === null ? '—' : row.p90Minutes.toFixed(1),
    ...standards.map((_s, k) => (row.cellsGained ? `+${row.cellsGained[k]}/-${row.cellsLost![k]}` : '—')),
  ])];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  return `${table.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n')}\n(shares: demand covered within each standard; cells gained and lost against the first scenario; — when the grids differ)`;
}

/**
 * With --redis the coordinator computes nothing: the queue workers' own --threads decide how
 * many jobs run at once. Threads or a concurrency given here would be ignored without a word.
 */
function refuseComputingOptionsOnQueue(options: { threads?: number; concurrency?: number; v8Defaults?: boolean }): void {
  const workers = 'Leave it out here and start the workers with `airreach worker --redis <url> --threads <n>`';
  const refused = [
    ['--threads', options.threads, workers],
    ['--concurrency', options.concurrency, workers],
    ['--v8-defaults', options.v8Defaults, "Leave it out: queue workers keep V8's JIT settings"],
  ] as const;
  for (const [flag, value, hint] of refused) {
    if (value === undefined) continue;
    throw new AirreachError('E_OPTION', `${flag} does nothing with --redis: the scenarios run on the queue workers`, { value, where: { field: flag }, hint });
  }
}

function parseCount(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got ${JSON.stringify(text)}`);
  return value;
}

/** A thread count: a whole number from 1 to MAX_POOL_THREADS (every worker starts at once; 1e9 ran out of memory). */
function parseThreads(text: string): number {
  const value = parseCount(text);
  if (value > MAX_POOL_THREADS) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_POOL_THREADS} (each thread starts a worker at once), got ${JSON.stringify(text)}`);
  return value;
}

/**
 * `--out` must name a folder of its own: an empty one (`--out "$OUT"` with OUT unset in a script)
 * was taken as the current folder, and the outputs went in among whatever was there; the file
 * system's root (`--out /`, `--out $DIR/` with DIR unset) took them among the system's folders.
 */
function parseOutFolder(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError(`${JSON.stringify(text)} names no folder: expected an output folder (leave --out out for the default)`);
  const folder = resolve(text);
  if (folder === parse(folder).root) throw new InvalidArgumentError(`${JSON.stringify(text)} is the file system's root: expected an output folder of its own, e.g. out/today (is a variable before the / unset?)`);
  return text;
}

/** `--queue`: a name BullMQ takes (it threw a bare Error at ':' or an empty name, printed as an unexpected failure). */
function parseQueueName(text: string): string {
  const problem = queueNameProblem(text);
  if (problem !== undefined) throw new InvalidArgumentError(`${JSON.stringify(text)} cannot be a queue name: ${problem}`);
  return text;
}

/**
 * One `--allow` folder, added to the ones before it: a folder that is not there is refused now (a
 * misspelt one was accepted, and the layer it was meant for was then refused as outside the
 * allowed folders, with nothing naming the typo).
 */
function parseAllowedFolder(text: string, previous: string[] | undefined): string[] {
  let kind: string;
  try {
    kind = statSync(text).isDirectory() ? 'folder' : 'not a folder';
  } catch {
    kind = 'missing';
  }
  if (kind !== 'folder') throw new InvalidArgumentError(`${JSON.stringify(text)} is ${kind === 'missing' ? 'not there' : 'a file, not a folder'}: expected a folder the layers are in`);
  return [...(previous ?? []), text];
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
}

/**
 * Scenario files from the arguments: files as given, folders as their *.json files (sorted) that
 * may be scenarios: another kind of file beside them (`data/liaoning/roads.json`, the road
 * network, failed the batch as a scenario) is left out, and `onNote` says so. A file listed
 * again (the same file, however its path is written: a folder and a file in it, `./a.json` and
 * `a.json`, a link) runs once, at its first place, and `onNote` says so: it ran twice, into `x`
 * and `x-2`, the same bytes (a queue batch computes it once, by its fingerprint).
 */
async function expandScenarioArguments(args: readonly string[], onNote: (text: string) => void = () => {}): Promise<string[]> {
  const listed: string[] = [];
  for (const arg of args) {
    if (await isFolder(arg)) {
      const names = (await readdir(arg)).filter((name) => name.endsWith('.json')).sort();
      if (names.length === 0) throw new AirreachError('E_EMPTY', 'the folder holds no .json scenario files', { value: arg, where: { file: arg } });
      const skipped: string[] = [];
      for (const name of names) {
        const why = await whyNotScenarioFile(join(arg, name));
        if (why === undefined) listed.push(join(arg, name));
        else {
          skipped.push(name);
          onNote(`note: ${join(arg, name)} is not a scenario (${why}): it is left out\n`);
        }
      }
      if (skipped.length === names.length) {
        throw new AirreachError('E_EMPTY', 'the folder holds no scenario files', {
          value: arg,
          where: { file: arg },
          expected: `scenario .json files (left out as other files: ${skipped.join(', ')})`,
        });
      }
    } else {
      listed.push(arg);
    }
  }
  const first = new Map<string, string>();
  const paths: string[] = [];
  for (const path of listed) {
    // A path that cannot be resolved is kept as written: loading it reports why.
    const key = await realpath(path).catch(() => resolve(path));
    const earlier = first.get(key);
    if (earlier !== undefined) {
      onNote(`note: ${path} is listed again (first as ${earlier}): it runs once\n`);
      continue;
    }
    first.set(key, path);
    paths.push(path);
  }
  return paths;
}

/**
 * For a `.json` file of a folder given to `run`: why it is another kind of file (the road
 * network, weather data, an output's summary or answers), or undefined when it may be a
 * scenario. A file that cannot be read or parsed, or is over a scenario's 16 MiB, may be one: the
 * batch reads it and says why it fails.
 */
async function whyNotScenarioFile(path: string): Promise<string | undefined> {
  try {
    return whyNotScenario(parseJsonText(await readInputText(path, { maxBytes: 16 * 2 ** 20 }), path));
  } catch {
    return undefined;
  }
}

function batchText(batch: BatchResult): string {
  const lines = batch.scenarios.map((s) => `${s.status.padEnd(7)}  ${s.label}${s.status === 'done' ? ` → ${s.outFolder}` : ''}`);
  const failed = batch.scenarios.filter((s) => s.status === 'failed');
  if (failed.length > 0) {
    lines.push('', `${failed.length} scenario(s) failed:`);
    for (const s of failed) lines.push(`  ${s.label}: ${s.error?.message ?? 'unknown error'}`);
  }
  const counts = ['done', 'skipped', 'failed'].map((status) => `${batch.scenarios.filter((s) => s.status === status).length} ${status}`);
  lines.push('', counts.join(', '));
  return lines.join('\n');
}

function parsePositive(text: string): number {
  return parseNumber(text, 'seconds');
}

/** A standard in minutes (`--standard`): its error names minutes, not the seconds of a time limit. */
function parseMinutes(text: string): number {
  return parseNumber(text, 'minutes');
}

function parseNumber(text: string, unit: string): number {
  try {
    return positiveNumber(text, unit);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function reportError(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed what they had to. Help
    // shown because no command was given (`airreach` alone) is a usage error: commander gives it exit code 1.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_CODES.ok;
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.badInput;
    return EXIT_CODES.badInput;
  }
  return reportFailure(error, stderr);
}
