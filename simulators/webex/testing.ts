/**
 * Helpers for the Webex engine's own tests: write a small Flow Designer export from a
 * list of activities, load it (failing loudly on errors), and start a call on a virtual clock.
 */
import { VirtualClock } from "../kernel/clock.js";
import { loadWebexFlow } from "./load.js";
import { startCall, type StartCallOptions, type WebexCall } from "./runtime/call.js";
import { EVENT_BY_SPEC } from "./events.js";
import type { LoadResult } from "./model.js";
import type { WebexPolicy } from "./policy.js";

export interface TestActivity {
  name: string;
  /** activityName, e.g. "play-message". */
  type: string;
  props?: Record<string, unknown>;
  /** Output port → name of the target activity. */
  to?: Record<string, string>;
}

export interface TestFlow {
  variables?: { name: string; type?: string; value?: string | null; isCAD?: boolean }[];
  main: TestActivity[];
  /** Event handlers: eventSpecificationName → name of the first activity in `events`. */
  handlers?: Record<string, string>;
  events?: TestActivity[];
  flowType?: string;
}

export const T0 = Date.UTC(2026, 0, 5, 14, 0, 0);

const GROUPS: Record<string, string> = {
  NewPhoneContact: "start",
  event: "event",
  "set-variable": "set-variable",
  "condition-activity": "enum-gateway",
  "case-statement": "enum-gateway",
  "ivr-menu": "enum-gateway",
  "business-hours": "enum-gateway",
  "ivr-virtualassistant": "enum-gateway",
  end: "end",
  "disconnect-contact": "terminating-action",
  "blind-transfer": "terminating-action",
};

function activity(a: TestActivity): [string, unknown] {
  const id = `${a.name}-id`;
  return [id, { id, name: a.name, group: GROUPS[a.type] ?? "action", properties: { activityName: a.type, activityId: a.type, name: a.name, ...(a.props ?? {}) } }];
}

function links(list: TestActivity[]): unknown[] {
  return list.flatMap((a) => Object.entries(a.to ?? {}).map(([port, target]) => ({ id: `${a.name}-${port}`, sourceActivityId: `${a.name}-id`, targetActivityId: `${target}-id`, conditionExpr: port, properties: { value: port } })));
}

/** A Flow Designer export (the `process`/`eventFlows` shape) for the given activities. */
export function webexDoc(spec: TestFlow): Record<string, unknown> {
  const eventNodes: TestActivity[] = Object.entries(spec.handlers ?? {}).map(([event, first]) => ({
    name: event,
    type: "event",
    props: { activityName: undefined, activityId: "event", event: EVENT_BY_SPEC.get(event)?.display ?? event, eventSpecificationName: event },
    to: { out: first },
  }));
  const events = [...eventNodes, ...(spec.events ?? [])];
  return {
    name: "test-flow",
    ...(spec.flowType ? { flowType: spec.flowType } : {}),
    variables: (spec.variables ?? []).map((v) => ({ name: v.name, type: v.type ?? "STRING", value: v.value ?? null, isCAD: v.isCAD ?? false })),
    process: { activities: Object.fromEntries(spec.main.map(activity)), links: links(spec.main) },
    eventFlows: {
      eventsMap: {
        GLOBAL_EVENTS: {
          id: "GLOBAL_EVENTS",
          process: { activities: Object.fromEntries(events.map(activity)), links: links(events) },
          onEvents: Object.fromEntries(eventNodes.map((e) => [e.name, `${e.name}-id`])),
        },
      },
    },
  };
}

export function loadOk(spec: TestFlow | Record<string, unknown>, policy?: Partial<WebexPolicy>): LoadResult {
  const doc = "main" in spec ? webexDoc(spec as TestFlow) : spec;
  const r = loadWebexFlow(structuredClone(doc), { file: "test-flow.json", policy });
  const errors = r.problems.filter((p) => p.severity === "error");
  if (errors.length) throw new Error(`test flow has errors:\n${errors.map((e) => `  [${e.action ?? "-"}] ${e.path}: ${e.message}`).join("\n")}`);
  return r;
}

/** Loads the flow and starts a call on a fresh virtual clock at T0. */
export async function dial(spec: TestFlow, options: StartCallOptions = {}): Promise<{ call: WebexCall; clock: VirtualClock }> {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock(T0);
  const call = await startCall(loadOk(spec, options.policy), { clock, ids: 3, ...options });
  return { call, clock };
}

/** The main flow's path as "name → port" (or "name ✕ error", "name ■ end"). */
export function pathOf(call: WebexCall, flow = "main"): string[] {
  return call.trace.flatMap((s) => {
    if (s.kind !== "activity" || s.flow !== flow) return [];
    if (s.end) return [`${s.name} ■ ${s.end}`];
    if (s.error && !s.port) return [`${s.name} ✕ ${s.error}`];
    return [`${s.name} → ${s.port}${s.error ? " (error)" : ""}`];
  });
}

export const said = (call: WebexCall) => call.prompts.map((p) => p.value);

export const start = (to: string): TestActivity => ({ name: "NewPhoneContact", type: "NewPhoneContact", to: { out: to } });
export const tts = (name: string, text: string, to?: Record<string, string>): TestActivity => ({ name, type: "play-message", props: { toggle: true, promptsTts: [{ type: "tts", value: text }] }, to });
export const end = (name = "End"): TestActivity => ({ name, type: "end" });
export const hangUp = (name = "Bye"): TestActivity => ({ name, type: "disconnect-contact" });
