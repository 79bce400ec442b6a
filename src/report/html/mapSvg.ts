import type { Geometry } from 'geojson';
import type { DemandGrid } from '../../grid/demandGrid.js';
import type { GeoJsonLayer } from '../../grid/geoJsonLayer.js';
import type { Site } from '../../travel/aircraft.js';
import { fitProjection, type MapProjection } from './fitProjection.js';
import { cellRing } from '../../grid/cellPolygons.js';
import { MAP_UNITS_PER_PX } from './hexagonLayers.js';
import { escapeHtml } from './htmlPage.js';

/**
 * The projection of a map showing `cells` of the grid and the `sites`: Mercator fitted to the
 * cells' hexagon outlines and the site positions (a base just outside the area still shows).
 *
 * @example
 * const projection = gridProjection(run.grid, allCells, bases, 960);
 */
export function gridProjection(
  grid: DemandGrid,
  cells: ArrayLike<number>,
  sites: readonly Pick<Site, 'latDeg' | 'lngDeg'>[],
  widthPx: number,
): MapProjection {
  return extentProjection(cellsExtent(grid, cells), sites, widthPx);
}

/**
 * The box [minLng, minLat, maxLng, maxLat] of `cells`' hexagon outlines: centres bound the map
 * well enough in the interior, a cell on the box's edge adds its ring. The part of
 * {@link gridProjection} that does not depend on the sites (several maps of one grid share it).
 *
 * @example
 * const extent = cellsExtent(run.grid, allCells); // [118.8, 38.7, 125.8, 43.5]
 */
