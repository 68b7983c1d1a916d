/**
 * Wait (reference §2.2, §5.4): pauses the flow until one of the listed events happens
 * (the result is the event's name) or the time limit passes (`WaitCompleted`). Only the
 * listed events end a Wait: chat idle timers, for one, never do (seed 003).
 */
import type { ActionContext, ActionDefinition, Outcome, ValidationContext } from "../action.js";
import type { InputKind } from "../host.js";
import type { FlowAction } from "../model.js";
import { isObject, num } from "./util.js";

/** "no greater than 604800 (seven days)" */
export const MAX_WAIT_SECONDS = 604_800;
export const WAIT_EVENTS = ["CustomerReturned", "BotParticipantDisconnected"] as const;
type WaitEvent = (typeof WAIT_EVENTS)[number];

const EVENT_INPUT: Record<WaitEvent, InputKind> = { CustomerReturned: "customer-returned", BotParticipantDisconnected: "bot-disconnected" };
const INPUT_EVENT: Partial<Record<InputKind, WaitEvent>> = { "customer-returned": "CustomerReturned", "bot-disconnected": "BotParticipantDisconnected" };
/** The custom participant a Wait with "Participant Type: Bot" watches (Connect ParticipantRole). */
export const BOT_ROLE = "CUSTOM_BOT";

const q = (v: unknown) => JSON.stringify(v);

function eventsOf(params: Record<string, unknown>): WaitEvent[] {
  return Array.isArray(params.Events) ? params.Events.filter((e): e is WaitEvent => (WAIT_EVENTS as readonly unknown[]).includes(e)) : [];
}

/** Exports write TimeLimitSeconds; the documentation says TimeoutSeconds. */
function limitParam(params: Record<string, unknown>): "TimeLimitSeconds" | "TimeoutSeconds" {
  return params.TimeLimitSeconds !== undefined || params.TimeoutSeconds === undefined ? "TimeLimitSeconds" : "TimeoutSeconds";
}

function validate(action: FlowAction, v: ValidationContext): void {
  const p = action.Parameters;
  const at = `${v.path}.Parameters`;
  if (p.TimeLimitSeconds !== undefined && p.TimeoutSeconds !== undefined) v.problems.error(at, "Only one of these properties may be defined. Properties: [TimeLimitSeconds, TimeoutSeconds]", action);
  else if (p.TimeLimitSeconds === undefined && p.TimeoutSeconds === undefined) v.problems.error(`${at}.TimeLimitSeconds`, `Action is missing required property. Path: ${at}.TimeLimitSeconds`, action);
  else if (p.TimeoutSeconds !== undefined) v.problems.warning(`${at}.TimeoutSeconds`, "TimeoutSeconds is the documented name, but exports use TimeLimitSeconds and the API is reported to refuse TimeoutSeconds", action);

  const events = Array.isArray(p.Events) ? p.Events : [];
  events.forEach((e, i) => {
    if (events.indexOf(e) !== i) v.problems.error(`${at}.Events[${i}]`, `Invalid Action property value. Path: ${at}.Events[${i}] (${q(e)} is listed twice)`, action);
  });

  // Every outcome needs its own Condition: WaitCompleted, plus one per listed event.
  const listed = eventsOf(p);
  const operands = new Set<string>();
  const conditions = Array.isArray(action.Transitions?.Conditions) ? action.Transitions.Conditions : [];
  conditions.forEach((c, i) => {
    const operand = isObject(c) && isObject(c.Condition) && Array.isArray(c.Condition.Operands) ? c.Condition.Operands[0] : undefined;
    if (typeof operand !== "string") return;
    operands.add(operand);
    if ((WAIT_EVENTS as readonly string[]).includes(operand) && !listed.includes(operand as WaitEvent)) {
      const cPath = `${v.path}.Transitions.Conditions[${i}].Condition.Operands[0]`;
      v.problems.error(cPath, `Invalid Action property value. Path: ${cPath} (${operand} can never happen: Events does not list it)`, action);
    }
  });
  for (const needed of ["WaitCompleted", ...listed]) {
    if (!operands.has(needed)) v.problems.error(`${v.path}.Transitions.Conditions`, `Invalid Action property value. Path: ${v.path}.Transitions.Conditions (Wait needs a Condition for Equals ${needed}: "WaitCompleted" is always required, and every listed event too)`, action);
  }

  const errors = Array.isArray(action.Transitions?.Errors) ? action.Transitions.Errors : [];
  const hasError = (type: string) => errors.some((e) => isObject(e) && e.ErrorType === type);
  if (hasError("ParticipantNotFound") && !listed.includes("BotParticipantDisconnected")) {
    v.problems.warning(`${v.path}.Transitions.Errors`, "ParticipantNotFound is only raised when the Wait listens for BotParticipantDisconnected; this branch is never taken", action);
  }
  if (listed.includes("BotParticipantDisconnected") && !hasError("ParticipantNotFound")) {
    v.problems.warning(`${v.path}.Transitions.Errors`, "No ParticipantNotFound branch: with no custom bot participant on the contact the Wait takes the NoMatchingError branch", action);
  }
}

