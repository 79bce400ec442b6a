import type { Site } from '../travel/aircraft.js';

/**
 * The sites coverage is measured from: existing and required bases, in scenario order (what a
 * scenario calls today's bases).
 *
 * @example
 * basesOf(inputs.sites).map((site) => site.id); // ['anshan', 'dalian-zhoushuizi']
 */
export function basesOf(sites: readonly Site[]): Site[] {
  return sites.filter((site) => site.role === 'existing' || site.role === 'required');
}
