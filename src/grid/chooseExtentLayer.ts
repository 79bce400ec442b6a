import { AirreachError } from '../errors.js';
import type { GeoJsonLayer } from './geoJsonLayer.js';

/** Which polygons decide the grid's area besides the hazard footprints (see `buildDemandGrid`). */
export type GridExtent = 'auto' | 'regions' | 'hazards' | 'extentLayer';

/**
 * The layer whose polygons the grid covers in full: `extentLayer` → `inputs.extent`, `regions` →
 * `inputs.regions`, `hazards` → none, `auto` → the extent layer if given, else the regions if
 * given, else none. Asking for a layer that is missing is an `E_OPTION` error.
 *
 * @example
 * chooseExtentLayer({ regions: prefectures }, 'auto'); // -> prefectures
 */
export function chooseExtentLayer(inputs: { regions?: GeoJsonLayer; extent?: GeoJsonLayer }, extent: GridExtent): GeoJsonLayer | undefined {
  if (extent === 'hazards') return undefined;
  if (extent === 'auto') return inputs.extent ?? inputs.regions;
  const layer = extent === 'regions' ? inputs.regions : extent === 'extentLayer' ? inputs.extent : undefined;
  if (!layer) {
    const known = ['auto', 'regions', 'hazards', 'extentLayer'].includes(extent);
    throw new AirreachError('E_OPTION', known ? `extent "${extent}" needs a${extent === 'regions' ? ' regions' : 'n extent'} layer` : 'unknown extent', {
      value: extent,
      where: { field: 'extent' },
      expected: known ? `a ${extent === 'regions' ? 'regions' : 'extent'} layer, or another extent` : 'auto, regions, hazards or extentLayer',
    });
  }
  return layer;
}
