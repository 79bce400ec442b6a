// The child process of fuzz.test.ts: runs each generated case through the airreach CLI (main,
// in-process) and prints one JSON line per case, so the parent can stop it (a hang) and see how
// far it got. Argument: the cases file, written by the parent. Each case: the files to write into
// a fresh folder, and the CLI arguments (with {dir} standing for that folder).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './runCli.js';

interface FuzzCase {
  files: Record<string, string>;
  argv: string[];
  /** For `solve`: the p the answer must not break when it says "optimal". */
  siteCount?: number;
}

const { cases, work, fixtures } = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { cases: FuzzCase[]; work: string; fixtures: Record<string, string> };

function numbersOf(value: unknown, found: number[] = []): number[] {
  if (typeof value === 'number') found.push(value);
  else if (Array.isArray(value)) for (const item of value) numbersOf(item, found);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) numbersOf(item, found);
  return found;
}

for (const [k, fuzzCase] of cases.entries()) {
  const dir = join(work, `case-${k}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries({ ...fixtures, ...fuzzCase.files })) writeFileSync(join(dir, name), text);
  process.stdout.write(`${JSON.stringify({ k, started: true })}\n`);
  const problems: string[] = [];
  let code = -1;
  let out = '';
  let err = '';
  try {
    ({ code, stdout: out, stderr: err } = await runCli(fuzzCase.argv.map((arg) => arg.replaceAll('{dir}', dir))));
  } catch (error) {
    problems.push(`main threw ${String((error as Error)?.stack ?? error)}`);
  }
  if (code !== 0 && code !== 2) problems.push(`exit ${code}`);
  if (/\n\s+at .+:\d+:\d+/.test(err) || err.includes('unexpected failure')) problems.push('a stack trace on stderr');
  if (code === 2 && !/^airreach: E_[A-Z_]+: /m.test(err)) problems.push('exit 2 without a coded error');
  if (code === 0) {
    const outFolder = join(dir, 'out');
    let files: string[] = [];
    try {
      files = readdirSync(outFolder);
    } catch {
      // solve writes no folder.
    }
    for (const name of files) {
      const text = readFileSync(join(outFolder, name), 'utf8');
      if ((name.endsWith('.json') || name.endsWith('.geojson')) && !numbersOf(JSON.parse(text)).every(Number.isFinite)) problems.push(`${name}: a number that is not finite`);
      if (/NaN|Infinity/.test(name.endsWith('.html') ? text.replace(/<script[\s\S]*?<\/script>/g, '') : text)) problems.push(`${name}: NaN or Infinity in the text`);
    }
    if (fuzzCase.argv[0] === 'solve') {
      try {
        const answer = JSON.parse(out) as { status?: string; selectedSites?: number[] };
        if (!numbersOf(answer).every(Number.isFinite)) problems.push('solve: a number that is not finite');
        for (const key of ['objective', 'bound', 'gap'] as const) if (typeof (answer as Record<string, unknown>)[key] !== 'number') problems.push(`solve: ${key} is not a number`);
        if (answer.status === 'optimal' && fuzzCase.siteCount !== undefined && (answer.selectedSites?.length ?? 0) > fuzzCase.siteCount) problems.push('solve: "optimal" with more sites than p');
      } catch {
        problems.push('solve: stdout is not one JSON object');
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  process.stdout.write(`${JSON.stringify({ k, code, problems, rssMiB, error: err.split('\n').find((line) => line.startsWith('airreach: '))?.slice(10, 300) ?? null })}\n`);
}
