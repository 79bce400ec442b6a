import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { light } from './captureCli.js';
import { main } from '../../src/cli/main.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));

/** Every module a file reaches through static imports (relative ones as repo paths, packages by name). */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^(?:import|export)\s(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
    const specifier = match[1];
    if (!specifier.startsWith('.')) {
      seen.add(specifier.startsWith('node:') ? specifier : specifier.split('/')[0]);
      continue;
    }
    const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
    const key = relative(root, target);
    if (seen.has(key)) continue;
    seen.add(key);
    staticImports(target, seen);
  }
  return seen;
}

describe('airreach solve (the light entry)', () => {
  it('prints one JSON answer with stoppedBy and work; the same bytes as the full CLI, runtime aside', async () => {
    const result = await light([fixture('mclp-tiny.json'), '--work', '1e9']);
    expect(result).toMatchObject({ code: 0, err: '' });
    const answer = JSON.parse(result.out);
    expect(answer).toMatchObject({ status: 'optimal', objective: 6, bound: 6, gap: 0, stoppedBy: 'proof', selectedSites: [0] });
    expect(answer.work).toBeGreaterThan(0);
    const stdout = new PassThrough();
    let full = '';
    stdout.on('data', (chunk) => (full += chunk));
    expect(await main(['solve', fixture('mclp-tiny.json'), '--work', '1e9'], { stdout })).toBe(0);
    expect({ ...JSON.parse(full), runtimeMs: 0 }).toEqual({ ...answer, runtimeMs: 0 });
  });

  it('prints its help, and refuses bad arguments with exit 2', async () => {
    const help = await light(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('--work <units>');
    for (const args of [[], ['a.json', 'b.json'], [fixture('mclp-tiny.json'), '--work', '0'], [fixture('mclp-tiny.json'), '--time-limit', 'soon'], [fixture('mclp-tiny.json'), '--bogus']]) {
      const bad = await light(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.out).toBe('');
    }
    expect((await light([fixture('mclp-tiny.json'), '--work', 'lots'])).err).toContain('"lots"');
  });

  it('refuses a missing file with exit 2 and E_FILE_READ (bad instances: test/reliability/instanceLimits.test.ts)', async () => {
    const missing = await light(['nowhere.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('E_FILE_READ');
  });

  it('names the file and the JSON path in a solver\'s own refusal, as in the reader\'s', async () => {
    // It said 'field sitesPerYear: the plan opens more bases than are allowed', naming no file.
    const file = join(mkdtempSync(join(tmpdir(), 'airreach-solve-')), 'rollout.json');
    writeFileSync(file, JSON.stringify({ model: 'phasedRollout', minutes: [[10, 40], [33, 8]], sitesPerYear: 5, years: 2, standardMinutes: 30 }));
    const result = await light([file]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`E_SITE_COUNT: ${file}, field /sitesPerYear: the plan opens more bases than are allowed`);
  });

  it('loads neither zod, nor commander, nor HiGHS, nor the scenario pipeline (issue 17: start-up)', () => {
    const reached = staticImports(resolve(root, 'src/cli/solveCommand.ts'));
    for (const heavy of ['zod', 'commander', 'highs', 'h3-js', 'piscina']) expect(reached.has(heavy), heavy).toBe(false);
    for (const module of reached) expect(module, module).not.toMatch(/^src\/(scenario|engine|batch|report|coverage|grid)\//);
    // The registry loads each model's solver lazily: no solver family is reached statically.
    for (const module of reached) expect(module, module).not.toMatch(/^src\/solvers\/(covering|median|capacitated|milp)\//);
  });
});
