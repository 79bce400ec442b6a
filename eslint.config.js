// Lint rules: typescript-eslint's recommended set, plus the layering rules: the layers of
// src/ (DEVELOPERS.md, "Layers") only import layers below them, no module imports itself back
// through any chain (import-x/no-cycle), H3 stays inside src/grid and the filesystem out of the
// pure core.
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The layers of src/, lowest first: a layer may import the layers below it, never one beside
 * or above it. `src/*.ts` are the root modules (errors, units, random, resolveOptions…);
 * the package's entry points (`src/index.ts`, the subpaths in `src/api/`) stand above every
 * layer, and nothing imports them.
 */
export const LAYERS = [
  ['src/!(index).ts'],
  ['src/grid', 'src/travel'],
  ['src/coverage'],
  ['src/models'],
  ['src/solvers', 'src/conditions'],
  ['src/depots', 'src/simulation'],
  ['src/report', 'src/io'],
  ['src/engine'],
  ['src/scenario'],
  ['src/batch'],
  ['src/cli'],
];

/**
 * Known exceptions to the layers, each to go (none left: the model registry in
 * src/solvers/kernel owns the instance format that src/io reads).
 */
const EXCEPTIONS = {};

const asPattern = (folder) => (folder.endsWith('.ts') ? folder : `${folder}/**`);
const nameOf = (folder) => (folder.endsWith('.ts') ? 'src/*.ts' : folder);
const layerZones = LAYERS.flatMap((layer, rank) =>
  layer.flatMap((target) =>
    LAYERS.slice(rank)
      .flat()
      .filter((from) => from !== target)
      .map((from) => ({
        target: asPattern(target),
        from: asPattern(from),
        ...(EXCEPTIONS[target]?.[from] ? { except: EXCEPTIONS[target][from].map((path) => `**/${from}/${path.slice(2)}`) } : {}),
        message: `${nameOf(target)} may only import the layers below it (DEVELOPERS.md, "Layers"): ${nameOf(from)} is ${LAYERS.findIndex((l) => l.includes(from)) === rank ? 'beside' : 'above'} it.`,
      })),
  ),
);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.scratch/**', '**/*.generated.*', 'test/fixtures/lint/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}tsconfig.json` })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            ...layerZones,
            { target: 'src/**', from: 'src/index.ts', message: 'src/index.ts is the package entry: import the module itself.' },
            { target: 'src/**', from: 'src/api/**', message: 'src/api/ holds the package subpath entries: import the module itself.' },
            { target: 'src/**', from: 'workers/**', message: 'Worker entries are loaded by URL (workerEntryUrl), never imported.' },
            { target: 'workers/**', from: ['src/!(engine|batch|simulation)/**', 'src/*.ts'], message: 'A worker entry is a few lines around a handler of src/engine, src/batch or src/simulation.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/coverage/**', 'src/models/**', 'src/solvers/**', 'src/travel/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'h3-js', message: 'H3 lives in src/grid only: pass dense cell indexes and typed arrays.' },
        { name: 'node:fs', message: 'The core is pure: file access belongs in src/io.' },
        { name: 'node:fs/promises', message: 'The core is pure: file access belongs in src/io.' },
      ] }],
    },
  },
);
