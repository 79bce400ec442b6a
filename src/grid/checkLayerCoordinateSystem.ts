import { AirreachError } from '../errors.js';

/** EPSG codes of geographic CRSs (longitude and latitude in degrees: 4326 WGS 84, 4490 CGCS2000, 4258 ETRS89, 4269 NAD83 …). */
const GEOGRAPHIC_EPSG_CODES = { from: 4000, to: 4999 };

/** A value no longitude or latitude in degrees reaches, swapped or not. */
const MAX_DEGREES = 360;

const EXPECTED = 'longitude and latitude in degrees on WGS 84, [lng, lat] (RFC 7946 §4)';
const REPROJECT = 'Reproject the layer to EPSG:4326 (WGS 84 degrees), e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`, or in QGIS Export › Save Features As… with CRS EPSG:4326';

/**
 * Refuses a GeoJSON layer whose positions are not longitude and latitude in degrees, before any
 * reader takes them as such: a `crs` member (GeoJSON 2008, as GDAL and QGIS still write it)
 * naming a projected system — an EPSG code outside the geographic 4000–4999 (EPSG:3857, UTM
 * zones 326xx) or a Web Mercator alias (900913, ESRI:102100) — is refused at `crs`; a layer without one whose first
 * position has a value beyond ±360 (metres, not degrees) is refused at that position, saying so.
 * Why: a layer exported in Web Mercator metres was refused only as "a coordinate is out of
 * range (got [1135450, 8575000])", with nothing naming the projection it declared or how to
 * convert it. Geographic systems (CRS84, EPSG:4326, EPSG:4490 CGCS2000) and a `crs` of another
 * form (a link) pass: the positions' own range checks still apply.
 *
 * @example
 * checkLayerCoordinateSystem({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::3857' } }, features: [] }, { features: [] }, 'hazards.geojson'); // throws E_GEOJSON at crs
 */
export function checkLayerCoordinateSystem(geoJson: Record<string, unknown>, collection: { features: unknown[] }, file: string | undefined): void {
  const crs = crsName(geoJson.crs);
  if (crs !== undefined && isProjected(crs)) {
    throw new AirreachError('E_GEOJSON', `the layer declares a projected coordinate reference system (${crs}), not longitude and latitude`, {
      value: crs,
      where: { file, field: 'crs' },
      expected: EXPECTED,
      hint: REPROJECT,
    });
  }
  const first = firstPosition(collection.features);
  if (first === undefined) return;
  const [lng, lat] = first.position;
  if (Math.abs(lng) > MAX_DEGREES || Math.abs(lat) > MAX_DEGREES) {
    throw new AirreachError('E_COORDINATE', 'the positions are not in degrees (a value beyond ±360)', {
      value: first.position,
      where: { file, featureIndex: first.featureIndex, field: first.field },
      expected: EXPECTED,
      hint: `Values like these are projected metres (such as Web Mercator, EPSG:3857). ${REPROJECT}`,
    });
  }
}

/** The name a `crs` member gives (`{ type: 'name', properties: { name } }`, or `{ type: 'EPSG', properties: { code } }`), or undefined. */
function crsName(crs: unknown): string | undefined {
  if (typeof crs !== 'object' || crs === null) return undefined;
  const { type, properties } = crs as { type?: unknown; properties?: unknown };
  if (typeof properties !== 'object' || properties === null) return undefined;
  const { name, code } = properties as { name?: unknown; code?: unknown };
  if (type === 'name' && typeof name === 'string') return name;
  if (type === 'EPSG' && (typeof code === 'number' || typeof code === 'string')) return `EPSG:${String(code)}`;
  return undefined;
}

/** Web Mercator's other names: Google's 900913, ESRI's 102100 and 102113. */
const WEB_MERCATOR_ALIASES = /(?:^|\D)(?:900913|102100|102113)$/;

/**
 * Whether a CRS name is a known projected one: an EPSG code outside the geographic range
 * (`EPSG:3857`, `urn:ogc:def:crs:EPSG::32651`, `http://www.opengis.net/def/crs/EPSG/0/2056`), or
 * a Web Mercator alias.
 */
function isProjected(name: string): boolean {
  const trimmed = name.trim();
  if (WEB_MERCATOR_ALIASES.test(trimmed)) return true;
  const epsg = /EPSG(?:\/[\d.]+\/|:[\d.]*:|:)(\d+)$/i.exec(trimmed);
  if (!epsg) return false;
  const code = Number(epsg[1]);
  return code < GEOGRAPHIC_EPSG_CODES.from || code > GEOGRAPHIC_EPSG_CODES.to;
}

/** The first position of the first feature with coordinates, with its place, or undefined (shapes are checked already: lists all the way down). */
function firstPosition(features: unknown[]): { position: [number, number]; featureIndex: number; field: string } | undefined {
  for (let featureIndex = 0; featureIndex < features.length; featureIndex++) {
    const geometry = (features[featureIndex] as { geometry?: unknown }).geometry as { coordinates?: unknown } | null | undefined;
    let node: unknown = geometry?.coordinates;
    let field = 'geometry.coordinates';
    while (Array.isArray(node) && node.length > 0 && Array.isArray(node[0])) {
      node = node[0];
      field += '[0]';
    }
    if (Array.isArray(node) && typeof node[0] === 'number' && typeof node[1] === 'number' && Number.isFinite(node[0]) && Number.isFinite(node[1])) {
      return { position: [node[0], node[1]], featureIndex, field };
    }
  }
  return undefined;
}
