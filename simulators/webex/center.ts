/**
 * A Webex Contact Center tenant inside the simulator: Flow Designer flows published on
 * entry points and the calls running through them on the simulator's clock. The control
 * plane translates HTTP into calls on this.
 *
 * Decisions:
 * - Every connector an authenticated HTTP Request names gets the one configuration the host
 *   gives (`connector()`): the host decides what the connectors reach (flowsim's server
 *   points them at its Salesforce org).
 * - An entry point runs the flow last published on it (publishing again is a new version).
 * - A call's id is its interaction id; ids come from one generator seeded with the
 *   simulator's seed, so a scenario repeats with the same ids.
 */
import { VirtualClock, type Clock } from "../kernel/clock.js";
import { IdGenerator } from "../kernel/ids.js";
import { loadWebexFlow } from "./load.js";
import { detectWebex } from "./shape.js";
import { startCall, type WebexCall } from "./runtime/call.js";
import type { ConnectorConfig } from "./runtime/http.js";
import type { Problem } from "../kernel/problems.js";
import type { WebexFlow } from "./model.js";

export interface WebexCenterOptions {
  clock: Clock;
  seed?: number | string;
  /** What an authenticated HTTP Request's connector reaches and signs in with (known once the host listens). */
  connector: () => ConnectorConfig;
}

export interface DesktopField {
  variable: string;
  /** `desktopLabel` of the variable (its name when the export gives none). */
  label: string;
  editable: boolean;
}

export interface PublishedWebexFlow {
  flowId: string;
  name: string;
  entryPoint: string;
  flow: WebexFlow;
  /** The flow's Call Associated Data, in declaration order. */
  desktop: DesktopField[];
  /** Connector ids the flow's authenticated HTTP Requests use. */
  connectors: string[];
}

export interface WebexCallRecord {
  callId: string;
  entryPoint: string;
  flow: PublishedWebexFlow;
  call: WebexCall;
  /** The call is over and every event handler has finished (`call.ended` resolved). */
  finished: boolean;
}

export class WebexPublishError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[],
  ) {
    super(message);
    this.name = "WebexPublishError";
  }
}

export class WebexCenter {
  readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly connector: () => ConnectorConfig;
  private readonly flows = new Map<string, PublishedWebexFlow>();
  private readonly entryPoints = new Map<string, PublishedWebexFlow>();
  private readonly callsById = new Map<string, WebexCallRecord>();

  constructor(options: WebexCenterOptions) {
    this.clock = options.clock;
    this.ids = new IdGenerator(`${String(options.seed ?? "flowsim")}:webex`);
    this.connector = options.connector;
  }

  // ---- flows and entry points ---------------------------------------------------------

  /** Loads and checks an export; on errors nothing is published and the problems are thrown. */
  publish(doc: unknown, options: { entryPoint?: string; file?: string } = {}): PublishedWebexFlow & { problems: Problem[] } {
    const result = loadWebexFlow(doc, { file: options.file ?? "flow.json" });
    if (!result.ok || !result.flow) {
      const errors = result.problems.filter((p) => p.severity === "error");
      throw new WebexPublishError(`the flow has ${errors.length} error(s): ${errors.map((p) => `${p.path}: ${p.message}`).join("; ")}`, result.problems);
    }
    if (result.flow.flowType === "SUBFLOW") throw new WebexPublishError("a subflow cannot answer an entry point: publish the flow that uses it", result.problems);
    const flow = result.flow;
    const published: PublishedWebexFlow = {
      flowId: this.ids.uuid(),
      name: flow.name,
      entryPoint: options.entryPoint ?? flow.name,
      flow,
      desktop: desktopFields(doc, flow),
      connectors: connectorIds(flow),
    };
    this.flows.set(published.flowId, published);
    this.entryPoints.set(published.entryPoint, published);
    return { ...published, problems: result.problems };
  }

  /** A published flow by id, or the flow an entry point runs. */
  findFlow(ref: string): PublishedWebexFlow | undefined {
    return this.flows.get(ref) ?? this.entryPoints.get(ref);
  }

  listFlows(): PublishedWebexFlow[] {
    return [...this.entryPoints.values()];
  }

  // ---- calls ----------------------------------------------------------------------------

  /** Starts a call and lets it run until it waits (lookups done, music playing, or ended). */
  async startCall(options: { flow: PublishedWebexFlow; entryPoint?: string; ani: string; dnis?: string; variables?: Record<string, unknown> }): Promise<WebexCallRecord> {
    const { flow } = options;
    const connectors = Object.fromEntries(flow.connectors.map((id) => [id, this.connector()]));
    const call = await startCall(flow.flow, {
      clock: this.clock,
      ids: this.ids,
      ani: options.ani,
      dnis: options.dnis,
      entryPointId: options.entryPoint ?? flow.entryPoint,
      connectors,
      variables: options.variables,
    });
    const record: WebexCallRecord = { callId: call.interactionId, entryPoint: options.entryPoint ?? flow.entryPoint, flow, call, finished: false };
    void call.ended.then(() => (record.finished = true));
    this.callsById.set(record.callId, record);
    return record;
  }

  findCall(id: string): WebexCallRecord | undefined {
    return this.callsById.get(id);
  }

  listCalls(): WebexCallRecord[] {
    return [...this.callsById.values()];
  }

  /** Resolves when no call has an HTTP request in flight (see `WebexCall.whenIdle`). */
  async whenIdle(): Promise<void> {
    await Promise.all([...this.callsById.values()].map((r) => r.call.whenIdle()));
  }

  /**
   * Moves the shared clock timer by timer, letting every call's HTTP requests come back
   * in between: a response that arrives in real time is never beaten by a timeout that
   * only fell due because time jumped ahead.
   */
  async advance(ms: number): Promise<{ now: number; fired: number }> {
    const clock = this.clock;
    if (!(clock instanceof VirtualClock)) throw new Error("the simulator runs on the real clock: time cannot be moved");
    const result = await clock.advance(ms, { between: () => this.whenIdle() });
    return { now: result.now, fired: result.fired.length };
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Call Associated Data with the labels the desktop shows (`desktopLabel` is not kept by the loader). */
function desktopFields(doc: unknown, flow: WebexFlow): DesktopField[] {
  const inner = detectWebex(doc)?.doc;
  const labels = new Map<string, string>();
  if (inner && Array.isArray(inner.variables)) {
    for (const v of inner.variables) if (isObject(v) && typeof v.name === "string" && typeof v.desktopLabel === "string" && v.desktopLabel) labels.set(v.name, v.desktopLabel);
  }
  return [...flow.variables.values()].filter((v) => v.cad).map((v) => ({ variable: v.name, label: labels.get(v.name) ?? v.name, editable: v.agentEditable }));
}

function connectorIds(flow: WebexFlow): string[] {
  const ids = new Set<string>();
  for (const graph of [flow.main, flow.events]) {
    for (const a of graph.activities.values()) {
      if (a.activityName === "http-request-v2" && a.props.authenticated === true && typeof a.props.connectorId === "string" && a.props.connectorId) ids.add(a.props.connectorId);
    }
  }
  return [...ids];
}
