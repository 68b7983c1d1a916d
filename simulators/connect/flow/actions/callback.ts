/** Set callback number, and the Transfer to queue block's "Transfer to callback" tab. */
import { TRANSFER_FLOWS, onlyIn, type ActionDefinition } from "../action.js";
import { HostError } from "../host.js";
import { findReferences, parseWholeReference } from "../jsonpath.js";
import type { QueueRef } from "../contact.js";
import { exclusive } from "./routing.js";
import { errorDetail, flowParam, num, queueParam, unmatched } from "./util.js";
import { aContactOn } from "../flow-types.js";

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Why an instance cannot dial a valid number, or undefined. The service decides this from
 * the instance's telephony settings, which flowsim does not model; flowsim refuses North
 * American premium-rate numbers (+1 900, +1 976), which Amazon Connect does not call.
 */
export function notDialable(number: string): string | undefined {
  if (/^\+1(900|976)/.test(number)) return `${number} is a premium-rate number, which the instance does not dial`;
  return undefined;
}

/** "Must be defined statically" or as one JSONPath: a literal phone number must at least look like one. */
function literalNumberProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || findReferences(value).length > 0) return undefined;
  return E164.test(value) ? undefined : `${JSON.stringify(value)} is not an E.164 phone number (e.g. +12065550100)`;
}

/**
 * Set callback number. Its only errors are InvalidCallbackNumber and CallbackNumberNotDialable
 * (the service refuses a NoMatchingError branch here), so a chat, task or email contact,
 * which the older block table sends down "Error", takes InvalidCallbackNumber: a callback
 * number only means something for a call.
 */
