/**
 * One simulated phone contact through a Webex flow: the main flow runs from the start
 * activity; the caller presses keys and hangs up; an agent answers; event handlers run
 * on their events (AgentOffered, AgentAnswered, AgentDisconnected, PhoneContactEnded,
 * OnGlobalError) and share the flow variables with the main flow.
 *
 * Event semantics (README "Events"): AgentAnswered interrupts the main flow's treatment
 * (music in queue) and runs its handler; the end of the call runs AgentDisconnected (if
 * an agent was on the call) and then PhoneContactEnded; an activity error with no error
 * link stops the main flow and runs OnGlobalError, or — with no handler — drops the call
 * (policy `unhandledError`).
 */
import { RealClock, VirtualClock, type Clock } from "../../kernel/clock.js";
import { IdGenerator } from "../../kernel/ids.js";
import { FlowLoadError } from "../../kernel/problems.js";
import type { Activity, Graph, LoadResult, WebexFlow } from "../model.js";
import { linkFrom } from "../model.js";
import type { RunInfo } from "../activities/types.js";
import { policyWith, type WebexPolicy } from "../policy.js";
import { EVENT_BY_SPEC, START_ALIASES } from "../events.js";
import { HttpClient, type ConnectorConfig, type HttpExchange } from "./http.js";
import { defaultResponders, type WebexResponders } from "./responders.js";
import type { BusinessHoursSchedule } from "./business-hours.js";
import type { CallHost, MediaStreamRecord, PromptItem, PromptRecord, QueueRecord, ScreenPopRecord, TransferRecord } from "./host.js";
import { FlowState, eventNamespace } from "./state.js";
import { runGraph, type InterpreterHost, type RunEnd } from "./interpreter.js";
import type { WebexTraceStep } from "./trace.js";
import type { Namespace } from "../pebble/values.js";
import { CallerLine } from "./line.js";
import { IoTracker, settle } from "./io.js";

export type CallStatus = "ivr" | "queued" | "connected" | "bridged" | "ended" | "handed-off";

export interface AgentInfo {
  agentId: string;
  name?: string;
  email?: string;
  teamId?: string;
  teamName?: string;
  sessionId?: string;
}

export interface StartCallOptions {
  /** Caller number, E.164 or "anonymous" (default +14085550100). */
  ani?: string;
  /** Dialled number (default +18005550199). */
  dnis?: string;
  interactionId?: string;
  entryPointId?: string;
  orgId?: string;
  clock?: Clock;
  /** Seed or generator for ids (interaction id, agent session ids). */
  ids?: IdGenerator | number | string;
  /** connectorId → base URL and credentials, for authenticated HTTP requests. */
  connectors?: Record<string, ConnectorConfig>;
  responders?: Partial<WebexResponders>;
  /** Business Hours schedules by id (used by the default business-hours responder). */
  businessHours?: Record<string, BusinessHoursSchedule>;
  policy?: Partial<WebexPolicy>;
  /** Start values for flow variables (e.g. the Salesforce instance name). */
  variables?: Record<string, unknown>;
  fetch?: typeof fetch;
  /**
   * Real milliseconds `whenIdle()` waits for an HTTP request that shows no progress before
   * calling the call idle anyway (a server that never answers; its timeout then needs the
   * clock to move). Default 2000.
   */
  ioGraceMs?: number;
}

export interface CallError {
  at: number;
  flow: string;
  activity: string;
  message: string;
}

export interface CallSummary {
  status: CallStatus;
  reason: string;
  at: number;
}

const ERROR_EVENT = "GlobalErrorHandling";

function interrupted(why: string): Error {
  const e = new Error(why);
  e.name = "FlowInterrupted";
  return e;
}

export class WebexCall implements CallHost, InterpreterHost {
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly policy: WebexPolicy;
  readonly responders: WebexResponders;
  readonly http: HttpClient;
  readonly state: FlowState;
  readonly ani: string;
  readonly dnis: string;
  readonly interactionId: string;

  readonly trace: WebexTraceStep[] = [];
  /** What the caller heard, in order (music included). */
  readonly prompts: PromptRecord[];
  readonly screenPops: ScreenPopRecord[] = [];
  readonly queueHistory: QueueRecord[] = [];
  readonly transfers: TransferRecord[] = [];
  readonly mediaStreams: MediaStreamRecord[] = [];
  readonly httpExchanges: HttpExchange[] = [];
  /** Activity errors that reached OnGlobalError (or had nowhere to go). */
  readonly errors: CallError[] = [];