export function cellsExtent(grid: DemandGrid, cells: ArrayLike<number>): [number, number, number, number] {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < cells.length; i++) {
    const lng = grid.lngDeg[cells[i]];
    const lat = grid.latDeg[cells[i]];
    if (lng < minLng) minLng = lng;
    if (lng > maxLng) maxLng = lng;
    if (lat < minLat) minLat = lat;
    if (lat > maxLat) maxLat = lat;
  }
  const [cLng0, cLat0, cLng1, cLat1] = [minLng, minLat, maxLng, maxLat];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (grid.lngDeg[c] === cLng0 || grid.lngDeg[c] === cLng1 || grid.latDeg[c] === cLat0 || grid.latDeg[c] === cLat1) {
      for (const [lng, lat] of cellRing(grid, c)) {
        if (lng < minLng) minLng = lng;
        if (lng > maxLng) maxLng = lng;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  return [minLng, minLat, maxLng, maxLat];
}

/**
 * {@link gridProjection} from the cells' box ({@link cellsExtent}): the sites widen it (a base
 * just outside the area still shows), then a 1 % margin.
 *
 * @example
 * const projection = extentProjection(cellsExtent(run.grid, allCells), bases, 460);
 */
export function extentProjection(extent: readonly [number, number, number, number], sites: readonly Pick<Site, 'latDeg' | 'lngDeg'>[], widthPx: number): MapProjection {
  let [minLng, minLat, maxLng, maxLat] = extent;
  for (const site of sites) {
    if (site.lngDeg < minLng) minLng = site.lngDeg;
    if (site.lngDeg > maxLng) maxLng = site.lngDeg;
    if (site.latDeg < minLat) minLat = site.latDeg;
    if (site.latDeg > maxLat) maxLat = site.latDeg;
  }
  if (!Number.isFinite(minLng)) return fitProjection([0, 0, 0, 0], { widthPx });
  // Margin for edge cells whose ring sticks out beyond its neighbours' and for base labels.
  const padLng = (maxLng - minLng) * 0.01;
  const padLat = (maxLat - minLat) * 0.01;
  return fitProjection([minLng - padLng, minLat - padLat, maxLng + padLng, maxLat + padLat], { widthPx });
}

/** What is drawn over the hexagons. */
export interface MapOverlays {
  sites?: readonly Site[];
  /** Ids of sites drawn in a second colour (e.g. bases a variant adds). */
  highlightSiteIds?: readonly string[];
  /** Region polygons drawn as thin outlines. */
  outlines?: GeoJsonLayer;
  /** Labels at given positions (e.g. region names at the centre of their cells). */
  labels?: ReadonlyArray<{ text: string; lngDeg: number; latDeg: number }>;
  /** Material depots as squares, with lines to the clients each serves. */
  depots?: {
    points: ReadonlyArray<{ id: string; lngDeg: number; latDeg: number; fixed: boolean; title: string }>;
    lines: ReadonlyArray<readonly [readonly [number, number], readonly [number, number]]>;
  };
}

/**
 * A map as inline SVG: `hexagons` (path elements in tenths of a pixel, see `hexagonLayers`)
 * under region outlines, region labels and the sites as labelled dots with a tooltip.
 *
 * @example
 * const svg = mapSvg(projection, hexagonLayers(paths, layers).svg, { sites: bases }, 'resp');
 */
export function mapSvg(projection: MapProjection, hexagons: string, overlays: MapOverlays, className: string): string {
  const { widthPx, heightPx } = projection;
  const parts = [
    `<svg class="map ${className}" viewBox="0 0 ${widthPx} ${heightPx}" width="${widthPx}" height="${heightPx}" role="img">`,
    `<g class="cells" transform="scale(${1 / MAP_UNITS_PER_PX})">`,
    hexagons,
  ];
  if (overlays.outlines) parts.push(outlinePath(projection, overlays.outlines));
  parts.push('</g>');
  if (overlays.depots) {
    // Assignment lines under the markers, one path; depots as squares (bases stay round).
    const d = overlays.depots.lines
      .map(([[lng0, lat0], [lng1, lat1]]) => {
        const [x0, y0] = projection.project(lng0, lat0);
        const [x1, y1] = projection.project(lng1, lat1);
        return `M${round1(x0)} ${round1(y0)}L${round1(x1)} ${round1(y1)}`;
      })
      .join('');
    // Its own layer (`g.depot-layer`): the report shows it from a legend toggle, so ~800 supply
    // lines do not cover the response-time map by default.
    parts.push('<g class="depot-layer">');
    if (d) parts.push(`<path class="assignment" d="${d}" fill="none" stroke="#7b3294" stroke-width="0.7" stroke-opacity="0.45"/>`);
    for (const depot of overlays.depots.points) {
      const [x, y] = projection.project(depot.lngDeg, depot.latDeg);
      parts.push(
        `<rect class="depot" x="${round1(x - 5)}" y="${round1(y - 5)}" width="10" height="10" fill="${depot.fixed ? '#40004b' : '#9970ab'}" stroke="#fff" stroke-width="1.5"><title>${escapeHtml(depot.title)}</title></rect>`,
      );
    }
    parts.push('</g>');
  }
  // Dots first, then region labels, then site labels in the free places left: no label covers another.
  const placed: Box[] = (overlays.sites ?? []).map((site) => {
    const [x, y] = projection.project(site.lngDeg, site.latDeg);
    return { x0: x - 5, y0: y - 5, x1: x + 5, y1: y + 5 };
  });
  for (const label of overlays.labels ?? []) {
    const [x, y] = projection.project(label.lngDeg, label.latDeg);
    const halfWidth = (label.text.length * REGION_PX_PER_CHAR) / 2;
    const box = { x0: x - halfWidth, y0: y - 10, x1: x + halfWidth, y1: y + 3 };
    // A region label that would cover a base dot gives way (the outline still names the area).
    if (placed.some((b) => overlaps(box, b))) continue;
    placed.push(box);
    parts.push(`<text class="region" x="${round1(x)}" y="${round1(y)}" text-anchor="middle">${escapeHtml(label.text)}</text>`);
  }
  for (const site of overlays.sites ?? []) {
    const [x, y] = projection.project(site.lngDeg, site.latDeg);
    const fleet = site.fleet.map((f) => `${f.count}× ${f.aircraftTypeId}`).join(', ');
    const text = shortLabel(site.name || site.id);
    const label = placeLabel(x, y, text.length * LABEL_PX_PER_CHAR, placed, { x0: 0, y0: 0, x1: widthPx, y1: heightPx });
    const tooltip = `${site.id}: ${site.name} (${site.role}${fleet ? `; ${fleet}` : ''})`;
    parts.push(
      `<g class="site"><circle class="base${overlays.highlightSiteIds?.includes(site.id) ? ' added' : ''}" cx="${round1(x)}" cy="${round1(y)}" r="4.5"><title>${escapeHtml(tooltip)}</title></circle>` +
        `${label ? `<text x="${round1(label.x)}" y="${round1(label.y)}" text-anchor="${label.anchor}">${escapeHtml(text)}</text>` : ''}</g>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Average advance of a 12 px sans-serif character; labels are placed by this estimate. */
const LABEL_PX_PER_CHAR = 6.6;
/** The same for the 11 px italic region labels. */
const REGION_PX_PER_CHAR = 6;

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && a.x1 > b.x0 && a.y0 < b.y1 && a.y1 > b.y0;
}

/**
 * Puts a site label right of the dot, else left, above, below, then on the four diagonals and
 * a step farther out — the first place inside the map that overlaps no label or dot already placed (greedy, in
 * site order, so the result is deterministic). When every place overlaps, the site gets no
 * label (its dot keeps its tooltip, and the bases table lists it): overlapping labels are
 * unreadable (Shenyang's airfields).
 */
function placeLabel(x: number, y: number, widthPx: number, placed: Box[], map: Box): { x: number; y: number; anchor: string } | null {
  const options: Array<{ x: number; y: number; anchor: string; box: Box }> = [];
  for (const step of [0, 14]) {
    options.push(
      { x: x + 7 + step, y: y + 4, anchor: 'start', box: { x0: x + 7 + step, y0: y - 8, x1: x + 7 + step + widthPx, y1: y + 6 } },
      { x: x - 7 - step, y: y + 4, anchor: 'end', box: { x0: x - 7 - step - widthPx, y0: y - 8, x1: x - 7 - step, y1: y + 6 } },
      { x, y: y - 9 - step, anchor: 'middle', box: { x0: x - widthPx / 2, y0: y - 21 - step, x1: x + widthPx / 2, y1: y - 7 - step } },
      { x, y: y + 18 + step, anchor: 'middle', box: { x0: x - widthPx / 2, y0: y + 6 + step, x1: x + widthPx / 2, y1: y + 20 + step } },
      { x: x + 6 + step, y: y - 8 - step, anchor: 'start', box: { x0: x + 6 + step, y0: y - 20 - step, x1: x + 6 + step + widthPx, y1: y - 6 - step } },
      { x: x + 6 + step, y: y + 16 + step, anchor: 'start', box: { x0: x + 6 + step, y0: y + 4 + step, x1: x + 6 + step + widthPx, y1: y + 18 + step } },
      { x: x - 6 - step, y: y - 8 - step, anchor: 'end', box: { x0: x - 6 - step - widthPx, y0: y - 20 - step, x1: x - 6 - step, y1: y - 6 - step } },
      { x: x - 6 - step, y: y + 16 + step, anchor: 'end', box: { x0: x - 6 - step - widthPx, y0: y + 4 + step, x1: x - 6 - step, y1: y + 18 + step } },
    );
  }
  // Inside the map too: a label past the right edge is clipped.
  const inside = (b: Box) => b.x0 >= map.x0 && b.x1 <= map.x1 && b.y0 >= map.y0 && b.y1 <= map.y1;
  const free = options.find((o) => inside(o.box) && !placed.some((b) => overlaps(o.box, b)));
  if (!free) return null;
  placed.push(free.box);
  return free;
}

/** Site names like "Dalian Zhoushuizi International Airport / …" are cut so labels stay readable. */
function shortLabel(name: string): string {
  const first = name.split(' / ')[0];
  return first.length > 26 ? `${first.slice(0, 25)}…` : first;
}

/** Outline paths drawn, per projection object and layer: the report's answer maps draw the same regions in one frame (see `answersSection`). */
const outlinePaths = new WeakMap<MapProjection, WeakMap<GeoJsonLayer, string>>();

/** Region outlines: rings projected to tenths of a pixel, points closer than half a pixel dropped. */
function outlinePath(projection: MapProjection, layer: GeoJsonLayer): string {
  let byLayer = outlinePaths.get(projection);
  if (!byLayer) outlinePaths.set(projection, (byLayer = new WeakMap()));
  let path = byLayer.get(layer);
  if (path === undefined) byLayer.set(layer, (path = drawOutlinePath(projection, layer)));
  return path;
}

/**
 * One ring's path, points closer than `minStep` map units to the last one dropped (never the
 * ring's last). Its own function, not a part of the caller's callback: V8 compiled that by OSR
 * and deoptimised it at the code after the loop on every later ring (~100 times a report).
 */
function ringPath(projection: MapProjection, ring: number[][], minStep: number): string {
  let lastX = 0;
  let lastY = 0;
  let text = '';
  for (let v = 0; v < ring.length; v++) {
    const [px, py] = projection.project(ring[v][0], ring[v][1]);
    const x = Math.round(px * MAP_UNITS_PER_PX);
    const y = Math.round(py * MAP_UNITS_PER_PX);
    if (v === 0) text = `M${x} ${y}`;
    else if (Math.abs(x - lastX) + Math.abs(y - lastY) < minStep && v < ring.length - 1) continue;
    else text += `L${x} ${y}`;
    lastX = x;
    lastY = y;
  }
  return text;
}

function drawOutlinePath(projection: MapProjection, layer: GeoJsonLayer): string {
  const minStep = MAP_UNITS_PER_PX / 2;
  let d = '';
  const addRing = (ring: number[][]) => {
    d += ringPath(projection, ring, minStep);
  };
  const addGeometry = (geometry: Geometry | null) => {
    if (!geometry) return;
    if (geometry.type === 'Polygon') geometry.coordinates.forEach(addRing);
    else if (geometry.type === 'MultiPolygon') geometry.coordinates.forEach((polygon) => polygon.forEach(addRing));
    else if (geometry.type === 'GeometryCollection') geometry.geometries.forEach(addGeometry);
  };
  for (const feature of layer.collection.features) addGeometry(feature.geometry);
  // Stroke width in map units: the group is scaled by 1/10.
  return d === '' ? '' : `<path class="outline" stroke-width="${0.8 * MAP_UNITS_PER_PX}" d="${d}"/>`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
