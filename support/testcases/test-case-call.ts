/**
 * A voice scenario on a target with no simulated caller (staging), run as the Connect test
 * case it compiles to (compile.ts): the caller's call starts it (CreateTestCase +
 * StartTestCaseExecution), and each of the caller's Then-steps is answered by the
 * execution records of the observations that very step became. Keys, hang-ups and givens
 * are already in the test case; their steps have nothing left to do.
 *
 * The service runs a test case in real time and publishes its records as they come, with
 * the API's low default rates: every read here is polled with backoff, on the target's
 * time (`wait`, which a rehearsal's faster simulator shortens), and bounded by the run's own
 * 5-minute limit. What the scenario started (the execution, its simulated contact, the test
 * case) is stopped and deleted by the target's ContactLedger, also when a step fails.
 */
import { randomUUID } from "node:crypto";
import {
  CreateTestCaseCommand,
  GetTestCaseExecutionSummaryCommand,
  StartTestCaseExecutionCommand,
  type ConnectClient,
} from "@aws-sdk/client-connect";
import { listExecutionRecords } from "./execution-records.js";
import { failureOf } from "../../simulators/connect/testing/file-result.js";
import { RUN_TIME_LIMIT_MS } from "../../simulators/connect/testing/limits.js";
import type { CompiledScenario } from "./compile.js";

export interface TestCaseCallHost {
  connect: ConnectClient;
  instanceId: string;
  /** Waits this long on the target's time (a real wait on staging). */
  wait(ms: number): Promise<void>;
}

/** One execution record, its Record parsed (the service does not publish its schema: only what is read here is typed). */
interface Rec {
  ObservationId: string;
  Status: "PASSED" | "FAILED" | "IN_PROGRESS" | "STOPPED";
  Timestamp: number;
  Record: { Type?: string; ContactId?: string; FailureReason?: string; Event?: { SeenInstead?: { Text?: string }[]; Observed?: Record<string, unknown>[] }; [key: string]: unknown };
}

/** Polling: first look after half a second, then half as long again each time, at most every 2 s (the service's advice for its rates). */
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 2000;
/** The run ends at its 5-minute limit; past that and a minute more, nothing will come. */
const PATIENCE_MS = RUN_TIME_LIMIT_MS + 60_000;
const FINISHED = new Set(["PASSED", "FAILED", "STOPPED"]);
/**
 * Starts the service is known to refuse or drop under load, tried again: a 402 when 100 runs
 * are in flight, and a run that ends FAILED with INITIALIZATION_FAILURE before its contact
 * starts ("limit reached", seen with only 2–3 runs in flight). Each try is a new execution
 * (a new ClientToken: the old one would return the failed run again).
 */
const START_TRIES = 4;
const START_BACKOFF_MS = 5000;

/** A test-case name is unique on an instance: outlines' examples share a scenario name, and runs overlap. */
function uniqueName(name: string): string {
  return `${name.slice(0, 90)} [flowsim ${randomUUID().slice(0, 8)}]`;
}

/** Whether a test case is one a scenario made for its caller (deleted after it: one still there was left behind). */
export const isScenarioTestCase = (name: string) => /\[flowsim [0-9a-f]{8}\]$/.test(name);

/** A record's JSON; one that is not JSON is kept as written (the schema is not published, and messages quote it). */
function parsed(record: string | undefined): Rec["Record"] {
  try {
    return JSON.parse(record ?? "{}") as Rec["Record"];
  } catch {
    return { Raw: record };
  }
}

export class TestCaseCall {
  private ids?: { InstanceId: string; TestCaseId: string; TestCaseExecutionId: string };
  /** The simulated contact of the run, once its EXECUTION_START record names it. */
  contactId?: string;

  constructor(
    readonly compiled: CompiledScenario,
    private readonly host: TestCaseCallHost,
  ) {}

