/**
 * Runs one test case on a simulator instance through the Test Case APIs, as a team would
 * on a real instance: CreateTestCase, StartTestCaseExecution, GetTestCaseExecutionSummary
 * until the run has finished, ListTestCaseExecutionRecords. What only a simulator does
 * goes through its control plane: the resources the flows name are made on the fly,
 * the virtual clock is moved from timer to timer (a real clock is waited for), and the
 * transcript and the contact's path are read for the report.
 */
import {
  CreateTestCaseCommand,
  GetTestCaseExecutionSummaryCommand,
  StartTestCaseExecutionCommand,
  type ConnectClient,
  type CreateTestCaseCommandInput,
} from "@aws-sdk/client-connect";
import { listExecutionRecords } from "./execution-records.js";
import type { TraceStep } from "../../simulators/connect/flow/trace.js";
import type { FlowDocument } from "../../simulators/connect/flow/model.js";
import { failureOf, type FileResult } from "../../simulators/connect/testing/file-result.js";
import type { ExecutionRecord } from "../../simulators/connect/testing/records.js";
import type { TranscriptLine } from "../../simulators/connect/testing/transcript.js";
import { RUN_TIME_LIMIT_MS } from "../../simulators/connect/testing/limits.js";
import type { ControlPlane } from "../drivers/control.js";

export interface SimulatorInstance {
  connect: ConnectClient;
  instanceId: string;
  control: ControlPlane;
}

/** A test case as DescribeTestCase returns it, with the file it came from. */
export interface TestCaseSource {
  file: string;
  name: string;
  raw: Record<string, unknown>;
}

export interface ExecuteOptions {
  /** The id of a flow the entry point names by name or file name; undefined leaves the reference as written. */
  flowId?: (ref: string) => string | undefined;
  /** A flow by id, for pictures of the path. */
  flow?: (id: string) => { name: string; doc: FlowDocument } | undefined;
  closedHours?: string[];
  warnings?: string[];
}

/** How often a run on a real clock is looked at. */
const POLL_MS = 250;
/** A run on a real clock ends at the service's limit; past this much more, the server is stuck. */
const REAL_CLOCK_PATIENCE_MS = RUN_TIME_LIMIT_MS + 60_000;
const FINISHED = new Set(["PASSED", "FAILED", "STOPPED"]);

const text = (value: unknown) => (value === undefined || typeof value === "string" ? value : JSON.stringify(value));

/** The entry point with its FlowId replaced by the id `flowId` gives for it. */
function resolvedEntryPoint(entryPoint: unknown, flowId: ExecuteOptions["flowId"]): CreateTestCaseCommandInput["EntryPoint"] {
  const ep = structuredClone(entryPoint ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const member of ["VoiceCallEntryPointParameters", "ChatEntryPointParameters"]) {
    const params = ep[member];
    const ref = params?.FlowId;
    if (params && typeof ref === "string") params.FlowId = flowId?.(ref) ?? ref;
  }
  return ep as CreateTestCaseCommandInput["EntryPoint"];
}

/** Moves the instance's virtual clock to its next timer, or waits a little on a real one. */
async function letTimePass(control: ControlPlane, virtual: boolean, name: string): Promise<void> {
  if (!virtual) return new Promise((resolve) => setTimeout(resolve, POLL_MS));
  const clock = await control.get<{ pending: { dueAt: string }[] }>("/clock");
  const next = clock.pending[0];
  if (!next) throw new Error(`test case "${name}" has not finished and the simulator has no timer left to move to`);
  await control.post("/clock/advance", { to: next.dueAt });
}

async function allRecords(on: SimulatorInstance, TestCaseId: string, TestCaseExecutionId: string): Promise<ExecutionRecord[]> {
  const records = await listExecutionRecords(on.connect, { InstanceId: on.instanceId, TestCaseId, TestCaseExecutionId });
  return records.map((r) => ({ ObservationId: r.ObservationId!, Status: r.Status as ExecutionRecord["Status"], Timestamp: r.Timestamp?.getTime() ?? 0, Record: JSON.parse(r.Record ?? "{}") as Record<string, unknown> }));
}

