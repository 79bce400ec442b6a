/**
 * `airreach/io`: Reading and writing files: GeoJSON layers, matrix instances, atomic writes.
 * Advanced pieces beside the root export (`airreach`); internals stay unexported.
 *
 * @example
 * import { readGeoJsonFile } from 'airreach/io';
 */
export { DEFAULT_READ_GEOJSON_OPTIONS, parseGeoJsonText, readGeoJsonFile, type ReadGeoJsonOptions } from '../io/readGeoJson.js';
export { parseInstance, readInstanceFile, readInstanceJson, type MatrixInstance } from '../io/readInstance.js';
export { DEFAULT_CHECK_OUTPUT_TARGETS_OPTIONS, checkOutputTargets, writeFileAtomic, writeFilesAtomic, type CheckOutputTargetsOptions } from '../io/writeFileAtomic.js';
export { isStreamedBytes, isStreamedText, outputText, outputTexts, streamedBytes, streamedText, type OutputBody, type OutputFiles, type StreamedBytes, type StreamedText } from '../streamedText.js';
export { DEFAULT_READ_INPUT_FILE_OPTIONS, readInputFile, readInputText, type ReadInputFileOptions } from '../io/readInputFile.js';
export { DEFAULT_PARSE_JSON_TEXT_OPTIONS, RESERVED_JSON_KEYS, checkReservedKeys, parseJsonText, type ParseJsonTextOptions } from '../io/parseJsonText.js';
export { locateJsonError } from '../io/locateJsonError.js';
export { ensureFolder, freeBytes, holdsOutputLock, lockOutputFolder, recoverOutputFolder, type OutputLock } from '../io/outputFolder.js';
