/**
 * The flows of one Webex call and how the call ends: the main flow runs from the start
 * activity; event handlers run on their events (AgentOffered, AgentAnswered,
 * AgentDisconnected, PhoneContactEnded, OnGlobalError) and share the flow variables with
 * the main flow; how each run ends decides what becomes of the call. `WebexCall`
 * (call.ts) builds on this with the test's side of the call and what activities use.
 *
 * Event semantics (README "Events"): AgentAnswered interrupts the main flow's treatment
 * (music in queue) and runs its handler; the end of the call runs AgentDisconnected (if
 * an agent was on the call) and then PhoneContactEnded; an activity error with no error
 * link stops the main flow and runs OnGlobalError, or — with no handler — drops the call
 * (policy `unhandledError`).
 */
import type { Clock } from "../../kernel/clock.js";
import type { Activity, Graph, WebexFlow } from "../model.js";
import { linkFrom } from "../model.js";
import type { RunInfo } from "../activities/types.js";
import type { WebexPolicy } from "../policy.js";
import { EVENT_BY_SPEC } from "../events.js";
import type { CallHost, QueueRecord } from "./host.js";
import { FlowState, eventNamespace } from "./state.js";
import { runGraph, type InterpreterHost, type RunEnd } from "./interpreter.js";
import type { WebexTraceStep } from "./trace.js";
import type { Namespace } from "../pebble/values.js";
import { settle } from "./io.js";
import { contactEndedOutputs, lastAgentRemovedOutputs, type AgentInfo } from "./event-outputs.js";

export type CallStatus = "ivr" | "queued" | "connected" | "bridged" | "ended" | "handed-off";

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

export abstract class CallFlows implements InterpreterHost {
  readonly state: FlowState;
  readonly trace: WebexTraceStep[] = [];
  /** Activity errors that reached OnGlobalError (or had nowhere to go). */
  readonly errors: CallError[] = [];

  status: CallStatus = "ivr";
  endReason?: string;
  agent?: AgentInfo;
  /** Resolves when the call is over and every event handler has finished. */
  readonly ended: Promise<CallSummary>;

  protected started = false;
  protected main?: AbortController;
  protected readonly current = new Map<string, Activity>();
  protected currentQueue?: QueueRecord;
  private resolveEnded!: (s: CallSummary) => void;
  private endedAt?: number;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    readonly flow: WebexFlow,
    readonly clock: Clock,
    readonly policy: WebexPolicy,
  ) {
    this.state = new FlowState(flow);
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** What the activities of every run use; WebexCall is it. */
  abstract readonly host: CallHost;
  /** The caller's line belongs to WebexCall; a call that ends or is handed off stops listening for keys. */
  abstract closeKeypad(): void;

  // ---- InterpreterHost ---------------------------------------------------------------

  addTrace(step: WebexTraceStep): void {
    this.trace.push(step);
  }

  setCurrent(run: string, activity: Activity | undefined): void {
    if (activity) this.current.set(run, activity);
    else this.current.delete(run);
  }

  // ---- running the flows, and how the call ends ----------------------------------------

  protected stopMain(why: string): void {
    if (this.main && !this.main.signal.aborted) this.main.abort(interrupted(why));
  }

  protected launch(graph: Graph, startId: string, run: RunInfo, controller: AbortController, namespaces: Namespace[], from: string): void {
    const p = this.runFlow(graph, startId, run, controller.signal, namespaces, from).finally(() => {
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
  protected fireEvent(spec: string, outputs: Record<string, unknown>): boolean {
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

  protected endCall(reason: string): void {
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
        this.fireEvent("FCAsk(ContactLastAgentRemoved)", lastAgentRemovedOutputs(this.agent, this.currentQueue));
        await settle();
      }
      this.fireEvent("ContactEnded", contactEndedOutputs(this.agent, this.currentQueue));
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
