/**
 * Runs test-case files offline: each file holds one test case as DescribeTestCase
 * returns it ({Name, EntryPoint, InitializationData, Content}, optionally wrapped in
 * {"TestCase": ...}; Content the JSON text or the object). Each test case gets a fresh
 * instance on a virtual clock, with the instance's defaults, the flows of `flowsDir`,
 * and the queues and hours the flows name (provision.ts). The entry point's FlowId may
 * be a flow's id or ARN, its name (Metadata.name), or its file name.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { VirtualClock } from "../../kernel/clock.js";
import { Runtime } from "../runtime/runtime.js";
import { installInstanceDefaults } from "../runtime/instance-defaults.js";
import { jsonFilesUnder, publishFlowsDir } from "../runtime/publish-dir.js";
import { problemMessage } from "./store.js";
import { loadTestCase } from "./load.js";
import { isJsonObject } from "./reader.js";
import { provision } from "./provision.js";
import { runTestCase } from "./drive.js";
import { MAX_CONTENT_CHARS } from "./limits.js";
import type { EntryPoint } from "./model.js";
import { formatResult, formatTotals } from "./report.js";
import { failureOf, type FileResult, type RunEvidence } from "./file-result.js";
import type { TestCaseRun } from "./run.js";

export type { FileResult };

export interface ReportOptions {
  /** Print one JSON document instead of one line per test case. */
  json?: boolean;
  /** Where the report goes (default: standard output). */
  write?: (text: string) => void;
}

export interface RunFilesOptions extends ReportOptions {
  /** Flows (and modules) to publish on each test case's instance. */
  flowsDir?: string;
  /** Hours of operation created on the fly that are never open (by name or id); the others are open all week. */
  closedHours?: string[];
  /** Seed of the ids (default 1) and, in epoch ms, the instant each run starts (default now). */
  seed?: number | string;
  startTime?: number;
}

/** A file is read whole; this bounds it (content, entry point, metadata, indentation). */
const MAX_FILE_BYTES = 4 * MAX_CONTENT_CHARS;

async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) out.push(...((await stat(p).catch(() => undefined))?.isDirectory() ? await jsonFilesUnder(p) : [p]));
  return out;
}

async function readTestCaseFile(file: string): Promise<Record<string, unknown>> {
  const size = (await stat(file)).size;
  if (size > MAX_FILE_BYTES) throw new Error(`the file is ${size} bytes; a test case file holds at most ${MAX_FILE_BYTES}`);
  const json: unknown = JSON.parse(await readFile(file, "utf8"));
  if (!isJsonObject(json)) throw new Error("the file must hold one JSON object: a test case as DescribeTestCase returns it");
  return isJsonObject(json.TestCase) ? json.TestCase : json;
}

/** The id of the flow the entry point names, by id, ARN, name or file name; undefined when none matches. */
function resolveFlow(runtime: Runtime, entry: EntryPoint): string | undefined {
  const ref = entry.flowId;
  if (ref === undefined) return undefined;
  const byFile = runtime.resources.flows.all().find((f) => [basename(f.source), basename(f.source, ".json")].includes(ref));
  return runtime.findFlow(ref, "flow")?.id ?? byFile?.id;
}

/** The file's test case, named by its Name or else its file name; or the ERROR result saying why it cannot be read. */
export async function openTestCaseFile(file: string): Promise<{ raw: Record<string, unknown>; name: string } | FileResult> {
  let raw: Record<string, unknown>;
  try {
    raw = await readTestCaseFile(file);
  } catch (err) {
    return { file, name: basename(file), status: "ERROR", problems: [`cannot read ${file}: ${(err as Error).message}`] };
  }
  return { raw, name: typeof raw.Name === "string" && raw.Name.trim() !== "" ? raw.Name : basename(file, ".json") };
}

function evidenceOf(runtime: Runtime, run: TestCaseRun): RunEvidence {
  const contactId = run.contact?.id;
  const trace = contactId === undefined ? [] : (runtime.session(contactId)?.trace ?? []);
  const ids = new Set(trace.flatMap((s) => (s.kind === "note" ? [] : [s.flowId])));
  const flows = [...runtime.resources.flows.all(), ...runtime.resources.modules.all()].filter((f) => ids.has(f.id)).map((f) => ({ id: f.id, name: f.name, doc: f.doc }));
  return { contactId, transcript: run.transcript, trace, flows };
}

/** Runs one test-case file offline on a fresh instance (see the top of this file). */
export async function runTestCaseFile(file: string, options: RunFilesOptions = {}): Promise<FileResult> {
  const opened = await openTestCaseFile(file);
  if ("status" in opened) return opened;
  const { raw, name } = opened;
  const loaded = loadTestCase({ ...raw, Name: name }, file);
  const warnings = loaded.problems.filter((p) => p.severity === "warning").map(problemMessage);
  if (!loaded.testCase) return { file, name, status: "INVALID", problems: loaded.problems.filter((p) => p.severity === "error").map(problemMessage), warnings };
  const runtime = new Runtime({ clock: new VirtualClock(options.startTime), seed: options.seed ?? 1 });
  installInstanceDefaults(runtime);
  let created: string[];
  try {
    if (options.flowsDir) await publishFlowsDir(runtime, options.flowsDir);
    created = provision(runtime, loaded.testCase, options.closedHours);
  } catch (err) {
    return { file, name, status: "ERROR", problems: [(err as Error).message], warnings };
  }
  const testCase = loaded.testCase;
  const flowId = resolveFlow(runtime, testCase.entryPoint);
  if (testCase.entryPoint.flowId !== undefined && flowId === undefined) {
    const known = runtime.resources.flows.all().map((f) => `"${f.name}" (${basename(f.source)})`);
    return { file, name, status: "ERROR", problems: [`EntryPoint: no flow ${testCase.entryPoint.flowId} by id, ARN, name or file name; the flows are ${known.join(", ")}`], warnings, created };
  }
  const run = await runTestCase(runtime, flowId === undefined ? testCase : { ...testCase, entryPoint: { ...testCase.entryPoint, flowId } as EntryPoint });
  const records = run.records();
  return {
    file,
    name,
    status: run.status === "PASSED" || run.status === "FAILED" || run.status === "STOPPED" ? run.status : "ERROR",
    observations: run.summary().observations,
    failure: failureOf(records),
    warnings,
    created,
    records,
    evidence: evidenceOf(runtime, run),
  };
}

/**
 * Runs each test-case file of `paths` (files, or folders of .json files) with `runOne`
 * and reports one line per test case as it finishes, or one JSON document at the end
 * (without the evidence, which is for reports). The exit code is 1 when any did not pass.
 */
export async function runFiles(paths: string[], runOne: (file: string) => Promise<FileResult>, options: ReportOptions = {}): Promise<{ exitCode: number; results: FileResult[] }> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const results: FileResult[] = [];
  for (const file of await expand(paths)) {
    const result = await runOne(file);
    results.push(result);
    if (!options.json) write(formatResult(result));
  }
  const exitCode = results.length > 0 && results.every((r) => r.status === "PASSED") ? 0 : 1;
  const reported = results.map(({ evidence: _evidence, ...r }) => r);
  write(options.json ? `${JSON.stringify({ results: reported, exitCode }, null, 2)}\n` : formatTotals(results));
  return { exitCode, results };
}

/** Runs every test case in `paths` offline, each on a fresh instance (see the top of this file). */
export function runTestCaseFiles(paths: string[], options: RunFilesOptions = {}): Promise<{ exitCode: number; results: FileResult[] }> {
  return runFiles(paths, (file) => runTestCaseFile(file, options), options);
}
