import { describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { scenarioCoverage } from '../../src/batch/scenarioCoverage.js';
import { shortRunJit } from '../../src/engine/shortRunJit.js';

// Recorded, not applied: the V8 flag would be this test process's (the CLI test runs it for real).
vi.mock('../../src/engine/shortRunJit.js', async (original) => ({ ...(await original<object>()), shortRunJit: vi.fn(() => true) }));

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const run = async (name: string) => {
  const { files } = await scenarioCoverage({ kind: 'scenarioCoverage', scenarioPath: fixture(name), allowedFolders: [] });
  return Object.fromEntries(files.map((file) => [file.name, 'sha256' in file ? file.sha256 : '']));
};

describe('scenarioCoverage (the batch task)', () => {
  it('reuses the last scenario\'s grid when the demand layers are the same, with the files of a fresh grid', async () => {
    // small-more shares small's layers: its grid is small's. session.json (other population, regions) builds its own.
    await run('small.json');
    const reused = await run('small-more.json');
    await run('planning.json');
    const fresh = await run('small-more.json');
    expect(Object.keys(reused).sort()).toEqual(Object.keys(fresh).sort());
    for (const name of Object.keys(fresh)) expect(reused[name], name).toBe(fresh[name]);
    // And a scenario run after one with other layers is not given that grid.
    const planningAgain = await run('planning.json');
    const sessionFiles = await run('session.json');
    expect(planningAgain['summary.json']).not.toBe(fresh['summary.json']);
    expect(sessionFiles['summary.json']).not.toBe(planningAgain['summary.json']);
  });

  it("sets a short run's JIT profile only when the task says the process is this one run, with the grid's cell count", async () => {
    vi.mocked(shortRunJit).mockClear();
    const { calls } = vi.mocked(shortRunJit).mock;
    const { cells } = await scenarioCoverage({ kind: 'scenarioCoverage', scenarioPath: fixture('small.json'), allowedFolders: [], shortRunJit: true });
    expect(calls).toEqual([[cells]]);
    await scenarioCoverage({ kind: 'scenarioCoverage', scenarioPath: fixture('small.json'), allowedFolders: [] });
    await scenarioCoverage({ kind: 'scenarioCoverage', scenarioPath: fixture('small.json'), allowedFolders: [], shortRunJit: false });
    expect(calls).toHaveLength(1);
  });
});
