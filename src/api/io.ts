/**
 * `airreach/io`: Reading and writing files: GeoJSON layers, matrix instances, atomic writes.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { readGeoJsonFile } from 'airreach/io';
 */
export { DEFAULT_READ_GEOJSON_OPTIONS, parseGeoJsonText, readGeoJsonFile, type ReadGeoJsonOptions } from '../io/readGeoJson.js';
export { parseInstance, readInstanceFile, readInstanceJson, type MatrixInstance } from '../io/readInstance.js';
export { writeFileAtomic, writeFilesAtomic } from '../io/writeFileAtomic.js';
export { isStreamedBytes, isStreamedText, outputText, outputTexts, streamedBytes, streamedText, type OutputBody, type OutputFiles, type StreamedBytes, type StreamedText } from '../streamedText.js';