/** The control plane writes times as ISO text; the models keep epoch ms. */
function epoch<T extends { at: number }>(items: readonly { at: string }[]): T[] {
  return items.map((i) => ({ ...i, at: Date.parse(i.at) }) as unknown as T);
}

async function evidence(on: SimulatorInstance, testCaseId: string, executionId: string, options: ExecuteOptions): Promise<FileResult["evidence"]> {
  const said = await on.control.get<{ contactId?: string; transcript: { at: string }[] }>(`/test-cases/${testCaseId}/executions/${executionId}/transcript`);
  const trace = said.contactId ? epoch<TraceStep>((await on.control.get<{ steps: { at: string }[] }>(`/contacts/${said.contactId}/trace`)).steps) : [];
  const ids = new Set(trace.flatMap((s) => (s.kind === "note" ? [] : [s.flowId])));
  const flows = [...ids].flatMap((id) => {
    const flow = options.flow?.(id);
    return flow ? [{ id, ...flow }] : [];
  });
  return { contactId: said.contactId, transcript: epoch<TranscriptLine>(said.transcript), trace, flows };
}

/** Creates the test case on the instance, runs it to its end and reads its verdict, records and evidence. */
export async function executeTestCase(on: SimulatorInstance, source: TestCaseSource, options: ExecuteOptions = {}): Promise<FileResult> {
  const { file, name, raw } = source;
  const warnings = options.warnings ?? [];
  let TestCaseId: string;
  try {
    const created = await on.connect.send(
      new CreateTestCaseCommand({
        InstanceId: on.instanceId,
        Name: name,
        Description: typeof raw.Description === "string" ? raw.Description : undefined,
        Content: text(raw.Content),
        EntryPoint: resolvedEntryPoint(raw.EntryPoint, options.flowId),
        InitializationData: text(raw.InitializationData),
        Status: "PUBLISHED",
      }),
    );
    TestCaseId = created.TestCaseId!;
  } catch (err) {
    const e = err as { name?: string; message?: string; Problems?: { message?: string }[] };
    if (e.name === "InvalidTestCaseException") return { file, name, status: "INVALID", problems: (e.Problems ?? []).map((p) => p.message ?? ""), warnings };
    if (e.name === "InvalidParameterException" || e.name === "InvalidRequestException") return { file, name, status: "INVALID", problems: [e.message ?? e.name], warnings };
    throw err;
  }
  const { created } = await on.control.post<{ created: string[] }>(`/test-cases/${TestCaseId}/provision`, { closedHours: options.closedHours ?? [] });
  const { TestCaseExecutionId } = await on.connect.send(new StartTestCaseExecutionCommand({ InstanceId: on.instanceId, TestCaseId }));
  const { kind } = await on.control.get<{ kind: string }>("/clock");
  const giveUpAt = Date.now() + REAL_CLOCK_PATIENCE_MS;
  const summary = () => on.connect.send(new GetTestCaseExecutionSummaryCommand({ InstanceId: on.instanceId, TestCaseId, TestCaseExecutionId }));
  let s = await summary();
  while (!FINISHED.has(s.Status ?? "")) {
    if (kind !== "virtual" && Date.now() > giveUpAt) throw new Error(`test case "${name}" is still ${s.Status} after ${REAL_CLOCK_PATIENCE_MS / 1000} s of real time`);
    await letTimePass(on.control, kind === "virtual", name);
    s = await summary();
  }
  const records = await allRecords(on, TestCaseId, TestCaseExecutionId!);
  const o = s.ObservationSummary;
  return {
    file,
    name,
    status: s.Status as FileResult["status"],
    observations: { total: o?.TotalObservations ?? 0, passed: o?.ObservationsPassed ?? 0, failed: o?.ObservationsFailed ?? 0 },
    failure: failureOf(records),
    warnings,
    created,
    records,
    evidence: await evidence(on, TestCaseId, TestCaseExecutionId!, options),
  };
}
