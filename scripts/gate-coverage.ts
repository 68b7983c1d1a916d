/**
 * The release gate's flow coverage rules (`flowCoverage` in reports/gate-policy.json):
 *
 *   "flowCoverage": {
 *     "minBlocks": 0.8, "minBranches": 0.5,                      // every flow the run published
 *     "flows": { "Callback inbound": { "minBranches": 0.9 } },   // one flow, by name
 *     "tags": { "critical": { "flows": ["Callback inbound", "Order status chat"], "minBranches": 0.8 } }
 *   }
 *
 * Every rule that names a flow applies to it, all of them must hold (a rule never relaxes
 * another). Shares are 0..1 of the blocks run and of the branches taken (flow-coverage.ts);
 * a flow the policy names that no scenario published stops the release, since nothing
 * shows it works.
 */
import { labelOf, numbersOf, share, type FlowCoverage } from "../support/report/flow-coverage.js";

export interface Minimums {
  minBlocks?: number;
  minBranches?: number;
}

export interface CoveragePolicy extends Minimums {
  flows: Record<string, Minimums>;
  tags: Record<string, Minimums & { flows: string[] }>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function minimums(value: Record<string, unknown>, where: string, problems: string[], extra: readonly string[] = []): Minimums {
  const out: Minimums = {};
  for (const [key, v] of Object.entries(value)) {
    if (key.startsWith("$")) continue; // notes for humans, as at the policy's top level
    if (key === "minBlocks" || key === "minBranches") {
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) problems.push(`${where}.${key} must be a number from 0 to 1 (0.8 means 80%)`);
      else out[key] = v;
    } else if (!extra.includes(key)) {
      problems.push(`${where}: unknown key "${key}" (known: minBlocks, minBranches${extra.length ? `, ${extra.join(", ")}` : ""})`);
    }
  }
  return out;
}

/** The `flowCoverage` member of a policy; problems are collected, never skipped (a typo must not relax the gate). */
export function parseCoveragePolicy(value: unknown, problems: string[]): CoveragePolicy | undefined {
  if (!isObject(value)) {
    problems.push("flowCoverage must be an object (minBlocks, minBranches, flows, tags)");
    return undefined;
  }
  const policy: CoveragePolicy = { ...minimums(value, "flowCoverage", problems, ["flows", "tags"]), flows: {}, tags: {} };
  if (value.flows !== undefined) {
    if (!isObject(value.flows)) problems.push("flowCoverage.flows must map flow names to { minBlocks, minBranches }");
    else for (const [name, v] of Object.entries(value.flows)) policy.flows[name] = isObject(v) ? minimums(v, `flowCoverage.flows["${name}"]`, problems) : (problems.push(`flowCoverage.flows["${name}"] must be an object`), {});
  }
  if (value.tags !== undefined) {
    if (!isObject(value.tags)) problems.push("flowCoverage.tags must map tag names to { flows: [...], minBlocks, minBranches }");
    else
      for (const [tag, v] of Object.entries(value.tags)) {
        const where = `flowCoverage.tags["${tag}"]`;
        if (!isObject(v) || !Array.isArray(v.flows) || !v.flows.every((f) => typeof f === "string" && f !== "")) {
          problems.push(`${where} must have "flows": a list of flow names`);
          continue;
        }
        policy.tags[tag] = { ...minimums(v, where, problems, ["flows"]), flows: v.flows as string[] };
      }
  }
  return policy;
}

/** Each flow's requirements: the run-wide one, its tags' and its own, with where each comes from. */
function rulesFor(name: string, policy: CoveragePolicy): { from: string; min: Minimums }[] {
  return [
    { from: "every flow", min: { minBlocks: policy.minBlocks, minBranches: policy.minBranches } },
    ...Object.entries(policy.tags).filter(([, t]) => t.flows.includes(name)).map(([tag, t]) => ({ from: `tag "${tag}"`, min: t })),
    ...(policy.flows[name] ? [{ from: "its own rule", min: policy.flows[name]! }] : []),
  ];
}

const pct = (x: number) => `${Math.floor(x * 1000) / 10}%`;

/** Why the coverage stops the release (empty: it does not). */
export function coverageReasons(flows: readonly FlowCoverage[], policy: CoveragePolicy): string[] {
  const reasons: string[] = [];
  const named = new Set([...Object.keys(policy.flows), ...Object.values(policy.tags).flatMap((t) => t.flows)]);
  for (const name of named) if (!flows.some((f) => f.name === name)) reasons.push(`the policy sets a coverage minimum for the flow "${name}", which no scenario published`);
  for (const flow of flows) {
    const n = numbersOf(flow);
    for (const { from, min } of rulesFor(flow.name, policy)) {
      for (const [what, ratio, wanted] of [
        ["blocks run", n.blocks, min.minBlocks],
        ["branches taken", n.branches, min.minBranches],
      ] as const) {
        if (wanted !== undefined && share(ratio) < wanted) reasons.push(`flow "${labelOf(flow, flows)}": ${what} ${pct(share(ratio))} (${ratio.hit}/${ratio.total}) is below the minimum ${pct(wanted)} (${from})`);
      }
    }
  }
  return reasons;
}
