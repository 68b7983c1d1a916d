/**
 * The release gate: reads the Allure results of a run and says GO or STOP under the
 * checked-in policy (reports/gate-policy.json; schema in reports/README.md).
 *
 * Usage: npm run gate -- [--results reports/allure-results ...] [--policy reports/gate-policy.json]
 * Several `--results` folders, or one holding a sharded run's shard folders, are one run
 * (results-folders.ts).
 * Exit: 0 go, 1 stop (reasons printed), 2 the gate could not evaluate (no results, a
 * shard's results missing, bad policy, unreadable result file) — which also stops a release.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { RESULTS_DIR } from "../support/report/shards.mjs";
import { resultsFolders, ResultsFoldersError } from "./results-folders.js";
import { parseCoveragePolicy, coverageReasons, type CoveragePolicy } from "./gate-coverage.js";
import { COVERAGE_FILE, readCoverage, type FlowCoverage } from "../support/report/flow-coverage.js";
import { summaryLine } from "../support/report/coverage-render.js";

export interface GatePolicy {
  /** Stop when any scenario tagged with one of `criticalTags` failed or broke. */
  failOnCriticalFailedOrBroken: boolean;
  /** Tags (with or without `@`, any case) — or severity labels — that make a scenario critical. */
  criticalTags: string[];
  /** passed / (passed + failed + broken); skipped scenarios are left out. 0..1. */
  minPassRate: number;
  /** Fewest scenarios that must have run (not skipped); guards against a half-empty run. */
  minScenarios: number;
  /** Most broken scenarios (infrastructure or harness errors) tolerated; null: no limit. */
  allowBroken: number | null;
  /** Stop when an error happened outside any scenario (BeforeAll/AfterAll hooks). */
  failOnGlobalErrors: boolean;
  /** Minimum flow coverage, run-wide, per flow or per group of flows (gate-coverage.ts); absent: not judged. */
  flowCoverage?: CoveragePolicy;
}

export const DEFAULT_POLICY: GatePolicy = {
  failOnCriticalFailedOrBroken: true,
  criticalTags: ["critical", "blocker"],
  minPassRate: 1,
  minScenarios: 1,
  allowBroken: 0,
  failOnGlobalErrors: true,
};

export class GateError extends Error {}

/** The policy from its JSON text: unknown keys and wrong types are errors (a typo must not relax the gate). */
export function parsePolicy(text: string, source = "policy"): GatePolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new GateError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new GateError(`${source}: must be a JSON object`);
  const policy: GatePolicy = { ...DEFAULT_POLICY, criticalTags: [...DEFAULT_POLICY.criticalTags] };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith("$")) continue; // "$comment", "$schema": notes for humans and editors
    switch (key) {
      case "failOnCriticalFailedOrBroken":
      case "failOnGlobalErrors":
        if (typeof value !== "boolean") problems.push(`${key} must be true or false`);
        else policy[key] = value;
        break;
      case "criticalTags":
        if (!Array.isArray(value) || !value.every((t) => typeof t === "string" && t.replace(/^@/, "").trim() !== "")) problems.push(`${key} must be a list of tag names`);
        else policy.criticalTags = value.map((t: string) => t.replace(/^@/, "").trim().toLowerCase());
        break;
      case "minPassRate":
        if (typeof value !== "number" || !(value >= 0 && value <= 1)) problems.push(`${key} must be a number from 0 to 1 (0.95 means 95%)`);
        else policy.minPassRate = value;
        break;
      case "minScenarios":
        if (typeof value !== "number" || !Number.isInteger(value) || value < 0) problems.push(`${key} must be a whole number ≥ 0`);
        else policy.minScenarios = value;
        break;
      case "flowCoverage":
        policy.flowCoverage = parseCoveragePolicy(value, problems);
        break;
      case "allowBroken":
        if (value !== null && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) problems.push(`${key} must be a whole number ≥ 0, or null for no limit`);
        else policy.allowBroken = value;
        break;
      default:
        problems.push(`unknown key "${key}" (known: ${[...Object.keys(DEFAULT_POLICY), "flowCoverage"].join(", ")})`);
    }
  }
  if (problems.length) throw new GateError(`${source}:\n  ${problems.join("\n  ")}`);
  return policy;
}

