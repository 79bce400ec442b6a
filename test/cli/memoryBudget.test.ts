// --memory-budget and the scenario's "memoryBudget": the one way a user raises (or lowers) the
// memory the coverage and siting matrices and a siting question's solve may take. A tiny budget
// forces the refusals on the small fixtures; the same run passes once the budget is raised.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { cli, light } from './captureCli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const instance = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));
const FIXTURES = fixture('.');

const tempFolder = () => mkdtempSync(join(tmpdir(), 'airreach-budget-'));
/** A scenario over small.json (coverage matrices of about 96 KiB at its resolution 6) with `extra` fields. */
const scenarioWith = (folder: string, extra: Record<string, unknown>, base = 'small.json') => {
  const file = join(folder, 'budget.json');
  writeFileSync(file, JSON.stringify({ extends: fixture(base), name: 'budget', ...extra }));
  return file;
};

describe('--memory-budget: the option', () => {
  it.each(['0', '-1GiB', 'NaN', 'lots', '4G', '1.5', `${totalmem() + 2 ** 30}`, '999TiB'])('refuses %j on every command that computes, naming the flag, the value and the forms, before any work (exit 2)', async (value) => {
    const out = join(tempFolder(), 'out');
    for (const args of [
      ['coverage', fixture('small.json')],
      ['run', fixture('small.json')],
      ['site', fixture('siting.json')],
      ['compare', fixture('small.json'), fixture('small-more.json')],
      ['sweep', fixture('sweep.json')],
      ['solve', instance('mclp-tiny.json')],
    ]) {
      const result = await cli([...args, '--out', out, '--quiet', '--memory-budget', value].filter((arg, k, all) => !(args[0] === 'solve' && (arg === '--out' || all[k - 1] === '--out' || arg === '--quiet'))));
      expect(result.code, `${args[0]} ${value}`).toBe(2);
      expect(result.err).toContain('E_OPTION: field --memory-budget:');
      expect(result.err).toContain(JSON.stringify(value));
      expect(result.err).toMatch(/expected (a size with its unit \(512MiB, 4GiB|at most [\d.]+GiB)/);
      expect(existsSync(out)).toBe(false);
    }
    if (/TiB|\d{12}/.test(value)) expect((await cli(['coverage', fixture('small.json'), '--memory-budget', value, '--out', out])).err).toMatch(/more than this machine's [\d.]+GiB of memory/);
  });

  it('coverage: a budget under the matrices is refused with the size that fits; that size (4GiB, bytes alike) goes through', async () => {
    const folder = tempFolder();
    try {
      const refused = await cli(['coverage', fixture('small.json'), '--out', join(folder, 'a'), '--quiet', '--memory-budget', '32KiB']);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('E_MEMORY_BUDGET');
      expect(refused.err).toContain('over the cap of 32 KiB');
      const fits = /raise the memory budget to ([\d.]+KiB) \(--memory-budget \1, or "memoryBudget": "\1" in the scenario\)/.exec(refused.err);
      expect(fits, refused.err).not.toBeNull();
      expect(existsSync(join(folder, 'a'))).toBe(false);
      const raised = await cli(['coverage', fixture('small.json'), '--out', join(folder, 'a'), '--quiet', '--memory-budget', fits![1]]);
      expect(raised.err).toBe('');
      expect(raised.code).toBe(0);
      expect(readdirSync(join(folder, 'a'))).toContain('summary.json');
      expect((await cli(['coverage', fixture('small.json'), '--out', join(folder, 'b'), '--quiet', '--memory-budget', '1048576'])).code).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('run and site (one scenario, and a batch) carry it: refused under it, done over it', async () => {
    const folder = tempFolder();
    try {
      for (const command of ['run', 'site']) {
        const scenario = fixture(command === 'run' ? 'small.json' : 'siting.json');
        const refused = await cli([command, scenario, '--out', join(folder, command), '--quiet', '--memory-budget', '32KiB']);
        expect(refused.code, command).toBe(2);
        expect(refused.err).toContain('E_MEMORY_BUDGET');
        expect(refused.err).toContain('--memory-budget');
        expect((await cli([command, scenario, '--out', join(folder, command), '--quiet', '--memory-budget', '1MiB'])).code, command).toBe(0);
      }
      // siting.json's questions need about 144 KiB of siting matrices: over 100 KiB, the siting check names the question.
      const question = await cli(['site', fixture('siting.json'), '--out', join(folder, 'q'), '--quiet', '--memory-budget', '100KiB']);
      expect(question.code).toBe(2);
      expect(question.err).toMatch(/field \/questions\/\d+\/standardMinutes: question \d's matrix .* over the cap of 100 KiB/);
      expect(question.err).toMatch(/raise the memory budget to [\d.]+KiB \(--memory-budget/);
      // A local batch: every scenario under the budget, each failed with the refusal; over it, done.
      const batch = await cli(['run', fixture('small.json'), fixture('small-more.json'), '--out', join(folder, 'batch'), '--quiet', '--threads', '1', '--memory-budget', '32KiB']);
      expect(batch.code).toBe(1);
      expect(batch.out).toContain('0 done, 0 skipped, 2 failed');
      expect(batch.out).toContain('over the cap of 32 KiB');
      const again = await cli(['run', fixture('small.json'), fixture('small-more.json'), '--out', join(folder, 'batch'), '--quiet', '--threads', '1', '--memory-budget', '1MiB']);
      expect(again.code).toBe(0);
      expect(again.out).toContain('2 done, 0 skipped, 0 failed');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('compare and sweep carry it', async () => {
    const folder = tempFolder();
    try {
      for (const args of [['compare', fixture('small.json'), fixture('small-more.json')], ['sweep', fixture('sweep.json')]]) {
        const refused = await cli([...args, '--out', join(folder, args[0]), '--quiet', '--memory-budget', '16KiB']);
        expect(refused.code, args[0]).toBe(2);
        expect(refused.err).toContain('E_MEMORY_BUDGET');
        expect(refused.err).toContain('--memory-budget');
        expect((await cli([...args, '--out', join(folder, args[0]), '--quiet', '--memory-budget', '64MiB'])).code, args[0]).toBe(0);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('"memoryBudget" in the scenario file', () => {
  it('applies to the run, and --memory-budget overrides it', async () => {
    const folder = tempFolder();
    try {
      const file = scenarioWith(folder, { memoryBudget: '32KiB' });
      const refused = await cli(['coverage', file, '--allow', FIXTURES, '--out', join(folder, 'a'), '--quiet']);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('E_MEMORY_BUDGET');
      expect(refused.err).toContain('over the cap of 32 KiB');
      const overridden = await cli(['coverage', file, '--allow', FIXTURES, '--out', join(folder, 'a'), '--quiet', '--memory-budget', '1MiB']);
      expect(overridden.err).toBe('');
      expect(overridden.code).toBe(0);
      // Bytes as a number, and a raised budget in the file, go through.
      const raised = scenarioWith(folder, { memoryBudget: 1048576 });
      expect((await cli(['coverage', raised, '--allow', FIXTURES, '--out', join(folder, 'b'), '--quiet'])).code).toBe(0);
      // The other way round: the file's budget is large, the option's small.
      expect((await cli(['coverage', raised, '--allow', FIXTURES, '--out', join(folder, 'c'), '--quiet', '--memory-budget', '32KiB'])).code).toBe(2);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("refuses a size it cannot read (E_SCENARIO at /memoryBudget) and one over this machine's memory, naming the file", async () => {
    const folder = tempFolder();
    try {
      for (const [value, words] of [['4G', 'is not a unit of bytes'], [0, 'must be more than 0 bytes'], ['lots', 'not a number'], ['999TiB', "more than this machine's"]] as const) {
        const file = scenarioWith(folder, { memoryBudget: value });
        const result = await cli(['coverage', file, '--allow', FIXTURES, '--out', join(folder, 'x'), '--quiet']);
        expect(result.code, String(value)).toBe(2);
        expect(result.err).toContain(`E_SCENARIO: ${file}, field /memoryBudget`);
        expect(result.err).toContain(words);
        expect(existsSync(join(folder, 'x'))).toBe(false);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('airreach solve --memory-budget', () => {
  it('refuses an instance over the budget naming the flag and the size that fits, in the light entry and the full CLI; raised, it solves', async () => {
    // 1 KiB reads the 143-byte file (a quarter of the budget may be text) but not its solve (3,150 bytes estimated).
    const refused = await light([instance('mclp-tiny.json'), '--memory-budget', '1KiB']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('E_MEMORY_BUDGET');
    expect(refused.err).toContain('would take about 4 KiB of memory, over the budget of 1 KiB');
    const fits = /raise the memory budget to (\S+) \(--memory-budget \1\)/.exec(refused.err);
    expect(fits, refused.err).not.toBeNull();
    expect(refused.err).not.toContain('"memoryBudget"');
    const solved = await light([instance('mclp-tiny.json'), '--memory-budget', fits![1]]);
    expect(solved.code, solved.err).toBe(0);
    expect(JSON.parse(solved.out)).toMatchObject({ status: 'optimal' });
    expect((await cli(['solve', instance('mclp-tiny.json'), '--memory-budget', '1KiB'])).err).toContain('(--memory-budget 3.1KiB)');
    // A file over a quarter of the budget is refused before it is read, with the budget that reads it.
    expect((await light([instance('mclp-tiny.json'), '--memory-budget', '64B'])).err).toContain('raise the memory budget to 572B (--memory-budget 572B)');
    expect((await cli(['solve', instance('mclp-tiny.json'), '--memory-budget', fits![1]])).code).toBe(0);
    const bad = await light([instance('mclp-tiny.json'), '--memory-budget', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('E_OPTION: field --memory-budget: "0" cannot be a memory budget');
    expect((await light(['--help'])).out).toContain('--memory-budget <size>');
  });
});
