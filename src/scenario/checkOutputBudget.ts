import { AirreachError } from '../errors.js';
import type { ScenarioInputs } from './runCoverage.js';
import { resolveOptions } from '../resolveOptions.js';
import { freeBytes } from '../io/outputFolder.js';

/** Options of {@link checkOutputBudget}. */
export interface OutputBudgetOptions {
  /**
   * Largest total of the output files held as text at once, bytes: the files made as one string
   * before the all-or-nothing write (the summary, the report page, answers); the cell maps and
   * tables are streamed to disk row by row and do not count.
   */
  outputMemoryBytes?: number;
  /** The output folder: the outputs' estimated bytes, streamed ones included, must fit its disk's free space. */
  outFolder?: string;
  /** Free bytes on the output disk, when known (default: measured at `outFolder`). */
  availableBytes?: number;
}

/**
 * Defaults of {@link checkOutputBudget}: 1.5 GiB of output text — Liaoning at resolution 8
 * (322,000 cells, two periods, three standards) writes about 0.6 GB.
 */
export const DEFAULT_OUTPUT_BUDGET_OPTIONS = {
  outputMemoryBytes: 1.5 * 2 ** 30,
  outFolder: undefined as string | undefined,
  availableBytes: undefined as number | undefined,
};

/**
 * The longest string V8 can make (2^29 − 24 characters): a file made as one string cannot be
 * longer. A country-sized grid at resolution 7 (1.56 million cells) makes a 1 GB map: building it
 * died with `RangeError: Invalid string length` after 20 s of computing.
 */
export const MAX_OUTPUT_STRING_CHARS = 2 ** 29 - 24;

/** Estimated size of one output file. */
export interface OutputFileEstimate {
  name: string;
  bytes: number;
  /** Written row by row (`StreamedText`): never one string, so only the disk bounds it. */
  streamed: boolean;
}

/**
 * Upper estimates of the output files' sizes for a grid of `cellCount` cells (see
 * {@link checkOutputBudget}). Per cell and period: the map feature (a hexagon of 7 positions,
 * ≈ 450 bytes of fixed keys and numbers) and the table row (≈ 100 bytes), each plus per
 * standard ≈ 75 / 15 bytes and the longest region name, base id, aircraft id and the list of
 * all hazard types; the report page draws every cell once per period (≈ 40 bytes) on a fixed
 * ≈ 200 KB. Calibrated on the test scenario (`test/fixtures/scenario/small.json`, resolution 6,
 * three standards): 659 and 101 bytes per cell measured, 713 and 183 estimated.
 *
 * @example
 * estimateOutputFiles(inputs, 322_000).find((f) => f.name === 'coverage-day.geojson')?.bytes;
 */
export function estimateOutputFiles(inputs: ScenarioInputs, cellCount: number): OutputFileEstimate[] {
  const standards = inputs.standardsMinutes.length;
  const longest = (values: Iterable<string>) => {
    let most = 0;
    for (const value of values) most = Math.max(most, JSON.stringify(value).length);
    return most;
  };
  const regions = inputs.demandInputs.regions;
  const nameField = inputs.loaded.scenario.layers?.regions?.nameField ?? 'name';
  const regionName = regions ? longest(regions.collection.features.map((f) => String(f.properties && Object.hasOwn(f.properties, nameField) ? f.properties[nameField] : ''))) : 4;
  const baseId = longest(inputs.sites.map((site) => site.id));
  const aircraftId = longest(inputs.sites.flatMap((site) => site.fleet.map((f) => f.aircraftTypeId)));
  const hazardTypes = new Set<string>();
  for (const layer of inputs.demandInputs.hazards) for (const feature of layer.collection.features) hazardTypes.add(String(feature.properties?.type));
  const typeList = [...hazardTypes].reduce((total, type) => total + type.length + 1, 0);
  const names = regionName + baseId + aircraftId + typeList;
  const files: OutputFileEstimate[] = [];
  for (const period of inputs.periods) {
    files.push({ name: `coverage-${period}.geojson`, bytes: cellCount * (450 + 75 * standards + names), streamed: true });
    files.push({ name: `coverage-${period}.csv`, bytes: cellCount * (100 + 15 * standards + names), streamed: true });
  }
  files.push({ name: 'report.html', bytes: 200_000 + cellCount * 40 * inputs.periods.length, streamed: false });
  files.push({ name: 'summary.json', bytes: 50_000 + 2_000 * inputs.sites.length, streamed: false });
  return files;
}

