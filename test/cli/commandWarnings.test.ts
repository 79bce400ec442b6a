// Warnings of compare and sweep reach the user: their scenarios' sessions had no progress port,
// so a refuelling scan of minutes was said nowhere (run and a local batch said it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bundledDataFolder } from '../../src/scenario/loadScenario.js';
import { writeRefuelLayer } from '../scenario/refuelLayer.js';

const folder = mkdtempSync(join(tmpdir(), 'airreach-command-warnings-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** 10,000 refuelling points over today's grid: warned of once the grid is built (about 86 s of coverage). */
function scenarios(): { fuel: string; plain: string; sweep: string } {
  const data = relative(folder, join(bundledDataFolder(), 'liaoning'));
  writeRefuelLayer(folder);
  const layers = { extent: `${data}/province.geojson`, hazards: [`${data}/hazards/sites.geojson`], population: `${data}/population.geojson` };
  const bases = [{ id: 'anshan', name: 'Anshan', latDeg: 41.12361, lngDeg: 122.99, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 2 }] }];
  const write = (name: string, scenario: object) => {
    writeFileSync(join(folder, name), JSON.stringify(scenario));
    return join(folder, name);
  };
  return {
    fuel: write('fuel.json', { name: 'fuel', layers: { ...layers, refuelPoints: 'fuel.geojson' }, bases }),
    plain: write('plain.json', { name: 'plain', layers, bases }),
    sweep: write('fuel-sweep.json', { name: 'fuel-sweep', layers: { ...layers, refuelPoints: 'fuel.geojson' }, bases, sweep: { nightOperations: [false] } }),
  };
}

/**
 * Runs the command until its first warning, then cancels it as Ctrl-C would (the coverage it
 * warns of runs for a minute or more), or after `giveUpMs` without one (the grid takes seconds):
 * what it printed, and its exit code.
 */
async function untilWarning(args: string[], giveUpMs = 40_000): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let cancelled = false;
  const out = new Writable({ write: (chunk, _enc, done) => ((stdout += String(chunk)), done()) });
  const err = new Writable({
    write: (chunk, _enc, done) => {
      stderr += String(chunk);
      if (!cancelled && /^warning: /m.test(stderr)) {
        cancelled = true;
        setImmediate(() => process.emit('SIGINT', 'SIGINT'));
      }
      done();
    },
  });
  const giveUp = setTimeout(() => {
    cancelled = true;
    process.emit('SIGINT', 'SIGINT');
  }, giveUpMs);
  const code = await main([...args, '--quiet', '--threads', '1'], { stdout: out, stderr: err as never });
  clearTimeout(giveUp);
  return { code, stdout, stderr };
}

describe('warnings of compare and sweep', () => {
  const { fuel, plain, sweep } = scenarios();
  const scan = /^warning: (.+?): 10,000 refuelling points \(\/layers\/refuelPoints\) over [\d,]+ cells make [\d.]+e\+8 point-cell comparisons a period: about \d+ s of coverage over the 2 periods/m;

  it('compare prints a scenario\'s warning, labelled, before its coverage (with --quiet)', async () => {
    const { code, stdout, stderr } = await untilWarning(['compare', plain, fuel, '--out', join(folder, 'compare')]);
    expect(stderr).toMatch(scan);
    expect(scan.exec(stderr)![1]).toBe('fuel');
    expect(stderr.match(/^warning: /gm)).toHaveLength(1);
    // Cancelled once warned: the warning came before the coverage it is about.
    expect(code).toBe(130);
    expect(stdout).toBe('');
  }, 120_000);

  it('sweep prints the warning of the variant it is computing, labelled', async () => {
    const { code, stderr } = await untilWarning(['sweep', sweep, '--out', join(folder, 'sweep')]);
    expect(scan.exec(stderr)?.[1]).toBe('as written');
    expect(stderr.match(/^warning: /gm)).toHaveLength(1);
    expect(code).toBe(130);
  }, 120_000);
});
