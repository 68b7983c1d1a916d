/**
 * One run of a test case on a Runtime: starts the contact at the entry point, watches
 * what the contact's flows do, matches it against the active observations, performs
 * their actions, follows the transitions and decides PASSED or FAILED. Every wait is on
 * the runtime's clock; a run that nothing ends stops at the 5-minute limit.
 *
 * Decisions where the reference is uncertain (§1.2, §1.3, §1.6, §10.4, §10.5):
 * - One event may satisfy several active observations (independent groups watch the
 *   same transfer); observations it activates do not see it.
 * - A run passes when no check or action failed and no observation is left active and
 *   unmatched when it ends ("every observation that had to match did match"), whether
 *   it ended by EndTest, because the contact ended, or at the time limit. Observations
 *   never activated count in neither ObservationsPassed nor ObservationsFailed.
 * - When the contact ends without EndTest the run ends at once: nothing more can happen
 *   to a simulated contact (the live service waits 5 s on chat, ~45 s on voice).
 * - TestCompleted fires when the run ends by EndTest, the contact's end or the time
 *   limit, not after a failed check (which "stops the test execution") or a stop.
 * - The contact is disconnected when the run ends, except after StopTestCaseExecution,
 *   which the live service was seen to leave the contact alone for.
 */
import type { Contact } from "../flow/contact.js";
import { HostError } from "../flow/host.js";
import { flowDataLookup } from "../flow/data.js";
import { FlowRun } from "../flow/run-state.js";
import { selectTransition } from "../flow/interpreter.js";
import { watchActions, type ActionWatcher } from "../flow/action-watch.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { Lookup } from "../flow/jsonpath.js";
import type { Timer } from "../../kernel/clock.js";
import type { Runtime } from "../runtime/runtime.js";
import type { RunnableTestCase } from "./model.js";
import { MAX_SEEN_PER_OBSERVATION, RUN_TIME_LIMIT_MS } from "./limits.js";
import { COMPLETION_ROOTS } from "./assertions.js";
import { SimulatedCustomer } from "./customer.js";
import { Overrides } from "./overrides.js";
import { observeAction } from "./flow-actions.js";
import { COMPLETED_TYPES } from "./parse-events.js";
import { judge, type RunEvent } from "./matching.js";
import { perform, type ActionEnvironment } from "./perform.js";
import { countObservations, completionRecord, observationRecord, startRecords, type Completion, type ExecutionRecord, type ObservationCounts, type ObservationState, type RunStatus } from "./records.js";
import { unmatchedReason } from "./explain.js";
import { instructionLine, promptLine, type TranscriptLine } from "./transcript.js";

type EndReason = { kind: "end-test"; observation: string } | { kind: "contact-ended"; why: string } | { kind: "timeout" } | { kind: "failure"; observation: string; assertion: boolean } | { kind: "stopped" };

export interface RunSummary {
  startTime: number;
  endTime?: number;
  status: RunStatus;
  observations: ObservationCounts;
}

export class TestCaseRun {
  status: RunStatus = "INITIATED";
  readonly createdAt: number;
  startedAt?: number;
  endedAt?: number;
  contact?: Contact;
  completion?: Completion;
  /** What the customer heard and said, in order. */
  readonly transcript: TranscriptLine[] = [];
  /** Settles when the run has finished (any status but INITIATED and IN_PROGRESS). */
  readonly done: Promise<void>;
  private settle!: () => void;
  private readonly states: ObservationState[];
  private readonly byId: Map<string, ObservationState>;
  /** Observations in the order they became active (records follow it). */
  private readonly order: ObservationState[] = [];
  private inbox: RunEvent[] = [];
  private draining = false;
  private ending?: EndReason;
  private cleanups: (() => void)[] = [];
  private deadline?: Timer;
  /** Flow actions whose completion an observation has matched: their results become readable. */
  private completed = new Set<string>();
  private env?: ActionEnvironment;

