/** Play prompt / Send message, and Loop prompts for callers waiting in queue or on hold. */
import { HOLD_FLOWS, onlyIn, type ActionDefinition, type ValidationContext } from "../action.js";
import type { FlowAction } from "../model.js";
import { PROMPT_PARAMS, bool, isObject, playbackMs, promptFields, promptFitsChannel, promptOf } from "./util.js";

function checkOneMessageField(params: Record<string, unknown>, path: string, action: FlowAction, v: ValidationContext): void {
  const set = promptFields(params);
  if (set.length > 1) v.problems.error(path, `Only one of these properties may be defined. Properties: [${set.join(", ")}]`, action);
  if (set.length === 0) v.problems.error(path, "At least one of [Text, SSML, PromptId, Media] must be set", action);
}

export const messageParticipant: ActionDefinition = {
  type: "MessageParticipant",
  family: "participant",
  params: { ...PROMPT_PARAMS, SkipWhenDTMFBufferEnabled: { dynamism: "static", kind: "boolean" } },
  errors: { allowed: ["NoMatchingError"] },
  flowTypes: Object.fromEntries(HOLD_FLOWS.map((t) => [t, "no"])),
  channels: { EMAIL: "error" },
  validate(action, v) {
    checkOneMessageField(action.Parameters, `${v.path}.Parameters`, action, v);
  },
  async run(ctx) {
    const prompt = promptOf(ctx);
    if (!promptFitsChannel(prompt, ctx.contact.channel)) {
      return { kind: "error", errorType: "NoMatchingError", detail: `the message is configured for calls (SSML, a prompt or audio), which ${ctx.contact.channel} contacts cannot receive` };
    }
    // "Skip or interrupt this prompt when touchtone buffering is enabled": keys already typed make the prompt pointless.
    const buffer = ctx.contact.channel === "VOICE" ? ctx.host.dtmfBuffer?.(ctx.contact) : undefined;
    if (bool(ctx.params.SkipWhenDTMFBufferEnabled) && buffer?.enabled && buffer.digits !== "") {
      ctx.note(`prompt skipped: the caller already typed ${buffer.digits}`);
      return { kind: "next" };
    }
    await ctx.host.say(ctx.contact, prompt);
    // On a call the flow moves on once the prompt has played, counted as Get customer input
    // and Loop prompts count it (text length, SSML breaks): a flow that keeps a caller with
    // long prompts or silence takes that long, as on a real call. Text on chat arrives at once.
    if (ctx.contact.channel === "VOICE") await ctx.host.clock.sleep(playbackMs(prompt), ctx.signal, `playing prompt (${ctx.action.Identifier})`);
    return { kind: "next" };
  },
};

export const messageParticipantIteratively: ActionDefinition = {
  type: "MessageParticipantIteratively",
  family: "participant",
  params: {
    Messages: { dynamism: "any", kind: "array", required: true, items: { dynamism: "static", kind: "object", fields: PROMPT_PARAMS } },
    InterruptFrequencySeconds: { dynamism: "static", kind: "integer", min: 1 },
  },
  nextAction: "optional",
  errors: { allowed: ["NoMatchingError"] },
  conditions: { operators: ["Equals"], allowedOperands: ["MessagesInterrupted"] },
  flowTypes: onlyIn(["CUSTOMER_QUEUE", "CUSTOMER_HOLD", "AGENT_HOLD"]),
  channels: { CHAT: "error", TASK: "error", EMAIL: "error" },
  validate(action, v) {
    const messages = action.Parameters.Messages;
    if (Array.isArray(messages)) {
      if (messages.length === 0) v.problems.error(`${v.path}.Parameters.Messages`, `Invalid Action property value. Path: ${v.path}.Parameters.Messages (at least one message is needed)`, action);
      messages.forEach((m, i) => isObject(m) && checkOneMessageField(m, `${v.path}.Parameters.Messages[${i}]`, action, v));
    }
    const every = Number(action.Parameters.InterruptFrequencySeconds);
    if (Number.isFinite(every) && every > 0 && every <= 20) {
      v.problems.warning(`${v.path}.Parameters.InterruptFrequencySeconds`, `An interruption every ${every} s: the admin guide advises more than 20 seconds`, action);
    }
  },
  async run(ctx) {
    const messages = (ctx.params.Messages as Record<string, unknown>[]).map((m) => promptOf(ctx, m));
    const every = Number(ctx.params.InterruptFrequencySeconds);
    const interrupt = new AbortController();
    const onOuterAbort = () => interrupt.abort(ctx.signal.reason);
    ctx.signal.addEventListener("abort", onOuterAbort, { once: true });
    const timer = Number.isFinite(every) && every > 0 ? ctx.host.clock.schedule(every * 1000, () => interrupt.abort("interrupt"), `loop prompts interrupt (${ctx.action.Identifier})`) : undefined;
    try {
      for (;;) {
        for (const prompt of messages) {
          await ctx.host.say(ctx.contact, prompt);
          await ctx.host.clock.sleep(playbackMs(prompt), interrupt.signal, `playing prompt (${ctx.action.Identifier})`);
        }
      }
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      ctx.run.resumePoint = ctx.action.Identifier;
      return { kind: "result", value: "MessagesInterrupted" };
    } finally {
      timer?.cancel();
      ctx.signal.removeEventListener("abort", onOuterAbort);
    }
  },
};

export const definitions: ActionDefinition[] = [messageParticipant, messageParticipantIteratively];
