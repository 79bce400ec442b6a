import { nextTurn } from '../nextTurn.js';
import type { OutputFiles } from '../streamedText.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { coverageOutputs, readScenarioInputs, reportInputOf, type CoverageRun, type ProgressEvent } from '../scenario/runCoverage.js';
import { prepareReportMap } from '../report/html/reportHtml.js';
import { scenarioSummary, scenarioText } from '../scenario/scenarioText.js';
import { coverageWarnings } from '../scenario/coverageWarnings.js';
import type { MessagePort } from 'node:worker_threads';
import { computeScenario, scenarioOutputs, type ScenarioRun } from '../scenario/runScenario.js';
import { remotePool } from '../engine/remotePool.js';
import { createPool } from '../engine/createPool.js';
import { answersText } from '../scenario/answersText.js';
import { depotsText } from '../report/depotsText.js';
import { simulationText } from '../report/simulationText.js';
import { checkScenarioSimulation, simulationRows } from '../scenario/scenarioSimulation.js';
import { packOutputFiles, renderOutputFiles, type PackedFile, type RenderedFile } from './packOutputFiles.js';
import { readConditions } from '../scenario/readConditions.js';
import { depotCandidates } from '../scenario/scenarioDepots.js';
import { prepareScenarioReusingGrid, type ScenarioSession } from '../scenario/scenarioSession.js';
import { createMatrixBufferPool } from '../coverage/matrixBufferPool.js';
import { scenarioInputFiles } from '../scenario/scenarioFingerprint.js';
import { shortRunJit } from '../engine/shortRunJit.js';
import { outputNameList, outputNames } from '../report/outputNames.js';
import { scenarioOutputPlan } from '../scenario/scenarioOutputPlan.js';
import { memoryBudgetOptions } from './memoryBudgetOptions.js';
import { checkScenarioOutputFolder } from '../scenario/checkScenarioOutputFolder.js';

/** One scenario of a batch: load, compute it (coverage, conditions, questions, curve, depots) in-thread, and return the output files. */
export interface ScenarioCoverageTask {
  kind: 'scenarioCoverage';
  scenarioPath: string;
  allowedFolders: string[];
  /** Where the files will be written: their estimated size is checked against its disk before the grid is built. */
  outFolder?: string;
  /** Also return the terminal summary and the JSON summary (`airreach run` of one scenario). */
  summary?: boolean;
  /** Receives each progress event ({@link ProgressEvent}) as a message. */
  progressPort?: MessagePort;
  /** Threads of the computing: 2 or more build the coverage matrices on a pool of that many worker threads (the same bytes); 0, 1 or none: in this thread. */
  threads?: number;
  /** With `threads` ≥ 2: a pool another thread owns and serves (`servePool`; set by `runTaskInWorker`), used instead of a pool of this thread's own. */
  poolPort?: MessagePort;
  /** See `buildCoverageParallel`: coverage jobs below this many pairs stay in one thread (tests set 0 to shard tiny jobs). */
  minParallelPairs?: number;
  /** Only the siting files (answers, curve, depots, simulation; `airreach site`), and with `summary` the siting summary. */
  siting?: boolean;
  /** Most memory the coverage and siting matrices, and one siting question's solve, may each take, bytes (`--memory-budget`); default: the scenario's `memoryBudget`, else 2 GiB. */
  memoryBudgetBytes?: number;
  /**
   * Return the files uncompressed (`renderOutputFiles`) rather than gzip-packed: for a caller in
   * the same process (a batch's or a command's writing thread), which receives them moved, not
   * copied, and would only decompress them again. Leave it off for files that go to a queue.
   */
  render?: boolean;
  /**
   * This process is this one run (the CLI's `run` or `site`): once the grid is built, a grid under
   * 200,000 cells lowers V8's inlining budget for the whole process ({@link shortRunJit}: the same
   * files, less time compiling). Never for a library caller's or a batch's process.
   */
  shortRunJit?: boolean;
}