export type Status = "passed" | "failed" | "broken" | "skipped" | "unknown";

/** The fields of an Allure result file the gate reads. */
export interface AllureResult {
  uuid?: string;
  historyId?: string;
  testCaseId?: string;
  fullName?: string;
  name?: string;
  status?: string;
  start?: number;
  stop?: number;
  labels?: { name: string; value: string }[];
  statusDetails?: { message?: string };
}

export interface Scenario {
  key: string;
  name: string;
  fullName?: string;
  status: Status;
  critical: boolean;
  /** How many attempts (retries) the results hold for it. */
  attempts: number;
  /** Passed on its last attempt after an earlier attempt did not. */
  flaky: boolean;
  message?: string;
}

export interface RunResults {
  results: AllureResult[];
  /** Errors recorded outside scenarios (`*-globals.json`). */
  globalErrors: string[];
  files: number;
  /** The run's flow coverage, when every folder has it (flow-coverage.ts). */
  coverage?: FlowCoverage[];
}

const STATUSES = new Set(["passed", "failed", "broken", "skipped"]);
const WORST_FIRST: Status[] = ["failed", "broken", "unknown", "passed", "skipped"];

function statusOf(r: AllureResult): Status {
  return r.status && STATUSES.has(r.status) ? (r.status as Status) : "unknown";
}

/** Reads every `*-result.json` and `*-globals.json` in `dir`. An unreadable file is an error, never skipped. */
export function readResults(dir: string): RunResults {
  if (!existsSync(dir)) throw new GateError(`no results folder at ${dir}: run the scenarios first`);
  const names = readdirSync(dir).sort();
  const read = (name: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch (err) {
      throw new GateError(`cannot read ${join(dir, name)}: ${(err as Error).message}`);
    }
  };
  const results = names.filter((n) => n.endsWith("-result.json")).map((n) => read(n) as AllureResult);
  const globalErrors = names
    .filter((n) => n.endsWith("-globals.json"))
    .flatMap((n) => ((read(n) as { errors?: { message?: string }[] }).errors ?? []).map((e) => e.message ?? "(no message)"));
  if (results.length === 0) throw new GateError(`no Allure results (*-result.json) in ${dir}: run the scenarios first`);
  return { results, globalErrors, files: results.length };
}

/**
 * Reads one run from its folders: every folder's results and errors outside scenarios
 * count; retries are merged later by historyId whichever folder holds each attempt. A
 * shard without results makes the run incomplete, which is no ground for a release.
 */
export function readRun(paths: readonly string[]): { run: RunResults; label: string } {
  const { dirs, label, missingShards } = resultsFolders(paths);
  if (missingShards) throw new GateError(`${label}: ${missingShards}; their scenarios did not run or their results were not copied in`);
  const runs = dirs.map(readResults);
  const { flows, without } = readCoverage(dirs);
  return {
    run: {
      results: runs.flatMap((r) => r.results),
      globalErrors: runs.flatMap((r) => r.globalErrors),
      files: runs.reduce((n, r) => n + r.files, 0),
      coverage: without.length ? undefined : flows,
    },
    label,
  };
}

function isCritical(r: AllureResult, criticalTags: readonly string[]): boolean {
  const wanted = new Set(criticalTags.map((t) => t.replace(/^@/, "").toLowerCase()));
  return (r.labels ?? []).some((l) => (l.name === "tag" || l.name === "severity") && wanted.has(String(l.value).replace(/^@/, "").toLowerCase()));
}

/**
 * One scenario per `historyId` (Allure's identity of a test across retries and runs): the
 * attempt that stopped last decides. Equal stop times cannot be ordered, so the worse
 * status is kept.
 */
