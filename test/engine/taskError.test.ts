import { describe, expect, it } from 'vitest';
import { AirreachError } from '../../src/errors.js';
import { serializeTaskError, taskError } from '../../src/engine/taskError.js';

describe('taskError', () => {
  it('puts the label in front of the message and prints the code and location once', () => {
    const own = new AirreachError('E_CELL_BUDGET', 'too many cells', { where: { file: 'layers/a.json', field: '/grid/resolution' }, value: 15, expected: 'at most 8' });
    const error = taskError('scenario today.json', serializeTaskError(own));
    expect(error.code).toBe('E_CELL_BUDGET');
    expect(error.where).toEqual({ file: 'layers/a.json', field: '/grid/resolution' });
    expect(error.message).toBe('E_CELL_BUDGET: layers/a.json, field /grid/resolution: scenario today.json failed: too many cells (got 15); expected at most 8');
    // Wrapped twice (a shard inside a scenario): still one code and one location.
    expect(taskError('run', serializeTaskError(error)).message).toBe('E_CELL_BUDGET: layers/a.json, field /grid/resolution: run failed: scenario today.json failed: too many cells (got 15); expected at most 8');
  });

  it('leaves out a label that names the file the location names already', () => {
    const own = new AirreachError('E_SCENARIO', 'scenario does not match the schema', { where: { file: '/data/a.json', field: '/grid' }, value: 7 });
    expect(taskError('scenario /data/a.json', serializeTaskError(own)).message).toBe('E_SCENARIO: /data/a.json, field /grid: scenario does not match the schema (got 7)');
    // Another file of the scenario (a layer) keeps the label: it says which scenario failed.
    const layer = new AirreachError('E_GEOJSON', 'not a FeatureCollection', { where: { file: '/data/layers/mines.geojson' } });
    expect(taskError('scenario /data/a.json', serializeTaskError(layer)).message).toBe('E_GEOJSON: /data/layers/mines.geojson: scenario /data/a.json failed: not a FeatureCollection');
  });

  it('leaves out the label of an output folder\'s refusal (E_OUTPUT): it reads as the write\'s own', () => {
    // Refused in the task before its computing; the same refusal at the write had no label.
    const own = new AirreachError('E_OUTPUT', 'the output report.html would replace a file that no airreach run wrote', { where: { file: '/out/report.html' }, value: '/out/report.html', hint: 'Choose another output folder' });
    expect(taskError('scenario /data/a.json', serializeTaskError(own)).message).toBe(own.message);
  });

  it('keeps a message without a location, and names any other error E_WORKER', () => {
    expect(taskError('shard 1/2', serializeTaskError(new AirreachError('E_OPTION', 'bad option'))).message).toBe('E_OPTION: shard 1/2 failed: bad option');
    const other = taskError('shard 2/2', serializeTaskError(new RangeError('boom')));
    expect(other.code).toBe('E_WORKER');
    expect(other.message).toBe('E_WORKER: shard 2/2 failed: RangeError: boom');
  });
});
