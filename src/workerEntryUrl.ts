import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The URL of one of airreach's worker entries, `workers/<name>.<ext>` at the package root, from
 * the URL of a module two folders below it (`src/<layer>/x.ts`, or `dist/src/<layer>/x.js` once
 * built): found from the module's own URL, so it also works inside another project's
 * node_modules, and with the module's extension, so sources run under tsx get the `.ts` entry.
 * A root module, so that a layer below the engine (the simulation) can name its own worker entry
 * for the task kind it registers; `airreach/engine` re-exports it.
 *
 * @example
 * workerEntryUrl('engine', import.meta.url); // 'file:///…/airreach/dist/workers/engine.js'
 */
export function workerEntryUrl(name: string, moduleUrl: string): string {
  const ext = extname(fileURLToPath(moduleUrl));
  return new URL(`../../workers/${name}${ext}`, moduleUrl).href;
}