/** Result of a {@link ScenarioCoverageTask}: the output files, packed or rendered (unpack with `unpackOutputFiles`), written by the caller. */
export interface ScenarioCoverageResult {
  /** Gzip-packed files; with the task's `render`, their bytes (only a scenario over `maxRenderedBytes` has packed files then). */
  files: Array<PackedFile | RenderedFile>;
  cells: number;
  /** Every file the scenario read (`scenarioInputFiles`): the writer refuses to replace one with an output. */
  inputFiles?: string[];
  /** With `summary`: the terminal text (`scenarioText`) and the JSON summary (`scenarioSummary`, as JSON text). */
  summary?: { text: string; json: string };
}

/**
 * Prepares this thread's scenarios. Those of a batch mostly share their demand layers (variants
 * of one case): the grid of the last one is reused when its layers and grid options are byte for
 * byte the same.
 */
const prepareOnThisThread = prepareScenarioReusingGrid();

/** This thread's matrix buffers: each scenario builds its matrices into the pages the last one mapped. */
const matrixBuffers = createMatrixBufferPool();

/**
 * One scenario of a batch, start to end in the current thread: load, read the inputs, compute
 * everything `airreach run` computes (coverage, operating conditions, siting questions, curve,
 * depots) and render the files, packed (`packOutputFiles`: compressed, with size and SHA-256) so
 * that they cross a thread, a queue or a machine alike. Nothing is written here: the caller
 * writes the files all at once, so a cancelled or failed batch leaves no partial outputs.
 *
 * @example
 * const { files } = await scenarioCoverage({ kind: 'scenarioCoverage', scenarioPath: 'data/liaoning/today.json', allowedFolders: [] });
 */