  /** Creates the test case and starts it; resolves with the simulated contact's id. */
  async start(): Promise<string> {
    if (this.ids) throw new Error("the test case of this scenario has started already: a test case has one caller");
    const { connect, instanceId: InstanceId } = this.host;
    const tc = this.compiled.testCase;
    const created = await connect.send(
      new CreateTestCaseCommand({ InstanceId, Name: uniqueName(tc.Name), Description: tc.Description, Content: tc.Content, EntryPoint: tc.EntryPoint, InitializationData: tc.InitializationData, Status: "PUBLISHED" }),
    );
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryStart(created.TestCaseId!);
      if (outcome.contactId) return (this.contactId = outcome.contactId);
      if (attempt >= START_TRIES) throw new Error(`the test case's call never started (${START_TRIES} tries): ${outcome.refused}`);
      await this.host.wait(START_BACKOFF_MS * attempt * (0.5 + Math.random()));
    }
  }

  /** One start: the run's contact, or why the service would not start it (a refusal worth another try). */
  private async tryStart(TestCaseId: string): Promise<{ contactId?: string; refused?: string }> {
    const { connect, instanceId: InstanceId } = this.host;
    let started;
    try {
      started = await connect.send(new StartTestCaseExecutionCommand({ InstanceId, TestCaseId }));
    } catch (err) {
      if ((err as Error).name !== "ServiceQuotaExceededException") throw err;
      return { refused: `${(err as Error).name}: ${(err as Error).message}` };
    }
    this.ids = { InstanceId, TestCaseId, TestCaseExecutionId: started.TestCaseExecutionId! };
    return this.poll("the test case's call to start", async () => {
      const records = await this.records();
      const contactId = records.find((r) => r.Record.Type === "EXECUTION_START")?.Record.ContactId;
      if (contactId) return { contactId };
      if (!(await this.finished())) return undefined;
      const final = await this.records();
      const completion = final.find((r) => r.Record.Type === "COMPLETION")?.Record as { CompletionReason?: { FailureReasons?: string[] } } | undefined;
      if (completion?.CompletionReason?.FailureReasons?.includes("INITIALIZATION_FAILURE")) return { refused: this.failure(final) };
      throw new Error(`the test case's call never started: ${this.failure(final)}`);
    });
  }

  /**
   * Waits until every observation `stepId` became has passed; fails with the run's own
   * account when one failed or the run ended without it. Resolves with what each matched,
   * as its record tells it (`Event.Observed`: for a message, the text received).
   */
  async observed(stepId: string, step: string): Promise<Record<string, unknown>[]> {
    const wanted = this.compiled.compiled.get(stepId);
    if (wanted === undefined) throw new Error(`the step "${step}" is not part of the scenario's test case`);
    const seen = (records: Rec[]) => wanted.flatMap((id) => records.find((r) => r.Record.Type === "OBSERVATION" && r.ObservationId === id)?.Record.Event?.Observed ?? []);
    return this.poll(`"${step}"`, async () => {
      const records = await this.records();
      const of = (id: string) => records.find((r) => r.Record.Type === "OBSERVATION" && r.ObservationId === id);
      const failed = wanted.map(of).find((r) => r?.Status === "FAILED" || r?.Status === "STOPPED");
      if (failed) throw new Error(`${step}: the test case's observation "${failed.ObservationId}" ${failed.Status === "STOPPED" ? "was stopped" : "failed"}: ${this.told(failed)}`);
      if (wanted.every((id) => of(id)?.Status === "PASSED")) return seen(records);
      if (await this.finished()) {
        // It may have finished between the two reads: its records are complete only now.
        const final = await this.records();
        const missing = wanted.filter((id) => final.find((r) => r.Record.Type === "OBSERVATION" && r.ObservationId === id)?.Status !== "PASSED");
        if (!missing.length) return seen(final);
        throw new Error(`${step}: the test case ended before ${missing.map((m) => `"${m}"`).join(", ")} passed: ${this.failure(final)}`);
      }
      return undefined;
    });
  }

  /** Waits until the run has finished (the call ended with it); fails unless it passed. */
  async ended(step: string): Promise<void> {
    const status = await this.poll(`"${step}"`, () => this.finished());
    if (status !== "PASSED") throw new Error(`${step}: the test case ${status}: ${this.failure(await this.records())}`);
  }

  /** For the report: the test case as run and, once it started, its records so far (parsed). */
  async evidence(): Promise<{ testCase: CompiledScenario["testCase"]; records?: Rec[] }> {
    return { testCase: this.compiled.testCase, ...(this.ids && { records: await this.records() }) };
  }

  /** The run's status once it has finished, else undefined. */
  private async finished(): Promise<string | undefined> {
    const s = await this.host.connect.send(new GetTestCaseExecutionSummaryCommand(this.started()));
    return FINISHED.has(s.Status ?? "") ? s.Status : undefined;
  }

  private started(): NonNullable<TestCaseCall["ids"]> {
    if (!this.ids) throw new Error("no caller has called yet: the scenario's test case starts when the caller calls");
    return this.ids;
  }

  /** Every record so far. */
  private async records(): Promise<Rec[]> {
    const records = await listExecutionRecords(this.host.connect, this.started());
    return records.map((r) => ({ ObservationId: r.ObservationId ?? "", Status: r.Status as Rec["Status"], Timestamp: r.Timestamp?.getTime() ?? 0, Record: parsed(r.Record) }));
  }

  /** A failed observation's reason, with what the caller heard instead when the record says. */
  private told(r: Rec): string {
    const instead = (r.Record.Event?.SeenInstead ?? []).map((e) => e.Text).filter((t): t is string => typeof t === "string");
    return `${r.Record.FailureReason ?? "no reason given"}${instead.length ? `; heard instead: ${instead.map((t) => JSON.stringify(t)).join(", ")}` : ""}`;
  }

  /** The run's failure as its records tell it: the first failed observation, else the completion's message. */
  private failure(records: Rec[]): string {
    const first = records.find((r) => r.Record.Type === "OBSERVATION" && r.Status === "FAILED");
    if (first) return `the observation "${first.ObservationId}" failed: ${this.told(first)}`;
    return failureOf(records as never)?.reason || "its records give no reason";
  }

  /** Looks with backoff until `check` answers, bounded by the run's own limit (on the target's time). */
  private async poll<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
    let waited = 0;
    for (let delay = FIRST_POLL_MS; ; delay = Math.min(MAX_POLL_MS, delay * 1.5)) {
      const answer = await check();
      if (answer !== undefined) return answer;
      if (waited > PATIENCE_MS) throw new Error(`waited ${Math.round(waited / 1000)} s for ${what} and the test case has not finished (its limit is ${RUN_TIME_LIMIT_MS / 60_000} minutes)`);
      await this.host.wait(delay);
      waited += delay;
    }
  }
}