export function scenarios(results: readonly AllureResult[], criticalTags: readonly string[]): Scenario[] {
  const groups = new Map<string, AllureResult[]>();
  results.forEach((r, i) => {
    const key = r.historyId || r.testCaseId || r.fullName || r.uuid || `result ${i}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  });
  return [...groups.entries()].map(([key, attempts]) => {
    const ordered = [...attempts].sort(
      (a, b) => (a.stop ?? a.start ?? 0) - (b.stop ?? b.start ?? 0) || (a.start ?? 0) - (b.start ?? 0) || WORST_FIRST.indexOf(statusOf(b)) - WORST_FIRST.indexOf(statusOf(a)),
    );
    const last = ordered[ordered.length - 1]!;
    const status = statusOf(last);
    return {
      key,
      name: last.name ?? last.fullName ?? key,
      fullName: last.fullName,
      status,
      critical: attempts.some((a) => isCritical(a, criticalTags)),
      attempts: attempts.length,
      flaky: status === "passed" && ordered.slice(0, -1).some((a) => statusOf(a) !== "passed" && statusOf(a) !== "skipped"),
      message: last.statusDetails?.message?.split("\n")[0],
    };
  });
}

export interface GateSummary {
  counts: Record<Status, number>;
  executed: number;
  /** passed / executed, or undefined when nothing ran. */
  passRate?: number;
  flaky: number;
  retriesMerged: number;
  criticalNotPassed: Scenario[];
  criticalSkipped: Scenario[];
  notPassed: Scenario[];
  globalErrors: string[];
  /** The run's flow coverage, when the results hold it. */
  coverage?: FlowCoverage[];
  reasons: string[];
  go: boolean;
}

const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function evaluate(run: RunResults, policy: GatePolicy): GateSummary {
  const all = scenarios(run.results, policy.criticalTags);
  const counts: Record<Status, number> = { passed: 0, failed: 0, broken: 0, skipped: 0, unknown: 0 };
  for (const s of all) counts[s.status] += 1;
  const executed = counts.passed + counts.failed + counts.broken + counts.unknown;
  const passRate = executed ? counts.passed / executed : undefined;
  const notPassed = all.filter((s) => s.status === "failed" || s.status === "broken" || s.status === "unknown");
  const criticalNotPassed = notPassed.filter((s) => s.critical);
  const criticalSkipped = all.filter((s) => s.critical && s.status === "skipped");
  // A result without a status (an interrupted run) proves nothing: it counts as broken.
  const broken = counts.broken + counts.unknown;

  const reasons: string[] = [];
  if (executed === 0) reasons.push(`no scenario ran (${plural(counts.skipped, "skipped scenario")})`);
  else if (executed < policy.minScenarios) reasons.push(`only ${plural(executed, "scenario")} ran; the policy needs at least ${policy.minScenarios}`);
  if (passRate !== undefined && passRate < policy.minPassRate) reasons.push(`pass rate ${pct(passRate)} (${counts.passed}/${executed}) is below the minimum ${pct(policy.minPassRate)}`);
  if (policy.failOnCriticalFailedOrBroken && criticalNotPassed.length)
    reasons.push(`${plural(criticalNotPassed.length, "critical scenario")} failed or broken: ${criticalNotPassed.map((s) => `"${s.name}"`).join(", ")}`);
  if (policy.allowBroken !== null && broken > policy.allowBroken)
    reasons.push(`${plural(broken, "scenario")} broken (infrastructure or harness errors); the policy allows ${policy.allowBroken}`);
  if (policy.failOnGlobalErrors && run.globalErrors.length) reasons.push(`${plural(run.globalErrors.length, "error")} outside any scenario (BeforeAll/AfterAll hooks)`);
  if (policy.flowCoverage) {
    // Results without the coverage file (another formatter, or a folder copied in by hand) cannot show it.
    if (!run.coverage) throw new GateError(`the policy sets flow coverage minimums, but the results hold no ${COVERAGE_FILE} (written by flowsim's formatter at the end of a run)`);
    reasons.push(...coverageReasons(run.coverage, policy.flowCoverage));
  }

  return {
    counts,
    executed,
    passRate,
    flaky: all.filter((s) => s.flaky).length,
    retriesMerged: run.results.length - all.length,
    criticalNotPassed,
    criticalSkipped,
    notPassed,
    globalErrors: run.globalErrors,
    coverage: run.coverage,
    reasons,
    go: reasons.length === 0,
  };
}

const MAX_LISTED = 20;

/** The short table a release manager reads. */
export function formatSummary(summary: GateSummary, policy: GatePolicy, where: { results: string; policy: string }): string {
  const c = summary.counts;
  const row = (label: string, value: string | number, note = "") => `  ${label.padEnd(10)} ${String(value).padStart(6)}${note ? `   ${note}` : ""}`;
  const lines = [`Release gate: ${where.results} (policy ${where.policy})`, ""];
  const total = c.passed + c.failed + c.broken + c.skipped + c.unknown;
  lines.push(row("scenarios", total, summary.retriesMerged ? `(${plural(summary.retriesMerged, "retry", "retries")} merged: the last attempt counts)` : ""));
  lines.push(row("passed", c.passed, summary.flaky ? `(${summary.flaky} only after a retry)` : ""));
  lines.push(row("failed", c.failed, "product defects"));
  lines.push(row("broken", c.broken, "infrastructure or harness errors"));
  if (c.unknown) lines.push(row("unknown", c.unknown, "no status recorded; counted as broken"));
  lines.push(row("skipped", c.skipped, "not counted in the pass rate"));
  lines.push(
    row("pass rate", summary.passRate === undefined ? "n/a" : pct(summary.passRate), `minimum ${pct(policy.minPassRate)}, at least ${plural(policy.minScenarios, "scenario")} run`),
  );
  if (summary.coverage?.length) lines.push(`  flow coverage   ${summaryLine(summary.coverage)}`);
  const list = (title: string, items: Scenario[]) => {
    if (!items.length) return;
    lines.push("", `${title}:`);
    for (const s of items.slice(0, MAX_LISTED)) lines.push(`  ${s.status.padEnd(7)} ${s.critical ? "[critical] " : ""}${s.name}${s.message ? `\n            ${s.message.slice(0, 160)}` : ""}`);
    if (items.length > MAX_LISTED) lines.push(`  … and ${items.length - MAX_LISTED} more (see the Allure report)`);
  };
  list("Critical scenarios failed or broken", summary.criticalNotPassed);
  list("Other scenarios failed or broken", summary.notPassed.filter((s) => !s.critical));
  if (summary.criticalSkipped.length) lines.push("", `Critical scenarios skipped: ${summary.criticalSkipped.map((s) => `"${s.name}"`).join(", ")}`);
  if (summary.globalErrors.length) {
    lines.push("", "Errors outside scenarios:");
    for (const e of summary.globalErrors.slice(0, MAX_LISTED)) lines.push(`  ${e.split("\n")[0]}`);
  }
  lines.push("");
  if (summary.go) lines.push("Decision: GO");
  else lines.push("Decision: STOP", ...summary.reasons.map((r) => `  - ${r}`));
  return `${lines.join("\n")}\n`;
}

/** Runs the gate; returns the exit code. */
export function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(t), err: (text: string) => void = (t) => process.stderr.write(t)): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { results: { type: "string", multiple: true, default: [RESULTS_DIR] }, policy: { type: "string", default: "reports/gate-policy.json" } },
    }).values;
  } catch (e) {
    err(`gate: ${(e as Error).message}\nusage: npm run gate -- [--results DIR ...] [--policy FILE]\n`);
    return 2;
  }
  const policyFile = args.policy!;
  try {
    if (!existsSync(policyFile)) throw new GateError(`no policy at ${policyFile}`);
    const policy = parsePolicy(readFileSync(policyFile, "utf8"), policyFile);
    const { run, label } = readRun(args.results!);
    const summary = evaluate(run, policy);
    out(formatSummary(summary, policy, { results: label, policy: relative(process.cwd(), policyFile) || policyFile }));
    return summary.go ? 0 : 1;
  } catch (e) {
    if (!(e instanceof GateError || e instanceof ResultsFoldersError)) throw e;
    err(`gate: cannot evaluate the release: ${e.message}\nDecision: STOP\n`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main(process.argv.slice(2));
