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
 * otherwise (CI logs, pipes), nothing with `quiet`. stdout stays clean for `--json` output.
 *
 * @example
 * const progress = createProgress({ quiet: false });
 * progress.update({ step: 'grid', done: 0, total: 3 });
 */
export function createProgress(options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update: () => undefined, log: () => undefined, stop: () => undefined };
  const started = Date.now();
  // Steps carry question labels and scenario names from input files.
  const safe = (event: ProgressEvent & { label?: string }) => ({ ...event, step: terminalSafe(event.step), label: event.label === undefined ? undefined : terminalSafe(event.label) });
  const stamp = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
  if (!stream.isTTY) {
    let last = '';
    return {
      update: (raw) => {
        const event = safe(raw);
        const line = `${event.label ? `${event.label}: ` : ''}${event.step} (${event.done}/${event.total})`;
        if (line !== last) stream.write(`${stamp()}  ${line}\n`);
        last = line;
      },
      log: (message) => stream.write(`${stamp()}  ${terminalSafe(message)}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: ' {bar} {value}/{total} | {label}{step} | {duration}s', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let started_ = false;
  return {
    update: (raw) => {
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
}
