import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(repo, 'README.md'), 'utf8');

/** The text of one `## ` section of the README. */
function section(title: string): string {
  const start = readme.indexOf(`## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The ```sh blocks of a section, in order. */
function shellBlocks(text: string): string[] {
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function newestMs(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

describe('README', () => {
  it('says how to get the airreach command, lists every command, documents bundledDataFolder() and the shape of a site', () => {
    const getting = section('Getting the `airreach` command');
    expect(getting).toContain('npx airreach');
    expect(getting).toContain('npm install -g <path of the clone>');
    const commandLine = section('Command line');
    for (const command of ['run', 'worker', 'coverage', 'site', 'solve', 'compare', 'sweep']) expect(commandLine).toContain(`airreach ${command} `);
    expect(readme).toContain('bundledDataFolder()');
    expect(section('Scenario files')).toContain('The shape of a site');
    // The library example reads the bundled case through bundledDataFolder, which works from an installed package.
    expect(section('Library')).not.toContain("runCoverage('data/liaoning/today.json'");
  });

  it('the Command line synopsis names every option of every command', async () => {
    const { main } = await import('../../src/cli/main.js');
    const { PassThrough } = await import('node:stream');
    const synopsis = section('Command line').split('```')[1];
    for (const command of ['run', 'worker', 'coverage', 'site', 'solve', 'compare', 'sweep']) {
      const stdout = new PassThrough();
      let help = '';
      stdout.on('data', (chunk) => (help += chunk));
      expect(await main([command, '--help'], { stdout })).toBe(0);
      const options = [...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((option) => option !== '--help');
      const lines = synopsis.split('\n').filter((line) => line.startsWith(`airreach ${command} `)).join(' ');
      expect(options.length, command).toBeGreaterThan(0);
      expect(options.filter((option) => !lines.includes(`[${option}`) && !lines.includes(` ${option} `)), command).toEqual([]);
    }
  });

  it('the Library section names every subpath of package.json and the number of names of the root export', () => {
    const library = section('Library');
    const exported = Object.keys(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).exports as Record<string, unknown>)
      .filter((key) => key !== '.' && key !== './package.json')
      .map((key) => `airreach/${key.slice(2)}`);
    expect(exported.filter((subpath) => !library.includes(`\`${subpath}\``))).toEqual([]);
    const report = JSON.parse(readFileSync(join(repo, 'test', 'api', 'api-report.json'), 'utf8')) as Record<string, string[]>;
    expect(library).toContain(`(${report.airreach.length} names,`);
  });

  it('the first hour: every command of the walkthrough runs as written', { timeout: 300_000 }, () => {
    const bin = join(repo, 'dist', 'src', 'cli', 'bin.js');
    if (!existsSync(bin) || statSync(bin).mtimeMs < newestMs(join(repo, 'src'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'pipe' });
    const blocks = shellBlocks(section('The first hour'));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const work = mkdtempSync(join(tmpdir(), 'airreach-first-hour-'));
    // The walkthrough's clone, airreach/, is this repository (built above): its own install and
    // build do nothing here, and installing it into the project links it (the consumer test
    // installs the packed tarball); npx airreach runs its built command.
    const prelude = [
      'set -euo pipefail',
      `REPO=${JSON.stringify(repo)}`,
      'ln -s "$REPO" airreach',
      'npm() { case "$1" in install) if [ $# -gt 1 ]; then mkdir -p node_modules && ln -sfn "$REPO" node_modules/airreach; fi;; run) ;; init) echo "{}" > package.json;; *) command npm "$@";; esac; }',
      'npx() { if [ "$1" = airreach ]; then shift; node "$REPO/dist/src/cli/bin.js" "$@"; else command npx "$@"; fi; }',
    ].join('\n');
    try {
      const output = execFileSync('bash', ['-c', `${prelude}\n${blocks.join('\n')}`], { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const folder = join(work, 'rescue-plan');
      expect(existsSync(join(folder, 'out', 'today', 'report.html'))).toBe(true);
      expect(existsSync(join(folder, 'out', 'scenario', 'summary.json'))).toBe(true);
      expect(existsSync(join(folder, 'out', 'scenario', 'report.html'))).toBe(true);
      const fleets = JSON.parse(readFileSync(join(folder, 'out', 'scenario', 'summary.json'), 'utf8')).bases.map((b: { fleet: unknown }) => b.fleet);
      expect(fleets).toEqual([[{ aircraftTypeId: 'AW139', count: 2 }], [{ aircraftTypeId: 'H145', count: 1 }]]);
      expect(output).toMatch(/within 30 min by day: \d+\.\d % of the demand; \d+ files/);
      expect(output).not.toContain('warning:');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
