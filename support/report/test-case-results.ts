/**
 * Allure results for Connect test cases (`flowsim test-cases run --results DIR`), one
 * Allure test per test case, read by `npm run report` and `npm run gate` like the
 * features' results: status passed, failed, or broken when the test case is invalid or
 * could not run; one step per observation (and below it one per action) with its status;
 * the execution records, the transcript and the path through the flows as attachments.
 *
 * A test case's historyId comes from its file and name, so running it again replaces its
 * earlier result in DIR instead of reading as a retry; results of features and of other
 * test cases in DIR stay.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { FileResult } from "../../simulators/connect/testing/file-result.js";
import type { ExecutionRecord } from "../../simulators/connect/testing/records.js";
import type { TranscriptLine } from "../../simulators/connect/testing/transcript.js";
import { flowPathAttachments, type Attachment } from "./attachments.js";
import { renderTranscript } from "./render.js";
import { redactJson } from "./redact.js";

export const SUITE = "native test cases";

type AllureStatus = "passed" | "failed" | "broken" | "skipped";

interface AllureStep {
  name: string;
  status: AllureStatus;
  statusDetails: { message?: string };
  stage: "finished";
  steps: AllureStep[];
  attachments: { name: string; source: string; type: string }[];
  parameters: { name: string; value: string }[];
}

/** A test case's run, timed on the wall clock (its records are on the run's own clock). */
export interface TimedResult {
  result: FileResult;
  start: number;
  stop: number;
}

const STATUS: Record<FileResult["status"], AllureStatus> = { PASSED: "passed", FAILED: "failed", STOPPED: "broken", INVALID: "broken", ERROR: "broken" };
const STEP_STATUS: Record<string, AllureStatus> = { PASSED: "passed", FAILED: "failed" };

const md5 = (text: string) => createHash("md5").update(text).digest("hex");
const fileLabel = (file: string) => relative(process.cwd(), resolve(file)).split("\\").join("/");

export function historyIdOf(result: Pick<FileResult, "file" | "name">): string {
  return md5(`flowsim test case:${fileLabel(result.file)}#${result.name}`);
}

/** The transcript as the features' chat transcripts read: time, who, what (redacted). */
export function renderTestCaseTranscript(lines: readonly TranscriptLine[]): string {
  if (lines.length === 0) return "(nothing was said)\n";
  return renderTranscript(
    lines.map((l) => ({
      AbsoluteTime: new Date(l.at).toISOString(),
      ParticipantRole: l.from === "flow" ? "SYSTEM" : "CUSTOMER",
      Content: l.outcome && !l.outcome.startsWith("delivered") && !l.outcome.startsWith("sent to") ? `${l.text} (${l.outcome})` : l.text,
    })),
  );
}

/** What a test case's report carries: the records, the transcript, the path (text and one picture per flow). */
export function testCaseAttachments(result: FileResult): Attachment[] {
  const out: Attachment[] = [];
  if (result.records) out.push({ fileName: "execution records.json", mediaType: "application/json", content: `${JSON.stringify(redactJson(result.records), null, 2)}\n` });
  const evidence = result.evidence;
  if (!evidence) return out;
  out.push({ fileName: "transcript.txt", mediaType: "text/plain", content: renderTestCaseTranscript(evidence.transcript) });
  const flows = new Map(evidence.flows.map((f) => [f.id, f]));
  return [...out, ...flowPathAttachments(evidence.trace, (id) => flows.get(id))];
}

function describeEvent(event: Record<string, unknown> | undefined): string {
  const p = (event?.Properties ?? {}) as Record<string, unknown>;
  const what = p.Text ?? p.SSML ?? p.PromptId ?? p.ActionType;
  return `${String(event?.Type ?? "event")}${what === undefined ? "" : ` ${JSON.stringify(what)}`}`;
}

function step(name: string, status: AllureStatus, message?: string, steps: AllureStep[] = []): AllureStep {
  return { name, status, statusDetails: message ? { message } : {}, stage: "finished", steps, attachments: [], parameters: [] };
}

