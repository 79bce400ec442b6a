import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from './captureCli.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));

describe('airreach CLI', () => {
  it('prints help for every command and exits 0', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toContain('coverage');
    const coverage = await cli(['coverage', '--help']);
    expect(coverage.code).toBe(0);
    expect(coverage.out).toContain('--out');
  });

  it('runs coverage on a scenario and writes the files', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    try {
      const result = await cli(['coverage', fixture('small.json'), '--out', out, '--quiet']);
      expect(result.err).toBe('');
      expect(result.code).toBe(0);
      expect(result.out).toContain('demand covered');
      expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'bases.geojson', 'coverage-day.csv', 'coverage-day.geojson', 'coverage-night.csv', 'coverage-night.geojson', 'report.html', 'summary.json'].sort());
    } finally {
      rmSync(out, { recursive: true });
    }
  });

  it('exits 2 with a located message on bad input, and writes nothing', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'airreach-cli-')), 'out');
    const result = await cli(['coverage', fixture('bad-type.json'), '--out', out, '--quiet']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('E_SCENARIO');
    expect(result.err).toContain('/grid/resolution');
    expect(existsSync(out)).toBe(false);
  });

  it('runs a scenario listed twice (by its absolute and its relative path) once, and says so', async () => {
    // It ran twice, into small and small-2, the same bytes.
    const out = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    try {
      const again = relative(process.cwd(), fixture('small.json'));
      const result = await cli(['run', fixture('small.json'), again, '--out', out, '--quiet']);
      expect(result.code).toBe(0);
      expect(result.err).toContain(`note: ${again} is listed again (first as ${fixture('small.json')}): it runs once`);
      expect(result.out).toContain('1 done, 0 skipped, 0 failed');
      expect(readdirSync(out).filter((name) => !name.startsWith('.'))).toEqual(['small']);
    } finally {
      rmSync(out, { recursive: true });
    }
  });

  it('leaves out the .json files of a folder that are not scenarios (the road network beside it), and says so', async () => {
    // `airreach run data/liaoning` failed the batch on roads.json: 'E_SCENARIO … Unrecognized keys: "linkCircuity", …' (exit 1).
    const root = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    try {
      const folder = join(root, 'plan');
      mkdirSync(folder);
      for (const name of ['small.json', 'bases.geojson', 'regions.geojson', 'hazards.geojson']) copyFileSync(fixture(name), join(folder, name));
      writeFileSync(join(folder, 'roads.json'), '{"linkCircuity": 1.1, "nodes": [], "links": []}');
      writeFileSync(join(folder, 'answers.json'), '[]');
      const result = await cli(['run', folder, '--out', join(root, 'out'), '--quiet']);
      expect(result.code).toBe(0);
      expect(result.err).toContain(`note: ${join(folder, 'roads.json')} is not a scenario (its key "linkCircuity" is none of a scenario's): it is left out`);
      expect(result.err).toContain(`note: ${join(folder, 'answers.json')} is not a scenario (it holds a list, not an object): it is left out`);
      expect(result.out).toContain('1 done, 0 skipped, 0 failed');
      // A folder of other files only is refused as holding no scenario, naming them.
      rmSync(join(folder, 'small.json'));
      const none = await cli(['run', folder, '--out', join(root, 'out'), '--quiet']);
      expect(none.code).toBe(2);
      expect(none.err).toContain('E_EMPTY');
      expect(none.err).toContain('left out as other files: answers.json, roads.json');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('exits 2 on an unknown command', async () => {
    expect((await cli(['cover'])).code).toBe(2);
  });

  it('exits 2 when no command is given (a usage error), after printing the usage', async () => {
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.err).toContain('Usage: airreach');
    expect((await cli(['help'])).code).toBe(0);
  });

  it('states the defaults of the options the README documents: queue attempts, the difference map standard', async () => {
    const { DEFAULT_RUN_QUEUE_BATCH_OPTIONS } = await import('../../src/batch/runQueueBatch.js');
    const flat = (text: string) => text.replace(/\s+/g, ' ');
    for (const command of ['run', 'sweep']) {
      expect(flat((await cli([command, '--help'])).out)).toMatch(new RegExp(`--attempts <n> .*default: ${DEFAULT_RUN_QUEUE_BATCH_OPTIONS.attempts}\\)`));
    }
    for (const command of ['compare', 'sweep']) {
      expect(flat((await cli([command, '--help'])).out)).toMatch(/--standard <minutes> standard of the difference maps? \(default: the standard where the (scenarios|variants) differ most\)/);
    }
  });

  it('refuses an output folder where an output would replace one of the scenario\'s input files (--out at the scenario\'s own folder replaced its bases.geojson)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    try {
      for (const name of ['small.json', 'siting.json', 'bases.geojson', 'candidates.geojson', 'regions.geojson', 'hazards.geojson', 'places.geojson']) copyFileSync(fixture(name), join(folder, name));
      const before = readdirSync(folder).sort();
      for (const args of [['run', join(folder, 'small.json')], ['coverage', join(folder, 'small.json')]]) {
        const result = await cli([...args, '--out', folder, '--quiet']);
        expect(result.code).toBe(1);
        expect(result.err).toContain('E_OUTPUT');
        expect(result.err).toContain('would replace an input file of this run');
        expect(readdirSync(folder).sort()).toEqual(before);
        expect(readFileSync(join(folder, 'bases.geojson'), 'utf8')).toBe(readFileSync(fixture('bases.geojson'), 'utf8'));
      }
      // `site` writes no bases.geojson: it runs, and its warning about other airreach files in the folder leaves out the scenario's own layer.
      const site = await cli(['site', join(folder, 'siting.json'), '--out', folder, '--quiet']);
      expect(site.code).toBe(0);
      expect(site.err).not.toContain('bases.geojson');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses an output folder where an output would replace a file airreach did not write (another scenario\'s bases layer was replaced silently)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    try {
      const layer = join(out, 'bases.geojson');
      writeFileSync(layer, '{"type": "FeatureCollection", "features": []}\n');
      const refused = await cli(['coverage', fixture('small.json'), '--out', out, '--quiet']);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(`E_OUTPUT: ${layer}`);
      expect(refused.err).toContain('the output bases.geojson would replace a file that no airreach run wrote');
      expect(readdirSync(out)).toEqual(['bases.geojson']);
      expect(readFileSync(layer, 'utf8')).toBe('{"type": "FeatureCollection", "features": []}\n');
      // Moved away, the run writes; run again, it replaces its own outputs.
      rmSync(layer);
      expect((await cli(['coverage', fixture('small.json'), '--out', out, '--quiet'])).code).toBe(0);
      expect((await cli(['coverage', fixture('small.json'), '--out', out, '--quiet'])).code).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('refuses an empty --out (a script\'s unset variable) instead of writing into the current folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    const cwd = process.cwd();
    try {
      process.chdir(root);
      for (const args of [['coverage', fixture('small.json')], ['run', fixture('small.json')], ['compare', fixture('small.json'), fixture('variant.json')]]) {
        for (const out of ['', ' ']) {
          const result = await cli([...args, '--out', out, '--quiet']);
          expect(result.code).toBe(2);
          expect(result.err).toContain(`${JSON.stringify(out)} names no folder: expected an output folder`);
        }
      }
      expect(readdirSync(root)).toEqual([]);
    } finally {
      process.chdir(cwd);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses the file system\'s root as --out (a script\'s unset $DIR before a /) instead of writing among the system\'s folders', async () => {
    for (const out of ['/', '//', '/./']) {
      const result = await cli(['coverage', fixture('small.json'), '--out', out, '--quiet']);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`${JSON.stringify(out)} is the file system's root: expected an output folder of its own`);
    }
  });

  it('refuses an --allow folder that is not there or is a file, naming it, before anything runs', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'airreach-cli-')), 'out');
    const missing = join(tmpdir(), 'airreach-no-such-folder-allow');
    for (const [allow, said] of [[missing, 'is not there'], [fixture('small.json'), 'is a file, not a folder']] as const) {
      const result = await cli(['run', fixture('small.json'), '--allow', fixture('.'), allow, '--out', out, '--quiet']);
      expect(result.code).toBe(2);
      expect(result.err).toContain(`${JSON.stringify(allow)} ${said}`);
    }
    expect(existsSync(out)).toBe(false);
    // Folders that are there are all kept (repeated flags and several values add up).
    const ok = await cli(['coverage', fixture('small.json'), '--allow', fixture('.'), '--allow', tmpdir(), '--out', out, '--quiet']);
    expect(ok.code).toBe(0);
  });

  it('refuses a thread count beyond MAX_POOL_THREADS before any worker starts (1e9 aborted the process out of memory)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'airreach-cli-')), 'out');
    for (const command of ['run', 'coverage', 'site']) {
      const result = await cli([command, fixture('small.json'), '--threads', '1000000000', '--out', out, '--quiet']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('expected a whole number from 1 to 256');
      expect(result.err).toContain('"1000000000"');
    }
    expect((await cli(['worker', '--redis', 'redis://127.0.0.1:1', '--threads', '257'])).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses --threads, --concurrency and --v8-defaults with --redis (the queue workers compute, not the coordinator) before it connects, and --v8-defaults for a batch', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'airreach-cli-')), 'out');
    for (const args of [['run', fixture('small.json'), '--threads', '2'], ['run', fixture('small.json'), '--concurrency', '3']]) {
      const result = await cli([...args, '--redis', 'redis://127.0.0.1:1', '--out', out, '--quiet']);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/E_OPTION: field --(threads|concurrency): --(threads|concurrency) does nothing with --redis/);
      expect(result.err).toContain('airreach worker --redis <url> --threads <n>');
    }
    const jit = await cli(['run', fixture('small.json'), '--v8-defaults', '--redis', 'redis://127.0.0.1:1', '--out', out, '--quiet']);
    expect(jit.code).toBe(2);
    expect(jit.err).toContain('E_OPTION: field --v8-defaults: --v8-defaults does nothing with --redis');
    // Nor for a local batch, which keeps V8's settings: refused before anything runs.
    const batch = await cli(['run', fixture('small.json'), fixture('small-more.json'), '--v8-defaults', '--out', out, '--quiet']);
    expect(batch.code).toBe(2);
    expect(batch.err).toContain('--v8-defaults does nothing for a batch');
    expect(existsSync(out)).toBe(false);
  });

  it('names minutes, not seconds, when --standard is not a positive number', async () => {
    const result = await cli(['compare', fixture('small.json'), fixture('small-more.json'), '--standard', '-5', '--quiet']);
    expect(result.code).toBe(2);
    expect(result.err).toContain('expected a positive number of minutes, got "-5"');
  });

  it('names the --standard option, not the library\'s standardMinutes, when the scenarios do not compute that standard (compare and sweep)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'airreach-cli-')), 'out');
    for (const args of [['compare', fixture('small.json'), fixture('small-more.json')], ['sweep', fixture('sweep-feature-fleet.json')]]) {
      const result = await cli([...args, '--standard', '45', '--out', out, '--quiet']);
      expect(result.code).toBe(2);
      expect(result.err).toContain('field --standard');
      expect(result.err).toContain('standard 45 min is not computed');
      expect(result.err).not.toContain('field standardMinutes');
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('airreach solve', () => {
  const instance = fileURLToPath(new URL('../fixtures/cli/mclp-tiny.json', import.meta.url));
  it('prints one JSON result with status, objective, bound, gap, 0-based ascending sites and runtime', async () => {
    const result = await cli(['solve', instance]);
    expect(result.code).toBe(0);
    const solution = JSON.parse(result.out);
    expect(solution).toMatchObject({ status: 'optimal', objective: 6, bound: 6, gap: 0, selectedSites: [0] });
    expect(typeof solution.runtimeMs).toBe('number');
  });

  it('refuses a bad time limit with exit 2', async () => {
    expect((await cli(['solve', instance, '--time-limit', 'soon'])).code).toBe(2);
  });
});

describe('airreach solve, capacitated models', () => {
  it('prints the assignment of each demand point and respects capacities', async () => {
    const instance = fileURLToPath(new URL('../fixtures/cli/cpmp-tiny.json', import.meta.url));
    const result = await cli(['solve', instance]);
    expect(result.code).toBe(0);
    const solution = JSON.parse(result.out);
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBe(20);
    expect(solution.assignment).toHaveLength(4);
    const demands = [4, 3, 2, 4];
    const load = new Map<number, number>();
    solution.assignment.forEach((site: number, i: number) => load.set(site, (load.get(site) ?? 0) + demands[i]));
    for (const [site, tonnes] of load) {
      expect(solution.selectedSites).toContain(site);
      expect(tonnes).toBeLessThanOrEqual(8);
    }
  });
});

describe('airreach site', () => {
  it('writes only the siting files, and refuses a scenario without questions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-site-'));
    try {
      const result = await cli(['site', fixture('siting.json'), '--out', out, '--quiet']);
      expect(result.code).toBe(0);
      expect(result.out).toContain('proven optimal');
      expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'answer-1.geojson', 'answer-2.geojson', 'answer-3.geojson', 'answer-4.geojson', 'answers.json'].sort());
      const none = join(out, 'none');
      const refused = await cli(['site', fixture('small.json'), '--out', none, '--quiet']);
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('/questions');
      expect(existsSync(none)).toBe(false);
    } finally {
      rmSync(out, { recursive: true });
    }
  });

  it("writes the same bytes with V8's JIT settings kept (--v8-defaults) as with a short run's profile (run and site)", async () => {
    const root = mkdtempSync(join(tmpdir(), 'airreach-jit-'));
    const bytes = (folder: string) => readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name)).toString('base64')]);
    try {
      for (const command of ['run', 'site']) {
        const kept = await cli([command, fixture('siting.json'), '--out', join(root, `${command}-kept`), '--quiet', '--v8-defaults', '--threads', '2']);
        const short = await cli([command, fixture('siting.json'), '--out', join(root, `${command}-short`), '--quiet', '--threads', '2']);
        expect([kept.code, short.code, kept.err, short.err]).toEqual([0, 0, '', '']);
        expect(bytes(join(root, `${command}-short`))).toEqual(bytes(join(root, `${command}-kept`)));
      }
      expect((await cli(['run', '--help'])).out).toContain('--v8-defaults');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('airreach output folders', () => {
  it('coverage writes report.html (and leaves it out with --no-report)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    try {
      const withReport = await cli(['coverage', fixture('small.json'), '--out', join(root, 'a'), '--quiet']);
      expect(withReport.code).toBe(0);
      expect(readdirSync(join(root, 'a'))).toContain('report.html');
      expect(withReport.out).toContain('open report.html');
      expect((await cli(['coverage', fixture('small.json'), '--out', join(root, 'b'), '--quiet', '--no-report'])).code).toBe(0);
      expect(readdirSync(join(root, 'b'))).not.toContain('report.html');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('without --out each scenario gets out/<file name>; files another run left beside this one\'s are named, with their scenario', async () => {
    const root = mkdtempSync(join(tmpdir(), 'airreach-cli-'));
    const cwd = process.cwd();
    try {
      process.chdir(root);
      const first = await cli(['coverage', fixture('small.json'), '--quiet', '--no-report']);
      expect(first.code).toBe(0);
      expect(first.err).toBe('');
      expect(readdirSync(join(root, 'out'))).toEqual(['small']);
      expect(readdirSync(join(root, 'out', 'small'))).toContain('summary.json');
      expect((await cli(['coverage', fixture('variant.json'), '--quiet'])).code).toBe(0);
      expect(readdirSync(join(root, 'out')).sort()).toEqual(['small', 'variant']);
      // Another scenario (night only) into the first one's folder: its day files stay, and the run says so.
      const mixed = await cli(['coverage', fixture('variant.json'), '--out', join(root, 'out', 'small'), '--quiet']);
      expect(mixed.code).toBe(0);
      expect(mixed.err).toContain('warning:');
      expect(mixed.err).toContain('another scenario ("small-test")');
      expect(mixed.err).toContain('coverage-day.csv, coverage-day.geojson');
      // The same scenario again over its own complete outputs: nothing to say, even beside a file
      // that only shares an output's name (another scenario's weather data, conditions.json).
      writeFileSync(join(root, 'out', 'variant', 'conditions.json'), '{"name": "my weather"}');
      expect((await cli(['coverage', fixture('variant.json'), '--out', join(root, 'out', 'variant'), '--quiet'])).err).toBe('');
    } finally {
      process.chdir(cwd);
      rmSync(root, { recursive: true, force: true });
    }
  });
});
