/**
 * Publishes every flow export in a folder into a runtime (`flowsim serve --flows DIR`,
 * the "flows in <folder> are published" step). All-or-nothing: a folder with a broken
 * flow names every problem and publishes nothing.
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { loadFlowFile } from "../flow/load.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import { FlowLoadError, type Problem } from "../../kernel/problems.js";
import type { Runtime } from "./runtime.js";

/** The .json files under `dir`, depth first, in name order. */
export async function jsonFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) out.push(...(await jsonFilesUnder(path)));
    else if (name.endsWith(".json")) out.push(path);
  }
  return out;
}

/** Loads and publishes the folder's flows; flow names come from Metadata.name or the file name. */
export async function publishFlowsDir(runtime: Runtime, dir: string): Promise<LoadedFlow[]> {
  const files = await jsonFilesUnder(dir);
  const loaded = await Promise.all(files.map((f) => loadFlowFile(f)));
  const errors: Problem[] = loaded.flatMap((f) => f.problems.filter((p) => p.severity === "error"));
  if (errors.length) throw new FlowLoadError(relative(process.cwd(), dir) || dir, errors);
  return loaded.map((flow) => {
    const existing = runtime.findFlow(flow.name, flow.kind);
    return runtime.publish(flow, { id: existing?.id, name: flow.name });
  });
}
