/**
 * Messages are read by people: an article written before an interpolated value guesses
 * the value's first sound ("a INBOUND contact", "a object", "a Inbound flow"). The article
 * goes with the word instead (`withArticle`, `aContactOn`, `aFlowOfType` in
 * simulators/connect/flow/flow-types.ts) or into the interpolated text itself.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

test("no message puts an article before an interpolated value", () => {
  const found: string[] = [];
  for (const file of ["simulators", "support", "steps", "scripts"].flatMap((d) => sources(join(ROOT, d)))) {
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (/(^|[^\w-])[aA]n? \$\{/.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, []);
});
