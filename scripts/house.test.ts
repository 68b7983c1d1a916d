import test from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importCycles, importGraph, layerViolations, type ImportGraph } from "./house.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const graphOf = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

test("the project's layers import only downwards", () => {
  assert.deepEqual(layerViolations(importGraph(ROOT)), []);
});

test("no import cycle between the project's files, type-only imports included", () => {
  assert.deepEqual(importCycles(importGraph(ROOT)), []);
});

test("the flow language importing the runtime is a violation, and so is Webex importing Connect or Salesforce", () => {
  const graph = graphOf({
    "simulators/connect/flow/a.ts": ["simulators/connect/runtime/b.ts", "simulators/kernel/clock.ts"],
    "simulators/connect/runtime/b.ts": ["simulators/connect/flow/a.ts", "simulators/connect/api/server.ts"],
    "simulators/webex/c.ts": ["simulators/connect/runtime/clock.ts", "simulators/salesforce/handler.ts"],
    "simulators/kernel/clock.ts": ["simulators/webex/c.ts"],
  });
  assert.deepEqual(layerViolations(graph), [
    "simulators/connect/flow/a.ts imports simulators/connect/runtime/b.ts: simulators/connect/flow/ may import only simulators/connect/flow/, simulators/kernel/",
    "simulators/connect/runtime/b.ts imports simulators/connect/api/server.ts: simulators/connect/runtime/ may import only simulators/connect/runtime/, simulators/connect/flow/, simulators/kernel/",
    "simulators/kernel/clock.ts imports simulators/webex/c.ts: simulators/kernel/ may import only simulators/kernel/",
    "simulators/webex/c.ts imports simulators/connect/runtime/clock.ts: simulators/webex/ may import only simulators/webex/, simulators/kernel/",
    "simulators/webex/c.ts imports simulators/salesforce/handler.ts: simulators/webex/ may import only simulators/webex/, simulators/kernel/",
  ]);
});

test("cycles are found whole, a self-import included; a chain is not a cycle", () => {
  const graph = graphOf({
    a: ["b"],
    b: ["c"],
    c: ["a", "d"],
    d: ["e"],
    e: [],
    f: ["f"],
    g: ["outside-the-graph"],
  });
  assert.deepEqual(importCycles(graph), [["a", "b", "c"], ["f"]]);
});

test("type-only imports, re-exports and dynamic imports all count as edges", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-house-"));
  mkdirSync(join(dir, "x"));
  writeFileSync(join(dir, "x", "a.ts"), `import type { B } from "./b.js";\nexport type A = B;\n`);
  writeFileSync(join(dir, "x", "b.ts"), `export { c } from "./c.js";\nexport type B = string;\n`);
  writeFileSync(join(dir, "x", "c.ts"), `export const c = () => import("./a.js");\n`);
  writeFileSync(join(dir, "x", "c.test.ts"), `import "./a.js";\n`);
  const graph = importGraph(dir);
  assert.deepEqual([...graph.keys()].sort(), ["x/a.ts", "x/b.ts", "x/c.ts"]);
  assert.deepEqual(importCycles(graph), [["x/a.ts", "x/b.ts", "x/c.ts"]]);
});
