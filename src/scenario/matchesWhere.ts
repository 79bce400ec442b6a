import type { Feature } from 'geojson';

/**
 * True when a feature passes a scenario's `where` filter: for every key, the feature's own
 * property of that name is one of the listed values. Only own properties count: a key such as
 * `constructor` must not find `Object.prototype.constructor` on a feature that lacks it.
 *
 * @example
 * matchesWhere(feature, { kind: ['civil', 'dual'] });
 */
export function matchesWhere(feature: Feature, where: Readonly<Record<string, ReadonlyArray<string | number | boolean>>> | undefined): boolean {
  if (!where) return true;
  const properties = feature.properties ?? {};
  return Object.entries(where).every(([key, allowed]) => Object.hasOwn(properties, key) && allowed.includes(properties[key] as string | number | boolean));
}
