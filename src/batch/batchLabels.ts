import { basename, extname } from 'node:path';

/** Names Windows refuses as files or folders, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * The output sub-folder name of each scenario of a batch, in order: the file name without its
 * extension, made safe and unique.
 * - Safe: only letters, digits, `.`, `_`, `-` and spaces stay (others become `_`), Unicode in
 *   NFC; no leading dot (`...json` once wrote into the parent of `--out`; a dot name is also
 *   hidden or airreach's own), no trailing dot or space, no Windows device name, at most 100
 *   characters; an empty name becomes `scenario`. So every label is one folder inside `--out`.
 * - Unique, compared without case (macOS and Windows folders ignore it): a name that only one
 *   scenario has keeps it; names shared by several get `-2`, `-3`, … in input order, skipping any
 *   name already taken — `a/x.json`, `b/x.json` and `x-2.json` give `x`, `x-3` and `x-2` (they
 *   once gave `x`, `x-2`, `x-2`, and one result overwrote another).
 *
 * @example
 * batchLabels(['a/x.json', 'b/x.json', 'x-2.json', '...json']); // ['x', 'x-3', 'x-2', 'scenario']
 */
export function batchLabels(paths: readonly string[]): string[] {
  const bases = paths.map(safeLabel);
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base.toLowerCase(), (counts.get(base.toLowerCase()) ?? 0) + 1);
  const taken = new Set<string>();
  const labels: Array<string | undefined> = bases.map((base) => {
    if (counts.get(base.toLowerCase()) !== 1) return undefined;
    taken.add(base.toLowerCase());
    return base;
  });
  return bases.map((base, k) => {
    const own = labels[k];
    if (own !== undefined) return own;
    let label = base;
    for (let n = 2; taken.has(label.toLowerCase()); n++) label = `${base}-${n}`;
    taken.add(label.toLowerCase());
    return label;
  });
}

function safeLabel(path: string): string {
  const name = basename(path, extname(path)).normalize('NFC');
  let label = name.replace(/[^\p{L}\p{N}._ -]/gu, '_').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '').slice(0, 100);
  if (label === '') label = 'scenario';
  if (RESERVED.test(label.split('.')[0])) label = `_${label}`;
  return label;
}