/** One step per observation that became active, in run order, with its actions below it. */
function observationSteps(records: readonly ExecutionRecord[], total: number): AllureStep[] {
  const steps = records
    .filter((r) => r.Record.Type === "OBSERVATION")
    .map((r) => {
      const actions = ((r.Record.Actions ?? []) as Record<string, unknown>[]).map((a) => step(`${String(a.Type)} ${String(a.Identifier)}`, STEP_STATUS[String(a.Status)] ?? "skipped", a.FailureReason as string | undefined));
      return step(`observation "${r.ObservationId}": ${describeEvent(r.Record.Event as Record<string, unknown>)}`, STEP_STATUS[r.Status] ?? "skipped", r.Record.FailureReason as string | undefined, actions);
    });
  const inactive = total - steps.length;
  if (inactive > 0) steps.push(step(`${inactive} observation${inactive === 1 ? "" : "s"} never became active`, "skipped"));
  return steps;
}

function statusMessage(r: FileResult): string | undefined {
  if (r.failure) return `${r.failure.observation ? `observation "${r.failure.observation}" ` : ""}${r.failure.reason}`;
  if (r.problems?.length) return r.problems.join("\n");
  return r.status === "STOPPED" ? "the run was stopped before it finished" : undefined;
}

const EXTENSIONS: Record<string, string> = { "application/json": "json", "text/plain": "txt", "image/svg+xml": "svg", "text/csv": "csv" };

/** Every file a result names: its own attachments and those of its steps. */
function sources(node: { attachments?: { source: string }[]; steps?: unknown[] }): string[] {
  return [...(node.attachments ?? []).map((a) => a.source), ...((node.steps ?? []) as (typeof node)[]).flatMap(sources)];
}

/** Removes earlier results with these historyIds, and their attachments. */
function removeEarlier(dir: string, historyIds: ReadonlySet<string>): void {
  for (const name of readdirSync(dir).filter((n) => n.endsWith("-result.json"))) {
    let earlier: { historyId?: string; attachments?: { source: string }[]; steps?: unknown[] };
    try {
      earlier = JSON.parse(readFileSync(join(dir, name), "utf8"));
    } catch {
      continue; // not ours to judge: the gate reports unreadable results
    }
    if (!earlier.historyId || !historyIds.has(earlier.historyId)) continue;
    for (const source of [name, ...sources(earlier)]) rmSync(join(dir, source), { force: true });
  }
}

/** Writes one Allure result (and its attachment files) per test case into `dir`; returns the result files' names. */
export function writeTestCaseResults(dir: string, runs: readonly TimedResult[]): string[] {
  mkdirSync(dir, { recursive: true });
  removeEarlier(dir, new Set(runs.map((r) => historyIdOf(r.result))));
  return runs.map(({ result, start, stop }) => {
    const uuid = randomUUID();
    const attachments = testCaseAttachments(result).map((a) => {
      const source = `${randomUUID()}-attachment.${EXTENSIONS[a.mediaType] ?? "txt"}`;
      writeFileSync(join(dir, source), a.content);
      return { name: a.fileName, source, type: a.mediaType };
    });
    const file = fileLabel(result.file);
    const historyId = historyIdOf(result);
    const message = statusMessage(result);
    const notes = [...(result.created?.length ? [`Created for the run: ${result.created.join(", ")}.`] : []), ...(result.warnings ?? []).map((w) => `Warning: ${w}`)];
    const body = {
      uuid,
      historyId,
      testCaseId: historyId,
      fullName: `flowsim:${file}#${result.name}`,
      name: result.name,
      status: STATUS[result.status],
      statusDetails: message ? { message } : {},
      stage: "finished",
      steps: observationSteps(result.records ?? [], result.observations?.total ?? 0),
      attachments,
      parameters: [],
      labels: [
        { name: "suite", value: SUITE },
        { name: "subSuite", value: file },
        { name: "framework", value: "flowsim test-cases" },
      ],
      links: [],
      ...(notes.length ? { description: notes.join("\n\n") } : {}),
      start,
      stop,
    };
    const name = `${uuid}-result.json`;
    writeFileSync(join(dir, name), JSON.stringify(body));
    return name;
  });
}