export async function scenarioCoverage(task: ScenarioCoverageTask): Promise<ScenarioCoverageResult> {
  const port = task.progressPort;
  const options = { outFolder: task.outFolder, onProgress: port ? (event: ProgressEvent) => port.postMessage(event) : undefined, ...memoryBudgetOptions(task) };
  const loaded = await loadScenario(task.scenarioPath, { allowedFolders: task.allowedFolders });
  // The files `airreach site` writes: the siting answers, the curve, the depot plan and the simulation.
  const sitingFiles = task.siting ? new Set(outputNameList(outputNames(scenarioOutputPlan(loaded.scenario, { command: 'site' })))) : undefined;
  // The output names are known from the file: a folder they cannot go into is refused before any work.
  if (task.outFolder !== undefined) await checkScenarioOutputFolder(loaded, task.outFolder, { command: task.siting ? 'site' : 'run' });
  const inputs = await readScenarioInputs(loaded, options);
  const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
  const candidates = loaded.scenario.depots ? await depotCandidates(loaded.scenario.depots, loaded.file) : null;
  // What computeScenario checks and reports before its grid, here before the session's.
  checkScenarioSimulation(inputs);
  options.onProgress?.({ step: 'grid', done: 0, total: 1 + inputs.periods.length });
  const pool = (task.threads ?? 0) > 1 ? (task.poolPort ? remotePool(task.poolPort, task.threads!) : createPool({ threads: task.threads })) : undefined;
  // Its workers load their code now, while this thread builds the grid.
  pool?.start();
  let session: ScenarioSession | undefined;
  let closing: Promise<void> | undefined;
  try {
    session = await prepareOnThisThread(inputs, { ...options, pool, minParallelPairs: task.minParallelPairs, siting: true, matrixBuffers });
    if (task.shortRunJit) shortRunJit(session.grid.cellCount);
    // With pool threads this thread mostly waits while the pool solves: it renders the coverage
    // files meanwhile (they read nothing the questions or depots make), instead of after them.
    let early: Promise<Array<PackedFile | RenderedFile>> | undefined;
    let coverageFiles: OutputFiles | undefined;
    const startRendering = pool && task.render && !task.siting ? (coverage: CoverageRun) => {
      // Step by step, with a turn of the event loop between steps: a worker that finishes a task
      // gets the next one only when this thread reads its message (measured on today's case
      // before these turns: a worker idle 1.5 s behind the reports and the conditions).
      early = (async () => {
        // Each period's report is made when first read (see periodCoverage): here, one at a time.
        for (const { report } of coverage.periods) {
          await nextTurn();
          void report;
        }
        await nextTurn();
        const files = coverageOutputs(coverage, { report: false });
        coverageFiles = files;
        const rendered = await renderEarly(files);
        // Then the report page's map (the costliest part of the page; kept per grid for the page made after the answers).
        await nextTurn();
        prepareReportMap(reportInputOf(coverage));
        return rendered;
      })();
      // Awaited below; a run that fails before then must not leave it unhandled.
      early.catch(() => undefined);
    } : undefined;
    // The coverage's warnings (a base far off, no base reaching the demand) are in the text of a
    // run of one scenario; a batch's scenario and `airreach site` printed them nowhere (site writes
    // no summary.json): they go out as warnings as soon as the coverage is known.
    const printed = task.summary === true && !task.siting;
    const onCoverage = (coverage: CoverageRun) => {
      if (!printed) for (const warning of coverageWarnings(coverage)) options.onProgress?.({ step: 'coverage', done: inputs.periods.length, total: 1 + inputs.periods.length, warning });
      startRendering?.(coverage);
    };
    const result = await computeScenario(inputs, { ...options, conditions, depotCandidates: candidates, pool, minParallelPairs: task.minParallelPairs, session, onCoverage });
    // The pool's work is done: its threads stop while this thread renders the files (awaited below).
    closing = pool?.close();
    closing?.catch(() => undefined);
    // The coverage's files are rendered first (they are made in steps, see startRendering).
    const ready = early ? await early : [];
    const outputs = scenarioOutputs(result, { coverageFiles });
    const kept = sitingFiles ? Object.fromEntries(Object.entries(outputs).filter(([name]) => sitingFiles.has(name))) : outputs;
    for (const file of ready) delete kept[file.name];
    const files = task.render ? await renderOutputFiles(kept) : await packOutputFiles(kept);
    if (ready.length > 0) {
      files.push(...ready);
      files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    const summary = task.summary ? (task.siting ? sitingSummary(result) : { text: scenarioText(result, task.scenarioPath), json: JSON.stringify(scenarioSummary(result)) }) : undefined;
    return { files, cells: result.coverage.grid.cellCount, inputFiles: scenarioInputFiles(loaded), ...(summary ? { summary } : {}) };
  } finally {
    // The files and summary are made: nothing reads the matrices any more.
    session?.release();
    await (closing ?? pool?.close());
  }
}

/** What `airreach site` prints: the answers, the depot plan and the simulation; as JSON the answers, curve and depots. */
function sitingSummary(result: ScenarioRun): { text: string; json: string } {
  const parts: string[] = [];
  if (result.answers.length > 0) parts.push(`${answersText(result.answers)}\n\n`);
  if (result.depots) parts.push(`${depotsText(result.depots)}\n\n`);
  if (result.simulation) parts.push(`${simulationText(simulationRows(result.simulation))}\n\n`);
  return { text: parts.join(''), json: JSON.stringify({ answers: result.answers, curve: result.curve, depots: result.depots }) };
}

/** The coverage's own files (those `scenarioOutputs` takes unchanged), rendered, a file at a time between the pool's results. */
async function renderEarly(files: OutputFiles): Promise<Array<PackedFile | RenderedFile>> {
  const out: Array<PackedFile | RenderedFile> = [];
  for (const name of Object.keys(files).sort()) {
    // Yields between files: the pool's results and the curve go first.
    await nextTurn();
    out.push(...(await renderOutputFiles({ [name]: files[name] })));
  }
  return out;
}
