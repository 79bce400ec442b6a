import { area } from '@turf/area';
import type { Feature, Position } from 'geojson';
import { cellArea, getHexagonEdgeLengthAvg, latLngToCell } from 'h3-js';
import { AirreachError } from '../errors.js';
import type { DemandInputs } from './buildDemandGrid.js';
import { chooseExtentLayer, type GridExtent } from './chooseExtentLayer.js';
import { resolveOptions } from '../resolveOptions.js';

/** Result of {@link estimateGridCells}. */
export interface GridCellEstimate {
  resolution: number;
  /** Upper estimate of the number of grid cells. */
  cellCount: number;
  /** Bytes of the finished DemandGrid's typed arrays for that many cells. */
  gridBytes: number;
  /** Rough peak bytes while building (H3 strings and maps per cell on top of the arrays). */
  peakBytes: number;
  /** The finest resolution (0–15) whose estimate fits `cellBudget`, or -1 if none does (counted when first read). */
  readonly finestResolutionWithinBudget: number;
}

/** Options of {@link estimateGridCells}. */
export interface EstimateGridCellsOptions {
  /** Which polygons the grid covers besides the hazards, as in `buildDemandGrid`. */
  extent?: GridExtent;
  /** Cell budget used for `finestResolutionWithinBudget`. */
  cellBudget?: number;
  /** Number of hazard types (each adds one float64 column). */
  hazardTypeCount?: number;
  /** Multiplier on the area-based count: covers the boundary rows and sampling error. */
  safetyFactor?: number;
}

/** Defaults of {@link EstimateGridCellsOptions}. */
export const DEFAULT_ESTIMATE_GRID_CELLS_OPTIONS: Required<EstimateGridCellsOptions> = {
  extent: 'auto',
  cellBudget: 2_000_000,
  hazardTypeCount: 8,
  safetyFactor: 1.1,
};

/** h3Low, h3High, mask, region (4 B) + lat, lng, area, demand, hazardDemand, population (8 B). */
const fixedBytesPerCell = 4 * 4 + 6 * 8;
/**
 * Per cell while building: H3 strings, Map/Set entries, contributions. Calibrated on Liaoning at
 * res 8: the JS heap grew 132 MiB for 322,369 cells (≈ 430 B/cell incl. the arrays), so 400 here.
 */
const buildBytesPerCell = 400;

/**
 * Estimates, before anything is built, how many cells `buildDemandGrid(inputs, { resolution,
 * extent })` will make (the extent or region polygons plus the hazard footprints), and the
 * memory that takes. Cheap: no H3 polygon fill, only areas and a few cell-area samples. Area comes from
 * @turf/area; it is divided by the smallest actual H3 cell area found at a 3 × 3 sample of points
 * over each polygon's bounding box, not by the global average: around Liaoning cells are ~30 %
 * below the average (a pentagon lies off Dalian), so the average would under-count. The extent
 * keeps only cells whose centre is inside (area ÷ cell area); a hazard keeps every cell it
 * touches, so it adds perimeter ÷ (2 × edge length) for the cut cells, and at least one cell.
 * Hazard features lying inside the extent's bounding box are not counted twice.
 *
 * @example
 * const estimate = estimateGridCells({ hazards, extent: province }, 8);
 * if (estimate.cellCount > 2e6) console.log(estimate.finestResolutionWithinBudget);
 */
