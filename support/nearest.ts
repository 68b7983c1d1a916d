/**
 * "Did you mean": the names or sentences closest to what a scenario typed, for messages
 * about a name that matches nothing. Closeness is the edit distance over the length, so a
 * typo in a long name still counts as close and an unrelated short name does not.
 */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** 0 for the same text (ignoring case and spacing), 1 for nothing in common. */
export function distance(a: string, b: string): number {
  const x = a.trim().toLowerCase().replace(/\s+/g, " ");
  const y = b.trim().toLowerCase().replace(/\s+/g, " ");
  if (x === y) return 0;
  return editDistance(x, y) / Math.max(x.length, y.length);
}

/** Up to `max` candidates close enough to be what was meant, closest first. */
export function nearest(typed: string, candidates: Iterable<string>, max = 3, within = 0.45): string[] {
  return [...new Set(candidates)]
    .map((c) => ({ c, d: distance(typed, c) }))
    .filter((x) => x.d <= within)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** `no flow named "X" (published: "A", "B"). Did you mean "A"?` — what exists, and the nearest when one is close. */
export function notFound(what: string, typed: string, known: readonly string[], listed: string): string {
  const guesses = nearest(typed, known);
  const list = known.length ? known.map((k) => `"${k}"`).join(", ") : "none";
  const guess = guesses.length ? ` Did you mean ${guesses.map((g) => `"${g}"`).join(" or ")}?` : "";
  return `no ${what} named "${typed}" (${listed}: ${list}).${guess}`;
}
