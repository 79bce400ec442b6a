import { describe, expect, it } from 'vitest';
import { AirreachError, describeValue, formatLocation, isAirreachError, relocated } from '../src/errors.js';

describe('AirreachError', () => {
  it('names the place, the value, what was expected and how to fix it', () => {
    const error = new AirreachError('E_PROPERTY', 'weight must be a positive number', {
      value: -2,
      where: { file: 'mines.geojson', featureIndex: 3, field: 'properties.weight' },
      expected: 'a number > 0',
      hint: 'Set a positive weight on the feature',
    });
    expect(error.message).toBe(
      'E_PROPERTY: mines.geojson, feature 3, field properties.weight: weight must be a positive number (got -2); expected a number > 0. Set a positive weight on the feature',
    );
    expect(error.code).toBe('E_PROPERTY');
    expect(error.value).toBe(-2);
    expect(isAirreachError(error, 'E_PROPERTY')).toBe(true);
    expect(isAirreachError(error, 'E_MATRIX')).toBe(false);
  });

  it('survives structured cloning as plain data', () => {
    const error = new AirreachError('E_MATRIX', 'NaN minutes', { value: Number.NaN, where: { row: 2, column: 5 } });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({ code: 'E_MATRIX', value: 'NaN', where: { row: 2, column: 5 } });
  });

  it('describes values briefly', () => {
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(describeValue('x'.repeat(200)).length).toBeLessThan(90);
    expect(formatLocation({})).toBe('');
  });

  it('writes numbers that are not finite as they are inside arrays and objects (a coordinate of 1e999 read "got [null,41.2]")', () => {
    expect(describeValue([Number.POSITIVE_INFINITY, 41.2])).toBe('[Infinity,41.2]');
    expect(describeValue({ a: Number.NaN, b: [Number.NEGATIVE_INFINITY, null] })).toBe('{"a":NaN,"b":[-Infinity,null]}');
    expect(new AirreachError('E_COORDINATE', 'a coordinate is not a finite number', { value: [JSON.parse('1e999'), 41.2] }).message).toBe('E_COORDINATE: a coordinate is not a finite number (got [Infinity,41.2])');
    // Strings are left as they are.
    expect(describeValue(['Infinity', 'airreach-number:NaN'])).toBe('["Infinity","airreach-number:NaN"]');
  });

  it('relocates an error that names no file, and leaves one that does', () => {
    const own = new AirreachError('E_SITE_COUNT', 'siteCount is impossible', { value: 0, where: { field: 'siteCount' }, expected: 'an integer from 1 to 4', hint: 'Ask for fewer sites' });
    const moved = relocated(own, (where) => ({ file: 'a.json', field: `/questions/1/${where.field}` })) as AirreachError;
    expect(moved.message).toBe('E_SITE_COUNT: a.json, field /questions/1/siteCount: siteCount is impossible (got 0); expected an integer from 1 to 4. Ask for fewer sites');
    expect(moved.cause).toBe(own);
    const placed = new AirreachError('E_PROPERTY', 'bad weight', { where: { file: 'mines.geojson', featureIndex: 2 } });
    expect(relocated(placed, () => ({ file: 'a.json' }))).toBe(placed);
    const plain = new Error('boom');
    expect(relocated(plain, () => ({ file: 'a.json' }))).toBe(plain);
    // No value given stays no value: the message gains no '(got undefined)'.
    expect((relocated(new AirreachError('E_OPTION', 'bad'), () => ({ file: 'a.json' })) as Error).message).toBe('E_OPTION: a.json: bad');
  });
});
