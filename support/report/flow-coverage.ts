/**
 * Flow coverage: for every flow a run published, which blocks ran and which branches were
 * taken, out of all the flow has, gathered over every scenario, parallel worker and shard.
 * Each scenario sends what it saw to the formatter (an attachment of FLOW_COVERAGE_MEDIA_TYPE,
 * which is not shown); the formatter adds them up and writes `flow-coverage.json` into the
 * results folder, where `npm run coverage`, the report and the gate read it.
 *
 * Branches are those of the export itself (flow-graph.ts: conditions, the next action,
 * each error), so a branch a block could take but the flow never connected is not counted.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FlowDocument } from "../../simulators/connect/flow/model.js";
import type { TraceStep } from "../../simulators/connect/flow/trace.js";
import { flowGraph, pathThrough, takenBranch, type FlowGraph, type GraphNode } from "./flow-graph.js";

export const FLOW_COVERAGE_MEDIA_TYPE = "application/vnd.flowsim.flow-coverage+json";
export const COVERAGE_FILE = "flow-coverage.json";

/** What one scenario saw of one flow it published. */
export interface FlowUse {
  name: string;
  type: string;
  doc: FlowDocument;
  /** Identifiers of the blocks that ran. */
  reached: string[];
  /** Branches taken, as `<block>#<index among the block's branches>` (flow-graph.ts's order). */
  taken: string[];
}

/** One flow over a whole run. */
export interface FlowCoverage extends FlowUse {
  /** sha256 of the document: the same name with other content is another flow. */
  sha: string;
  /** Scenarios that published it. */
  scenarios: number;
}

export interface Ratio {
  hit: number;
  total: number;
}

export interface CoverageNumbers {
  blocks: Ratio;
  branches: Ratio;
}

export function branchKey(actionId: string, index: number): string {
  return `${actionId}#${index}`;
}

/** What a scenario's trace shows of each flow it published (a flow that never ran: nothing reached). */
export function flowUses(trace: readonly TraceStep[], flows: readonly { id: string; name: string; type: string; doc: FlowDocument }[]): FlowUse[] {
  return flows.map((flow) => {
    const byId = new Map(flowGraph(flow.doc).nodes.map((n) => [n.id, n]));
    const reached = new Set<string>();
    const taken = new Set<string>();
    for (const step of pathThrough(trace, flow.id)) {
      const node = byId.get(step.actionId);
      if (!node) continue;
      reached.add(node.id);
      const branch = takenBranch(node, step);
      if (branch !== undefined) taken.add(branchKey(node.id, branch));
    }
    return { name: flow.name, type: flow.type, doc: flow.doc, reached: [...reached], taken: [...taken] };
  });
}

export function shaOf(doc: FlowDocument): string {
  return createHash("sha256").update(JSON.stringify(doc)).digest("hex");
}

/** A run's coverage being added up, scenario by scenario or shard by shard. */
export class CoverageRun {
  private readonly byKey = new Map<string, FlowCoverage>();

  add(use: FlowUse, scenarios = 1, sha = shaOf(use.doc)): void {
    const key = `${use.name}\u0000${sha}`;
    const known = this.byKey.get(key);
    if (!known) {
      this.byKey.set(key, { ...use, sha, scenarios, reached: [...new Set(use.reached)], taken: [...new Set(use.taken)] });
      return;
    }
    known.scenarios += scenarios;
    known.reached = [...new Set([...known.reached, ...use.reached])];
    known.taken = [...new Set([...known.taken, ...use.taken])];
  }

  /** A run written by another worker or shard. */
  merge(flows: readonly FlowCoverage[]): void {
    for (const f of flows) this.add(f, f.scenarios, f.sha);
  }

  flows(): FlowCoverage[] {
    return [...this.byKey.values()].sort((a, b) => a.name.localeCompare(b.name) || a.sha.localeCompare(b.sha));
  }
}

/**
 * The branches of a block a contact can take. With Conditions and a NoMatchingCondition
 * branch, the block's next action is never taken (every result is a condition or no
 * match: interpreter.ts), so counting it would hold coverage below 100% for ever.
 */
export function coverableBranches(node: GraphNode): number[] {
  const unreachableNext = node.branches.some((b) => b.kind === "condition") && node.branches.some((b) => b.errorType === "NoMatchingCondition");
  return node.branches.flatMap((b, i) => (unreachableNext && b.kind === "next" ? [] : [i]));
}

export function numbersOf(flow: FlowCoverage, graph: FlowGraph = flowGraph(flow.doc)): CoverageNumbers {
  const blocks = new Set(graph.nodes.map((n) => n.id));
  const branches = new Set(graph.nodes.flatMap((n) => coverableBranches(n).map((i) => branchKey(n.id, i))));
  return {
    blocks: { hit: flow.reached.filter((id) => blocks.has(id)).length, total: blocks.size },
    branches: { hit: flow.taken.filter((key) => branches.has(key)).length, total: branches.size },
  };
}

/** A share from 0 to 1; a flow with nothing of the kind (no branches at all) is fully covered. */
export function share(r: Ratio): number {
  return r.total === 0 ? 1 : r.hit / r.total;
}

/** How a flow is named to a reader: by its name, with the content's hash when two versions ran. */
export function labelOf(flow: FlowCoverage, all: readonly FlowCoverage[]): string {
  return all.filter((f) => f.name === flow.name).length > 1 ? `${flow.name} (${flow.sha.slice(0, 8)})` : flow.name;
}

export function writeCoverage(dir: string, flows: readonly FlowCoverage[]): void {
  writeFileSync(join(dir, COVERAGE_FILE), `${JSON.stringify({ flows }, null, 1)}\n`);
}

/** The coverage of one run kept in several results folders (shards); folders without it are named. */
export function readCoverage(dirs: readonly string[]): { flows: FlowCoverage[]; without: string[] } {
  const run = new CoverageRun();
  const without: string[] = [];
  for (const dir of dirs) {
    const file = join(dir, COVERAGE_FILE);
    if (!existsSync(file)) {
      without.push(dir);
      continue;
    }
    run.merge((JSON.parse(readFileSync(file, "utf8")) as { flows: FlowCoverage[] }).flows);
  }
  return { flows: run.flows(), without };
}