async function run(ctx: ActionContext): Promise<Outcome> {
  const channel = ctx.contact.channel;
  if (channel === "VOICE") {
    // The console's voice-only variants (Keep running while waiting, event-based waits) have no documented flow-language keys.
    return { kind: "error", errorType: "NoMatchingError", detail: "a plain Wait is not supported on voice: only chat, task and email contacts can wait" };
  }
  const name = limitParam(ctx.params);
  const raw = ctx.value(ctx.params[name]);
  const seconds = num(raw);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds <= 0 || seconds > MAX_WAIT_SECONDS) {
    return { kind: "error", errorType: "NoMatchingError", detail: `${name} ${q(ctx.params[name])} resolved to ${q(raw)}; it must be a whole number of seconds from 1 to ${MAX_WAIT_SECONDS}` };
  }
  // "Task: It always branches to Time Expired or Error": no customer returns to a task and no bot leaves it.
  const events = channel === "TASK" ? [] : eventsOf(ctx.params);
  if (events.includes("BotParticipantDisconnected") && !ctx.host.hasParticipant?.(ctx.contact, BOT_ROLE)) {
    return { kind: "error", errorType: "ParticipantNotFound", detail: "no custom participant (bot) is associated with the contact" };
  }
  const event = await ctx.host.awaitInput(
    ctx.contact,
    {
      accept: events.map((e) => EVENT_INPUT[e]),
      timeoutMs: seconds * 1000,
      label: events.length ? `waiting for ${events.join(" or ")} (${ctx.action.Identifier})` : `waiting ${seconds} s (${ctx.action.Identifier})`,
      actionId: ctx.action.Identifier,
    },
    ctx.signal,
  );
  if (!event) return { kind: "result", value: "WaitCompleted" };
  const happened = INPUT_EVENT[event.kind];
  if (!happened) return { kind: "error", errorType: "NoMatchingError", detail: `unexpected ${event.kind} input during a Wait` };
  return { kind: "result", value: happened };
}

export const wait: ActionDefinition = {
  type: "Wait",
  family: "flow-control",
  params: {
    TimeLimitSeconds: { dynamism: "single", kind: "integer", min: 1, max: MAX_WAIT_SECONDS },
    TimeoutSeconds: { dynamism: "single", kind: "integer", min: 1, max: MAX_WAIT_SECONDS },
    Events: { dynamism: "static", kind: "array", items: { dynamism: "static", kind: "enum", enum: WAIT_EVENTS } },
  },
  // Every result has a Condition, so NextAction is only the console's copy of a branch.
  nextAction: "optional",
  errors: { allowed: ["NoMatchingError", "ParticipantNotFound"], recommended: ["NoMatchingError"] },
  conditions: { operators: ["Equals"], allowedOperands: ["WaitCompleted", ...WAIT_EVENTS] },
  validate,
  run,
};

export const definitions: ActionDefinition[] = [wait];
