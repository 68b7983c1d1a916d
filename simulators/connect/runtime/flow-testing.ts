/**
 * Helpers for the flow engine's own tests: build a flow from a few actions, run it on a
 * fresh runtime with a virtual clock, and read back the path it took. It lives in the
 * runtime because it runs flows on one; the flow language itself never imports it (only
 * its tests do, as integration tests of the actions on the real runtime).
 */
import type { FlowAction, FlowDocument, Channel } from "../flow/model.js";
import { loadFlowDocument, type LoadOptions } from "../flow/load.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { FlowType } from "../flow/flow-types.js";
import { Runtime } from "./runtime.js";
import type { ContactSession, StartContactOptions } from "./context.js";
import { VirtualClock } from "../../kernel/clock.js";
import type { TraceStep } from "../flow/trace.js";
import type { Contact } from "../flow/contact.js";
import type { Problem } from "../../kernel/problems.js";
import { readFileSync } from "node:fs";

export type ActionInput = Omit<FlowAction, "Parameters" | "Transitions"> & { Parameters?: Record<string, unknown>; Transitions?: FlowAction["Transitions"] };

/** A flow document from actions; StartAction is the first action unless given. */
export function flowDoc(actions: ActionInput[], extra: Partial<FlowDocument> & { type?: string; name?: string } = {}): FlowDocument {
  const { type, name, ...rest } = extra;
  return {
    Version: "2019-10-30",
    StartAction: actions[0]?.Identifier ?? "",
    Metadata: { ...(type ? { type } : {}), ...(name ? { name } : {}) },
    Actions: actions.map((a) => ({ Parameters: {}, Transitions: {}, ...a })),
    ...rest,
  };
}

/** Loads a document and fails loudly if it has errors (tests of running flows need runnable flows). */
export function loadOk(doc: FlowDocument, source = "test-flow.json", options: LoadOptions = {}): LoadedFlow {
  const flow = loadFlowDocument(structuredClone(doc), source, options);
  const errors = flow.problems.filter((p) => p.severity === "error");
  if (errors.length) throw new Error(`test flow has errors:\n${errors.map((e) => `  ${e.path}: ${e.message}`).join("\n")}`);
  return flow;
}

export interface Harness {
  runtime: Runtime;
  clock: VirtualClock;
  /** Publishes a flow (document or loaded) under a name. */
  publish(doc: FlowDocument | LoadedFlow, name: string, flowType?: FlowType): LoadedFlow;
  /** Starts a contact on a published flow and lets it run to its first wait. */
  start(flowName: string, options?: Partial<StartContactOptions> & { channel?: Channel }): Promise<{ contact: Contact; session: ContactSession }>;
  /** Moves virtual time and lets flows react. */
  advance(ms: number): Promise<void>;
  settle(): Promise<void>;
}

export function harness(seed = 1): Harness {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const runtime = new Runtime({ clock, seed });
  return {
    runtime,
    clock,
    publish(doc, name, flowType) {
      const loaded = "doc" in doc ? doc : loadOk(doc, `${name}.json`, { flowType, name });
      return runtime.publish(loaded, { name });
    },
    async start(flowName, options = {}) {
      const contact = runtime.startContact({ channel: "CHAT", flow: flowName, ...options });
      await clock.settle();
      return { contact, session: runtime.requireSession(contact.id) };
    },
    async advance(ms) {
      await clock.advance(ms);
    },
    async settle() {
      await clock.settle();
    },
  };
}

/** The action steps of a trace as `Identifier → branch`. */
export function pathOf(trace: TraceStep[]): string[] {
  return trace.filter((s): s is Extract<TraceStep, { kind: "action" }> => s.kind === "action").map((s) => `${s.actionId} → ${s.branch}`);
}

/** Identifiers of the actions run, in order. */
export function actionsRun(trace: TraceStep[]): string[] {
  return trace.filter((s): s is Extract<TraceStep, { kind: "action" }> => s.kind === "action").map((s) => s.actionId);
}

/** Texts the flow said to the participant. */
export function said(session: ContactSession): string[] {
  return session.prompts.map((p) => p.text ?? p.ssml ?? p.promptId ?? p.mediaUri ?? "");
}

/** Loads the actions as a flow of this Metadata type; its problems as `severity path: message`. */
export function problemsOf(actions: ActionInput[], type = "contactFlow"): string[] {
  const flow = loadFlowDocument(flowDoc(actions, { type }), "t.json");
  return flow.problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

/** Errors and warnings, each as `path: message` lines (empty when there are none). */
export function bySeverity(problems: Problem[]): { errors: string; warnings: string } {
  const list = (severity: string) => problems.filter((p) => p.severity === severity).map((p) => `${p.path}: ${p.message}`).join("\n");
  return { errors: list("error"), warnings: list("warning") };
}

/** What an action's step noted in the trace (why it took its branch). */
export function detailOf(trace: TraceStep[], actionId: string): string | undefined {
  const step = trace.find((s) => s.kind === "action" && s.actionId === actionId);
  return step && step.kind === "action" ? step.detail : undefined;
}

/**
 * Seed 000's after-contact-work guide, verbatim. The repository ships it with its feature,
 * so the tests need nothing from beside the checkout.
 */
export function seedAcwGuide(): FlowDocument {
  return JSON.parse(readFileSync(new URL("../../../features/after-contact-work/flows/after-contact-work-guide.json", import.meta.url), "utf8")) as FlowDocument;
}
