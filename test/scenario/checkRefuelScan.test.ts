import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkRefuelScan } from '../../src/scenario/checkRefuelScan.js';
import { bundledDataFolder, loadScenario } from '../../src/scenario/loadScenario.js';
import { readScenarioInputs, type ProgressEvent } from '../../src/scenario/runCoverage.js';
import { prepareScenario } from '../../src/scenario/scenarioSession.js';
import { writeRefuelLayer } from './refuelLayer.js';

describe('checkRefuelScan', () => {
  it('warns, with the estimated time, over a minute of point-cell comparisons, and never refuses', () => {
    const warnings: string[] = [];
    const onWarning = (text: string) => warnings.push(text);
    // The bundled refuel-at-airfields: 10 points over today's grid, well within.
    expect(checkRefuelScan(46_397, 10, 2, { onWarning })).toBeCloseTo(0.093, 3);
    // 100 points over a national 2,000,000-cell grid, day and night: about 40 s, no warning.
    expect(checkRefuelScan(2_000_000, 100, 2, { onWarning })).toBeCloseTo(40, 6);
    expect(warnings).toEqual([]);
    // 10,000 points over today's grid (207 s measured) are named, and so is the layer's most over a national grid.
    expect(() => checkRefuelScan(46_397, 10_000, 2, { onWarning })).not.toThrow();
    expect(checkRefuelScan(2_000_000, 10_000, 1, { onWarning })).toBeCloseTo(2_000, 6);
    expect(warnings).toEqual([
      '10,000 refuelling points (/layers/refuelPoints) over 46,397 cells make 4.6e+8 point-cell comparisons a period: about 93 s of coverage over the 2 periods on a 2-core machine. To shorten it, keep the airfields and fuel depots aircraft would actually use, or use a coarser grid.resolution',
      '10,000 refuelling points (/layers/refuelPoints) over 2,000,000 cells make 2.0e+10 point-cell comparisons a period: about 33 min of coverage over the period on a 2-core machine. To shorten it, keep the airfields and fuel depots aircraft would actually use, or use a coarser grid.resolution',
    ]);
    // The limit is the caller's: none warns when the minute is raised.
    expect(checkRefuelScan(46_397, 10_000, 2, { onWarning, warnAfterSeconds: 3_600 })).toBeGreaterThan(60);
    expect(warnings).toHaveLength(2);
  });

  it('warns of 10,000 refuelling points over today\'s grid once the grid is built, before any coverage, through the progress events', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-refuel-scan-'));
    const data = relative(folder, join(bundledDataFolder(), 'liaoning'));
    writeRefuelLayer(folder);
    const path = join(folder, 'fuel.json');
    writeFileSync(path, JSON.stringify({
      name: 'many-refuelling-points',
      layers: { extent: `${data}/province.geojson`, hazards: [`${data}/hazards/sites.geojson`], population: `${data}/population.geojson`, refuelPoints: 'fuel.geojson' },
      grid: { resolution: 7 },
      bases: [{ id: 'anshan', name: 'Anshan', latDeg: 41.12361, lngDeg: 122.99, role: 'existing', fleet: [{ aircraftTypeId: 'H135', count: 2 }] }],
    }));
    const events: ProgressEvent[] = [];
    // The session alone: the grid, no coverage (which would run for minutes).
    const session = prepareScenario(await readScenarioInputs(await loadScenario(path)), { onProgress: (event) => events.push(event) });
    expect(session.grid.cellCount).toBeGreaterThan(40_000);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ step: 'grid', done: 0, total: 3 });
    expect(events[0].warning).toMatch(/^10,000 refuelling points \(\/layers\/refuelPoints\) over [\d,]+ cells make \d\.\de\+8 point-cell comparisons a period: about \d+ s of coverage over the 2 periods/);
  }, 60_000);
});
