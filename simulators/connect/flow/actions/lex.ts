/**
 * ConnectParticipantWithLexBot (reference §2.1, §5.2): one bot turn. The prompt is said,
 * the customer answers (a chat message, or speech or keys on a call), the Lex responder
 * names the intent, `$.Lex` holds what the bot found, and the intent name is the run result.
 */
import { onlyIn, type ActionContext, type ActionDefinition, type Outcome, type ValidationContext } from "../action.js";
import { HostError, type InputEvent, type InputKind } from "../host.js";
import type { FlowAction } from "../model.js";
import type { LexAnswer, LexRequest } from "../responders.js";
import type { LexState } from "../contact.js";
import { PROMPT_PARAMS, errorDetail, isObject, num, playbackMs, promptFields, promptFitsChannel, promptOf } from "./util.js";
import { withArticle } from "../flow-types.js";

/**
 * Chat inactivity before InputTimeLimitExceeded when LexTimeoutSeconds is absent. The
 * console's "Chat timeout" has no documented default; flowsim takes 5 minutes, the value of
 * the documented example ("Text": "300") and Lex's default session timeout.
 */
export const DEFAULT_CHAT_TIMEOUT_SECONDS = 300;
/**
 * How long a caller may stay silent before the turn times out: Lex V2's documented default
 * for `x-amz-lex:audio:start-timeout-ms` (4 s), overridden by that session attribute when
 * the block sets it for every intent and slot (`...:start-timeout-ms:*:*`). Where real Lex
 * would re-prompt, flowsim takes the InputTimeLimitExceeded branch at once.
 */
export const DEFAULT_VOICE_START_TIMEOUT_MS = 4000;
const START_TIMEOUT_KEY = "x-amz-lex:audio:start-timeout-ms";

const q = (v: unknown) => JSON.stringify(v);

function validate(action: FlowAction, v: ValidationContext): void {
  const p = action.Parameters;
  const at = `${v.path}.Parameters`;
  const prompts = promptFields(p);
  if (prompts.length > 1) v.problems.error(at, `Only one of these properties may be defined. Properties: [${prompts.join(", ")}]`, action);
  if (prompts.length === 0 && p.LexInitializationData === undefined) v.problems.error(at, "At least one of [Text, SSML, PromptId, Media, LexInitializationData] must be set", action);
  if (p.LexV2Bot !== undefined && p.LexBot !== undefined) v.problems.error(at, "Only one of these properties may be defined. Properties: [LexV2Bot, LexBot]", action);
  if (p.LexV2Bot === undefined && p.LexBot === undefined) {
    v.problems.error(`${at}.LexV2Bot`, `Action is missing required property. Path: ${at}.LexV2Bot (give LexV2Bot {AliasArn}, or LexBot {Name, Region, Alias} for Lex classic)`, action);
  }
  if (isObject(p.LexV2Bot) && p.LexV2Bot.AliasArn === "") {
    v.problems.warning(`${at}.LexV2Bot.AliasArn`, "AliasArn is empty: no bot is selected, so the block takes the NoMatchingError branch when it runs", action);
  }
}

function positiveInteger(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The bot reference the Lex responder matches on: the alias ARN, or `name:alias` for Lex classic. */
function botOf(ctx: ActionContext): { ref?: string; why?: string } {
  if (isObject(ctx.params.LexV2Bot)) {
    const arn = ctx.text(ctx.params.LexV2Bot.AliasArn);
    return arn ? { ref: arn } : { why: `LexV2Bot.AliasArn ${q(ctx.params.LexV2Bot.AliasArn)} has no value: no bot to connect to` };
  }
  const classic = isObject(ctx.params.LexBot) ? ctx.params.LexBot : {};
  const name = ctx.text(classic.Name);
  const alias = ctx.text(classic.Alias);
  return name && alias ? { ref: `${name}:${alias}` } : { why: "LexBot needs a Name and an Alias" };
}

function sessionAttributesOf(ctx: ActionContext): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = isObject(ctx.params.LexSessionAttributes) ? ctx.params.LexSessionAttributes : {};
  for (const [rawKey, rawValue] of Object.entries(raw)) {
    const key = ctx.text(rawKey) ?? rawKey;
    const value = ctx.text(rawValue);
    if (value === undefined) ctx.note(`session attribute ${key}: ${String(rawValue)} has no value, so it is not sent`);
    else out[key] = value;
  }
  return out;
}