  status: CallStatus = "ivr";
  endReason?: string;
  agent?: AgentInfo;
  /** Resolves when the call is over and every event handler has finished. */
  readonly ended: Promise<CallSummary>;

  private resolveEnded!: (s: CallSummary) => void;
  private started = false;
  private endedAt?: number;
  private main?: AbortController;
  private readonly handlers = new Set<AbortController>();
  private readonly running = new Set<Promise<unknown>>();
  private readonly current = new Map<string, Activity>();
  private readonly line: CallerLine;
  private readonly ioTracker: IoTracker;
  private readonly offered = new Set<string>();
  private currentQueue?: QueueRecord;
  private readonly options: StartCallOptions;

  constructor(
    readonly flow: WebexFlow,
    options: StartCallOptions = {},
  ) {
    this.options = options;
    this.clock = options.clock ?? new RealClock();
    this.ids = options.ids instanceof IdGenerator ? options.ids : new IdGenerator(options.ids ?? 1);
    this.policy = policyWith(options.policy);
    this.line = new CallerLine(this.clock, this.policy);
    this.prompts = this.line.prompts;
    this.ioTracker = new IoTracker(options.ioGraceMs ?? 2000);
    const defaults = defaultResponders(options.businessHours);
    this.responders = { ...defaults, ...(options.responders ?? {}) } as WebexResponders;
    this.http = new HttpClient({
      clock: this.clock,
      connectors: options.connectors ?? {},
      retryDelayMs: this.policy.retryDelayMs,
      redactSecrets: this.policy.redactSecrets,
      fetch: options.fetch,
      io: (p) => this.ioTracker.track(p),
      onExchange: (x) => {
        this.httpExchanges.push(x);
        this.addTrace({ kind: "http", at: x.at, flow: x.flow, activity: x.activity, method: x.method, url: x.url, status: x.status, error: x.error, durationMs: x.durationMs, purpose: x.purpose });
      },
    });
    this.state = new FlowState(flow);
    for (const [k, v] of Object.entries(options.variables ?? {})) {
      if (!flow.variables.has(k)) throw new Error(`start value for "${k}": the flow declares no such variable`);
      const r = this.state.set(k, v);
      if (!r.ok) throw new Error(`start value for ${r.reason}`);
    }
    this.ani = options.ani ?? "+14085550100";
    this.dnis = options.dnis ?? "+18005550199";
    this.interactionId = options.interactionId ?? this.ids.uuid();
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  // ---- the test's side of the call -------------------------------------------------

  /** Starts the main flow (startCall does this for you). */
  start(): void {
    if (this.started) throw new Error("the call has already started");
    if (this.flow.flowType === "SUBFLOW") throw new Error(`${this.flow.file} is a subflow: it runs inside a flow, not as a call`);
    if (!this.flow.startId) throw new Error(`${this.flow.file} has no start activity`);
    this.started = true;
    const startActivity = this.flow.main.activities.get(this.flow.startId)!;
    const outputs = this.state.outputs(startActivity.name, START_ALIASES);
    const values: Record<string, unknown> = {
      ANI: this.ani,
      DNIS: this.dnis,
      InteractionId: this.interactionId,
      EntryPointId: this.options.entryPointId ?? "",
      FlowId: this.flow.id ?? "",
      FlowVersionLabel: "Latest",
      OrgId: this.options.orgId ?? "",
      PSTNRegion: "",
      Headers: "{}",
      CallbackType: "",
      ScheduleSourceInteractionId: "",
      CallbackReason: "",
      Payload: "",
    };
    for (const [k, v] of Object.entries(values)) outputs.set(k, v);
    this.addTrace({ kind: "call", at: this.clock.now(), what: "started", detail: `${this.ani} → ${this.dnis}` });
    this.main = new AbortController();
    this.launch(this.flow.main, this.flow.startId, { label: "main", kind: "main" }, this.main, [], "call");
  }

  /** Keys the caller presses. False when no menu is listening (the keys are lost, as on a real call). */
  pressKeys(keys: string): boolean {
    if (this.status === "ended" || this.status === "handed-off") return false;
    if (this.line.press(keys)) return true;
    this.addTrace({ kind: "note", at: this.clock.now(), detail: `keys "${keys}" pressed while no menu listens: lost` });
    return false;
  }

  /** The contact is offered to an agent (AgentOffered runs); the main flow goes on. */
  async offer(agentId: string): Promise<void> {
    this.requireQueued("offer");
    this.offered.add(agentId);
    this.addTrace({ kind: "call", at: this.clock.now(), what: "offered", detail: agentId });
    this.fireEvent("AgentOfferContact", this.agentOutputs({ agentId }));
    await this.whenIdle();
  }

  /** An agent answers: the main flow's treatment stops and AgentAnswered runs. */
  async agentAnswers(agentId: string, info: Omit<AgentInfo, "agentId"> = {}): Promise<void> {
    this.requireQueued("agentAnswers");
    if (!this.offered.has(agentId)) await this.offer(agentId);
    this.agent = { agentId, sessionId: this.ids.uuid(), ...info };
    this.status = "connected";
    this.stopMain("an agent answered");
    // Let the interrupted treatment unwind first, so the trace reads in the order things happened.
    await settle();
    this.addTrace({ kind: "call", at: this.clock.now(), what: "agent answered", detail: agentId });
    this.fireEvent("AgentContactAssigned", this.agentOutputs(this.agent));
    await this.whenIdle();
  }

  /** The caller hangs up. */
  async hangUp(): Promise<void> {
    this.endCall("caller hung up");
    await this.whenIdle();
  }

  /** The agent leaves the call (which ends it). */
  async agentHangsUp(): Promise<void> {
    if (this.status !== "connected") throw new Error(`agentHangsUp: no agent is on the call (status ${this.status})`);
    this.endCall("agent hung up");
    await this.whenIdle();
  }

  /**
   * Resolves once no HTTP request is in flight (or those in flight have made no progress
   * for `ioGraceMs` of real time) and the flows wait on the clock, a key, or nothing.
   */
  whenIdle(): Promise<void> {
    return this.ioTracker.whenIdle();
  }

  /**
   * Moves a virtual clock forward timer by timer, letting the flows (and their HTTP
   * requests) settle after each, so a response arriving in real time is never beaten by
   * a timeout that only fell due because the test jumped ahead.
   */
  async advance(ms: number): Promise<void> {
    await this.virtualClock("advance").advance(ms, { between: () => this.whenIdle() });
  }

  /** Fires timers (prompts, timeouts, music) one by one until none is left or `limitMs` has passed; returns true when none is left. */
  async runUntilIdle(limitMs = 3_600_000): Promise<boolean> {
    return (await this.virtualClock("runUntilIdle").runUntilIdle(limitMs, { between: () => this.whenIdle() })).idle;
  }

  private virtualClock(what: string): VirtualClock {
    if (!(this.clock instanceof VirtualClock)) throw new Error(`${what}() needs a VirtualClock`);
    return this.clock;
  }

  /** Flow variables now (shared by the main flow and the event handlers). */
  get variables(): Record<string, unknown> {
    return this.state.snapshot();
  }

  /** Where each running flow is: `{ main: "Music", AgentContactAssigned: "ScreenPopAccount" }`. */
  activities(): Record<string, string> {
    return Object.fromEntries([...this.current].map(([run, a]) => [run, a.name]));
  }

  get queue(): QueueRecord | undefined {
    return this.currentQueue;
  }

  get agentId(): string | undefined {
    return this.agent?.agentId;
  }

  // ---- CallHost: what activities use --------------------------------------------------

  play(items: PromptItem[], o: { flow: string; activity: string; interruptible?: boolean; speakingRate?: number; signal: AbortSignal }): Promise<{ interrupted: boolean }> {
    return this.line.play(items, o);
  }

  playMusic(file: string, durationMs: number | undefined, o: { flow: string; activity: string; signal: AbortSignal }): Promise<void> {
    return this.line.playMusic(file, durationMs, o);
  }

  openKeypad(duringPrompt: boolean): void {
    this.line.openKeypad(duringPrompt);
  }

  nextKey(timeoutMs: number, signal: AbortSignal, label: string): Promise<string | undefined> {
    return this.line.nextKey(timeoutMs, signal, label);
  }

  closeKeypad(): void {
    this.line.closeKeypad();
  }

  enqueue(record: QueueRecord): void {
    this.currentQueue = record;
    this.queueHistory.push(record);
    if (this.status === "ivr") this.status = "queued";
    this.addTrace({ kind: "call", at: record.at, what: "queued", detail: record.queueId });
  }

  recordScreenPop(record: ScreenPopRecord): void {
    this.screenPops.push(record);
  }

  recordTransfer(record: TransferRecord): void {
    this.transfers.push(record);
  }

  recordMediaStream(record: MediaStreamRecord): void {
    this.mediaStreams.push(record);
  }

  // ---- InterpreterHost ---------------------------------------------------------------

  get host(): CallHost {
    return this;
  }

  addTrace(step: WebexTraceStep): void {
    this.trace.push(step);
  }

  setCurrent(run: string, activity: Activity | undefined): void {
    if (activity) this.current.set(run, activity);
    else this.current.delete(run);
  }

  // ---- internals -----------------------------------------------------------------------

  private requireQueued(what: string): void {
    if (this.status !== "queued") throw new Error(`${what}: the contact is not waiting in a queue (status ${this.status})`);
  }

  private agentOutputs(a: Partial<AgentInfo>): Record<string, unknown> {
    return {
      AgentID: a.agentId ?? "",
      AgentName: a.name ?? "",
      AgentEmailId: a.email ?? "",
      AgentSessionID: a.sessionId ?? "",
      QueueID: this.currentQueue?.queueId ?? "",
      QueueName: this.currentQueue?.queueName ?? "",
      TeamID: a.teamId ?? "",
      TeamName: a.teamName ?? "",
      TenantID: this.options.orgId ?? "",
      CAD: JSON.stringify(this.cad()),
      callAssociatedData: JSON.stringify(this.cad()),
    };
  }

  private cad(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const v of this.flow.variables.values()) if (v.cad) out[v.name] = this.state.get(v.name) ?? null;
    return out;
  }

