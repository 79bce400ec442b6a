import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';

/** A stderr stand-in that keeps what is written (not a terminal: plain log lines). */
function fakeStream(): NodeJS.WriteStream & { text: string } {
  const stream = { text: '', isTTY: false, write: (chunk: string) => ((stream.text += chunk), true) };
  return stream as unknown as NodeJS.WriteStream & { text: string };
}

describe('createProgress', () => {
  it('prints a warning event as a line of its own, with --quiet too, and moves no step', () => {
    const stream = fakeStream();
    const progress = createProgress({ stream });
    progress.update({ step: 'grid', done: 0, total: 3 });
    progress.update({ step: 'grid', done: 0, total: 3, warning: 'question 2 may need up to 3.4 GiB' });
    progress.update({ step: 'coverage (day)', done: 1, total: 3, label: 'small' });
    progress.update({ step: 'coverage (day)', done: 1, total: 3, label: 'small', warning: 'many refuelling points' });
    const lines = stream.text.trimEnd().split('\n').map((line) => line.replace(/^\s*[\d.]+ s {2}/, ''));
    expect(lines).toEqual(['grid (0/3)', 'warning: question 2 may need up to 3.4 GiB', 'small: coverage (day) (1/3)', 'warning: small: many refuelling points']);
    const quiet = fakeStream();
    const silent = createProgress({ stream: quiet, quiet: true });
    silent.update({ step: 'grid', done: 0, total: 3 });
    silent.update({ step: 'grid', done: 0, total: 3, warning: 'question 2 may need up to 3.4 GiB' });
    expect(quiet.text).toBe('warning: question 2 may need up to 3.4 GiB\n');
  });
});
