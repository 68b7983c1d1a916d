/**
 * Voice ID: Set Voice ID starts streaming the caller's audio to Voice ID
 * (StartVoiceIdStream); Check Voice ID (CheckVoiceId) branches on what Voice ID says,
 * which is the Voice ID responder's answer. Voice calls only; not in hold flows.
 */
import { HOLD_FLOWS, type ActionDefinition, type Outcome } from "../action.js";
import { conditionHolds } from "../conditions.js";
import type { Channel } from "../model.js";
import { isObject } from "./util.js";

/** Result operands per option, as console exports spell them (the docs show display names such as "Not enrolled"). */
export const VOICE_ID_RESULTS = {
  enrollmentStatus: ["Enrolled", "NotEnrolled", "OptedOut"],
  voiceAuthentication: ["Authenticated", "NotAuthenticated", "Inconclusive", "NotEnrolled", "OptedOut"],
  fraudDetection: ["HighRisk", "LowRisk", "Inconclusive"],
} as const;
type VoiceIdOption = keyof typeof VOICE_ID_RESULTS;
const OPTIONS = Object.keys(VOICE_ID_RESULTS) as VoiceIdOption[];
const ALL_RESULTS = [...new Set(OPTIONS.flatMap((o) => VOICE_ID_RESULTS[o]))];

const VOICE_ONLY: Partial<Record<Channel, "error">> = { CHAT: "error", TASK: "error", EMAIL: "error" };
const NOT_IN_HOLD = Object.fromEntries(HOLD_FLOWS.map((t) => [t, "no"]));

/** What StartVoiceIdStream leaves on `contact.behaviours.voiceIdStream`. */
export interface VoiceIdStream {
  startedAt: number;
  actionId: string;
}

export const startVoiceIdStream: ActionDefinition = {
  type: "StartVoiceIdStream",
  family: "flow-control",
  params: {},
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  flowTypes: NOT_IN_HOLD,
  channels: VOICE_ONLY,
  async run(ctx) {
    const before = ctx.contact.behaviours.voiceIdStream as VoiceIdStream | undefined;
    if (before) {
      ctx.note(`Voice ID streaming already started at ${new Date(before.startedAt).toISOString()}`);
      return { kind: "next" };
    }
    const stream: VoiceIdStream = { startedAt: ctx.host.clock.now(), actionId: ctx.action.Identifier };
    ctx.contact.behaviours.voiceIdStream = stream;
    ctx.changed("VoiceId", "Streaming", undefined, "Started");
    return { kind: "next" };
  },
};

export const checkVoiceId: ActionDefinition = {
  type: "CheckVoiceId",
  family: "flow-control",
  params: { CheckVoiceIdOption: { dynamism: "static", kind: "enum", enum: OPTIONS, required: true } },
  // "NoMatchingError if no condition matches": there is no NoMatchingCondition for this action.
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  conditions: { operators: ["Equals"], allowedOperands: ALL_RESULTS },
  flowTypes: NOT_IN_HOLD,
  channels: VOICE_ONLY,
  validate(action, v) {
    const option = action.Parameters?.CheckVoiceIdOption;
    if (typeof option !== "string" || !(OPTIONS as string[]).includes(option)) return;
    const results: readonly string[] = VOICE_ID_RESULTS[option as VoiceIdOption];
    const conditions: unknown = action.Transitions?.Conditions;
    if (!Array.isArray(conditions)) return;
    conditions.forEach((c: unknown, i: number) => {
      const operand = isObject(c) && isObject(c.Condition) && Array.isArray(c.Condition.Operands) ? c.Condition.Operands[0] : undefined;
      if (typeof operand !== "string" || results.includes(operand) || !ALL_RESULTS.includes(operand as never)) return;
      const at = `${v.path}.Transitions.Conditions[${i}].Condition.Operands[0]`;
      v.problems.error(at, `Invalid Action property value. Path: ${at} (${option} results are ${results.join(", ")}; ${JSON.stringify(operand)} can never match)`, action);
    });
  },
  async run(ctx): Promise<Outcome> {
    const option = ctx.params.CheckVoiceIdOption as VoiceIdOption;
    const fail = (detail: string): Outcome => ({ kind: "error", errorType: "NoMatchingError", detail });
    // Voice ID needs the caller's audio (Set Voice ID first), and a speaker to compare it with for everything but fraud detection.
    if (!ctx.contact.behaviours.voiceIdStream) return fail("Voice ID has no audio for this call: StartVoiceIdStream (Set Voice ID) has not run");
    if (option !== "fraudDetection" && !ctx.contact.customerId) return fail(`${option} acts on a known customer, and the contact has no CustomerId (set it with Set contact attributes)`);
    const result = await ctx.host.responders.voiceId(option);
    ctx.note(`Voice ID ${option}: ${result} (${ctx.host.responders.lastSource("voiceId")})`);
    const conditions = ctx.action.Transitions.Conditions ?? [];
    if (!conditions.some((c) => conditionHolds(c.Condition, result))) return fail(`no Condition matches the Voice ID result ${result}`);
    return { kind: "result", value: result };
  },
};

export const definitions: ActionDefinition[] = [checkVoiceId, startVoiceIdStream];
