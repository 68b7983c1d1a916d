/** Transfer to phone number (TransferParticipantToThirdParty, documented until 2023 and still exported). */
import { TRANSFER_FLOWS, onlyIn, type ActionDefinition } from "../action.js";
import { findReferences } from "../jsonpath.js";
import { E164 } from "./callback.js";
import { exclusive } from "./routing.js";
import { bool, isObject, num } from "./util.js";

const DTMF = /^[0-9,*#]{1,50}$/;
/** The console's default ring time. */
const DEFAULT_TIMEOUT_SECONDS = 30;
/** Errors that exist only while the flow continues after the call. */
const CONTINUE_ONLY_ERRORS = ["ConnectionTimeLimitExceeded", "CallFailed"];
const TIMEOUT = { dynamism: "single", kind: "integer", min: 0, max: 600 } as const;

const isLiteral = (v: unknown): v is string => typeof v === "string" && findReferences(v).length === 0;

/**
 * With ContinueFlowExecution False a connected call ends the flow (reason `transferred`;
 * the call itself is the runtime's). With True (or unset) the flow waits for the third
 * party to hang up and goes on at NextAction.
 */
export const transferParticipantToThirdParty: ActionDefinition = {
  type: "TransferParticipantToThirdParty",
  family: "participant",
  params: {
    ThirdPartyPhoneNumber: { dynamism: "any", required: true },
    ThirdPartyConnectionTimeLimitSeconds: TIMEOUT,
    // The former name of ThirdPartyConnectionTimeLimitSeconds: older exports still carry it.
    ThirdPartyConnectionTimeoutSeconds: TIMEOUT,
    ContinueFlowExecution: { dynamism: "static", kind: "boolean" },
    ThirdPartyDTMFDigits: { dynamism: "any" },
    CallerId: { dynamism: "static", kind: "object", fields: { Number: { dynamism: "single" }, Name: { dynamism: "any" } } },
  },
  errors: { allowed: ["ConnectionTimeLimitExceeded", "CallFailed", "NoMatchingError"], recommended: ["NoMatchingError"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE", ...TRANSFER_FLOWS]),
  channels: { CHAT: "error", TASK: "error", EMAIL: "error" },
  validate(action, v) {
    const p = action.Parameters;
    const at = `${v.path}.Parameters`;
    exclusive(action, v, ["ThirdPartyConnectionTimeLimitSeconds", "ThirdPartyConnectionTimeoutSeconds"]);
    if (p.ThirdPartyConnectionTimeoutSeconds !== undefined) v.problems.warning(`${at}.ThirdPartyConnectionTimeoutSeconds`, "ThirdPartyConnectionTimeoutSeconds is the former name of ThirdPartyConnectionTimeLimitSeconds; the service may refuse it", action);
    // Literal numbers that are not E.164 are often deployment placeholders ("+1{{phoneNumber}}"): warn, fail at run time.
    if (isLiteral(p.ThirdPartyPhoneNumber) && !E164.test(p.ThirdPartyPhoneNumber)) v.problems.warning(`${at}.ThirdPartyPhoneNumber`, `${JSON.stringify(p.ThirdPartyPhoneNumber)} is not an E.164 phone number: the transfer takes its Error branch`, action);
    const callerNumber = isObject(p.CallerId) ? p.CallerId.Number : undefined;
    if (isLiteral(callerNumber) && !E164.test(callerNumber)) v.problems.warning(`${at}.CallerId.Number`, `${JSON.stringify(callerNumber)} is not an E.164 phone number: the transfer takes its Error branch`, action);
    if (isLiteral(p.ThirdPartyDTMFDigits) && !DTMF.test(p.ThirdPartyDTMFDigits)) {
      v.problems.error(`${at}.ThirdPartyDTMFDigits`, `Invalid Action property value. Path: ${at}.ThirdPartyDTMFDigits (50 or fewer characters from the digits, comma, * and #)`, action);
    }
    if (p.ContinueFlowExecution !== undefined && !bool(p.ContinueFlowExecution, true)) {
      (action.Transitions.Errors ?? []).forEach((e, i) => {
        if (CONTINUE_ONLY_ERRORS.includes(e?.ErrorType)) v.problems.error(`${v.path}.Transitions.Errors[${i}].ErrorType`, `Invalid Action error. Error: ${e.ErrorType}, Path: ${v.path} (supported only when ContinueFlowExecution is True)`, action);
      });
    }
  },
  async run(ctx) {
    const p = ctx.params;
    const phoneNumber = ctx.text(p.ThirdPartyPhoneNumber)?.trim() ?? "";
    if (!E164.test(phoneNumber)) return { kind: "error", errorType: "NoMatchingError", detail: `"${phoneNumber}" is not an E.164 phone number` };
    const continueFlow = bool(p.ContinueFlowExecution, true);
    const limit = p.ThirdPartyConnectionTimeLimitSeconds ?? p.ThirdPartyConnectionTimeoutSeconds;
    const timeoutSeconds = limit === undefined ? DEFAULT_TIMEOUT_SECONDS : num(ctx.value(limit));
    if (timeoutSeconds === undefined || !Number.isInteger(timeoutSeconds) || timeoutSeconds < 0 || timeoutSeconds > 600) return { kind: "error", errorType: "NoMatchingError", detail: `the connection time limit ${JSON.stringify(ctx.text(limit))} is not a whole number of seconds from 0 to 600` };

    if (p.ThirdPartyDTMFDigits !== undefined) {
      const digits = ctx.text(p.ThirdPartyDTMFDigits) ?? "";
      if (!DTMF.test(digits)) return { kind: "error", errorType: "NoMatchingError", detail: `DTMF digits "${digits}" must be 1 to 50 characters from the digits, comma, * and #` };
      ctx.note(`sends ${digits} once the third party answers`);
    }
    let callerId: string | undefined;
    const caller = isObject(p.CallerId) ? p.CallerId : undefined;
    if (caller?.Number !== undefined) {
      callerId = ctx.text(caller.Number)?.trim() ?? "";
      if (!E164.test(callerId)) return { kind: "error", errorType: "NoMatchingError", detail: `the caller ID "${callerId}" is not an E.164 phone number` };
    }
    if (caller?.Name !== undefined) ctx.note(`caller name "${ctx.text(caller.Name) ?? ""}"`);

    const outcome = await ctx.host.transferToPhoneNumber(ctx.contact, { phoneNumber, timeoutSeconds, continueFlow, callerId }, ctx.signal);
    if (!continueFlow) {
      if (outcome === "completed") return { kind: "end", reason: "transferred", detail: `to ${phoneNumber}` };
      return { kind: "error", errorType: "NoMatchingError", detail: outcome === "timeout" ? `${phoneNumber} did not answer within ${timeoutSeconds} s` : `the call to ${phoneNumber} failed` };
    }
    switch (outcome) {
      case "completed":
        ctx.note(`${phoneNumber} hung up; the flow continues`);
        return { kind: "next" };
      case "timeout":
        return { kind: "error", errorType: "ConnectionTimeLimitExceeded", detail: `${phoneNumber} did not answer within ${timeoutSeconds} s` };
      case "failed":
        return { kind: "error", errorType: "CallFailed", detail: `the call to ${phoneNumber} failed` };
    }
  },
};

export const definitions: ActionDefinition[] = [transferParticipantToThirdParty];
