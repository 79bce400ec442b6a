import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../../src/io/locateJsonError.js';
import { parseGeoJsonText, readGeoJsonFile } from '../../src/io/readGeoJson.js';
import { estimateLayerMemory, PARSE_BYTES_PER_TEXT_BYTE } from '../../src/grid/estimateLayerMemory.js';
import { errorOf, rejectionOf as rejection } from '../errorOf.js';

const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/grid/${name}`, import.meta.url));


describe('readGeoJsonFile', () => {
  it('reads and validates a layer, keeping the file name', async () => {
    const layer = await readGeoJsonFile(fixturePath('hazards.geojson'), { kind: 'hazard' });
    expect(layer.file).toBe(fixturePath('hazards.geojson'));
    expect(layer.collection.features).toHaveLength(5);
    // Marked as checked for its kind, so the grid build does not check it again; not so unchecked or checked otherwise.
    expect(layer.validatedAs).toBe('hazard');
    expect((await readGeoJsonFile(fixturePath('hazards.geojson'))).validatedAs).toBeUndefined();
    expect((await readGeoJsonFile(fixturePath('hazards.geojson'), { kind: 'hazard', maxSegmentTests: 10 ** 9 })).validatedAs).toBeUndefined();
  });

  it('names the path when the file cannot be read (E_FILE_READ)', async () => {
    const error = await rejection(readGeoJsonFile('/nonexistent/hazards.geojson'));
    expect(error.code).toBe('E_FILE_READ');
    expect(error.where.file).toBe('/nonexistent/hazards.geojson');
    expect(error.value).toBe('ENOENT');
    // Named once, as the place: the printed error read "/x: could not read /x".
    expect(error.message).toContain('the file does not exist');
    expect(error.message.split('/nonexistent/hazards.geojson').length).toBe(2);
  });

  it('gives line and column of a JSON syntax error (E_JSON_SYNTAX)', async () => {
    const error = await rejection(readGeoJsonFile(fixturePath('bad-syntax.geojson'), { displayName: 'bad.geojson' }));
    expect(error.code).toBe('E_JSON_SYNTAX');
    expect(error.where.file).toBe('bad.geojson');
    // Line 4 is `    { "type": "Feature", "properties": { "weight": tru }, ...`: `tru` starts at column 52 (awk index).
    expect(error.value).toEqual({ line: 4, column: 52 });
    expect(error.message).toContain('line 4, column 52');
  });

  it('passes the file name into validation errors', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-read-'));
    const path = join(folder, 'empty.geojson');
    writeFileSync(path, '{"type":"FeatureCollection","features":[]}');
    const error = await rejection(readGeoJsonFile(path, { kind: 'hazard' }));
    expect(error.code).toBe('E_EMPTY');
    expect(error.where.file).toBe(path);
  });
});

describe('readGeoJsonFile: the heap a layer takes, checked before it is taken', () => {
  it('refuses a layer whose parse would not fit before reading it (E_MEMORY_BUDGET naming the file, the estimate and the flag)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airreach-heap-'));
    const path = join(folder, 'mines.geojson');
    // Not even JSON: a refusal before the read cannot have parsed it.
    writeFileSync(path, 'x'.repeat(1000));
    const error = await rejection(readGeoJsonFile(path, { kind: 'hazard', heapAvailableBytes: 5000 }));
    expect(error.code).toBe('E_MEMORY_BUDGET');
    expect(error.where).toEqual({ file: path });
    expect(error.value).toBe(1000 * PARSE_BYTES_PER_TEXT_BYTE);
    expect(error.brief).toMatch(/^reading and parsing this layer would take about 0 MiB of JS heap \(0\.0 MiB of text, 6× as string and parsed objects\), more than the 0 MiB this thread has left$/);
    expect(error.hint).toMatch(/^Simplify the geometry \(e\.g\. mapshaper -simplify\) or split the layer; or raise the heap limit .*NODE_OPTIONS=--max-old-space-size=\d+/);
    // With the room the parse needs it is read (and found not to be JSON).
    expect((await rejection(readGeoJsonFile(path, { kind: 'hazard', heapAvailableBytes: 6000 }))).code).toBe('E_JSON_SYNTAX');
  });

  it('refuses a layer whose features would not fit the validation and grid build after the parse, before validating them', async () => {
    // Points: short text, and more heap a feature in the grid build than their text takes to parse.
    const path = join(mkdtempSync(join(tmpdir(), 'airreach-heap-')), 'points.geojson');
    const point = (k: number) => `{"type":"Feature","properties":{"name":"m","type":"mine","weight":1},"geometry":{"type":"Point","coordinates":[123.${k},41]}}`;
    writeFileSync(path, `{"type":"FeatureCollection","features":[${Array.from({ length: 5 }, (_, k) => point(k)).join(',')}]}`);
    const text = readFileSync(path, 'utf8');
    const parse = Buffer.byteLength(text) * PARSE_BYTES_PER_TEXT_BYTE;
    const estimate = estimateLayerMemory(JSON.parse(text), 'hazard');
    const available = Math.max(parse, estimate.bytes - 1);
    const error = await rejection(readGeoJsonFile(path, { kind: 'hazard', heapAvailableBytes: available }));
    expect(error.code).toBe('E_MEMORY_BUDGET');
    expect(error.value).toBe(estimate.bytes);
    expect(error.brief).toContain(`validating and gridding this hazard layer would take about`);
    expect(error.brief).toContain('(5 features, 5 positions)');
    // Without a kind nothing is validated or gridded: only the parse counts.
    expect((await readGeoJsonFile(path, { heapAvailableBytes: available })).collection.features).toHaveLength(5);
    expect((await readGeoJsonFile(path, { kind: 'hazard', heapAvailableBytes: Math.max(parse, estimate.bytes) })).collection.features).toHaveLength(5);
  });
});

describe('parseGeoJsonText', () => {
  it('wraps a single Feature and a bare geometry into a FeatureCollection', () => {
    const feature = parseGeoJsonText('{"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[1,2]}}', 'f');
    expect(feature.type).toBe('FeatureCollection');
    expect(feature.features[0].properties).toEqual({ a: 1 });
    const geometry = parseGeoJsonText('\uFEFF{"type":"Point","coordinates":[123.4,41.8]}', 'g');
    expect(geometry.features).toEqual([{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [123.4, 41.8] } }]);
  });

  it('refuses JSON that is not GeoJSON (E_GEOJSON)', () => {
    for (const text of ['[1, 2]', '42', '{"type":"Topology"}']) {
      expect(() => parseGeoJsonText(text, 'x.json')).toThrowError(expect.objectContaining({ code: 'E_GEOJSON', where: expect.objectContaining({ file: 'x.json' }) }));
    }
  });
});

describe('parseGeoJsonText: the shape every reader relies on', () => {
  // Point layers (bases, refuelling points, hospitals, depot candidates) are read without a
  // layer kind: a layer without features, a null feature or a Point whose coordinates were not
  // a list crashed as E_WORKER TypeErrors (exit 1, no place named), and "122,41" as the
  // coordinates of a refuelling point put it at [1, 2] without a word.
  const errorOfText = (value: unknown) => {
    try {
      parseGeoJsonText(JSON.stringify(value), 'points.geojson');
    } catch (error) {
      return error as { code: string; where: unknown; value: unknown; message: string };
    }
    throw new Error('expected an error');
  };
  const point = (coordinates: unknown, extra: Record<string, unknown> = {}) => ({ type: 'Feature', properties: { id: 'A' }, geometry: { type: 'Point', coordinates }, ...extra });
  const layer = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

  it('refuses a FeatureCollection without a features list at `features`', () => {
    expect(errorOfText({ type: 'FeatureCollection' })).toMatchObject({ code: 'E_GEOJSON', where: { file: 'points.geojson', field: 'features' } });
  });

  it('refuses an entry that is not a Feature object, naming its index', () => {
    expect(errorOfText(layer(point([122, 41]), null))).toMatchObject({ code: 'E_GEOJSON', where: { file: 'points.geojson', featureIndex: 1, field: 'type' }, value: null });
    expect(errorOfText(layer({ type: 'Point', coordinates: [122, 41] }))).toMatchObject({ code: 'E_GEOJSON', where: { featureIndex: 0, field: 'type' }, value: 'Point' });
  });

  it('refuses a geometry or properties that are not objects (null stays allowed: RFC 7946 §3.2)', () => {
    expect(errorOfText(layer({ ...point([122, 41]), geometry: 'POINT(122 41)' }))).toMatchObject({ code: 'E_GEOJSON', where: { featureIndex: 0, field: 'geometry' } });
    expect(errorOfText(layer({ ...point([122, 41]), properties: 'id=A' }))).toMatchObject({ code: 'E_GEOJSON', where: { featureIndex: 0, field: 'properties' } });
    expect(parseGeoJsonText(JSON.stringify(layer({ type: 'Feature', properties: null, geometry: null })), 'p.geojson').features).toHaveLength(1);
  });

  it('refuses coordinates that are not a list, and a Point position that is not numbers', () => {
    expect(errorOfText(layer(point(5)))).toMatchObject({ code: 'E_GEOJSON', where: { featureIndex: 0, field: 'geometry.coordinates' }, value: 5 });
    expect(errorOfText(layer(point('122,41')))).toMatchObject({ code: 'E_GEOJSON', where: { featureIndex: 0, field: 'geometry.coordinates' }, value: '122,41' });
    expect(errorOfText(layer(point([122])))).toMatchObject({ code: 'E_GEOJSON', where: { featureIndex: 0, field: 'geometry.coordinates' } });
    expect(errorOfText(layer(point(['122', '41'])))).toMatchObject({ code: 'E_COORDINATE', where: { featureIndex: 0, field: 'geometry.coordinates' }, value: ['122', '41'] });
    expect(errorOfText(layer({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: {} } }))).toMatchObject({ code: 'E_GEOJSON', where: { field: 'geometry.coordinates' } });
    // As a polygon's positions: two positions run together, or an altitude that is not a number
    // (a base at [lng, lat, lng, lat] was read at its first two numbers); a numeric altitude passes.
    expect(errorOfText(layer(point([122, 41, 123, 42])))).toMatchObject({ code: 'E_COORDINATE', where: { featureIndex: 0, field: 'geometry.coordinates' }, value: [122, 41, 123, 42] });
    expect(errorOfText(layer(point([122, 41, 'x'])))).toMatchObject({ code: 'E_COORDINATE', where: { featureIndex: 0, field: 'geometry.coordinates' }, value: [122, 41, 'x'] });
    expect(parseGeoJsonText(JSON.stringify(layer(point([122, 41, 300]))), 'p.geojson').features).toHaveLength(1);
    // A bare geometry or a Feature is checked as the collection it is wrapped into.
    expect(errorOfText({ type: 'Point', coordinates: '122,41' })).toMatchObject({ code: 'E_GEOJSON', where: { featureIndex: 0, field: 'geometry.coordinates' } });
  });
});

describe('parseGeoJsonText: positions in degrees, not a projection', () => {
  // A layer exported in Web Mercator (QGIS, GDAL) was refused only as "a coordinate is out of
  // range (got [1135450,8575000])": nothing named the CRS it declared, nor how to convert it.
  const square = [[[1135450, 8575000], [1190000, 8575000], [1190000, 8630000], [1135450, 8630000], [1135450, 8575000]]];
  const degrees = [[[10.2, 61], [10.7, 61], [10.7, 61.25], [10.2, 61.25], [10.2, 61]]];
  const polygon = (coordinates: unknown) => ({ type: 'Feature', properties: { name: 'a' }, geometry: { type: 'Polygon', coordinates } });
  const layer = (crs: unknown, ...features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', ...(crs === undefined ? {} : { crs }), features });
  const named = (name: string) => ({ type: 'name', properties: { name } });

  it('refuses a crs naming a projected system at `crs`, whatever its spelling', () => {
    for (const [crs, shown] of [
      [named('urn:ogc:def:crs:EPSG::3857'), 'urn:ogc:def:crs:EPSG::3857'],
      [named('EPSG:32651'), 'EPSG:32651'],
      [named('http://www.opengis.net/def/crs/EPSG/0/2056'), 'http://www.opengis.net/def/crs/EPSG/0/2056'],
      [named('EPSG:900913'), 'EPSG:900913'],
      [named('ESRI:102100'), 'ESRI:102100'],
      [{ type: 'EPSG', properties: { code: 3857 } }, 'EPSG:3857'],
    ] as const) {
      const error = errorOf(() => parseGeoJsonText(layer(crs, polygon(degrees)), 'h.geojson'));
      expect(error).toMatchObject({ code: 'E_GEOJSON', where: { file: 'h.geojson', field: 'crs' }, value: shown });
      expect(error.message).toContain(`the layer declares a projected coordinate reference system (${shown})`);
      expect(error.hint).toContain('EPSG:4326');
    }
  });

  it('refuses positions in metres without a crs at the first position, saying they are not degrees', () => {
    const error = errorOf(() => parseGeoJsonText(layer(undefined, { type: 'Feature', properties: {}, geometry: null }, polygon(square)), 'h.geojson'));
    expect(error).toMatchObject({ code: 'E_COORDINATE', where: { file: 'h.geojson', featureIndex: 1, field: 'geometry.coordinates[0][0]' }, value: [1135450, 8575000] });
    expect(error.message).toContain('the positions are not in degrees');
    expect(error.hint).toContain('projected metres');
    const point = JSON.stringify({ type: 'Feature', properties: { id: 'A' }, geometry: { type: 'Point', coordinates: [1235668, 8446338] } });
    expect(errorOf(() => parseGeoJsonText(point, 'b.geojson'))).toMatchObject({ code: 'E_COORDINATE', where: { featureIndex: 0, field: 'geometry.coordinates' } });
  });

  it('reads geographic systems (CRS84, EPSG:4326, CGCS2000), a crs it cannot tell, and none', () => {
    for (const crs of [named('urn:ogc:def:crs:OGC:1.3:CRS84'), named('urn:ogc:def:crs:EPSG::4326'), named('EPSG:4490'), { type: 'link', properties: { href: 'http://example.com/crs/42' } }, null, undefined]) {
      expect(parseGeoJsonText(layer(crs, polygon(degrees)), 'h.geojson').features).toHaveLength(1);
    }
    // A swapped [lat, lng] is not metres: left to the layer's own check and its hint.
    expect(parseGeoJsonText(layer(undefined, polygon([[[61, 10.2], [61, 10.7], [61.25, 10.7], [61, 10.2]]])), 'h.geojson').features).toHaveLength(1);
  });
});

describe('locateJsonError', () => {
  it('agrees with JSON.parse on valid text and positions where Node reports one', () => {
    expect(locateJsonError('{"a": [1, 2.5e3, "x\\n", null, true]}')).toBeUndefined();
    // Node 20 reports "Expected double-quoted property name in JSON at position 11" here.
    expect(locateJsonError('{\n "a": 1,\n}')).toMatchObject({ offset: 11, line: 3, column: 1 });
    expect(locateJsonError('{"a": 1')).toMatchObject({ offset: 7, line: 1, column: 8 });
    expect(locateJsonError('[1,2]x')).toMatchObject({ offset: 5 });
  });
});
