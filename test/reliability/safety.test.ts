import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { runScenario } from '../../src/scenario/runScenario.js';
import { writeFilesAtomic } from '../../src/io/writeFileAtomic.js';
import { isAirreachError } from '../../src/errors.js';
import { fixturePath } from './reliabilityFixtures.js';
import { TriedLog } from './triedLog.js';

const log = new TriedLog('safety: paths, symlinks, output names, injected text');
afterAll(() => log.print());

const root = mkdtempSync(join(tmpdir(), 'airreach-safety-'));
const scenarios = join(root, 'scenarios');
const outside = join(root, 'outside');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(scenarios);
  mkdirSync(outside);
  for (const name of ['small.json', 'hazards.geojson', 'regions.geojson', 'bases.geojson']) cpSync(fixturePath('scenario', name), join(scenarios, name));
  cpSync(fixturePath('scenario', 'hazards.geojson'), join(outside, 'secret.geojson'));
  cpSync(fixturePath('scenario', 'small.json'), join(outside, 'base.json'));
  // Links inside the scenario folder that lead out of it: a file, a folder, and an `extends` target.
  symlinkSync(join(outside, 'secret.geojson'), join(scenarios, 'linked.geojson'));
  symlinkSync(outside, join(scenarios, 'linked-folder'));
  symlinkSync(join(outside, 'base.json'), join(scenarios, 'linked-base.json'));
  // A link that stays inside is fine.
  symlinkSync(join(scenarios, 'hazards.geojson'), join(scenarios, 'inner-link.geojson'));
});

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function write(name: string, json: unknown): string {
  const path = join(scenarios, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe('scenario paths', () => {
  it('resolves relative layer paths against the scenario folder, not the working folder', async () => {
    expect(process.cwd()).not.toBe(scenarios);
    const { scenario } = await loadScenario(join(scenarios, 'small.json'));
    expect(scenario.layers?.hazards).toEqual([join(scenarios, 'hazards.geojson')]);
    expect(scenario.layers?.regions?.file).toBe(join(scenarios, 'regions.geojson'));
    log.record('loadScenario', 'resolved');
  });

  const escapes: Array<[string, unknown, string]> = [
    ['a `..` layer path', { extends: 'small.json', layers: { hazards: ['../outside/secret.geojson'] } }, '/layers/hazards/0'],
    ['an absolute layer path outside', { extends: 'small.json', layers: { hazards: [join(outside, 'secret.geojson')] } }, '/layers/hazards/0'],
    ['a symlinked layer file leading outside', { extends: 'small.json', layers: { hazards: ['linked.geojson'] } }, '/layers/hazards/0'],
    ['a layer inside a symlinked folder leading outside', { extends: 'small.json', layers: { hazards: ['linked-folder/secret.geojson'] } }, '/layers/hazards/0'],
    ['`extends` through a symlink leading outside', { extends: 'linked-base.json' }, '/extends'],
    ['a bases file through a symlinked folder', { extends: 'small.json', bases: [{ file: 'linked-folder/secret.geojson', role: 'existing' }] }, '/bases/0/file'],
  ];
  it.each(escapes)('refuses %s with E_PATH naming the field', async (_name, json, field) => {
    const path = write(`escape-${field.replace(/\W/g, '')}-${Math.abs(JSON.stringify(json).length)}.json`, json);
    const error = await failure(() => loadScenario(path));
    log.record('loadScenario', isAirreachError(error) ? error.code : 'accepted!');
    expect(isAirreachError(error, 'E_PATH'), String(error)).toBe(true);
    if (isAirreachError(error)) expect(error.where).toMatchObject({ file: path, field });
  });

  it('accepts a symlink that stays inside, and one into a folder the user allowed', async () => {
    const inner = write('inner.json', { extends: 'small.json', layers: { hazards: ['inner-link.geojson'] } });
    await expect(loadScenario(inner)).resolves.toBeTruthy();
    const linked = write('linked-allowed.json', { extends: 'small.json', layers: { hazards: ['linked.geojson'] } });
    await expect(loadScenario(linked, { allowedFolders: [outside] })).resolves.toBeTruthy();
    log.record('loadScenario', 'allowed');
    log.record('loadScenario', 'allowed');
  });
});

describe('outputs stay under the output folder', () => {
  const names = ['../escaped.txt', '../../etc/airreach.txt', '/tmp/airreach-absolute.txt', 'a/../../escaped.txt', '', '.'];
  it.each(names)('writeFilesAtomic refuses the file name %j with E_PATH and writes nothing', async (name) => {
    const out = join(root, 'out-names');
    const error = await failure(() => writeFilesAtomic(out, { 'ok.txt': 'fine', [name]: 'evil' }));
    log.record('writeFilesAtomic', isAirreachError(error) ? error.code : 'accepted!');
    expect(isAirreachError(error, 'E_PATH'), String(error)).toBe(true);
    expect(existsSync(join(root, 'escaped.txt'))).toBe(false);
    expect(existsSync('/tmp/airreach-absolute.txt')).toBe(false);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('still writes nested names inside the folder', async () => {
    const out = join(root, 'out-nested');
    await writeFilesAtomic(out, { 'maps/day.geojson': '{}' });
    expect(readFileSync(join(out, 'maps/day.geojson'), 'utf8')).toBe('{}');
    log.record('writeFilesAtomic', 'nested ok');
  });
});

describe('nothing in an input is executed', () => {
  it('shows a scenario name full of markup and template syntax as text, escaped in the HTML report', async () => {
    const name = '<script>globalThis.pwned = 1</script> ${process.exit(3)} {{constructor.constructor("x")()}} <img src=x onerror=alert(1)>';
    const path = write('injected.json', { extends: 'small.json', name, description: '</title><script>alert(2)</script>', periods: ['day'] });
    const out = join(root, 'out-injected');
    await runScenario(path, { outFolder: out });
    log.record('runScenario', 'injected name shown as text');
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.scenario.name).toBe(name);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>globalThis.pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</title><script>alert(2)');
    expect(html).toContain('&lt;script&gt;globalThis.pwned = 1&lt;/script&gt;');
    expect(html).toContain('${process.exit(3)}');
  });
});
