/**
 * Runs one graph (the main flow or an event handler) from an activity until it ends,
 * is interrupted, or fails with no error link. Each activity becomes one trace step.
 */
import type { Activity, Graph } from "../model.js";
import { linkFrom } from "../model.js";
import { ActivityError, type ActivityContext, type EndReason, type Outcome, type RunInfo } from "../activities/types.js";
import { specOf } from "../activities/registry.js";
import type { CallHost } from "./host.js";
import type { WebexPolicy } from "../policy.js";
import type { FlowState } from "./state.js";
import type { WebexTraceStep } from "./trace.js";
import type { Namespace } from "../pebble/values.js";
import { evaluateTemplate, renderTemplate, TemplateError } from "../pebble/template.js";
import { evaluateJsonPath } from "../jsonpath.js";

export type RunEnd =
  | { kind: "ended"; reason: EndReason | "no-link"; activity: Activity; detail?: string }
  | { kind: "error"; activity: Activity; message: string }
  | { kind: "interrupted"; activity?: Activity };

export interface InterpreterHost {
  readonly host: CallHost;
  readonly state: FlowState;
  readonly policy: WebexPolicy;
  addTrace(step: WebexTraceStep): void;
  /** The activity each run is in (for `WebexCall.activities()`). */
  setCurrent(run: string, activity: Activity | undefined): void;
}

type ActivityStep = Extract<WebexTraceStep, { kind: "activity" }>;

const TRACE_TEXT = 300;

export function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === "AbortError" || e.name === "FlowInterrupted");
}

class Context implements ActivityContext {
  constructor(
    readonly activity: Activity,
    readonly run: RunInfo,
    readonly signal: AbortSignal,
    private readonly ih: InterpreterHost,
    private readonly namespaces: Namespace[],
    private readonly step: ActivityStep,
  ) {}

  get host(): CallHost {
    return this.ih.host;
  }

  get policy(): WebexPolicy {
    return this.ih.policy;
  }

  private template(key: string) {
    const t = this.activity.templates.get(key);
    if (!t) throw new ActivityError(`property ${key} is not set`);
    return t;
  }

  private scope() {
    return this.ih.state.scope(this.namespaces, () => this.host.clock.now(), this.policy.strictVariables);
  }

  hasTemplate(key: string): boolean {
    return this.activity.templates.has(key);
  }

  render(key: string): string {
    return renderTemplate(this.template(key), this.scope());
  }

  evaluate(key: string): unknown {
    return evaluateTemplate(this.template(key), this.scope());
  }

  read(name: string): unknown {
    return this.ih.state.read(name, this.namespaces);
  }

  setVariable(name: string, value: unknown): void {
    const r = this.ih.state.set(name, value);
    if (!r.ok) throw new ActivityError(`cannot set ${r.reason}`);
    (this.step.changes ??= []).push(r.change);
  }

  setOutputs(values: Record<string, unknown>): void {
    const ns = this.ih.state.outputs(this.activity.name);
    for (const [k, v] of Object.entries(values)) ns.set(k, v);
    // The trace keeps long texts short (whole HTTP bodies are in WebexCall.httpExchanges).
    const brief = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" && v.length > TRACE_TEXT ? `${v.slice(0, TRACE_TEXT)}…(${v.length} chars)` : v]));
    this.step.outputs = { ...(this.step.outputs ?? {}), ...brief };
  }

  applyOutputMappings(document: unknown): void {
    for (const m of this.activity.outputs) {
      const r = document === undefined ? ({ matched: false } as const) : evaluateJsonPath(m.path, document);
      if (r.matched) this.setVariable(m.variable, r.value);
      else if (this.policy.jsonPathNoMatch === "empty") {
        this.setVariable(m.variable, "");
        this.note(`${m.path.source} matched nothing: ${m.variable} set to ""`);
      } else this.note(`${m.path.source} matched nothing: ${m.variable} keeps its value`);
    }
  }

  note(text: string): void {
    (this.step.notes ??= []).push(text);
  }

  sleep(ms: number, label: string): Promise<void> {
    return this.host.clock.sleep(ms, this.signal, label);
  }
}

export async function runGraph(ih: InterpreterHost, graph: Graph, startId: string, run: RunInfo, signal: AbortSignal, namespaces: Namespace[]): Promise<RunEnd> {
  const { clock } = ih.host;
  const visits = new Map<string, number>();
  let lastTime = clock.now();
  let stepsAtThisTime = 0;
  let id = startId;
  for (;;) {
    const a = graph.activities.get(id)!;
    if (signal.aborted) return { kind: "interrupted", activity: a };
    const count = (visits.get(id) ?? 0) + 1;
    visits.set(id, count);
    const t0 = clock.now();
    if (t0 !== lastTime) {
      lastTime = t0;
      stepsAtThisTime = 0;
    }
    stepsAtThisTime++;
    const step: ActivityStep = { kind: "activity", at: t0, flow: run.label, activityId: a.id, name: a.name, activityName: a.activityName };
    ih.setCurrent(run.label, a);
    if (stepsAtThisTime > ih.policy.maxActivitiesWithoutTime) {
      // A loop of activities that take no time would run forever; the platform's surge limits stop it.
      step.error = `${stepsAtThisTime - 1} activities ran without time passing: a runaway loop`;
      ih.addTrace(step);
      return { kind: "error", activity: a, message: step.error };
    }
    const spec = specOf(a);
    let outcome: Outcome;
    const limit = ih.policy.selfLoopLimits[a.activityName];
    if (limit !== undefined && count > limit + 1) {
      outcome = { error: `self-loop limit reached: ${spec.title} "${a.name}" already ran ${count - 1} times (limit: ${limit} loops)` };
    } else {
      try {
        outcome = await spec.run(new Context(a, run, signal, ih, namespaces, step));
      } catch (e) {
        if (isAbort(e) || signal.aborted) {
          step.end = "interrupted";
          step.waitedMs = clock.now() - t0;
          ih.addTrace(step);
          return { kind: "interrupted", activity: a };
        }
        if (e instanceof ActivityError) outcome = { error: e.message, port: e.port };
        else if (e instanceof TemplateError) outcome = { error: e.message };
        else throw e;
      }
    }
    if (clock.now() !== t0) step.waitedMs = clock.now() - t0;
    if ("detail" in outcome && outcome.detail !== undefined) step.detail = outcome.detail;
    if ("end" in outcome) {
      step.end = outcome.end;
      ih.addTrace(step);
      return { kind: "ended", reason: outcome.end, activity: a, detail: outcome.detail };
    }
    let port: string | undefined;
    if ("error" in outcome) {
      step.error = outcome.error;
      port = outcome.port ?? spec.errorPorts[0];
      if (port === undefined || !linkFrom(graph, a.id, port)) {
        ih.addTrace(step);
        return { kind: "error", activity: a, message: outcome.error };
      }
    } else port = outcome.port;
    step.port = port;
    const link = linkFrom(graph, a.id, port);
    if (!link) {
      ih.addTrace(step);
      return { kind: "ended", reason: "no-link", activity: a, detail: `output "${port}" is not linked` };
    }
    step.next = graph.activities.get(link.target)?.name;
    ih.addTrace(step);
    id = link.target;
  }
}