/**
 * Refuses, before the grid is built, a run whose outputs could not be made (see
 * {@link estimateOutputFiles}): a file made as one string longer than V8's longest string
 * ({@link MAX_OUTPUT_STRING_CHARS}), such files together over `outputMemoryBytes`, or all files
 * (the streamed cell maps and tables included) over the free space of the output disk.
 * `cellCount` is the grid's estimate (`estimateGridCells`) or, once built, the cells the outputs
 * hold. Throws `E_MEMORY_BUDGET` naming the scenario file and `/grid/resolution`, or `E_OUTPUT`
 * (`ENOSPC`) naming the output folder, with the sizes and what to change.
 *
 * @example
 * checkOutputBudget(inputs, estimateGridCells(inputs.demandInputs, 7).cellCount, { outFolder: 'out' });
 */
export function checkOutputBudget(inputs: ScenarioInputs, cellCount: number, options: OutputBudgetOptions = {}): OutputFileEstimate[] {
  const { outputMemoryBytes, outFolder, availableBytes } = resolveOptions(DEFAULT_OUTPUT_BUDGET_OPTIONS, options);
  if (!(outputMemoryBytes > 0)) {
    throw new AirreachError('E_OPTION', 'outputMemoryBytes must be a positive number of bytes', { value: outputMemoryBytes, where: { field: 'outputMemoryBytes' } });
  }
  const files = estimateOutputFiles(inputs, cellCount);
  const held = files.filter((file) => !file.streamed);
  const largest = held.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const heldBytes = held.reduce((sum, file) => sum + file.bytes, 0);
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20).toLocaleString('en-US')} MiB`;
  const cells = Math.round(cellCount).toLocaleString('en-US');
  const where = { file: inputs.loaded.file, field: '/grid/resolution' };
  const hint = 'Use a coarser resolution (each step ≈ 1/7 of the cells), "outputs": { "cells": "demand" }, fewer periods or standards, or a smaller extent';
  if (largest.bytes > MAX_OUTPUT_STRING_CHARS) {
    throw new AirreachError('E_MEMORY_BUDGET', `${largest.name} would be about ${mib(largest.bytes)} for ${cells} cells, longer than one text can be (${mib(MAX_OUTPUT_STRING_CHARS)})`, {
      value: largest.bytes,
      where,
      expected: `output files of at most ${MAX_OUTPUT_STRING_CHARS} characters`,
      hint,
    });
  }
  if (heldBytes > outputMemoryBytes) {
    throw new AirreachError('E_MEMORY_BUDGET', `the output files made in memory would take about ${mib(heldBytes)} for ${cells} cells, over the output budget of ${mib(outputMemoryBytes)}`, {
      value: heldBytes,
      where,
      expected: `at most ${outputMemoryBytes} bytes of output text`,
      hint: `${hint}; a library caller may raise outputMemoryBytes`,
    });
  }
  const free = availableBytes ?? (outFolder !== undefined ? freeBytes(outFolder) : undefined);
  if (free !== undefined && total > free) {
    throw new AirreachError('E_OUTPUT', `the outputs would take about ${mib(total)} for ${cells} cells, but the output disk has ${mib(free)} free`, {
      value: 'ENOSPC',
      where: { file: outFolder ?? '' },
      expected: `at least ${total} bytes free`,
      hint: `Free some space or choose another output folder; or: ${hint}`,
    });
  }
  return files;
}
