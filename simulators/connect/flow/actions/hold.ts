/** Hold customer or agent, and Resume contact. */
import { TRANSFER_FLOWS, onlyIn, type ActionDefinition } from "../action.js";

export const PARTICIPANT_STATES = ["AgentOnHold", "CustomerOnHold", "OffHold"] as const;

/**
 * Hold customer or agent. The block decides who is on hold: the state is recorded on the
 * contact (`behaviours.participantState`) and handed to the host, which puts the parties of
 * the call on or off hold and plays the hold flows (runtime/hold.ts). Holding the agent
 * needs an agent on the contact or on the contact it was transferred from.
 */
export const updatePreviousContactParticipantState: ActionDefinition = {
  type: "UpdatePreviousContactParticipantState",
  family: "contact",
  params: { PreviousContactParticipantState: { dynamism: "static", kind: "enum", enum: PARTICIPANT_STATES, required: true } },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  // Action page: inbound and transfer flows; the admin guide adds the outbound whisper flow.
  flowTypes: onlyIn(["CONTACT_FLOW", ...TRANSFER_FLOWS], ["OUTBOUND_WHISPER"]),
  channels: { CHAT: "error", TASK: "error", EMAIL: "error" },
  async run(ctx) {
    const c = ctx.contact;
    const state = ctx.params.PreviousContactParticipantState as (typeof PARTICIPANT_STATES)[number];
    if (state === "AgentOnHold") {
      const agent = c.agentId ?? (c.previousContactId ? ctx.host.findContact(c.previousContactId)?.agentId : undefined);
      if (!agent) return { kind: "error", errorType: "NoMatchingError", detail: "there is no agent on this contact or the contact it came from to put on hold" };
    }
    const before = c.behaviours.participantState as string | undefined;
    ctx.changed("Participants", "State", before, state);
    c.behaviours.participantState = state;
    ctx.host.holdParticipants?.(c, state);
    return { kind: "next" };
  },
};

/**
 * Resume contact. The runtime has no pause yet: a contact counts as paused while
 * `behaviours.paused` is true. Resuming clears it; a contact that is not paused takes the
 * Error branch, since there is nothing to resume. Running the ResumeContact hook flow is
 * the runtime's job.
 */
export const resumeContact: ActionDefinition = {
  type: "ResumeContact",
  family: "contact",
  params: {},
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  async run(ctx) {
    const c = ctx.contact;
    if (c.behaviours.paused !== true) return { kind: "error", errorType: "NoMatchingError", detail: "the contact is not paused" };
    ctx.changed("Contact", "Paused", "true", "false");
    c.behaviours.paused = false;
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [updatePreviousContactParticipantState, resumeContact];
