/**
 * Programs the responders that stand in for systems outside Connect.
 *
 * | Method | Path | Body |
 * |---|---|---|
 * | POST | /_flowsim/responders/lambda | `{function, result?: {...}, error?: "message", delaySeconds?}` (function: name or ARN) |
 * | POST | /_flowsim/responders/lex | `{utterance (or "*"), intent, slots?, sessionAttributes?, confidence?, sentiment?: {label, scores?}, fulfilled?, bot?}` |
 * | POST | /_flowsim/responders/hours | `{hours: id/ARN/name or "*", open: true/false}` (a queue reference works too; 404 when neither exists) |
 * | POST | /_flowsim/responders/metrics | `{queue: id/ARN/name or "*", queueMetrics?: {Size, OldestContactAge...}, agents?: {Available, Staffed, Online...}}` |
 * | POST | /_flowsim/responders/profiles | `{operation, data?: {...}, errorType?}` |
 * | POST | /_flowsim/responders/cases | `{operation, data?: {...}, errorType?}` |
 * | POST | /_flowsim/responders/voice-id | `{option, result}` |
 * | POST | /_flowsim/responders/outbound-call-status | `{status}` |
 * | POST | /_flowsim/responders/phone-transfer | `{phoneNumber (or "*"), outcome: completed/timeout/failed, durationSeconds?}` |
 *
 * `delaySeconds` and `durationSeconds` are 0 to 86400 (a day).
 * | POST | /_flowsim/responders/reset | forget every rule |
 * | GET | /_flowsim/responders/calls | `{lambda: [...requests], lex: [...requests]}` |
 */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { controlError } from "./errors.js";
import { waitMs } from "./durations.js";
import type { CaseOperation, ProfileOperation } from "../../flow/responders.js";

const PROFILE_OPERATIONS: ProfileOperation[] = ["GetCustomerProfile", "CreateCustomerProfile", "UpdateCustomerProfile", "GetCustomerProfileObject", "GetCalculatedAttributesForCustomerProfile", "AssociateContactToCustomerProfile"];
const CASE_OPERATIONS: CaseOperation[] = ["CreateCase", "GetCase", "UpdateCase"];

function stringsOnly(map: Record<string, unknown> | undefined, name: string): Record<string, string> | undefined {
  if (!map) return undefined;
  for (const [k, v] of Object.entries(map)) if (typeof v !== "string") throw controlError.badRequest(`${name}.${k} must be a string`);
  return map as Record<string, string>;
}

export function responderRoutes(api: ApiContext): Route[] {
  const r = api.runtime.responders;
  const post = (path: string, operation: string, handler: (v: Shape, body: Record<string, unknown>) => void): Route => ({
    method: "POST",
    pattern: `/_flowsim/responders/${path}`,
    operation,
    handler: (req) => {
      const v = new Shape(req.body, controlError.badRequest);
      handler(v, req.body);
      return { body: {} };
    },
  });
  return [
    post("lambda", "SetLambdaResponder", (v) => {
      const fn = v.string("function", { required: true, min: 1 });
      const result = v.object("result");
      const error = v.string("error");
      const delayMs = waitMs(v, "delaySeconds");
      v.check();
      if (result && error !== undefined) throw controlError.badRequest("give either result or error, not both");
      r.onLambda(fn!, error !== undefined ? { kind: "error", message: error, delayMs } : { kind: "ok", result: result ?? {}, delayMs });
    }),
    post("lex", "SetLexResponder", (v, body) => {
      const utterance = v.string("utterance", { required: true });
      const intent = v.string("intent", { required: true, min: 1 });
      const confidence = v.number("confidence", { min: 0, max: 1 });
      const fulfilled = v.boolean("fulfilled");
      const bot = v.string("bot");
      const sentiment = v.object("sentiment");
      v.check();
      const slots = stringsOnly(body.slots as Record<string, unknown> | undefined, "slots");
      const sessionAttributes = stringsOnly(body.sessionAttributes as Record<string, unknown> | undefined, "sessionAttributes");
      r.onLex(utterance!, { intent: intent!, slots, sessionAttributes, confidence, fulfilled, sentiment: sentiment as { label: string; scores?: Record<string, number> } | undefined }, bot);
    }),
    post("hours", "SetHoursResponder", (v) => {
      const hours = v.string("hours", { required: true, min: 1 });
      const open = v.boolean("open", { required: true });
      v.check();
      // A rule for hours nothing has would never answer: the caller mistyped, and should hear so now.
      const rt = api.runtime;
      if (hours !== "*" && !rt.findHoursOfOperation(hours!) && !rt.findQueue(hours!)) {
        const names = (list: { name: string }[]) => list.map((x) => `"${x.name}"`).join(", ") || "none";
        throw controlError.notFound(`no hours of operation or queue is named "${hours}" (hours of operation: ${names(rt.resources.hours.all())}; queues: ${names(rt.resources.queues.all())})`);
      }
      r.setHours(hours!, open!);
    }),
    post("metrics", "SetMetricsResponder", (v, body) => {
      const queue = v.string("queue", { required: true, min: 1 });
      v.object("queueMetrics");
      v.object("agents");
      v.check();
      r.setMetrics(queue!, { queue: body.queueMetrics as never, agents: body.agents as never });
    }),
    post("profiles", "SetProfilesResponder", (v) => {
      const operation = v.string("operation", { required: true, enum: PROFILE_OPERATIONS });
      const data = v.object("data");
      const errorType = v.string("errorType");
      v.check();
      r.onProfile(operation as ProfileOperation, errorType ? { kind: "error", errorType } : { kind: "ok", data: data ?? {} });
    }),
    post("cases", "SetCasesResponder", (v) => {
      const operation = v.string("operation", { required: true, enum: CASE_OPERATIONS });
      const data = v.object("data");
      const errorType = v.string("errorType");
      v.check();
      r.onCase(operation as CaseOperation, errorType ? { kind: "error", errorType } : { kind: "ok", data: stringsOnly(data, "data") ?? {} });
    }),
    post("voice-id", "SetVoiceIdResponder", (v) => {
      const option = v.string("option", { required: true, enum: ["enrollmentStatus", "voiceAuthentication", "fraudDetection"] });
      const result = v.string("result", { required: true, min: 1 });
      v.check();
      r.setVoiceId(option!, result!);
    }),
    post("outbound-call-status", "SetOutboundCallStatus", (v) => {
      const status = v.string("status", { required: true, enum: ["CallAnswered", "VoicemailBeep", "VoicemailNoBeep", "NotDetected"] });
      v.check();
      r.setOutboundCallStatus(status!);
    }),
    post("phone-transfer", "SetPhoneTransferResponder", (v) => {
      const phoneNumber = v.string("phoneNumber", { required: true, min: 1 });
      const outcome = v.string("outcome", { required: true, enum: ["completed", "timeout", "failed"] });
      const durationMs = waitMs(v, "durationSeconds");
      v.check();
      r.setPhoneTransfer(phoneNumber!, { outcome: outcome as "completed" | "timeout" | "failed", durationMs });
    }),
    post("reset", "ResetResponders", () => r.reset()),
    {
      method: "GET",
      pattern: "/_flowsim/responders/calls",
      operation: "ListResponderCalls",
      handler: () => ({ body: { lambda: r.lambdaCalls, lex: r.lexCalls } }),
    },
  ];
}
