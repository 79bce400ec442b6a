/**
 * Builds data/liaoning/conditions/weatherZones.geojson: the coastal weather zone of the Liaoning
 * case (one MultiPolygon, `properties.zone = 'coastal'`); every other cell takes the scenario's
 * default zone (`inland`). The weather data (conditions/weather.json) has two zones, coastal and
 * inland, from a Dalian climate overview that contrasts the coast (40–65 gale days, 35–55 fog
 * days a year) with inland areas (10–20 gale, 10–30 fog days). The mountain zone (the eastern
 * mountain counties, no elevation model being bundled) is added after it by buildMountainZone.ts.
 *
 * Rule (the distance is an ASSUMPTION, see data/README.md):
 * - **sea**: the box 117.5–126.5 E, 37.5–44 N minus the land of every ECharts province
 *   (china.json) and minus the North Korean side of the Yalu (east of 124.3 E, north of 38.5 N:
 *   North Korea is not in the ECharts map, and its land would otherwise count as sea);
 * - **coastline**: the province outline's vertices that are not within 3 km of another Chinese
 *   province's outline (Hebei, Inner Mongolia, Jilin) nor on the Yalu (east of 124.3 E, north of
 *   39.85 N), its edges sampled every 2 km;
 * - **coastal zone** = sea ∪ the land within `COASTAL_BAND_KM` (20 km) of the coastline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import circle from '@turf/circle';
import distance from '@turf/distance';
import type { Feature, MultiPolygon, Position } from 'geojson';
import { cleanEchartsFeature } from './buildBoundaries.js';
import { tidyPolygons } from './geometry.js';
import { packagedSource, SOURCE_PACKAGES, toolRequire } from './sourcePackages.js';

/** Land within this many km of the coastline counts as coastal weather (ASSUMPTION). */
export const COASTAL_BAND_KM = 20;
const BOX: Position[][] = [[[117.5, 37.5], [126.5, 37.5], [126.5, 44], [117.5, 44], [117.5, 37.5]]];
const DPRK_BOX: Position[][] = [[[124.3, 38.5], [131, 38.5], [131, 44], [124.3, 44], [124.3, 38.5]]];
const onYalu = (p: Position): boolean => p[0] > 124.3 && p[1] > 39.85;

/**
 * The coastal weather zone feature and what the build measured.
 *
 * @example
 * buildWeatherZones(province).feature.properties.zone; // 'coastal'
 */
export function buildWeatherZones(province: Feature<MultiPolygon>): { feature: Feature<MultiPolygon>; log: string[] } {
  const polyclip = toolRequire()('polyclip-ts') as { union: (...g: Position[][][][]) => Position[][][]; difference: (a: Position[][][], ...b: Position[][][][]) => Position[][][] };
  const china = JSON.parse(readFileSync(join(packagedSource(SOURCE_PACKAGES.echarts), 'map/json/china.json'), 'utf8')) as { features: Array<Parameters<typeof cleanEchartsFeature>[0]> };
  const provinces = china.features.filter((f) => f.geometry && /^\d{6}$/.test(f.id)).map((f) => ({ id: f.id, parts: cleanEchartsFeature(f).geometry.coordinates }));
  const land = polyclip.union(...provinces.map((p) => p.parts));
  const sea = polyclip.difference([BOX], land, [DPRK_BOX]);
  const neighbours = provinces.filter((p) => p.id !== '210000');
  const neighbourVertices: Position[] = neighbours.flatMap((p) => p.parts.flatMap((poly) => poly.flatMap((ring) => ring))).filter((q) => q[0] > 117 && q[0] < 127 && q[1] > 38 && q[1] < 44.5);
  const nearNeighbour = (p: Position): boolean => neighbourVertices.some((q) => Math.abs(q[0] - p[0]) < 0.06 && Math.abs(q[1] - p[1]) < 0.05 && distance(p, q, { units: 'kilometers' }) < 3);
  const samples: Position[] = [];
  let coastVertices = 0;
  for (const polygon of province.geometry.coordinates) {
    for (const ring of polygon) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [a, b] = [ring[i], ring[i + 1]];
        const coastA = !onYalu(a) && !nearNeighbour(a);
        const coastB = !onYalu(b) && !nearNeighbour(b);
        if (coastA) coastVertices++;
        if (!coastA || !coastB) continue;
        const steps = Math.max(1, Math.ceil(distance(a, b, { units: 'kilometers' }) / 2));
        for (let s = 0; s < steps; s++) samples.push([a[0] + ((b[0] - a[0]) * s) / steps, a[1] + ((b[1] - a[1]) * s) / steps]);
      }
    }
  }
  const disks = samples.map((p) => [circle(p, COASTAL_BAND_KM, { steps: 24, units: 'kilometers' }).geometry.coordinates]);
  // Union in chunks (polyclip handles a few hundred disks at a time comfortably).
  let band: Position[][][] = [];
  for (let i = 0; i < disks.length; i += 200) band = polyclip.union(band, ...disks.slice(i, i + 200));
  const zone = tidyPolygons(polyclip.union(sea, band)).parts;
  const feature: Feature<MultiPolygon> = {
    type: 'Feature',
    properties: {
      zone: 'coastal',
      rule: `the sea (box 117.5–126.5 E, 37.5–44 N minus the ECharts land of every province and the North Korean side of the Yalu) and the land within ${COASTAL_BAND_KM} km of Liaoning's coastline (its outline without the borders with Hebei, Inner Mongolia, Jilin and North Korea)`,
      assumption: `ASSUMPTION: the ${COASTAL_BAND_KM}-km band; the weather data's coastal figures come from the Dalian coast (sea fog and stronger winds) and are applied to the whole coastline`,
      source: 'Apache ECharts 4.9.0 map/json/china.json (province outlines); rule of scripts/data/buildWeatherZones.ts',
    },
    geometry: { type: 'MultiPolygon', coordinates: zone },
  };
  return { feature, log: [`weather zones: ${coastVertices} coastline vertices of the outline, ${samples.length} samples, coastal zone ${zone.length} parts`] };
}
