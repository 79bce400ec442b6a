// The public API as the package declares it: every entry point of package.json `exports`, and
// the names each exports (values and types), read by the TypeScript checker from the sources.
// `npx tsx scripts/apiReport.ts` rewrites test/api/api-report.json; test/api/apiReport.test.ts
// fails when the committed report differs from the sources, so a change of the surface is seen.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../', import.meta.url));

/** One exported name: what it is, and where its declaration lives (with its doc tags). */
export interface ApiName {
  name: string;
  kind: 'value' | 'type';
  file: string;
  /** Tag names of the declaration's doc comment (`example`, …); null without a doc comment. */
  docTags: string[] | null;
  /** The text of the doc comment's @example blocks, joined; null without one. */
  docExample: string | null;
}

/** The package's entry points: subpath (`airreach`, `airreach/engine`, …) → source module. */
export function entryPoints(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name: string; exports: Record<string, string | { import: string }> };
  const entries: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    const source = target.import.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
    entries[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = source;
  }
  return entries;
}

/** The names every entry point exports, sorted. */
export function apiNames(): Record<string, ApiName[]> {
  const entries = entryPoints();
  const files = Object.values(entries).map((file) => `${root}${file}`);
  const options = ts.parseJsonConfigFileContent(JSON.parse(readFileSync(`${root}tsconfig.json`, 'utf8')), ts.sys, root).options;
  const program = ts.createProgram(files, { ...options, noEmit: true });
  const checker = program.getTypeChecker();
  const report: Record<string, ApiName[]> = {};
  for (const [entry, file] of Object.entries(entries)) {
    const source = program.getSourceFile(`${root}${file}`);
    if (!source) throw new Error(`${entry}: ${file} not found`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const names = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
    report[entry] = names
      .map((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const declaration = target.declarations?.[0];
        const docs = declaration ? ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc) : [];
        return {
          name: symbol.name,
          kind: target.flags & ts.SymbolFlags.Value ? ('value' as const) : ('type' as const),
          file: declaration ? declaration.getSourceFile().fileName.slice(root.length) : '',
          docTags: docs.length === 0 ? null : docs.flatMap((doc) => (doc.tags ?? []).map((tag) => tag.tagName.text)),
          docExample: exampleText(docs),
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return report;
}

function exampleText(docs: readonly ts.JSDoc[]): string | null {
  const examples = docs.flatMap((doc) => (doc.tags ?? []).filter((tag) => tag.tagName.text === 'example')).map((tag) => ts.getTextOfJSDocComment(tag.comment) ?? '');
  return examples.length === 0 ? null : examples.join('\n');
}

/** The committed form: per entry point, `value name` / `type name` lines. */
export function apiReport(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(apiNames()).map(([entry, names]) => [entry, names.map((n) => `${n.kind} ${n.name}`)]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(`${root}test/api/api-report.json`, `${JSON.stringify(apiReport(), null, 2)}\n`);
}