function voiceStartTimeoutMs(attributes: Record<string, string>): number {
  for (const [key, value] of Object.entries(attributes)) {
    const scope = key.slice(START_TIMEOUT_KEY.length);
    if (key.startsWith(START_TIMEOUT_KEY) && scope !== "" && /^[:*.]+$/.test(scope)) {
      const ms = positiveInteger(value);
      if (ms !== undefined) return ms;
    }
  }
  return DEFAULT_VOICE_START_TIMEOUT_MS;
}

/** Waits for the customer's turn; messages from anyone else (an agent, the system) do not answer the bot. */
async function awaitTurn(ctx: ActionContext, accept: InputKind[], timeoutMs: number, bot: string): Promise<InputEvent | undefined> {
  const deadline = ctx.host.clock.now() + timeoutMs;
  for (;;) {
    const left = deadline - ctx.host.clock.now();
    if (left <= 0) return undefined;
    const event = await ctx.host.awaitInput(ctx.contact, { accept, timeoutMs: left, label: `Lex bot turn (${ctx.action.Identifier})`, actionId: ctx.action.Identifier, detail: { bot } }, ctx.signal);
    const role = event?.kind === "message" ? (event.participantRole ?? "").toUpperCase() : "";
    if (role !== "" && role !== "CUSTOMER") {
      ctx.note(`${withArticle(role.toLowerCase())} message does not answer the bot; still waiting for the customer`);
      continue;
    }
    return event;
  }
}

function recordLex(ctx: ActionContext, answer: LexAnswer, sent: Record<string, string>): void {
  const before = ctx.contact.lex;
  const lex: LexState = {
    IntentName: answer.intent,
    Slots: { ...(answer.slots ?? {}) },
    // The bot's own session attributes (set by its Lambda) win over the block's ("Lambda provided > console provided").
    SessionAttributes: { ...sent, ...(answer.sessionAttributes ?? {}) },
    DialogState: answer.fulfilled === false ? "Failed" : "Fulfilled",
  };
  if (answer.confidence !== undefined) lex.IntentConfidence = { Score: String(answer.confidence) };
  if (answer.sentiment) {
    lex.SentimentResponse = { Label: answer.sentiment.label };
    if (answer.sentiment.scores) lex.SentimentResponse.Scores = Object.fromEntries(Object.entries(answer.sentiment.scores).map(([k, s]) => [k, String(s)]));
  }
  ctx.changed("Lex", "IntentName", before.IntentName, lex.IntentName);
  ctx.changed("Lex", "DialogState", before.DialogState, lex.DialogState);
  for (const name of new Set([...Object.keys(before.Slots ?? {}), ...Object.keys(lex.Slots ?? {})])) ctx.changed("Lex", `Slots.${name}`, before.Slots?.[name], lex.Slots?.[name]);
  ctx.contact.lex = lex;
}

