// Tests that run the compiled package (dist/) build it when run alone: `npm test` builds before
// vitest, but `npx vitest run test/cli/bin.test.ts` on a fresh checkout or after an edit would
// otherwise test stale or missing files.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of a file or of the files under a folder (recursive). */
function newestMs(path: string): number {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Runs `npm run build` in `repo` when any of `outputs` is missing or older than the newest of
 * `inputs` (files or folders). tsc still emits when other modules have type errors, so callers
 * check afterwards that the outputs they need exist. Returns whether it built.
 *
 * @example
 * ensureBuilt(repo, [join(repo, 'dist/workers/engine.js')], [join(repo, 'src'), join(repo, 'workers')]);
 */
export function ensureBuilt(repo: string, outputs: string[], inputs: string[]): boolean {
  const newestInput = Math.max(...inputs.map(newestMs));
  const stale = outputs.some((output) => !existsSync(output) || statSync(output).mtimeMs < newestInput);
  if (!stale) return false;
  try {
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: repo, stdio: 'pipe' });
  } catch {
    // Reported by the caller's check if the build produced nothing usable.
  }
  return true;
}
