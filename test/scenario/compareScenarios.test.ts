import { OUTPUT_MANIFEST } from '../../src/io/writeFileAtomic.js';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { compareScenarios, comparisonRows, loadCompared } from '../../src/scenario/compareScenarios.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { computeCoverage, readScenarioInputs, type ProgressEvent } from '../../src/scenario/runCoverage.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/scenario/${name}`, import.meta.url));
const runOf = async (name: string) => computeCoverage(await readScenarioInputs(await loadScenario(fixture(name))));

describe('comparisonRows', async () => {
  const today = await runOf('small.json');
  const more = await runOf('small-more.json');

  it('counts cells gained and lost against the first run, per standard', () => {
    const rows = comparisonRows([today, more], ['today', 'more']);
    expect(rows.map((r) => `${r.label}/${r.period}`)).toEqual(['today/day', 'today/night', 'more/day', 'more/night']);
    const day = rows[2];
    const a = today.periods[0].outcomes.reachCounts;
    const b = more.periods[0].outcomes.reachCounts;
    a.forEach((counts, k) => {
      let gained = 0;
      for (let c = 0; c < counts.length; c++) if (b[k][c] > 0 && counts[c] === 0) gained++;
      expect(day.cellsGained?.[k]).toBe(gained);
      expect(day.cellsLost?.[k]).toBe(0);
    });
    expect(day.bases).toBe(3);
    expect(day.standards[0].coveredDemandShare).toBeGreaterThanOrEqual(rows[0].standards[0].coveredDemandShare);
  });

  it('swapping the runs swaps gained and lost', () => {
    const forward = comparisonRows([today, more], ['a', 'b'])[2];
    const backward = comparisonRows([more, today], ['b', 'a'])[2];
    expect(backward.cellsLost).toEqual(forward.cellsGained);
    expect(backward.cellsGained).toEqual(forward.cellsLost);
  });
});

describe('compareScenarios', () => {
  it('writes compare.html and compare.json, and refuses a single scenario', async () => {
    const out = mkdtempSync(join(tmpdir(), 'airreach-compare-'));
    try {
      await compareScenarios([fixture('small.json'), fixture('small-more.json')], { outFolder: out });
      expect(readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, 'compare.html', 'compare.json'].sort());
      await expect(compareScenarios([fixture('small.json')], { outFolder: out })).rejects.toThrow(/at least two/);
    } finally {
      rmSync(out, { recursive: true });
    }
  });

  it("passes each scenario's coverage warnings on, labelled (airreach run prints them; compare said nothing)", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-compare-'));
    try {
      // One base's typo: far off, reaching none of the demand while the others do.
      const far = join(folder, 'far.json');
      writeFileSync(far, JSON.stringify({
        extends: fixture('small.json'),
        name: 'far',
        bases: [{ file: fixture('bases.geojson'), role: 'existing', where: { kind: ['civil'] } }, { id: 'far', name: 'FAR', latDeg: 10, lngDeg: 179.99, role: 'existing' }],
      }));
      const events: ProgressEvent[] = [];
      await compareScenarios([fixture('small.json'), far], { outFolder: join(folder, 'out'), allowedFolders: [fixture('.')], onProgress: (event) => events.push(event) });
      const warned = events.filter((event) => event.warning !== undefined);
      expect(warned).toHaveLength(1);
      expect(warned[0]).toMatchObject({ label: 'far', step: 'scenario far', done: 1, total: 2 });
      expect(warned[0].warning).toMatch(/^a base lies more than 500 km from the cells with demand .*: far \(latDeg 10, lngDeg 179\.99; [\d,]+ km away\)/);
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  it('labels scenarios that share a name by their files, then by number', async () => {
    // A variant that extends another without a name of its own took its name: two rows "small-test".
    const folder = mkdtempSync(join(tmpdir(), 'airreach-compare-'));
    try {
      const unnamed = join(folder, 'unnamed.json');
      writeFileSync(unnamed, JSON.stringify({ extends: fixture('small.json'), standardsMinutes: [30, 60] }));
      const { labels } = await loadCompared([fixture('small.json'), unnamed, fixture('small-more.json'), fixture('small.json')], { allowedFolders: [fixture('.')] });
      expect(labels).toEqual(['small-test (small) #1', 'small-test (unnamed)', 'small-more', 'small-test (small) #2']);
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});
