/**
 * Outbound calls: Check call progress (CheckOutboundCallStatus) branches on what answering
 * machine detection heard; Call phone number (CompleteOutboundCall) dials the customer of
 * an outbound contact before the flow's first participant action would.
 */
import type { ActionContext, ActionDefinition, Outcome } from "../action.js";
import type { Channel } from "../model.js";
import type { Contact, InitiationMethod } from "../contact.js";
import { isObject, num } from "./util.js";

export const CALL_STATUSES = ["CallAnswered", "VoicemailBeep", "VoicemailNoBeep", "NotDetected"] as const;
const VOICE_ONLY: Partial<Record<Channel, "error">> = { CHAT: "error", TASK: "error", EMAIL: "error" };

/**
 * Calls with answering machine detection: agent-dialled and external outbound calls, and
 * API voice contacts, which is what StartOutboundVoiceContact (used by campaigns and
 * agentless dialers) creates. Callbacks are dialled without detection.
 */
const DETECTED: ReadonlySet<InitiationMethod> = new Set(["OUTBOUND", "EXTERNAL_OUTBOUND", "API"]);
/** Contacts whose customer leg is an outbound call: the above, plus callbacks. */
const DIALLED: ReadonlySet<InitiationMethod> = new Set([...DETECTED, "CALLBACK"]);

function direction(contact: Contact): string | undefined {
  return contact.segmentAttributes["connect:Direction"]?.ValueString;
}

function isOutboundCall(contact: Contact, methods: ReadonlySet<InitiationMethod>): boolean {
  return contact.channel === "VOICE" && (methods.has(contact.initiationMethod) || direction(contact) === "OUTBOUND");
}

export const checkOutboundCallStatus: ActionDefinition = {
  type: "CheckOutboundCallStatus",
  family: "flow-control",
  params: {},
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  conditions: { operators: ["Equals"], allowedOperands: CALL_STATUSES },
  channels: VOICE_ONLY,
  async run(ctx) {
    if (!isOutboundCall(ctx.contact, DETECTED)) {
      return { kind: "error", errorType: "NoMatchingError", detail: `call progress is only known for outbound campaign calls; this contact's initiation method is ${ctx.contact.initiationMethod}` };
    }
    const status = await ctx.host.responders.outboundCallStatus();
    ctx.note(`call progress: ${status} (${ctx.host.responders.lastSource("outboundCallStatus")})`);
    return { kind: "result", value: status };
  },
};

/** What CompleteOutboundCall leaves on `contact.behaviours.outboundCall`. */
export interface OutboundCallRecord {
  dialledAt: number;
  actionId: string;
  callerId?: string;
  voiceConnector?: Record<string, string | undefined>;
  connectionTimeLimitSeconds?: number;
}

function resolveVoiceConnector(ctx: ActionContext, raw: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, ctx.text(v)]));
}

/**
 * "Can be used only when the contact is in the process of making an outbound call, but
 * has not yet called the outbound number": in the simulator, a voice contact whose
 * customer leg is outbound (see DIALLED) and that no earlier CompleteOutboundCall has
 * dialled. Anything else fails; the action has no error branch, so the flow stops and
 * the trace says why. (Flowsim does not track the implicit dial of a first participant
 * action, so a Play prompt before this action does not count as dialling.)
 */
export const completeOutboundCall: ActionDefinition = {
  type: "CompleteOutboundCall",
  family: "contact",
  params: {
    CallerId: { dynamism: "static", kind: "object", fields: { Number: { dynamism: "single", required: true } } },
    VoiceConnector: {
      dynamism: "static",
      kind: "object",
      fields: {
        VoiceConnectorType: { dynamism: "static", kind: "enum", enum: ["ChimeConnector"], required: true },
        VoiceConnectorArn: { dynamism: "any", required: true },
        FromUser: { dynamism: "any" },
        ToUser: { dynamism: "any" },
        UserToUserInformation: { dynamism: "any" },
      },
    },
    ConnectionTimeLimitSeconds: { dynamism: "any", kind: "integer", min: 1, max: 600 },
  },
  errors: { allowed: [] },
  // The 2022 channel table: Call phone number takes the Error branch on chat and tasks.
  channels: VOICE_ONLY,
  validate(action, v) {
    const p = action.Parameters ?? {};
    if (p.ConnectionTimeLimitSeconds !== undefined && p.VoiceConnector === undefined) {
      v.problems.warning(`${v.path}.Parameters.ConnectionTimeLimitSeconds`, "ConnectionTimeLimitSeconds is only used with a VoiceConnector; without one it has no effect", action);
    }
    if (p.CallerId !== undefined && p.VoiceConnector !== undefined) {
      v.problems.warning(`${v.path}.Parameters.CallerId`, "CallerId is ignored when a VoiceConnector places the call", action);
    }
  },
  async run(ctx): Promise<Outcome> {
    const fail = (detail: string): Outcome => ({ kind: "error", errorType: "NoMatchingError", detail });
    const contact = ctx.contact;
    if (!isOutboundCall(contact, DIALLED)) return fail(`there is no outbound call to place: this contact's initiation method is ${contact.initiationMethod}`);
    const earlier = contact.behaviours.outboundCall as OutboundCallRecord | undefined;
    if (earlier) return fail(`the outbound call was already placed by ${earlier.actionId} at ${new Date(earlier.dialledAt).toISOString()}`);
    const record: OutboundCallRecord = { dialledAt: ctx.host.clock.now(), actionId: ctx.action.Identifier };
    const p = ctx.params;
    if (isObject(p.VoiceConnector)) {
      record.voiceConnector = resolveVoiceConnector(ctx, p.VoiceConnector);
      if (p.ConnectionTimeLimitSeconds !== undefined) {
        const limit = num(ctx.value(p.ConnectionTimeLimitSeconds));
        if (limit === undefined || !Number.isInteger(limit) || limit < 1 || limit > 600) return fail(`ConnectionTimeLimitSeconds ${String(p.ConnectionTimeLimitSeconds)} is not a whole number of seconds from 1 to 600`);
        record.connectionTimeLimitSeconds = limit;
      }
    } else if (isObject(p.CallerId)) {
      record.callerId = ctx.text(p.CallerId.Number);
      if (!record.callerId) return fail(`CallerId.Number ${String(p.CallerId.Number)} has no value`);
    }
    contact.behaviours.outboundCall = record;
    const to = contact.customerEndpoint?.Address ?? "the customer";
    ctx.changed("OutboundCall", "Dialled", undefined, to);
    ctx.note(record.voiceConnector ? `dialled ${to} through voice connector ${record.voiceConnector.VoiceConnectorArn ?? ""}` : `dialled ${to}${record.callerId ? ` showing caller ID ${record.callerId}` : ""}`);
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [checkOutboundCallStatus, completeOutboundCall];