  private stopMain(why: string): void {
    if (this.main && !this.main.signal.aborted) this.main.abort(interrupted(why));
  }

  private launch(graph: Graph, startId: string, run: RunInfo, controller: AbortController, namespaces: Namespace[], from: string): void {
    if (run.kind === "events") this.handlers.add(controller);
    const p = this.runFlow(graph, startId, run, controller.signal, namespaces, from).finally(() => {
      this.handlers.delete(controller);
      this.running.delete(p);
      this.checkEnded();
    });
    this.running.add(p);
  }

  private async runFlow(graph: Graph, startId: string, run: RunInfo, signal: AbortSignal, namespaces: Namespace[], from: string): Promise<void> {
    this.addTrace({ kind: "flow-start", at: this.clock.now(), flow: run.label, from });
    let end: RunEnd;
    try {
      end = await runGraph(this, graph, startId, run, signal, namespaces);
    } catch (e) {
      // A fault in the simulator itself: report it where a test will see it, and stop the call.
      const message = `simulator fault in ${run.label}: ${(e as Error).stack ?? String(e)}`;
      this.errors.push({ at: this.clock.now(), flow: run.label, activity: this.current.get(run.label)?.name ?? "", message });
      this.addTrace({ kind: "flow-end", at: this.clock.now(), flow: run.label, reason: "simulator-fault", detail: message });
      this.setCurrent(run.label, undefined);
      this.endCall(message);
      return;
    }
    this.setCurrent(run.label, undefined);
    const reason = end.kind === "ended" ? end.reason : end.kind === "error" ? "unhandled-error" : "interrupted";
    this.addTrace({ kind: "flow-end", at: this.clock.now(), flow: run.label, reason, detail: end.kind === "error" ? `${end.activity.name}: ${end.message}` : end.kind === "ended" ? end.detail : undefined });
    this.afterRun(run, end);
  }