export function estimateGridCells(inputs: DemandInputs, resolution: number, options: EstimateGridCellsOptions = {}): GridCellEstimate {
  if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) {
    throw new AirreachError('E_RESOLUTION', 'the H3 resolution must be an integer from 0 to 15', {
      value: resolution,
      where: { field: 'resolution' },
      expected: 'an integer 0-15 (7 ≈ 5 km² cells, 8 ≈ 0.7 km²)',
    });
  }
  const { extent: extentChoice, cellBudget, hazardTypeCount, safetyFactor } = resolveOptions(DEFAULT_ESTIMATE_GRID_CELLS_OPTIONS, options);
  const extentLayer = chooseExtentLayer(inputs, extentChoice);
  const extent = extentLayer ? [extentLayer] : [];
  const hazards = inputs.hazards;
  const shapes: Shape[] = [];
  const extentBox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const layer of extent) {
    for (const feature of layer.collection.features) {
      const shape = describe(feature, false);
      if (!shape) continue;
      shapes.push(shape);
      extentBox[0] = Math.min(extentBox[0], shape.bbox[0]);
      extentBox[1] = Math.min(extentBox[1], shape.bbox[1]);
      extentBox[2] = Math.max(extentBox[2], shape.bbox[2]);
      extentBox[3] = Math.max(extentBox[3], shape.bbox[3]);
    }
  }
  for (const layer of hazards) {
    for (const feature of layer.collection.features) {
      const shape = describe(feature, true);
      if (!shape) continue;
      const [w, s, e, n] = shape.bbox;
      if (w >= extentBox[0] && e <= extentBox[2] && s >= extentBox[1] && n <= extentBox[3]) continue;
      shapes.push(shape);
    }
  }
  const countAt = (res: number) => {
    const edgeKm = getHexagonEdgeLengthAvg(res, 'km');
    let cells = 0;
    for (const shape of shapes) {
      const [w, s, e, n] = shape.bbox;
      let smallestKm2 = Infinity;
      for (const fx of [0, 0.5, 1]) {
        for (const fy of [0, 0.5, 1]) {
          smallestKm2 = Math.min(smallestKm2, cellArea(latLngToCell(s + fy * (n - s), w + fx * (e - w), res), 'km2'));
        }
      }
      cells += Math.max(1, (safetyFactor * shape.areaKm2) / smallestKm2 + (shape.isHazard ? shape.perimeterKm / (2 * edgeKm) : 0));
    }
    return Math.ceil(cells);
  };
  const cellCount = countAt(resolution);
  const gridBytes = cellCount * (fixedBytesPerCell + 8 * hazardTypeCount);
  // The finest resolution within budget costs a count per resolution (on Liaoning's case ten
  // more than the estimate itself, about 100 ms cold): counted when first read, which only a
  // grid over its budget does (for its error's hint).
  let finest: number | undefined;
  return {
    resolution,
    cellCount,
    gridBytes,
    peakBytes: gridBytes + cellCount * buildBytesPerCell,
    get finestResolutionWithinBudget() {
      if (finest === undefined) {
        finest = -1;
        for (let res = 0; res <= 15; res++) {
          if ((res === resolution ? cellCount : countAt(res)) <= cellBudget) finest = res;
          else break;
        }
      }
      return finest;
    },
  };
}

interface Shape {
  isHazard: boolean;
  bbox: [number, number, number, number];
  areaKm2: number;
  perimeterKm: number;
}

function describe(feature: Feature, isHazard: boolean): Shape | undefined {
  const geometry = feature.geometry;
  if (geometry.type === 'Point') {
    const radiusKm = Number(feature.properties?.radiusKm) || 0;
    const [lng, lat] = geometry.coordinates;
    const dLat = radiusKm / 111.2;
    const dLng = dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180));
    return {
      isHazard,
      bbox: [lng - dLng, lat - dLat, lng + dLng, lat + dLat],
      areaKm2: Math.PI * radiusKm * radiusKm,
      perimeterKm: 2 * Math.PI * radiusKm,
    };
  }
  let polygons: Position[][][];
  if (geometry.type === 'Polygon') polygons = [geometry.coordinates];
  else if (geometry.type === 'MultiPolygon') polygons = geometry.coordinates;
  else return undefined;
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let perimeterKm = 0;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i++) {
        const [x, y] = ring[i];
        bbox[0] = Math.min(bbox[0], x);
        bbox[1] = Math.min(bbox[1], y);
        bbox[2] = Math.max(bbox[2], x);
        bbox[3] = Math.max(bbox[3], y);
        if (i > 0) {
          const cosLat = Math.cos((((y + ring[i - 1][1]) / 2) * Math.PI) / 180);
          perimeterKm += Math.hypot((x - ring[i - 1][0]) * cosLat, y - ring[i - 1][1]) * 111.2;
        }
      }
    }
  }
  return { isHazard, bbox, areaKm2: area(geometry) / 1e6, perimeterKm };
}
