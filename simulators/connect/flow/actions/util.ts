/** Small readers shared by the action families: exports write numbers and booleans as strings. */
import type { ActionContext, ParamSpec, ValidationContext } from "../action.js";
import type { FlowAction } from "../model.js";
import type { LoadedFlow } from "../loaded-flow.js";
import { resourceNames } from "../metadata.js";
import type { QueueRef } from "../contact.js";
import type { Prompt } from "../host.js";

/** `"True"`, `"true"`, `true` → true; anything else false; undefined → fallback. */
export function bool(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value === "boolean") return value;
  // Only text can say "true"; an object (one without a prototype too) must not be converted.
  return typeof value === "string" && value.trim().toLowerCase() === "true";
}

/** A number from a string or number; undefined when it is not one. */
export function num(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** A resolved parameter as a number (references resolved first). */
export function numParam(ctx: ActionContext, name: string): number | undefined {
  return num(ctx.value(ctx.params[name]));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Resolves a flow or module reference parameter, using the names an export kept beside it. */
export function flowParam(ctx: ActionContext, param: string, kind: "flow" | "module"): { ref: string | undefined; flow: LoadedFlow | undefined; names: string[] } {
  const ref = ctx.text(ctx.params[param]);
  const names = resourceNames(ctx.run.flow, ctx.action.Identifier, param);
  if (ref === undefined || ref === "") return { ref, flow: undefined, names };
  return { ref, flow: ctx.host.findFlow(ref, kind, names), names };
}

/** Resolves a queue reference parameter (QueueId) or an agent's queue (AgentId). */
export function queueParam(ctx: ActionContext): { ref: string | undefined; queue: QueueRef | undefined; names: string[] } {
  const agent = ctx.text(ctx.params.AgentId);
  if (agent) return { ref: agent, queue: ctx.host.findAgentQueue(agent), names: [] };
  const ref = ctx.text(ctx.params.QueueId);
  const names = resourceNames(ctx.run.flow, ctx.action.Identifier, "QueueId");
  if (ref === undefined || ref === "") return { ref, queue: undefined, names };
  return { ref, queue: ctx.host.findQueue(ref, names), names };
}

/**
 * Why a reference resolved to nothing. An export from another instance carries that
 * instance's ARNs, so the display name the export keeps is what was really looked for:
 * saying it tells a scenario which queue or flow it forgot to create.
 */
export function unmatched(what: string, ref: string, names: readonly string[]): string {
  const tried = names.length ? `, nor by the display name ${names.map((n) => `"${n}"`).join(" or ")} the export keeps for it` : " (the export keeps no display name for it)";
  return `no ${what} matches "${ref}"${tried}`;
}

/** The Text / SSML / PromptId / Media of a message-like action, resolved. */
export function promptOf(ctx: ActionContext, source: Record<string, unknown> = ctx.params): Prompt {
  const media = isObject(source.Media) ? source.Media : undefined;
  return {
    actionId: ctx.action.Identifier,
    text: source.Text !== undefined ? ctx.text(source.Text) ?? "" : undefined,
    ssml: source.SSML !== undefined ? ctx.text(source.SSML) ?? "" : undefined,
    promptId: source.PromptId !== undefined ? ctx.text(source.PromptId) ?? "" : undefined,
    mediaUri: media ? ctx.text(media.Uri) : undefined,
  };
}

/** Parameter specs of the message fields (Text, SSML, PromptId, Media), shared by every prompting action. */
export const PROMPT_PARAMS: Record<string, ParamSpec> = {
  Text: { dynamism: "any" },
  SSML: { dynamism: "any" },
  PromptId: { dynamism: "single" },
  Media: {
    dynamism: "static",
    kind: "object",
    fields: {
      Uri: { dynamism: "any", required: true },
      SourceType: { dynamism: "static", kind: "enum", enum: ["S3"] },
      MediaType: { dynamism: "static", kind: "enum", enum: ["Audio"] },
    },
  },
};

/** Which of Text / SSML / PromptId / Media are set (they are mutually exclusive). */
export function promptFields(params: Record<string, unknown>): string[] {
  return ["Text", "SSML", "PromptId", "Media"].filter((k) => params[k] !== undefined);
}

/** Whether a prompt can be delivered on a channel: only Text works outside voice. */
export function promptFitsChannel(prompt: Prompt, channel: string): boolean {
  if (channel === "VOICE") return true;
  return prompt.text !== undefined && prompt.ssml === undefined && prompt.promptId === undefined && prompt.mediaUri === undefined;
}

export function errorDetail(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * How long a prompt takes to play, on the simulator clock: about 2.5 words a second of
 * speech plus any SSML `<break time="..."/>`; recorded prompts (PromptId, S3 media) are
 * taken as 10 seconds since their audio is not available.
 */
export function playbackMs(prompt: Prompt): number {
  if (prompt.promptId !== undefined || prompt.mediaUri !== undefined) return 10_000;
  const text = prompt.ssml ?? prompt.text ?? "";
  let breaks = 0;
  for (const m of text.matchAll(/<break[^>]*time="([\d.]+)(ms|s)"/g)) breaks += Number(m[1]) * (m[2] === "s" ? 1000 : 1);
  const words = text.replace(/<[^>]+>/g, " ").split(/\s+/).filter(Boolean).length;
  return Math.max(1000, Math.round((words / 2.5) * 1000)) + breaks;
}

/**
 * For actions whose Conditions are mandatory and form a closed set (Loop, Check hours of
 * operation, Check metric data): validate.ts checks required operands only when some
 * Conditions exist, and lets a repeated Condition through although it can never be taken.
 */
export function checkConditionSet(action: FlowAction, v: ValidationContext, whenMissing: string): void {
  const conditions: unknown = action.Transitions?.Conditions;
  const at = `${v.path}.Transitions.Conditions`;
  if (!Array.isArray(conditions) || conditions.length === 0) {
    v.problems.error(at, `Invalid Action property value. Path: ${at} (${whenMissing})`, action);
    return;
  }
  const seen = new Set<string>();
  conditions.forEach((c: unknown, i: number) => {
    const cond = isObject(c) && isObject(c.Condition) ? c.Condition : undefined;
    const operand = cond && Array.isArray(cond.Operands) ? cond.Operands[0] : undefined;
    if (!cond || typeof operand !== "string") return;
    const key = `${String(cond.Operator)} ${operand}`;
    if (seen.has(key)) v.problems.error(`${at}[${i}]`, `Invalid Action property value. Path: ${at}[${i}] (a second Condition for ${key} can never be taken)`, action);
    seen.add(key);
  });
}
