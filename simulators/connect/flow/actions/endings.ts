/** Terminal actions: Disconnect / hang up, End flow / Resume, and a module's Return. */
import { onlyIn, TRANSFER_FLOWS, WHISPER_FLOWS, type ActionDefinition } from "../action.js";

export const disconnectParticipant: ActionDefinition = {
  type: "DisconnectParticipant",
  family: "participant",
  params: {},
  terminal: true,
  errors: { allowed: [] },
  // The action page: "supported ... in contact flows, transfer flows, and customer queue
  // flows"; the admin guide's flow-type table says the same. Hold flows are refused, as the
  // service does. Whisper and campaign flows only warn: the page leaves them out, but older
  // pages allowed the action everywhere and no refusal of them has been seen.
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE", ...TRANSFER_FLOWS], [...WHISPER_FLOWS, "CAMPAIGN"]),
  async run(ctx) {
    await ctx.host.disconnect(ctx.contact, `DisconnectParticipant (${ctx.action.Identifier})`);
    return { kind: "end", reason: "disconnected" };
  },
};

/**
 * The action page allows End flow / Resume only in whisper and customer queue flows; the
 * admin guide allows it everywhere and says that in inbound and disconnect flows it
 * behaves like Disconnect — which is what the runtime does when an inbound flow ends
 * before the contact is queued.
 */
export const endFlowExecution: ActionDefinition = {
  type: "EndFlowExecution",
  family: "flow-control",
  params: {},
  terminal: true,
  errors: { allowed: [] },
  flowTypes: onlyIn(["CUSTOMER_QUEUE", "CUSTOMER_WHISPER", "OUTBOUND_WHISPER", "AGENT_WHISPER"], ["CONTACT_FLOW", "CUSTOMER_HOLD", "AGENT_HOLD", "AGENT_TRANSFER", "QUEUE_TRANSFER", "CAMPAIGN"]),
  async run() {
    return { kind: "end", reason: "ended" };
  },
};

export const endFlowModuleExecution: ActionDefinition = {
  type: "EndFlowModuleExecution",
  family: "contact",
  params: {},
  terminal: true,
  errors: { allowed: [] },
  flowTypes: { ...onlyIn([]), MODULE: "yes" },
  async run() {
    return { kind: "end", reason: "module-returned" };
  },
};

export const definitions: ActionDefinition[] = [disconnectParticipant, endFlowExecution, endFlowModuleExecution];
