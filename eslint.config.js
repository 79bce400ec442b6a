// Lint rules: typescript-eslint's recommended set, plus the layering rule that keeps
// H3 inside src/grid and the filesystem out of the pure core.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.scratch/**', '**/*.generated.*'] },
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
