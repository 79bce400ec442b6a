import { closestKey } from './closestKey.js';

/**
 * The keys a scenario file may hold at its top level (`scenarioSchema`'s, held equal by a test):
 * a list of their own so that the command line's thread can tell scenario files from other JSON
 * without loading the schema.
 */
export const SCENARIO_TOP_LEVEL_KEYS: readonly string[] = Object.freeze([
  '$schema', 'name', 'description', 'extends', 'layers', 'grid', 'aircraft', 'defaultFleet', 'bases',
  'standardsMinutes', 'periods', 'questions', 'curve', 'sweep', 'depots', 'conditions', 'simulation', 'outputs', 'memoryBudget',
]);

/**
 * Why a parsed JSON file is some other kind of file than a scenario, or undefined when it may be
 * one: a list (a scenario is an object), or a top-level key that is neither a scenario key nor
 * close to one (a misspelt scenario key, such as `standardMinutes`, does not count: its scenario
 * is refused with a "did you mean"). Other values are left to the scenario reader, which refuses
 * them. Why: a folder given to `airreach run` is taken as its `.json` files, and the road
 * network or weather data beside a scenario (`airreach run data/liaoning`: roads.json) failed
 * the batch as a scenario that "does not match the schema".
 *
 * @example
 * whyNotScenario({ nodes: [], links: [] }); // 'its key "nodes" is none of a scenario\'s'
 * whyNotScenario({ standardMinutes: [30] }); // undefined (a misspelt scenario key)
 */
export function whyNotScenario(json: unknown): string | undefined {
  if (Array.isArray(json)) return 'it holds a list, not an object';
  if (typeof json !== 'object' || json === null) return undefined;
  const key = Object.keys(json).find((name) => !SCENARIO_TOP_LEVEL_KEYS.includes(name) && closestKey(name, SCENARIO_TOP_LEVEL_KEYS) === undefined);
  return key === undefined ? undefined : `its key ${JSON.stringify(key)} is none of a scenario's`;
}