async function run(ctx: ActionContext): Promise<Outcome> {
  const channel = ctx.contact.channel;
  // "Supported by all channels", but a task has nobody to answer a bot and flowsim does not model bots on email.
  if (channel === "TASK") return { kind: "error", errorType: "NoMatchingError", detail: "a TASK contact has no customer participant to talk with the bot" };
  if (channel === "EMAIL") return { kind: "error", errorType: "NoMatchingError", detail: "flowsim does not simulate Lex conversations on EMAIL contacts" };
  const bot = botOf(ctx);
  if (!bot.ref) return { kind: "error", errorType: "NoMatchingError", detail: bot.why };
  const init = isObject(ctx.params.LexInitializationData) ? ctx.params.LexInitializationData : undefined;
  if (init && channel !== "CHAT") return { kind: "error", errorType: "NoMatchingError", detail: "LexInitializationData: \"Lex initialization experience is only supported for Chat channel today\"" };
  const sessionAttributes = sessionAttributesOf(ctx);

  if (channel === "VOICE") {
    // "In Amazon Lex mode, the buffer is automatically cleared before bot interaction begins."
    const cleared = ctx.host.dtmfBuffer?.(ctx.contact).clear();
    if (cleared) ctx.note(`${cleared.length} buffered key${cleared.length === 1 ? "" : "s"} cleared before the bot turn`);
  }
  let playMs = 0;
  if (promptFields(ctx.params).length > 0) {
    const prompt = promptOf(ctx);
    if (!promptFitsChannel(prompt, channel)) return { kind: "error", errorType: "NoMatchingError", detail: `the prompt is configured for calls (SSML, a prompt or audio), which ${channel} contacts cannot receive` };
    await ctx.host.say(ctx.contact, prompt);
    if (channel === "VOICE") playMs = playbackMs(prompt);
  }

  let input: { text: string; mode: LexRequest["inputMode"] };
  if (init) {
    const first = ctx.text(init.InitialMessage);
    if (!first) return { kind: "error", errorType: "NoMatchingError", detail: `LexInitializationData.InitialMessage ${q(init.InitialMessage)} has no value: the contact has no initial message` };
    ctx.note("the bot starts from the customer's initial message");
    input = { text: first, mode: "text" };
  } else {
    let timeoutMs: number;
    if (channel === "CHAT") {
      const configured = isObject(ctx.params.LexTimeoutSeconds) ? ctx.params.LexTimeoutSeconds.Text : undefined;
      const seconds = configured === undefined ? DEFAULT_CHAT_TIMEOUT_SECONDS : positiveInteger(ctx.value(configured));
      if (seconds === undefined) return { kind: "error", errorType: "NoMatchingError", detail: `LexTimeoutSeconds.Text ${q(configured)} is not a positive whole number of seconds` };
      timeoutMs = seconds * 1000;
    } else {
      // Lex listens from the start of the prompt (callers may barge in); the silence timer starts when it ends.
      timeoutMs = playMs + voiceStartTimeoutMs(sessionAttributes);
    }
    const event = await awaitTurn(ctx, channel === "CHAT" ? ["message"] : ["utterance", "dtmf"], timeoutMs, bot.ref);
    if (!event) return { kind: "error", errorType: "InputTimeLimitExceeded", detail: `the customer did not answer the bot within ${timeoutMs / 1000} s` };
    if (event.kind === "message" || event.kind === "utterance") input = { text: event.text, mode: event.kind === "message" ? "text" : "speech" };
    else if (event.kind === "dtmf") input = { text: event.digits, mode: "dtmf" };
    else return { kind: "error", errorType: "NoMatchingError", detail: `unexpected ${event.kind} input during a bot turn` };
  }

  let answer: LexAnswer;
  try {
    answer = await ctx.host.responders.lex({ bot: bot.ref, input: input.text, inputMode: input.mode, sessionAttributes, channel, contactId: ctx.contact.id });
  } catch (err) {
    if (err instanceof HostError) return { kind: "error", errorType: "NoMatchingError", detail: `the bot failed: ${errorDetail(err)}` };
    throw err;
  }
  if (answer.timedOut) return { kind: "error", errorType: "InputTimeLimitExceeded", detail: `the bot ran out of time (${ctx.host.responders.lastSource("lex")})` };
  ctx.note(`Lex answer from ${ctx.host.responders.lastSource("lex")}: ${q(input.text)} → ${answer.intent}${answer.fulfilled === false ? " (not fulfilled)" : ""}`);
  recordLex(ctx, answer, sessionAttributes);
  if (answer.fulfilled === false) return { kind: "error", errorType: "NoMatchingError", detail: `the intent ${answer.intent} was not fulfilled` };
  return { kind: "result", value: answer.intent };
}

export const connectParticipantWithLexBot: ActionDefinition = {
  type: "ConnectParticipantWithLexBot",
  family: "participant",
  params: {
    ...PROMPT_PARAMS,
    LexV2Bot: { dynamism: "static", kind: "object", fields: { AliasArn: { dynamism: "any", required: true } } },
    LexBot: {
      dynamism: "static",
      kind: "object",
      fields: { Name: { dynamism: "any", required: true }, Region: { dynamism: "any", required: true }, Alias: { dynamism: "any", required: true } },
    },
    LexSessionAttributes: { dynamism: "any", kind: "map", values: { dynamism: "any", kind: "string" } },
    LexInitializationData: { dynamism: "static", kind: "object", fields: { InitialMessage: { dynamism: "any", required: true } } },
    // Console "Chat timeout": 1 minute to 7 days.
    LexTimeoutSeconds: { dynamism: "static", kind: "object", fields: { Text: { dynamism: "single", kind: "integer", min: 60, max: 604800, rangeSeverity: "warning" } } },
  },
  // Required per the API-verified third-party table (reference §6.2); every export writes both.
  errors: { allowed: ["NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded"], required: ["NoMatchingError", "NoMatchingCondition"] },
  conditions: { operators: ["Equals"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE", "AGENT_TRANSFER", "QUEUE_TRANSFER"]),
  validate,
  run,
};

export const definitions: ActionDefinition[] = [connectParticipantWithLexBot];
