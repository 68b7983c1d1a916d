/**
 * How deep a parsed JSON value nests, measured without recursion: `JSON.parse` accepts any
 * depth, but every recursive walk after it (validation, `JSON.stringify`, copying) overflows
 * the stack somewhere past a few thousand levels. Callers refuse what is deeper than their
 * limit before anything recursive sees it.
 */

interface Frame {
  value: unknown;
  depth: number;
  key: string | number;
  parent?: Frame;
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key);
  return keys.reverse().reduce<string>((p, k) => (typeof k === "number" ? `${p}[${k}]` : p ? `${p}.${k}` : k), "");
}

/** The path (`Actions[0].Parameters.x`, `$` for the root) of the first value nested more than `limit` levels deep, if any. */
export function pathDeeperThan(value: unknown, limit: number): string | undefined {
  const stack: Frame[] = [{ value, depth: 0, key: "" }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (typeof frame.value !== "object" || frame.value === null) continue;
    if (frame.depth >= limit) return pathOf(frame) || "$";
    const entries: [string | number, unknown][] = Array.isArray(frame.value) ? frame.value.map((v, i) => [i, v]) : Object.entries(frame.value);
    for (const [key, child] of entries) stack.push({ value: child, depth: frame.depth + 1, key, parent: frame });
  }
  return undefined;
}