export const updateContactCallbackNumber: ActionDefinition = {
  type: "UpdateContactCallbackNumber",
  family: "contact",
  params: { CallbackNumber: { dynamism: "single", required: true } },
  errors: { allowed: ["InvalidCallbackNumber", "CallbackNumberNotDialable"], required: ["InvalidCallbackNumber", "CallbackNumberNotDialable"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE", ...TRANSFER_FLOWS]),
  validate(action, v) {
    const value = action.Parameters.CallbackNumber;
    if (typeof value === "string" && !parseWholeReference(value)) {
      const p = `${v.path}.Parameters.CallbackNumber`;
      v.problems.error(p, `Invalid Action property value. Path: ${p} (must be a single JSONPath such as $.StoredCustomerInput; it cannot be set statically)`, action);
    }
  },
  async run(ctx) {
    const c = ctx.contact;
    if (c.channel !== "VOICE") return { kind: "error", errorType: "InvalidCallbackNumber", detail: `callback numbers apply to voice contacts; this is ${aContactOn(c.channel)}` };
    const number = ctx.text(ctx.params.CallbackNumber)?.trim() ?? "";
    if (!E164.test(number)) return { kind: "error", errorType: "InvalidCallbackNumber", detail: number ? `"${number}" is not an E.164 phone number` : "the callback number resolved to nothing" };
    const why = notDialable(number);
    if (why) return { kind: "error", errorType: "CallbackNumberNotDialable", detail: why };
    ctx.changed("Contact", "CallbackNumber", c.callbackNumber, number);
    c.callbackNumber = number;
    return { kind: "next" };
  },
};

const DELAY = { dynamism: "static", kind: "integer", min: 1, max: 259_200 } as const;

/**
 * Transfer to callback. The callback dials the number from Set callback number, else the
 * caller's own number, and waits in QueueId / AgentId, else the working queue.
 */
export const createCallbackContact: ActionDefinition = {
  type: "CreateCallbackContact",
  family: "interaction",
  params: {
    QueueId: { dynamism: "single" },
    AgentId: { dynamism: "single" },
    InitialCallDelaySeconds: DELAY,
    // Exports carry "0" (cfSetCallBackflow.json), which must load; the page asks for more than zero.
    MaximumConnectionAttempts: { dynamism: "static", kind: "integer", min: 1, rangeSeverity: "warning", required: true },
    RetryDelaySeconds: { ...DELAY, required: true },
    ContactFlowId: { dynamism: "single" },
    CallerId: { dynamism: "single" },
  },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE", ...TRANSFER_FLOWS]),
  // "This block cannot be used in a callback scenario when using the chat channel."
  channels: { CHAT: "error" },
  validate(action, v) {
    exclusive(action, v, ["QueueId", "AgentId"]);
    const p = action.Parameters;
    const at = `${v.path}.Parameters`;
    if (p.InitialCallDelaySeconds === undefined && p.ContactFlowId === undefined) v.problems.error(`${at}.InitialCallDelaySeconds`, `Action is missing required property. Path: ${at}.InitialCallDelaySeconds`, action);
    if (p.InitialCallDelaySeconds !== undefined && p.ContactFlowId !== undefined) v.problems.warning(`${at}.InitialCallDelaySeconds`, "InitialCallDelaySeconds is ignored when ContactFlowId is set", action);
    const bad = literalNumberProblem(p.CallerId);
    if (bad) v.problems.error(`${at}.CallerId`, `Invalid Action property value. Path: ${at}.CallerId (${bad})`, action);
  },
  async run(ctx) {
    const c = ctx.contact;
    let queue: QueueRef | undefined;
    if (ctx.params.QueueId !== undefined || ctx.params.AgentId !== undefined) {
      const { ref, queue: found, names } = queueParam(ctx);
      if (!found) return { kind: "error", errorType: "NoMatchingError", detail: ref ? unmatched("queue", ref, names) : "QueueId / AgentId has no value" };
      queue = found;
    } else {
      queue = c.targetQueue;
      if (!queue) return { kind: "error", errorType: "NoMatchingError", detail: "no QueueId or AgentId and no working queue set" };
    }

    const customerNumber = c.callbackNumber ?? c.customerEndpoint?.Address;
    if (!customerNumber || !E164.test(customerNumber)) return { kind: "error", errorType: "NoMatchingError", detail: customerNumber ? `the number to call back, "${customerNumber}", is not an E.164 phone number` : "no number to call back (no callback number and no customer phone number)" };

    let maxAttempts = num(ctx.params.MaximumConnectionAttempts)!;
    if (maxAttempts < 1) {
      ctx.note(`MaximumConnectionAttempts ${maxAttempts}: the callback is dialled once`);
      maxAttempts = 1;
    }

    let contactFlowRef: string | undefined;
    let initialDelaySeconds = num(ctx.params.InitialCallDelaySeconds) ?? 0;
    if (ctx.params.ContactFlowId !== undefined) {
      const { ref, flow, names } = flowParam(ctx, "ContactFlowId", "flow");
      if (!flow) return { kind: "error", errorType: "NoMatchingError", detail: ref ? unmatched("published flow", ref, names) : "ContactFlowId has no value" };
      contactFlowRef = flow.id;
      // "If you specify a ContactFlowId, then InitialCallDelaySeconds parameter is ignored."
      initialDelaySeconds = 0;
    }

    let callerId: string | undefined;
    if (ctx.params.CallerId !== undefined) {
      callerId = ctx.text(ctx.params.CallerId)?.trim();
      if (!callerId || !E164.test(callerId)) return { kind: "error", errorType: "NoMatchingError", detail: `the caller ID "${callerId ?? ""}" is not an E.164 phone number` };
    }

    try {
      const callback = await ctx.host.createCallback(c, {
        queue,
        customerNumber,
        initialDelaySeconds,
        maxAttempts,
        retryDelaySeconds: num(ctx.params.RetryDelaySeconds)!,
        contactFlowRef,
        callerId,
      });
      ctx.note(`callback contact ${callback.id} calls ${customerNumber} from queue ${queue.name}`);
    } catch (err) {
      if (err instanceof HostError) return { kind: "error", errorType: "NoMatchingError", detail: errorDetail(err) };
      throw err;
    }
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [updateContactCallbackNumber, createCallbackContact];
