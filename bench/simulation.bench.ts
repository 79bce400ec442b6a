// Incident simulation benchmark (issue 20 §2): one replication of 10,000 incidents over the
// bundled Liaoning grid at H3 resolution 7, on one thread (the caller's), for today's bases and
// for a plan with a base at every candidate site. Target: ≤ 2 s per replication.
// Run: `npm run bench -- simulation` (or `node --expose-gc --import tsx bench/simulation.bench.ts`).
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { loadScenario } from '../src/scenario/loadScenario.js';
import { readScenarioInputs } from '../src/scenario/runCoverage.js';
import { readConditions } from '../src/scenario/readConditions.js';
import { buildDemandGrid } from '../src/grid/buildDemandGrid.js';
import { weatherAvailability } from '../src/conditions/weatherAvailability.js';
import { simulateIncidents } from '../src/simulation/simulateIncidents.js';
import type { Site } from '../src/travel/aircraft.js';
import { median, writeBenchResults } from './benchReport.js';

const INCIDENTS = 10_000;
const TARGET_MS = 2000;
const scenarioPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'liaoning', 'today.json');
const loadAtStart = loadavg();
const loaded = await loadScenario(scenarioPath);
const inputs = await readScenarioInputs(loaded);
const grid = buildDemandGrid(inputs.demandInputs, { ...inputs.gridOptions, resolution: 7 });
const conditions = await readConditions(loaded.scenario.conditions, loaded.file);
const flyableShare = conditions?.weather ? weatherAvailability('year', conditions.weather, { zone: 'inland' }) : 1;
const input = { grid, aircraftById: inputs.aircraftById, hospitals: conditions?.hospitals ?? undefined };
const today = inputs.sites.filter((site) => site.role === 'existing');
const everyCandidate: Site[] = inputs.sites
  .filter((site) => site.role !== 'forbidden')
  .map((site) => (site.role === 'existing' ? site : { ...site, fleet: [{ aircraftTypeId: 'H135', count: 1 }] }));
const plans = [
  { name: "today's bases", plan: today },
  { name: 'a base at every candidate site', plan: everyCandidate },
];
const options = { incidentCount: INCIDENTS, durationDays: 365, seed: 1, weather: { flyableShareByZone: [flyableShare] }, noFreeAircraft: 'queue' } as const;
console.log(`grid: ${grid.cellCount} cells at res 7; flyable share ${flyableShare}`);

const rows: Array<Record<string, unknown>> = [];
for (const { name, plan } of plans) {
  const aircraft = plan.reduce((sum, site) => sum + site.fleet.reduce((s, entry) => s + entry.count, 0), 0);
  let last = simulateIncidents(input, plan, options);
  const bench = new Bench({ iterations: 10, time: 0, warmupIterations: 2 });
  bench.add(`${name}: ${INCIDENTS} incidents, 1 replication`, () => {
    last = simulateIncidents(input, plan, options);
  });
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    // tinybench keeps a task's error in its result instead of throwing: a run that failed must not be written as NaN.
    if (result.state !== 'completed') {
      console.error(`${task.name}: ${result.state}`, 'error' in result ? result.error : '');
      process.exit(1);
    }
    const samples = result.latency.samples ?? [];
    if (task.runs === 0) {
      console.error(`${task.name}: no samples`);
      process.exit(1);
    }
    const row = {
      task: task.name,
      bases: plan.length,
      aircraft,
      cells: grid.cellCount,
      samples: task.runs,
      medianMs: samples.length > 0 ? median(samples) : result.latency.p50,
      minMs: result.latency.min,
      maxMs: result.latency.max,
      targetMs: TARGET_MS,
      withinTarget: result.latency.max <= TARGET_MS,
      within60Share: last.overall.withinStandardShare[1],
      noFreeAircraftShare: last.overall.noFreeAircraftShare,
    };
    rows.push(row);
    console.log(row);
  }
}
writeBenchResults('simulation', rows, [
  `simulateIncidents on data/liaoning/today.json's grid at res 7 (${grid.cellCount} cells, demand mix of the scenario), its aircraft and proxy hospitals (prefecture seats): incidentCount ${INCIDENTS}, 365 days, seed 1, queue rule, weather closures (one zone, flyable share ${flyableShare}); one replication per sample, in the caller's thread.`,
  "Plans: today's bases (existing sites with their fleets); every candidate site with one H135 besides today's bases.",
  'Times include drawing the incidents, the nearest hospital of every incident, the event loop and the summary (sorting the responses).',
  `The machine is shared (2 cores, other jobs running): load average ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')} at start, ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at end (1/5/15 min).`,
]);
