/** The events a run sees, and whether one is the event an observation expects. */
import type { Prompt } from "../flow/host.js";
import type { Runtime } from "../runtime/runtime.js";
import type { ExpectedEvent } from "./model.js";
import { refersTo, type ObservedAction } from "./flow-actions.js";
import { matchMessage, type Medium } from "./similarity.js";

export type RunEvent =
  | { type: "TestInitiated" }
  | { type: "TestCompleted" }
  | { type: "MessageReceived"; prompt: Prompt }
  | { type: "FlowActionStarted" | "FlowActionCompleted"; action: ObservedAction };

export interface Verdict {
  matched: boolean;
  /** The event as records show it (with the similarity score for messages). */
  seen: Record<string, unknown>;
}

function describe(ev: RunEvent): Record<string, unknown> {
  switch (ev.type) {
    case "MessageReceived": {
      const p = ev.prompt;
      return { Type: ev.type, ...(p.text !== undefined ? { Text: p.text } : {}), ...(p.ssml !== undefined ? { SSML: p.ssml } : {}), ...(p.promptId !== undefined ? { PromptId: p.promptId } : {}), ...(p.mediaUri !== undefined ? { Media: { Uri: p.mediaUri } } : {}), FlowAction: p.actionId };
    }
    case "FlowActionStarted":
    case "FlowActionCompleted": {
      const place = ev.action.queue ?? ev.action.hours;
      return { Type: ev.type, ActionType: ev.action.actionType, ActionParameters: ev.action.parameters, ...(place ? { ResourceName: place.name } : {}) };
    }
    default:
      return { Type: ev.type };
  }
}

/** Whether `ev` is what `expected` waits for; `kindMatches` tells an event of the same kind (and flow action type) that differs. */
export function judge(expected: ExpectedEvent, ev: RunEvent, medium: Medium, runtime: Runtime): Verdict & { kindMatches: boolean } {
  const seen = describe(ev);
  if (expected.kind !== ev.type) return { matched: false, kindMatches: false, seen };
  switch (ev.type) {
    case "MessageReceived": {
      const verdict = matchMessage((expected as Extract<ExpectedEvent, { kind: "MessageReceived" }>).message, ev.prompt, medium);
      return { matched: verdict.matched, kindMatches: true, seen: verdict.score === undefined ? seen : { ...seen, Similarity: verdict.score } };
    }
    case "FlowActionStarted":
    case "FlowActionCompleted": {
      const resource = (expected as Extract<ExpectedEvent, { resource: unknown }>).resource;
      return { matched: refersTo(resource, ev.action, runtime), kindMatches: resource.actionType === ev.action.actionType, seen };
    }
    default:
      return { matched: true, kindMatches: true, seen };
  }
}
