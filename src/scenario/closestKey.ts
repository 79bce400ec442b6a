/**
 * The known key closest to a misspelt one (edit distance at most a third of its length, 2 at
 * least; case alone counts as none), or undefined when none is that close: the "did you mean" of
 * a scenario's unknown key, and what tells a misspelt scenario key from another file's key.
 *
 * @example
 * closestKey('standardMinutes', ['standardsMinutes', 'periods']); // 'standardsMinutes'
 * closestKey('linkCircuity', ['standardsMinutes', 'periods']); // undefined
 */
export function closestKey(typo: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(typo.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of known) {
    const distance = key.toLowerCase() === typo.toLowerCase() ? 0 : editDistance(typo, key);
    if (distance <= limit && distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance of two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_item, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}
