import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of airreach's own package.json, found by walking up from this module. It is the
 * same whether the code runs from `src/` (tests, tsx) or from the compiled `dist/src/`, and
 * also when airreach is installed inside another project's node_modules.
 *
 * @example
 * join(packageRoot(), 'data', 'liaoning'); // the bundled case
 */
export function packageRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(folder, 'package.json')) && existsSync(join(folder, 'data'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) throw new Error('airreach: cannot find its package folder (package.json next to data/)');
    folder = parent;
  }
}
