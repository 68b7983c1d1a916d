/**
 * The layers, checked from the code's own imports: which folder may import which, and no
 * import cycle between files (type-only imports count: a cycle of types is still a knot a
 * reader has to untie). `npm test` runs these checks through house.test.ts; run this file to
 * print what breaks them: `node --import tsx scripts/house.ts`.
 *
 * Test files are left out: a test may reach across layers to build what it tests (the flow
 * actions' tests run them on the real runtime).
 */
import ts from "typescript";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** File (relative, forward slashes) → the files it imports. */
export type ImportGraph = Map<string, Set<string>>;

export interface Layer {
  /** Folder prefix, e.g. `simulators/connect/flow/`. */
  folder: string;
  /** Folder prefixes it may import besides itself (npm packages and node built-ins are always allowed). */
  mayImport: string[];
}

const KERNEL = "simulators/kernel/";
const FLOW = "simulators/connect/flow/";
const RUNTIME = "simulators/connect/runtime/";
const TESTING = "simulators/connect/testing/";
const API = "simulators/connect/api/";
const WEBEX = "simulators/webex/";
const SALESFORCE = "simulators/salesforce/";
const CLI = "simulators/cli/";

/** Data flows down: steps → support → (the wire) → api → testing → runtime → flow → kernel. */
export const LAYERS: Layer[] = [
  { folder: KERNEL, mayImport: [] },
  { folder: FLOW, mayImport: [KERNEL] },
  { folder: RUNTIME, mayImport: [FLOW, KERNEL] },
  { folder: TESTING, mayImport: [RUNTIME, FLOW, KERNEL] },
  { folder: SALESFORCE, mayImport: [KERNEL] },
  { folder: WEBEX, mayImport: [KERNEL] },
  { folder: API, mayImport: [TESTING, RUNTIME, FLOW, WEBEX, SALESFORCE, KERNEL] },
  { folder: CLI, mayImport: [API, TESTING, RUNTIME, FLOW, WEBEX, SALESFORCE, KERNEL] },
  { folder: "support/", mayImport: ["simulators/", "scripts/"] },
  { folder: "steps/", mayImport: ["support/", "simulators/"] },
];

const SKIP = new Set(["node_modules", ".git", "reports"]);
const SOURCE = /\.(ts|mts)$/;
const TEST = /\.test\.(ts|mts)$/;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (SOURCE.test(name) && !TEST.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

const posix = (p: string) => p.split(sep).join("/");

/** Every non-test source file under `root` and the project files it imports (relative specifiers only). */
export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root)) {
    const from = posix(relative(root, file));
    const targets = new Set<string>();
    // preProcessFile sees `import type`, `export ... from` and dynamic `import()` alike.
    for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
      if (!fileName.startsWith(".")) continue;
      targets.add(posix(relative(root, resolve(dirname(file), fileName.replace(/\.m?js$/, ".ts")))));
    }
    graph.set(from, targets);
  }
  return graph;
}

/** Imports that cross into a folder the importing layer may not use. */
export function layerViolations(graph: ImportGraph, layers: Layer[] = LAYERS): string[] {
  const layerOf = (file: string) => layers.filter((l) => file.startsWith(l.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const layer = layerOf(from);
    if (!layer) continue;
    for (const to of targets) {
      if (to.startsWith(layer.folder) || layer.mayImport.some((f) => to.startsWith(f))) continue;
      out.push(`${from} imports ${to}: ${layer.folder} may import only ${[layer.folder, ...layer.mayImport].join(", ")}`);
    }
  }
  return out.sort();
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.has(v)) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = importGraph(resolve(dirname(fileURLToPath(import.meta.url)), ".."));
  const violations = layerViolations(graph);
  const cycles = importCycles(graph);
  for (const v of violations) console.log(`layer: ${v}`);
  for (const c of cycles) console.log(`cycle: ${c.join(" → ")}`);
  console.log(`${graph.size} files: ${violations.length} layer violation(s), ${cycles.length} cycle(s)`);
  process.exit(violations.length || cycles.length ? 1 : 0);
}