  private afterRun(run: RunInfo, end: RunEnd): void {
    if (end.kind === "interrupted") return;
    if (end.kind === "error") {
      const err = { at: this.clock.now(), flow: run.label, activity: end.activity.name, message: end.message };
      this.errors.push(err);
      if (run.label === ERROR_EVENT || this.status === "ended" || this.status === "handed-off") {
        // No second OnGlobalError for a failing error handler, nor for a call that is already over.
        if (run.label === ERROR_EVENT) this.unhandled(err);
        return;
      }
      this.globalError(err);
      return;
    }
    switch (end.reason) {
      case "disconnect":
        this.endCall(`disconnected by ${end.activity.name}${run.label === "main" ? "" : ` (${run.label})`}`);
        break;
      case "transferred":
        this.endCall(`transferred to ${end.detail ?? "?"} by ${end.activity.name}`);
        break;
      case "bridged":
        this.status = "bridged";
        this.stopMain("bridged transfer");
        this.addTrace({ kind: "call", at: this.clock.now(), what: "bridged", detail: end.detail });
        break;
      case "handed-off":
        this.handOff(end.detail ?? "");
        break;
      default:
        // End Flow / an unlinked output: this flow stops; the call stays as it is.
        break;
    }
  }

  private globalError(err: CallError): void {
    this.addTrace({ kind: "note", at: err.at, detail: `OnGlobalError: ${err.activity} (${err.flow}): ${err.message}` });
    this.stopMain("OnGlobalError");
    if (!this.fireEvent(ERROR_EVENT, {})) this.unhandled(err);
  }

