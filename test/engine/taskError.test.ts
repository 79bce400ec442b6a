import { describe, expect, it } from 'vitest';
import { AirreachError } from '../../src/errors.js';
import { serializeTaskError, taskError } from '../../src/engine/taskError.js';

describe('taskError', () => {
  it('puts the label in front of the message and prints the code and location once', () => {
    const own = new AirreachError('E_CELL_BUDGET', 'too many cells', { where: { file: 'a.json', field: '/grid/resolution' }, value: 15, expected: 'at most 8' });
    const error = taskError('scenario a.json', serializeTaskError(own));
    expect(error.code).toBe('E_CELL_BUDGET');
    expect(error.where).toEqual({ file: 'a.json', field: '/grid/resolution' });
    expect(error.message).toBe('E_CELL_BUDGET: a.json, field /grid/resolution: scenario a.json failed: too many cells (got 15); expected at most 8');
    // Wrapped twice (a shard inside a scenario): still one code and one location.
    expect(taskError('run', serializeTaskError(error)).message).toBe('E_CELL_BUDGET: a.json, field /grid/resolution: run failed: scenario a.json failed: too many cells (got 15); expected at most 8');
  });

  it('keeps a message without a location, and names any other error E_WORKER', () => {
    expect(taskError('shard 1/2', serializeTaskError(new AirreachError('E_OPTION', 'bad option'))).message).toBe('E_OPTION: shard 1/2 failed: bad option');
    const other = taskError('shard 2/2', serializeTaskError(new RangeError('boom')));
    expect(other.code).toBe('E_WORKER');
    expect(other.message).toBe('E_WORKER: shard 2/2 failed: RangeError: boom');
  });
});
