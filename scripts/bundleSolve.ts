// `npm run build` (after tsc): bundles the light `airreach solve` entry (src/cli/solveCommand.ts
// and everything it reaches, the model registry's lazily imported solvers included) into one ESM
// file, dist/src/cli/solveCommand.bundle.js, which the built bin.js loads for `solve` (issue 17:
// a tiny solve in ≤ 0.15 s; resolving and reading three dozen modules one by one was about half of
// what `solve` added to bare Node). The registry's dynamic imports stay lazy inside the bundle (a
// module's body runs on its first import only). Two things stay outside, loaded only when needed:
// HiGHS (a package, from node_modules) and the zod instance schemas (tsc's own output beside it).
// test/cli/bin.test.ts checks the bundle's answers and imports.
import { build } from 'esbuild';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Where the bundle goes: next to tsc's dist/src/cli/solveCommand.js.
const SOLVE_BUNDLE = join(root, 'dist', 'src', 'cli', 'solveCommand.bundle.js');
/** Source modules left out of the bundle: imported from tsc's output when (if ever) a solve needs them. */
const LEFT_OUT = ['src/solvers/kernel/instanceSchemas.ts'];

const result = await build({
  entryPoints: [join(root, 'src', 'cli', 'solveCommand.ts')],
  outfile: SOLVE_BUNDLE,
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // HiGHS (WebAssembly, loaded on first MILP) and zod stay packages; pure-rand is bundled.
  external: ['highs', 'zod'],
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'left-out-modules',
      setup(builder) {
        builder.onResolve({ filter: /\.js$/ }, (args) => {
          if (!args.path.startsWith('.')) return undefined;
          const source = relative(root, join(args.resolveDir, args.path.replace(/\.js$/, '.ts'))).split(sep).join('/');
          if (!LEFT_OUT.includes(source)) return undefined;
          const compiled = join(root, 'dist', source.replace(/\.ts$/, '.js'));
          const path = relative(dirname(SOLVE_BUNDLE), compiled).split(sep).join('/');
          return { path: path.startsWith('.') ? path : `./${path}`, external: true };
        });
      },
    },
  ],
});
const bytes = Object.values(result.metafile.outputs).reduce((total, output) => total + output.bytes, 0);
console.log(`bundled ${Object.keys(result.metafile.inputs).length} modules into ${relative(root, SOLVE_BUNDLE)} (${(bytes / 1024).toFixed(0)} KiB with its map)`);
