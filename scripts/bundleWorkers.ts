// `npm run build` (after tsc): bundles each worker entry (workers/scenario, engine, command,
// simulation) into one ESM file, dist/workers/<name>.bundle.js, which tsc's dist/workers/<name>.js
// is replaced by a one-line re-export of. A worker thread
// starts with nothing loaded: resolving, reading and compiling the scenario pipeline's two
// hundred modules and zod's hundred one by one cost each worker about 0.5 s of CPU, against
// about 0.17 s for the one file (issue 15: `airreach run` pays it on the run's thread before the
// grid, and again on every pool thread).
// What changes nothing in behaviour: `import.meta.url` is rewritten, module by module, to the URL
// of that module's tsc output (so worker entries, package root and tsx lookups resolve as they do
// unbundled), and the packages that must keep one identity per thread stay outside: piscina (its
// worker runtime, loaded from node_modules, reads symbols that the entry's Piscina.move sets) and
// HiGHS (WebAssembly that finds its own .wasm). test/cli/bin.test.ts runs the built CLI on these
// bundles and compares its files with the unbundled ones.
import { build, type Plugin } from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The worker entries (workers/<name>.ts), bundled over tsc's dist/workers/<name>.js. */
export const WORKER_ENTRIES = ['scenario', 'engine', 'command', 'simulation'];
/** Packages loaded from node_modules, not bundled (see above). */
const EXTERNAL = ['piscina', 'highs'];

/** Rewrites `import.meta.url` in each of our modules to where tsc put that module, relative to the bundle. */
function moduleUrlAsCompiled(outfile: string): Plugin {
  return {
    name: 'module-url-as-compiled',
    setup(builder) {
      builder.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = relative(root, args.path).split(sep).join('/');
        if (source.startsWith('..') || source.includes('node_modules/')) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' };
        const compiled = relative(dirname(outfile), join(root, 'dist', source.replace(/\.ts$/, '.js'))).split(sep).join('/');
        const url = `new URL(${JSON.stringify(compiled.startsWith('.') ? compiled : `./${compiled}`)}, import.meta.url).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

for (const name of WORKER_ENTRIES) {
  // The entry a pool names (dist/workers/<name>.js) is one line over its bundle: piscina
  // require()s an entry before it import()s it, and under --no-experimental-require-module
  // (src/engine/workerExecArgv.ts) Node parses the file it then refuses, 20-45 ms of CPU a
  // worker for a whole bundle, 1 ms for this line.
  const entry = join(root, 'dist', 'workers', `${name}.js`);
  const outfile = join(root, 'dist', 'workers', `${name}.bundle.js`);
  const result = await build({
    entryPoints: [join(root, 'workers', `${name}.ts`)],
    outfile,
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    external: EXTERNAL,
    // CommonJS packages inside an ESM bundle call require() for Node's built-ins.
    banner: { js: "import { createRequire as __airreachCreateRequire } from 'node:module';\nconst require = __airreachCreateRequire(import.meta.url);" },
    sourcemap: true,
    metafile: true,
    allowOverwrite: true,
    logLevel: 'warning',
    plugins: [moduleUrlAsCompiled(outfile)],
  });
  await writeFile(entry, `// The worker entry: see scripts/bundleWorkers.ts.\nexport { default } from './${name}.bundle.js';\n`);
  // tsc's map of the entry it compiled, which the line above replaced.
  await rm(`${entry}.map`, { force: true });
  const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
  console.log(`bundled ${Object.keys(result.metafile.inputs).length} modules into ${relative(root, outfile)} (${(bytes / 1024).toFixed(0)} KiB with its map)`);
}
