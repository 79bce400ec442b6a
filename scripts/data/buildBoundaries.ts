/**
 * Builds data/liaoning/province.geojson and prefectures.geojson from the encoded maps that
 * shipped with echarts 4.9.0 (`map/json/china.json` feature 210000 for the province,
 * `map/json/province/liaoning.json` for the 14 prefecture-level cities).
 *
 * Cleaning: decode → round to 5 decimals → drop parts with < 4 distinct positions or
 * < 0.01 km² → polyclip-ts union of the parts (resolves self-intersections and overlaps,
 * the ECharts data has 137 kinks) → drop slivers again → orient (RFC 7946 right-hand rule).
 * The province outline is kept as ECharts drew it (≈ 540 vertices), which is already
 * coarse enough for fast H3 gridding; it is an independent drawing from the prefectures,
 * so "union of prefectures ≈ province" is a real cross-check.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, MultiPolygon, Position } from 'geojson';
import { decodeEchartsRing, tidyPolygons, vertexCount } from './geometry.js';
import { packagedSource, SOURCE_PACKAGES, toolRequire } from './sourcePackages.js';

interface EchartsFeature {
  id: string;
  properties: { name: string; cp?: [number, number] };
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown; encodeOffsets: unknown };
}

/** Pinyin names of the 14 prefecture-level cities, keyed by GB/T 2260 code. */
export const PREFECTURE_NAMES_EN: Readonly<Record<string, string>> = {
  '210100': 'Shenyang',
  '210200': 'Dalian',
  '210300': 'Anshan',
  '210400': 'Fushun',
  '210500': 'Benxi',
  '210600': 'Dandong',
  '210700': 'Jinzhou',
  '210800': 'Yingkou',
  '210900': 'Fuxin',
  '211000': 'Liaoyang',
  '211100': 'Panjin',
  '211200': 'Tieling',
  '211300': 'Chaoyang',
  '211400': 'Huludao',
};

function decodeFeature(f: EchartsFeature): Position[][][] {
  if (f.geometry.type === 'Polygon') {
    const rings = f.geometry.coordinates as string[];
    const offs = f.geometry.encodeOffsets as [number, number][];
    return [rings.map((r, i) => decodeEchartsRing(r, offs[i]))];
  }
  const polys = f.geometry.coordinates as string[][];
  const offs = f.geometry.encodeOffsets as [number, number][][];
  return polys.map((p, i) => p.map((r, j) => decodeEchartsRing(r, offs[i][j])));
}

/** Decoded, repaired MultiPolygon plus what the cleaning removed. */
export interface CleanedGeometry {
  geometry: MultiPolygon;
  rawVertices: number;
  rawParts: number;
  droppedParts: number;
}

/**
 * Decode + tidy + polyclip union (repairs self-intersections) + tidy again.
 *
 * @example
 * cleanEchartsFeature(chinaJson.features.find((f) => f.id === '210000')).geometry.coordinates.length // 7 parts
 */
export function cleanEchartsFeature(f: EchartsFeature): CleanedGeometry {
  const union = toolRequire()('polyclip-ts').union as (...g: Position[][][][]) => Position[][][];
  const raw = decodeFeature(f);
  const first = tidyPolygons(raw);
  const repaired = union(first.parts);
  const second = tidyPolygons(repaired);
  const geometry: MultiPolygon = { type: 'MultiPolygon', coordinates: second.parts };
  return {
    geometry,
    rawVertices: vertexCount({ type: 'MultiPolygon', coordinates: raw }),
    rawParts: raw.length,
    droppedParts: first.droppedParts + second.droppedParts,
  };
}

/**
 * Province and prefecture features ready to write.
 *
 * @example
 * const { province, prefectures } = buildBoundaries(); // 1 + 14 features
 */
export function buildBoundaries(): { province: Feature<MultiPolygon>; prefectures: Feature<MultiPolygon>[]; log: string[] } {
  const dir = packagedSource(SOURCE_PACKAGES.echarts);
  const china = JSON.parse(readFileSync(join(dir, 'map/json/china.json'), 'utf8')) as { features: EchartsFeature[] };
  const liaoning = JSON.parse(readFileSync(join(dir, 'map/json/province/liaoning.json'), 'utf8')) as { features: EchartsFeature[] };
  const log: string[] = [];
  const prov = china.features.find((f) => f.id === '210000');
  if (!prov) throw new Error('echarts china.json has no feature 210000 (Liaoning)');
  const pc = cleanEchartsFeature(prov);
  log.push(`province: ${pc.rawParts} parts / ${pc.rawVertices} vertices raw → ${pc.geometry.coordinates.length} parts / ${vertexCount(pc.geometry)} vertices (dropped ${pc.droppedParts})`);
  const province: Feature<MultiPolygon> = {
    type: 'Feature',
    properties: {
      id: '210000',
      name: '辽宁省',
      nameEn: 'Liaoning',
      source: `${SOURCE_PACKAGES.echarts} map/json/china.json feature 210000 (Apache-2.0), decoded and repaired by scripts/data/buildBoundaries.ts`,
    },
    geometry: pc.geometry,
  };
  const prefectures: Feature<MultiPolygon>[] = [];
  for (const f of [...liaoning.features].sort((a, b) => a.id.localeCompare(b.id))) {
    const nameEn = PREFECTURE_NAMES_EN[f.id];
    if (!nameEn) throw new Error(`unexpected prefecture id ${f.id}`);
    const c = cleanEchartsFeature(f);
    log.push(`${f.id} ${nameEn}: ${c.rawParts} parts / ${c.rawVertices} v → ${c.geometry.coordinates.length} parts / ${vertexCount(c.geometry)} v (dropped ${c.droppedParts})`);
    prefectures.push({
      type: 'Feature',
      properties: {
        id: f.id,
        name: f.properties.name,
        nameEn,
        source: `${SOURCE_PACKAGES.echarts} map/json/province/liaoning.json (Apache-2.0), decoded and repaired by scripts/data/buildBoundaries.ts`,
      },
      geometry: c.geometry,
    });
  }
  return { province, prefectures, log };
}
