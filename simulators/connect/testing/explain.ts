/** Says, in words, what an observation expected and what happened instead. */
import type { Contact } from "../flow/contact.js";
import type { ExpectedEvent } from "./model.js";
import { describeRef } from "./flow-actions.js";
import type { ObservationState } from "./records.js";

export function describeExpected(event: ExpectedEvent): string {
  switch (event.kind) {
    case "MessageReceived": {
      const m = event.message;
      if (m.promptId !== undefined) return `the prompt ${m.promptId}`;
      if (m.mediaUri !== undefined) return `the media ${m.mediaUri}`;
      return `a message ${m.criteria === "Inclusion" ? "containing" : "similar to"} ${JSON.stringify(m.text ?? m.ssml)}`;
    }
    case "FlowActionStarted":
      return `${event.resource.actionType} to start for the ${describeRef(event.resource)}`;
    case "FlowActionCompleted":
      return `${event.resource.actionType} to complete (not by an error branch) for the ${describeRef(event.resource)}`;
    default:
      return event.kind;
  }
}

function describeSeen(seen: Record<string, unknown>): string {
  if (seen.Type === "MessageReceived") {
    const said = JSON.stringify(seen.Text ?? seen.SSML ?? seen.PromptId ?? (seen.Media as { Uri?: string } | undefined)?.Uri);
    return seen.Similarity !== undefined ? `${said} (similarity ${seen.Similarity})` : said;
  }
  const params = Object.entries((seen.ActionParameters as Record<string, string>) ?? {}).map(([k, v]) => `${k} ${v}`);
  return `${seen.ActionType}${seen.ResourceName ? ` "${seen.ResourceName}"` : ""}${params.length ? ` (${params.join(", ")})` : ""}`;
}

function contactState(contact: Contact | undefined): string {
  if (!contact) return "";
  if (contact.ended) return `the contact ended: ${contact.disconnectReason ?? "no reason given"}`;
  if (contact.state === "QUEUED" && contact.queue) return `the contact was waiting in queue ${contact.queue.name}`;
  return `the contact was ${contact.state.toLowerCase().replace("_", " ")}`;
}

/** Why an observation still active when the run ended failed. */
export function unmatchedReason(s: ObservationState, contact: Contact | undefined): string {
  const kind = s.observation.event.kind;
  const instead = s.seenInstead.length ? `instead: ${s.seenInstead.map(describeSeen).join("; ")}` : `no ${kind} event came while it was active`;
  const matches = s.observation.times > 1 ? ` (${s.matches} of ${s.observation.times} times)` : "";
  const state = contactState(contact);
  return `did not happen${matches}: expected ${describeExpected(s.observation.event)}; ${instead}${state ? `; ${state}` : ""}`;
}
