/**
 * One simulated phone contact through a Webex flow, as a test drives it: the caller
 * presses keys and hangs up, an agent is offered the contact and answers, the test moves
 * the clock; and the CallHost that activities use (the caller's line, queues, records).
 * The flows themselves, their events and how the call ends are in call-flows.ts.
 */
import { RealClock, VirtualClock, type Clock } from "../../kernel/clock.js";
import { IdGenerator } from "../../kernel/ids.js";
import { FlowLoadError } from "../../kernel/problems.js";
import type { LoadResult, WebexFlow } from "../model.js";
import { policyWith, type WebexPolicy } from "../policy.js";
import { START_ALIASES } from "../events.js";
import { HttpClient, type ConnectorConfig, type HttpExchange } from "./http.js";
import { defaultResponders, type WebexResponders } from "./responders.js";
import type { BusinessHoursSchedule } from "./business-hours.js";
import type { CallHost, MediaStreamRecord, PromptItem, PromptRecord, QueueRecord, ScreenPopRecord, TransferRecord } from "./host.js";
import { CallerLine } from "./line.js";
import { IoTracker, settle } from "./io.js";
import { CallFlows } from "./call-flows.js";
import { agentOutputs, callAssociatedData, startOutputs, type AgentInfo } from "./event-outputs.js";

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

export class WebexCall extends CallFlows implements CallHost {
  readonly ids: IdGenerator;
  readonly responders: WebexResponders;
  readonly http: HttpClient;
  readonly ani: string;
  readonly dnis: string;
  readonly interactionId: string;

  /** What the caller heard, in order (music included). */
  readonly prompts: PromptRecord[];
  readonly screenPops: ScreenPopRecord[] = [];
  readonly queueHistory: QueueRecord[] = [];
  readonly transfers: TransferRecord[] = [];
  readonly mediaStreams: MediaStreamRecord[] = [];
  readonly httpExchanges: HttpExchange[] = [];

  private readonly line: CallerLine;
  private readonly ioTracker: IoTracker;
  private readonly offered = new Set<string>();
  private readonly options: StartCallOptions;

  constructor(flow: WebexFlow, options: StartCallOptions = {}) {
    super(flow, options.clock ?? new RealClock(), policyWith(options.policy));
    this.options = options;
    this.ids = options.ids instanceof IdGenerator ? options.ids : new IdGenerator(options.ids ?? 1);
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
    for (const [k, v] of Object.entries(options.variables ?? {})) {
      if (!flow.variables.has(k)) throw new Error(`start value for "${k}": the flow declares no such variable`);
      const r = this.state.set(k, v);
      if (!r.ok) throw new Error(`start value for ${r.reason}`);
    }
    this.ani = options.ani ?? "+14085550100";
    this.dnis = options.dnis ?? "+18005550199";
    this.interactionId = options.interactionId ?? this.ids.uuid();
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
    const values = startOutputs({ ani: this.ani, dnis: this.dnis, interactionId: this.interactionId, entryPointId: this.options.entryPointId, flowId: this.flow.id, orgId: this.options.orgId });
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

  /** The interpreter hands activities the call itself. */
  get host(): CallHost {
    return this;
  }

  // ---- internals -----------------------------------------------------------------------

  private requireQueued(what: string): void {
    if (this.status !== "queued") throw new Error(`${what}: the contact is not waiting in a queue (status ${this.status})`);
  }

  private agentOutputs(a: Partial<AgentInfo>): Record<string, unknown> {
    return agentOutputs(a, this.currentQueue, this.options.orgId, callAssociatedData(this.flow, this.state));
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