  private unhandled(err: CallError): void {
    if (this.policy.unhandledError === "disconnect") this.endCall(`dropped: unhandled error in ${err.activity}: ${err.message}`);
    else this.addTrace({ kind: "note", at: this.clock.now(), detail: "unhandled error: the call stays connected with nothing playing (policy unhandledError=stay)" });
  }

  /** Runs an event's handler if it is wired; false when nothing handles the event. */
  private fireEvent(spec: string, outputs: Record<string, unknown>): boolean {
    const id = this.flow.onEvents.get(spec);
    const node = id !== undefined ? this.flow.events.activities.get(id) : undefined;
    const handled = node !== undefined && linkFrom(this.flow.events, node.id, "out") !== undefined;
    this.addTrace({ kind: "event", at: this.clock.now(), event: spec, handled });
    if (!handled) return false;
    const info = EVENT_BY_SPEC.get(spec);
    const ns = eventNamespace([spec, ...(info ? [info.display, ...info.aliases] : []), node.name], outputs);
    this.launch(this.flow.events, node.id, { label: spec, kind: "events" }, new AbortController(), [ns], "event");
    return true;
  }

  private endCall(reason: string): void {
    if (this.status === "ended" || this.status === "handed-off" || !this.started) return;
    const agentWasOn = this.status === "connected";
    this.status = "ended";
    this.endReason = reason;
    this.endedAt = this.clock.now();
    this.stopMain(reason);
    this.closeKeypad();
    this.addTrace({ kind: "call", at: this.endedAt, what: "ended", detail: reason });
    const tail = (async () => {
      if (agentWasOn) {
        this.fireEvent("FCAsk(ContactLastAgentRemoved)", { AgentId: this.agent?.agentId ?? "", AgentEmailId: this.agent?.email ?? "", QueueId: this.currentQueue?.queueId ?? "", TeamId: this.agent?.teamId ?? "", InboundChannel: "telephony", RoutingStrategyId: "" });
        await settle();
      }
      this.fireEvent("ContactEnded", { AgentID: this.agent?.agentId ?? "", AgentEmailID: this.agent?.email ?? "", TeamID: this.agent?.teamId ?? "", QueueID: this.currentQueue?.queueId ?? "", InboundChannel: "telephony", RoutingStrategyID: "" });
    })();
    const p = tail.finally(() => {
      this.running.delete(p);
      this.checkEnded();
    });
    this.running.add(p);
  }

  private handOff(destination: string): void {
    // The destination flow takes the call over; this flow's own event handlers no longer apply.
    this.status = "handed-off";
    this.endReason = `handed off to ${destination}`;
    this.endedAt = this.clock.now();
    this.stopMain("hand-off");
    this.closeKeypad();
    this.addTrace({ kind: "call", at: this.endedAt, what: "handed off", detail: destination });
    this.checkEnded();
  }

  private checkEnded(): void {
    if ((this.status === "ended" || this.status === "handed-off") && this.running.size === 0) {
      this.resolveEnded({ status: this.status, reason: this.endReason ?? "", at: this.endedAt ?? this.clock.now() });
    }
  }
}

/** Loads-or-takes a flow, starts a call on it and lets it run to its first wait. */
export async function startCall(flow: WebexFlow | LoadResult, options: StartCallOptions = {}): Promise<WebexCall> {
  let f: WebexFlow;
  if ("ok" in flow) {
    if (!flow.ok || !flow.flow) throw new FlowLoadError(flow.flow?.file ?? "flow", flow.problems.filter((p) => p.severity === "error"));
    f = flow.flow;
  } else f = flow;
  const call = new WebexCall(f, options);
  call.start();
  await call.whenIdle();
  return call;
}
