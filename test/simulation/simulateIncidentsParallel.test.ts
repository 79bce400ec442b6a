import { describe, expect, it } from 'vitest';
import { createPool } from '../../src/engine/createPool.js';
import { simulateIncidentsParallel, type ReplicationPool } from '../../src/simulation/simulateIncidentsParallel.js';
import { simulationReplications, type SimulationReplicationTask } from '../../src/simulation/simulationReplicationTask.js';
import { simulateIncidents } from '../../src/simulation/simulateIncidents.js';
import { FAST, base, testInput } from './simulationFixtures.js';

const input = testInput(
  [
    { latDeg: 41, lngDeg: 121, demand: 3, region: 0, hazard: 2 },
    { latDeg: 41.5, lngDeg: 122, demand: 1, region: 1, hazard: 0 },
    { latDeg: 40.5, lngDeg: 123.5, demand: 2, region: 1, hazard: 1 },
  ],
  [FAST, { ...FAST, id: 'DAY', nightCapable: false }],
  2,
);
const plan = [base('A', 41, 121.5, 2, 'DAY'), base('B', 40.8, 123, 1)];
const options = { incidentsPerYear: 6000, durationDays: 120, replications: 5, seed: 8, weather: { flyableShareByZone: [0.8, 0.6], baseZone: [0, 1] } };

describe('simulateIncidentsParallel', () => {
  it('gives the same bytes at 1 and 2 threads as simulateIncidents, merging replications in order', async () => {
    const expected = JSON.stringify(simulateIncidents(input, plan, options));
    const outputs: string[] = [];
    for (const threads of [1, 2]) {
      const pool = createPool({ threads });
      try {
        outputs.push(JSON.stringify(await simulateIncidentsParallel(pool, input, plan, options)));
        // Two threads really ran workers; one thread ran in the caller's thread.
        expect(pool.started).toBe(threads === 2);
      } finally {
        await pool.close();
      }
    }
    expect(outputs).toEqual([expected, expected]);
  }, 60_000);

  it("sends the grid's arrays to the tasks in shared memory, copied once per grid for every plan", async () => {
    const tasks: SimulationReplicationTask[] = [];
    const recording: ReplicationPool = {
      threads: 2,
      register: () => undefined,
      run: async <T,>(task: SimulationReplicationTask) => {
        tasks.push(task);
        return simulationReplications(task) as T;
      },
    };
    const other = [base('B', 40.8, 123, 2), base('C', 41.4, 122, 1)];
    expect(JSON.stringify(await simulateIncidentsParallel(recording, input, plan, options))).toBe(JSON.stringify(simulateIncidents(input, plan, options)));
    expect(JSON.stringify(await simulateIncidentsParallel(recording, input, other, options))).toBe(JSON.stringify(simulateIncidents(input, other, options)));
    const { grid } = tasks[0].input;
    for (const array of [grid.latDeg, grid.lngDeg, grid.demand, grid.hazardDemandByType, grid.region]) expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...grid.demand]).toEqual([...input.grid.demand]);
    expect([...grid.region]).toEqual([...input.grid.region]);
    for (const task of tasks) expect(task.input.grid).toBe(grid);
  });

  it('names the grid and hospitals, so that task copies (as a worker gets them) share what is derived from them, with the same results', async () => {
    const tasks: SimulationReplicationTask[] = [];
    // Each task arrives as a copy, as through a worker's message port: new grid and hospital objects over the same shared arrays.
    const copying: ReplicationPool = {
      threads: 2,
      register: () => undefined,
      run: async <T,>(task: SimulationReplicationTask) => {
        tasks.push(task);
        return simulationReplications(structuredClone(task)) as T;
      },
    };
    const hospitals = [
      { id: 'H1', name: 'H1', latDeg: 41.2, lngDeg: 121.8, proxy: false },
      { id: 'H2', name: 'H2', latDeg: 40.6, lngDeg: 123.2, proxy: false },
    ];
    const withHospitals = { ...input, hospitals };
    const nearOther = [{ ...hospitals[0], lngDeg: 123.4 }, hospitals[1]];
    // Another grid: the same cells, the demand elsewhere.
    const moved = testInput(
      [
        { latDeg: 41, lngDeg: 121, demand: 0.5, region: 0, hazard: 0 },
        { latDeg: 41.5, lngDeg: 122, demand: 4, region: 1, hazard: 1 },
        { latDeg: 40.5, lngDeg: 123.5, demand: 2, region: 1, hazard: 1 },
      ],
      [FAST, { ...FAST, id: 'DAY', nightCapable: false }],
      2,
    );
    const other = [base('B', 40.8, 123, 2), base('C', 41.4, 122, 1)];
    const runs: Array<[typeof input, typeof plan]> = [
      [withHospitals, plan],
      [withHospitals, other],
      [{ ...input, hospitals: nearOther }, plan],
      [moved, plan],
      [withHospitals, plan],
      [input, other],
    ];
    const keys: string[] = [];
    for (const [given, sites] of runs) {
      const from = tasks.length;
      expect(JSON.stringify(await simulateIncidentsParallel(copying, given, sites, options))).toBe(JSON.stringify(simulateIncidents(given, sites, options)));
      const named = new Set(tasks.slice(from).map((task) => task.inputKey));
      expect(named.size).toBe(1);
      keys.push([...named][0]!);
    }
    // One name per grid and hospital list, whatever the plan; another list or grid, another name.
    expect(keys[1]).toBe(keys[0]);
    expect(keys[4]).toBe(keys[0]);
    expect(new Set([keys[0], keys[2], keys[3], keys[5]]).size).toBe(4);
  });

  it('carries an error of a replication across the thread with its code and field', async () => {
    const pool = createPool({ threads: 2 });
    try {
      await expect(simulateIncidentsParallel(pool, input, [base('A', 41, 121.5, 1, 'NOPE')], { ...options, weather: undefined })).rejects.toMatchObject({ code: 'E_AIRCRAFT', where: { field: 'plan/0/fleet/0/aircraftTypeId' } });
    } finally {
      await pool.close();
    }
  }, 60_000);
});