  constructor(
    readonly runtime: Runtime,
    readonly testCase: RunnableTestCase,
    private readonly onFinish?: (run: TestCaseRun) => void,
  ) {
    this.createdAt = runtime.clock.now();
    this.states = testCase.document.observations.map((observation) => ({ observation, status: "inactive", matches: 0, matched: [], actions: [], seenInstead: [] }));
    this.byId = new Map(this.states.map((s) => [s.observation.id, s]));
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  get finished(): boolean {
    return this.status !== "INITIATED" && this.status !== "IN_PROGRESS";
  }

  /** Starts the contact and the run. */
  start(): void {
    if (this.status !== "INITIATED") return;
    this.status = "IN_PROGRESS";
    this.startedAt = this.runtime.clock.now();
    const flow = this.entryFlow();
    if (typeof flow === "string") return this.failToStart(flow);
    let customerId: string | undefined;
    try {
      ({ contact: this.contact, customerId } = this.startContact(flow));
    } catch (err) {
      if (err instanceof HostError) return this.failToStart(err.message);
      throw err;
    }
    const contact = this.contact;
    const base = flowDataLookup(contact, new FlowRun(flow, flow.flowType), this.runtime);
    const lookup: Lookup = (root) => (COMPLETION_ROOTS[root] && !this.completed.has(COMPLETION_ROOTS[root]) ? undefined : base(root));
    const customer = new SimulatedCustomer(this.runtime, contact, customerId, (instruction, outcome, at) => this.transcript.push(instructionLine(instruction, outcome, at)));
    const overrides = new Overrides(this.runtime, contact.id, this.testCase.name);
    this.env = { lookup, customer, overrides, now: () => this.runtime.clock.now() };
    this.cleanups.push(
      () => customer.dispose(),
      () => overrides.dispose(),
      watchActions(contact, this.watcher),
      this.runtime.events.on((e) => {
        if (e.type === "prompt" && e.contact === contact) {
          this.transcript.push(promptLine(e.prompt, this.runtime.clock.now()));
          this.observe({ type: "MessageReceived", prompt: e.prompt });
        }
        else if (e.type === "contact.ended" && e.contact === contact) this.end({ kind: "contact-ended", why: e.reason });
      }),
    );
    this.deadline = this.runtime.clock.schedule(RUN_TIME_LIMIT_MS, () => this.end({ kind: "timeout" }), `test case "${this.testCase.name}": 5-minute limit`);
    this.activate(this.testCase.document.starting);
    // The runtime starts a new contact's flow on a later tick, so TestInitiated's
    // overrides and instructions are in place before the flow's first action.
    this.observe({ type: "TestInitiated" });
  }

  /** StopTestCaseExecution: the run ends STOPPED; the contact is left as it is. */
  stop(): void {
    if (this.status === "INITIATED") {
      this.startedAt = this.runtime.clock.now();
      this.finish({ status: "STOPPED", type: "TIMEOUT", message: "Test case execution stopped by user request", failureReasons: [], at: this.startedAt });
    } else this.end({ kind: "stopped" });
  }

  summary(): RunSummary {
    const counts = this.contact ? countObservations(this.states) : { total: 0, passed: 0, failed: 0 };
    return { startTime: this.startedAt ?? this.createdAt, endTime: this.endedAt, status: this.status, observations: counts };
  }

  /** The execution records so far, in run order. */
  records(): ExecutionRecord[] {
    const started = this.startedAt ?? this.createdAt;
    const out = this.status === "INITIATED" ? [] : [...startRecords(started, this.contact?.id), ...this.order.map(observationRecord)];
    if (this.completion) out.push(completionRecord(this.completion, this.summary().observations, started));
    return out;
  }

  /** Observation states, in document order (for reports). */
  observations(): readonly ObservationState[] {
    return this.states;
  }

  private entryFlow(): LoadedFlow | string {
    const ep = this.testCase.entryPoint;
    if (ep.flowId !== undefined) return this.runtime.findFlow(ep.flowId, "flow") ?? `Failed to start execution of test case: no published flow ${ep.flowId}`;
    const number = ep.type === "VOICE_CALL" && ep.destinationPhoneNumber ? this.runtime.resources.phoneNumbers.find(ep.destinationPhoneNumber) : undefined;
    const flow = number?.contactFlowId ? this.runtime.findFlow(number.contactFlowId, "flow") : undefined;
    return flow ?? `Failed to start execution of test case: no flow answers ${ep.type === "VOICE_CALL" ? ep.destinationPhoneNumber : "the entry point"}`;
  }

  private startContact(flow: LoadedFlow): { contact: Contact; customerId?: string } {
    const ep = this.testCase.entryPoint;
    const data = { attributes: { ...this.testCase.initialData.attributes }, segmentAttributes: structuredClone(this.testCase.initialData.segmentAttributes) };
    if (ep.type === "CHAT") {
      const { contact, customer } = this.runtime.startChat({ flow, displayName: "Customer", ...data });
      return { contact, customerId: customer.id };
    }
    const phone = (address: string | undefined) => (address ? { Address: address, Type: "TELEPHONE_NUMBER" } : undefined);
    return { contact: this.runtime.startContact({ channel: "VOICE", flow, initiationMethod: "INBOUND", customerEndpoint: phone(ep.sourcePhoneNumber), systemEndpoint: phone(ep.destinationPhoneNumber), ...data }) };
  }

  /** Sees each flow action of the contact start (and complete) before the flow moves on. */
  private readonly watcher: ActionWatcher = async (ctx, run) => {
    const seen = this.ending ? undefined : observeAction(ctx, this.runtime);
    if (!seen) return run();
    this.observe({ type: "FlowActionStarted", action: seen });
    if (ctx.contact.ended) return { kind: "end", reason: "disconnected", detail: "the test case ended the contact" };
    const queueAction = seen.actionType === "TransferContactToQueue" || seen.actionType === "DequeueAndTransferToQueue";
    const outcome = queueAction && this.env ? await this.env.overrides.aroundQueueAction(ctx, seen, run) : await run();
    // "Completed" is leaving by a branch that is not an error.
    const completes = COMPLETED_TYPES.includes(seen.actionType) && outcome.kind !== "end" && outcome.kind !== "transfer";
    if (completes && !selectTransition(ctx.action, outcome).branch.startsWith("Error")) this.observe({ type: "FlowActionCompleted", action: seen });
    return outcome;
  };

  private activate(ids: string[]): void {
    for (const id of ids) {
      const s = this.byId.get(id);
      if (!s || s.status !== "inactive") continue;
      s.status = "active";
      s.activatedAt = this.runtime.clock.now();
      this.order.push(s);
    }
  }

  /** Takes an event; events raised while one is being handled wait their turn. Ends the run once it is ending and nothing is left. */
  private observe(event?: RunEvent): void {
    if (event) this.inbox.push(event);
    if (this.draining || this.finished) return;
    this.draining = true;
    try {
      for (let next = this.inbox.shift(); next; next = this.inbox.shift()) this.handle(next);
    } finally {
      this.draining = false;
    }
    if (this.ending && !this.finished) this.conclude();
  }

  private handle(event: RunEvent): void {
    if (this.ending && (event.type !== "TestCompleted" || this.ending.kind === "failure" || this.ending.kind === "stopped")) return;
    for (const s of this.states.filter((x) => x.status === "active")) {
      if (s.status !== "active") continue;
      const verdict = judge(s.observation.event, event, this.contact?.channel === "CHAT" ? "CHAT" : "VOICE", this.runtime);
      if (verdict.matched) this.matched(s, event, verdict.seen);
      else if (verdict.kindMatches) s.seenInstead = [...s.seenInstead, verdict.seen].slice(-MAX_SEEN_PER_OBSERVATION);
      if (this.ending && event.type !== "TestCompleted") return;
    }
  }

  private matched(s: ObservationState, event: RunEvent, seen: Record<string, unknown>): void {
    const env = this.env!;
    s.matches++;
    s.matched = [...s.matched, seen].slice(-MAX_SEEN_PER_OBSERVATION);
    if (event.type === "FlowActionCompleted") this.completed.add(event.action.actionType);
    let endTest = false;
    for (const action of s.observation.actions) {
      const result = perform(action, env);
      s.actions.push(result);
      if (result.status === "FAILED") {
        s.status = "failed";
        s.endedAt = result.at;
        s.failure = `${action.type} ${action.id} failed: ${result.reason}`;
        return this.end({ kind: "failure", observation: s.observation.id, assertion: action.kind === "Assert" });
      }
      if (action.kind === "EndTest") {
        endTest = true;
        break;
      }
    }
    if (s.matches >= s.observation.times) {
      s.status = "passed";
      s.endedAt = this.runtime.clock.now();
      if (!endTest && !this.ending) this.activate(s.observation.next);
    }
    if (endTest) this.end({ kind: "end-test", observation: s.observation.id });
  }

  private end(reason: EndReason): void {
    if (this.ending || this.status !== "IN_PROGRESS") return;
    this.ending = reason;
    if (reason.kind === "end-test" && this.contact && !this.contact.ended) void this.runtime.disconnect(this.contact, `the test case ended (EndTest in ${reason.observation})`);
    const completes = reason.kind === "end-test" || reason.kind === "contact-ended" || reason.kind === "timeout";
    this.observe(completes ? { type: "TestCompleted" } : undefined);
  }

  /** Decides the outcome once the ending's events are handled. */
  private conclude(): void {
    const reason = this.ending!;
    const now = this.runtime.clock.now();
    if (reason.kind === "stopped") {
      for (const s of this.states) if (s.status === "active") Object.assign(s, { status: "stopped", endedAt: now });
      return this.finish({ status: "STOPPED", type: "TIMEOUT", message: "Test case execution stopped by user request", failureReasons: [], at: now });
    }
    const unmatched = this.states.filter((s) => s.status === "active");
    for (const s of unmatched) Object.assign(s, { status: "failed", endedAt: now, failure: unmatchedReason(s, this.contact) });
    const failureReasons = [...(unmatched.length ? ["OBSERVE_EVENT"] : []), ...(reason.kind === "failure" ? [reason.assertion ? "ASSERTION" : "ACTION"] : [])];
    const status = this.states.some((s) => s.status === "failed") ? "FAILED" : "PASSED";
    const message = {
      "end-test": () => `The test ended with EndTest in observation ${(reason as { observation: string }).observation}`,
      "contact-ended": () => `The simulated contact ended: ${(reason as { why: string }).why}`,
      timeout: () => "The test case reached the 5-minute limit",
      failure: () => `Observation ${(reason as { observation: string }).observation} failed`,
    }[reason.kind]();
    this.finish({ status, type: reason.kind === "timeout" ? "TIMEOUT" : status === "PASSED" ? "SUCCESS" : "FAILURE", message, failureReasons, at: now });
  }

  private failToStart(message: string): void {
    this.finish({ status: "FAILED", type: "FAILURE", message, failureReasons: ["INITIALIZATION_FAILURE"], at: this.runtime.clock.now() });
  }

  private finish(completion: Completion): void {
    this.deadline?.cancel();
    this.cleanups.splice(0).forEach((c) => c());
    this.completion = completion;
    this.status = completion.status;
    this.endedAt = completion.at;
    if (completion.status !== "STOPPED" && this.contact && !this.contact.ended) void this.runtime.disconnect(this.contact, "the test case run ended");
    this.settle();
    this.onFinish?.(this);
  }
}
