import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../scenario/runCoverage.js';
import { terminalSafe } from './terminalSafe.js';

/** Reports progress events of a run: where it is and how far along. */
export interface ProgressReporter {
  update(event: ProgressEvent & { label?: string }): void;
  log(message: string): void;
  stop(): void;
}

/**
 * Progress on stderr: a live bar when stderr is a terminal, plain timestamped log lines
 * otherwise (CI logs, pipes), nothing with `quiet`. An event with a `warning` is printed as a
 * line `warning: …` of its own (after the bar, which starts again with the next step), with
 * `quiet` too: the run goes on, and the user should know before it is slow or fails. stdout
 * stays clean for `--json` output.
 *
 * @example
 * const progress = createProgress({ quiet: false });
 * progress.update({ step: 'grid', done: 0, total: 3 });
 */
export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  // A warning is a line of its own, with or without progress: the run goes on after it.
  const warned = (event: ProgressEvent & { label?: string }, print: (line: string) => void): boolean => {
    if (event.warning === undefined) return false;
    print(`warning: ${event.label ? `${event.label}: ` : ''}${event.warning}`);
    return true;
  };
  if (options.quiet) return { update: (event) => void warned(event, (line) => stream.write(`${terminalSafe(line)}\n`)), log: () => undefined, stop: () => undefined };
  const started = Date.now();
  // Steps carry question labels and scenario names from input files.
  const safe = (event: ProgressEvent & { label?: string }) => ({ ...event, step: terminalSafe(event.step), label: event.label === undefined ? undefined : terminalSafe(event.label) });
  const stamp = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
  if (!stream.isTTY) {
    let last = '';
    const reporter: ProgressReporter = {
      update: (raw) => {
        if (warned(raw, (line) => reporter.log(line))) return;
        const event = safe(raw);
        const line = `${event.label ? `${event.label}: ` : ''}${event.step} (${event.done}/${event.total})`;
        if (line !== last) stream.write(`${stamp()}  ${line}\n`);
        last = line;
      },
      log: (message) => stream.write(`${stamp()}  ${terminalSafe(message)}\n`),
      stop: () => undefined,
    };
    return reporter;
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: ' {bar} {value}/{total} | {label}{step} | {duration}s', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started_ = false;
  const reporter: ProgressReporter = {
    update: (raw) => {
      if (warned(raw, (line) => reporter.log(line))) return;
      const event = safe(raw);
      const payload = { step: event.step, label: event.label ? `${event.label}: ` : '' };
      if (!started_) {
        bar.start(event.total, event.done, payload);
        started_ = true;
      } else {
        bar.setTotal(event.total);
        bar.update(event.done, payload);
      }
    },
    log: (message) => {
      if (started_) bar.stop();
      stream.write(`${terminalSafe(message)}\n`);
      started_ = false;
    },
    stop: () => {
      if (started_) bar.stop();
      started_ = false;
    },
  };
  return reporter;
}
