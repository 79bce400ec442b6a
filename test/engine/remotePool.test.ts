import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCellIndex } from '../../src/coverage/buildCellIndex.js';
import { buildCoverage } from '../../src/coverage/buildCoverage.js';
import { CoverageMatrix } from '../../src/coverage/coverageMatrix.js';
import type { CoverageShardResult } from '../../src/engine/coverage/coverageTasks.js';
import { createPool, type AirreachPool } from '../../src/engine/createPool.js';
import { remotePool } from '../../src/engine/remotePool.js';
import { remoteTaskError, revivedTaskError, servePool } from '../../src/engine/servePool.js';
import { AirreachError } from '../../src/errors.js';
import { AIRCRAFT_CATALOGUE } from '../../src/travel/aircraftCatalogue.js';
import { coverageShardTaskOf, liaoningBox, randomGrid, randomSites } from './engineFixtures.js';
import { rejectionOf as rejection } from '../errorOf.js';
import { FAULT_TASK, faultTask } from './faultTask.js';

const grid = randomGrid(5, 3000, liaoningBox);
const sites = randomSites(6, 6, liaoningBox);
const index = buildCellIndex(grid);

const shardTask = (siteStart: number, siteEnd: number, maxMinutes = 60) => coverageShardTaskOf(grid, sites, { siteStart, siteEnd, maxMinutes, index });
const expected = (siteStart: number, siteEnd: number) => Buffer.from(new Uint8Array(buildCoverage(grid, sites, AIRCRAFT_CATALOGUE, { maxMinutes: 60, siteStart, siteEnd }).data));


