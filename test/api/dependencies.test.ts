// package.json `dependencies` are exactly what the shipped code imports: a package no module of
// src/ or workers/ imports belongs in devDependencies (tests, scripts) or nowhere, and every
// package they import must be a dependency, or an installed user would miss it.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function importedPackages(): Set<string> {
  const found = new Set<string>();
  for (const folder of ['src', 'workers']) {
    for (const name of readdirSync(join(root, folder), { recursive: true }) as string[]) {
      if (!name.endsWith('.ts')) continue;
      const text = readFileSync(join(root, folder, name), 'utf8');
      for (const [, specifier] of text.matchAll(/(?:^|\n)\s*(?:import|export)(?:\s+type)?[^'"]*?from\s+'([^'.][^']*)'/g)) {
        if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
        const parts = specifier.split('/');
        found.add(specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
      }
    }
  }
  return found;
}

describe('package.json dependencies', () => {
  it('are the packages src/ and workers/ import (type-only @types aside)', () => {
    const imported = [...importedPackages()].filter((name) => name !== 'geojson').sort();
    expect(Object.keys(pkg.dependencies).sort()).toEqual(imported);
  });
});
