// The lint enforces the layer diagram of DEVELOPERS.md: for every pair of layer folders, a module
// in one importing a module of the other is refused unless the second lies below the first; and an
// import cycle is refused anywhere.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../../eslint.config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A real module of a layer folder, to import; and a path for a probe file inside the folder. */
function modulesOf(folder: string): { module: string; probe: string } {
  if (folder.startsWith('src/!')) return { module: 'src/errors.ts', probe: 'src/lintProbe.ts' };
  return { module: firstModule(folder), probe: `${folder}/lintProbe.ts` };
}

/** The first TypeScript module of a folder, searching its sub-folders when it has none itself (src/solvers is grouped by family). */
function firstModule(folder: string): string {
  const entries = readdirSync(`${root}${folder}`, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const file = entries.find((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.includes('.generated.'));
  if (file) return `${folder}/${file.name}`;
  return firstModule(`${folder}/${entries.find((entry) => entry.isDirectory())!.name}`);
}

function relativeImport(from: string, to: string): string {
  const up = from.split('/').length - 1;
  const path = `${'../'.repeat(up)}${to}`.replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

describe('the layering lint', () => {
  it('shows the same layers in DEVELOPERS.md as it enforces', () => {
    const text = readFileSync(`${root}DEVELOPERS.md`, 'utf8');
    const diagram = text.match(/## Layers[\s\S]*?```\n([\s\S]*?)```/)![1];
    const documented = diagram
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trim().startsWith('↑'))
      .map((line) => line.replace(/\s{2,}.*$/, '').trim())
      .reverse();
    const enforced = LAYERS.map((layer) => layer.map((folder) => (folder.startsWith('src/!') ? 'src/*.ts' : folder)).join(' · '));
    expect(documented).toEqual(enforced);
  });

  it('refuses every import of a layer beside or above, and allows every import of a layer below', async () => {
    const eslint = new ESLint({ cwd: root, overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });
    const folders = LAYERS.flatMap((layer, rank) => layer.map((folder) => ({ folder, rank })));
    const wrong: string[] = [];
    let refused = 0;
    for (const from of folders) {
      for (const to of folders) {
        if (from.folder === to.folder) continue;
        const { probe } = modulesOf(from.folder);
        const { module } = modulesOf(to.folder);
        const code = `import * as other from '${relativeImport(probe, module)}';\nexport const probe = other;\n`;
        const [result] = await eslint.lintText(code, { filePath: `${root}${probe}` });
        const messages = result.messages.filter((m) => m.ruleId === 'import-x/no-restricted-paths');
        const shouldRefuse = to.rank >= from.rank;
        if (shouldRefuse) refused++;
        if ((messages.length > 0) !== shouldRefuse || result.messages.some((m) => m.fatal)) wrong.push(`${probe} → ${module}: ${result.messages.map((m) => m.message).join('; ') || 'allowed'}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(90);
  }, 120_000);

  it('places the incident simulation beside the depots: above solvers · conditions, below report · io and the engine', () => {
    const rankOf = (folder: string): number => LAYERS.findIndex((layer) => layer.includes(folder));
    expect(rankOf('src/simulation')).toBe(rankOf('src/depots'));
    expect(rankOf('src/simulation')).toBeGreaterThan(rankOf('src/conditions'));
    expect(rankOf('src/simulation')).toBeGreaterThan(rankOf('src/solvers'));
    expect(rankOf('src/simulation')).toBeLessThan(rankOf('src/report'));
    expect(rankOf('src/simulation')).toBeLessThan(rankOf('src/engine'));
  });

  it('refuses an import cycle (test/fixtures/lint/cycle)', async () => {
    const eslint = new ESLint({ cwd: root, ignore: false });
    const [result] = await eslint.lintFiles([`${root}test/fixtures/lint/cycle/ping.ts`]);
    expect(result.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