describe('remotePool, served by another pool through a port', () => {
  let served: AirreachPool;
  let direct: AirreachPool;
  let remote: AirreachPool;
  let stop: () => void;
  const channel = new MessageChannel();
  beforeAll(() => {
    served = createPool({ threads: 2 });
    direct = createPool({ threads: 2 });
    direct.register(FAULT_TASK);
    stop = servePool(served, channel.port1);
    remote = remotePool(channel.port2, 2);
  });
  afterAll(async () => {
    stop();
    channel.port1.close();
    await Promise.all([served.close(), direct.close()]);
  });

  it('runs the engine\'s tasks there: the same bytes, result buffers moved (not shared)', async () => {
    expect(remote.threads).toBe(2);
    expect(remote.started).toBe(false);
    const parts = await Promise.all([remote.run<CoverageShardResult>(shardTask(0, 3)), remote.run<CoverageShardResult>(shardTask(3, 6))]);
    expect(remote.started).toBe(true);
    expect(served.started).toBe(true);
    for (const part of parts) expect(part.data).toBeInstanceOf(ArrayBuffer);
    const whole = CoverageMatrix.concat(parts.map((part) => CoverageMatrix.from(part.data)));
    expect(Buffer.from(new Uint8Array(whole.data)).equals(expected(0, 6))).toBe(true);
  });

  it('moves the task\'s transfer list to the serving thread (the buffers are detached here)', async () => {
    const task = shardTask(1, 4);
    const moved = task.bands.idsData as ArrayBuffer;
    const result = await remote.run<CoverageShardResult>(task, { transferList: [moved] });
    expect(moved.byteLength).toBe(0);
    expect(Buffer.from(new Uint8Array(result.data)).equals(expected(1, 4))).toBe(true);
  });

  it('rejects with the same code, location and message as the pool itself', async () => {
    const bad = () => shardTask(0, 1, -5);
    const [viaRemote, viaPool] = await Promise.all([rejection(remote.run(bad(), { label: 'shard 1/1' })), rejection(direct.run(bad(), { label: 'shard 1/1' }))]);
    expect(viaRemote).toBeInstanceOf(AirreachError);
    expect(viaRemote.code).toBe('E_OPTION');
    expect(viaRemote.message).toBe(viaPool.message);
    expect(viaRemote.where).toEqual(viaPool.where);
  });

  it('forwards kinds registered on it (their worker entry), with the pool\'s own errors for them', async () => {
    remote.register(FAULT_TASK);
    remote.register(FAULT_TASK);
    expect(() => remote.register({ ...FAULT_TASK })).toThrow(/already registered/);
    const [viaRemote, viaPool] = await Promise.all([rejection(remote.run(faultTask('throw'), { label: 'fault A' })), rejection(direct.run(faultTask('throw'), { label: 'fault A' }))]);
    expect(viaRemote.message).toBe(viaPool.message);
    expect(viaRemote.message).toMatch(/^E_WORKER: fault A failed: Error: injected fault/);
    // A worker that dies fails only its task; the served pool replaces it and goes on.
    await expect(remote.run(faultTask('exit'), { label: 'fault B' })).rejects.toMatchObject({ code: 'E_WORKER', message: expect.stringMatching(/fault B failed: its worker thread stopped/) });
    const again = await remote.run<CoverageShardResult>(shardTask(2, 3));
    expect(Buffer.from(new Uint8Array(again.data)).equals(expected(2, 3))).toBe(true);
  });

  it('cancels: an aborted signal rejects at once with E_ABORTED naming the task, before or while it runs', async () => {
    const before = new AbortController();
    before.abort();
    await expect(remote.run(shardTask(0, 6), { label: 'shard X', signal: before.signal })).rejects.toMatchObject({ code: 'E_ABORTED', message: expect.stringMatching(/shard X was cancelled/) });
    const during = new AbortController();
    const running = remote.run(shardTask(0, 6), { label: 'shard Y', signal: during.signal });
    during.abort();
    await expect(running).rejects.toMatchObject({ code: 'E_ABORTED', message: expect.stringMatching(/shard Y was cancelled/) });
    // The pool goes on.
    const after = await remote.run<CoverageShardResult>(shardTask(0, 6));
    expect(Buffer.from(new Uint8Array(after.data)).equals(expected(0, 6))).toBe(true);
  });

  it('passes each task\'s priority on: the served pool starts the higher first', async () => {
    const { port1, port2 } = new MessageChannel();
    const single = createPool({ threads: 1, isolated: true });
    const stopSingle = servePool(single, port1);
    const client = remotePool(port2, 1);
    const finished: string[] = [];
    const run = (name: string, priority: number) => client.run(shardTask(0, 6), { label: name, priority }).then(() => void finished.push(name));
    await Promise.all([run('first', 0), run('plain', 0), run('urgent', 4)]);
    expect(finished).toEqual(['first', 'urgent', 'plain']);
    stopSingle();
    port1.close();
    await single.close();
  });

  it('close() closes the served pool (its owner\'s later tasks are refused) and refuses further tasks here', async () => {
    const { port1, port2 } = new MessageChannel();
    const owned = createPool({ threads: 2 });
    const stopOwned = servePool(owned, port1);
    const client = remotePool(port2, 2);
    client.start();
    await client.run<CoverageShardResult>(shardTask(0, 1));
    await client.close();
    await expect(client.run(shardTask(0, 1), { label: 'late' })).rejects.toThrow(/late: the pool is closed/);
    // The close request reaches the owner's thread on its next turn.
    await expect.poll(async () => (await rejection(owned.run(shardTask(0, 1)))).message, { timeout: 5000 }).toMatch(/closed/);
    stopOwned();
    port1.close();
  });
});

describe('remoteTaskError and revivedTaskError', () => {
  it('carry an AirreachError across as the same code, location, value and message', () => {
    const cases = [
      new AirreachError('E_SITE', 'no such site', { value: 7, where: { file: 'bases.geojson', featureIndex: 3, field: 'properties.id' }, expected: 'an id of the list', hint: 'Check the ids' }),
      new AirreachError('E_ABORTED', 'scenario today.json was cancelled'),
      new AirreachError('E_OPTION', 'bad option', { value: { nested: [1, 2, 3] } }),
    ];
    for (const original of cases) {
      const revived = revivedTaskError(structuredClone(remoteTaskError(original)));
      expect(revived).toBeInstanceOf(AirreachError);
      expect(revived.message).toBe(original.message);
      expect(revived.code).toBe(original.code);
      expect(revived.where).toEqual(original.where);
    }
  });

  it('keeps the message of a value that could not cross as itself, and names other errors E_WORKER', () => {
    const original = new AirreachError('E_OPTION', 'bad callback', { value: () => 1 });
    const data = remoteTaskError(original);
    const revived = revivedTaskError({ ...data, value: String(data.value) });
    expect(revived.message).toBe(original.message);
    expect(revivedTaskError(remoteTaskError(new TypeError('boom')))).toMatchObject({ code: 'E_WORKER', message: 'E_WORKER: TypeError: boom' });
  });
});
