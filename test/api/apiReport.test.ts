// The public API: the names each entry point of package.json `exports` gives, against the
// committed report (test/api/api-report.json); a change of the surface must be seen and the
// report rewritten with `npx tsx scripts/apiReport.ts`. The root export is the documented
// surface: a curated list, each name with an @example, no engine plumbing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiNames, apiReport, entryPoints } from '../../scripts/apiReport.js';

const committed = JSON.parse(readFileSync(new URL('./api-report.json', import.meta.url), 'utf8')) as Record<string, string[]>;
const names = apiNames();

describe('the public API', () => {
  it('is what test/api/api-report.json lists, entry point by entry point (else run `npx tsx scripts/apiReport.ts` and review the diff)', () => {
    expect(apiReport()).toEqual(committed);
  });

  it('has a root export of about 60–80 names, each with a doc comment with an @example', () => {
    const root = names.airreach;
    expect(root.length).toBeGreaterThanOrEqual(60);
    expect(root.length).toBeLessThanOrEqual(80);
    expect(root.filter((n) => !n.docTags?.includes('example')).map((n) => `${n.name} (${n.file})`)).toEqual([]);
  });

  // From an installed package the current folder is the user's project: the bundled data is
  // under bundledDataFolder(), not data/ (the README's Library example reads it so too).
  it('root export examples name no repository-relative data/ path', () => {
    const relative = names.airreach.filter((n) => /['"]data\//.test(n.docExample ?? '')).map((n) => `${n.name} (${n.file})`);
    expect(relative).toEqual([]);
  });

  it('exports no internals from any entry point', () => {
    const internals = ['handleTask', 'envelopeOf', 'FaultTask', 'encodeSitePlans', 'sitePlansOf', 'bandOf', 'lngKeyOf', 'COLD_POOL_PAIRS_FACTOR', 'round', 'transpose', 'ENGINE_TASK_HANDLERS', 'TaskEnvelope', 'EngineTask', 'derivedFromIndex', 'resolveOptions'];
    for (const [entry, list] of Object.entries(names)) {
      expect(list.map((n) => n.name).filter((name) => internals.includes(name)), entry).toEqual([]);
    }
  });

  it('declares every entry point with its types in package.json, each a module of src/index.ts or src/api/', () => {
    const entries = entryPoints();
    expect(Object.keys(entries)).toContain('airreach');
    expect(Object.keys(entries)).toContain('airreach/engine');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { types?: string; import?: string } | string> };
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(target.types, subpath).toBe(target.import?.replace(/\.js$/, '.d.ts'));
    }
    for (const file of Object.values(entries)) expect(file).toMatch(/^src\/(index|api\/\w+)\.ts$/);
  });
});
