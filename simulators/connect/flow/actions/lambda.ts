/**
 * Invoke AWS Lambda function (reference §2.4, §4.4, §5.12). The Lambda responder plays
 * the function: its answer says what the function returns and how long it runs, on the
 * simulator clock.
 *
 * Decisions where the reference is silent or INFERRED:
 * - Retries: a synchronous invocation whose answer is an error is retried up to three
 *   more times while the time limit lasts ("retries up to three times, for maximum until
 *   timeout specified"); the responder sees every attempt. Asynchronous invocations are
 *   not retried: their failures never reach the flow.
 * - "Load Lambda result": its flow-language keys are undocumented, so flowsim cannot
 *   recognise that action. Instead an asynchronous result is loaded into `$.External`
 *   when the function finishes within its time limit, unless another invocation on the
 *   contact started since (that one's values win). The trace notes either way.
 * - STRING_MAP: numbers and booleans become text (the docs ask for strings, and these have
 *   one obvious text form); nested objects, arrays and null are "not understood". The
 *   doc's "only alphanumeric, dash, and underscore characters" is not enforced: real
 *   functions return prose, and Connect stores it.
 * - JSON: the result must be an object, because flows read it by key.
 * - The 20-second limit on a chain of Lambda invocations is not modelled.
 */
import type { ActionContext, ActionDefinition, Outcome } from "../action.js";
import { stringify } from "../jsonpath.js";
import type { Contact } from "../contact.js";
import { lambdaFunctionName, type LambdaAnswer, type LambdaRequest } from "../responders.js";
import { isObject, num } from "./util.js";
import { withArticle } from "../flow-types.js";

export const MAX_SYNC_SECONDS = 8;
export const MAX_ASYNC_SECONDS = 60;
/** The console writes 3 for a new block; used when an export leaves the limit out. */
export const DEFAULT_TIME_LIMIT_SECONDS = 3;
export const MAX_RESPONSE_BYTES = 32 * 1024;
/** The first attempt plus "up to three" retries. */
export const MAX_ATTEMPTS = 4;

/** Invocations started per contact, so a late asynchronous result can tell it was overtaken. */
const invocationCounts = new WeakMap<Contact, number>();

function nextInvocation(contact: Contact): number {
  const n = (invocationCounts.get(contact) ?? 0) + 1;
  invocationCounts.set(contact, n);
  return n;
}

/** The event Connect sends (reference §4.4). Absent values are null, as in real events. */
export function lambdaEvent(ctx: ActionContext, parameters: Record<string, unknown>): Record<string, unknown> {
  const c = ctx.contact;
  const q = c.queue ?? c.targetQueue;
  const contactData = {
    Attributes: { ...c.attributes },
    Channel: c.channel,
    ContactId: c.id,
    CustomerEndpoint: c.customerEndpoint ?? null,
    CustomerId: c.customerId ?? null,
    Description: c.description ?? null,
    InitialContactId: c.initialContactId,
    InitiationMethod: c.initiationMethod,
    InstanceARN: ctx.host.instance.arn,
    LanguageCode: c.languageCode,
    // flowsim streams no media, so there is never a stream to describe.
    MediaStreams: { Customer: { Audio: null } },
    Name: c.name ?? null,
    // Real events repeat the contact's own id when there is no previous contact.
    PreviousContactId: c.previousContactId ?? c.id,
    Queue: q ? { ARN: q.arn, Name: q.name, OutboundCallerId: q.outboundCallerId ?? null } : null,
    References: structuredClone(c.references),
    SystemEndpoint: c.systemEndpoint ?? null,
  };
  return { Details: { ContactData: contactData, Parameters: parameters }, Name: "ContactFlowEvent" };
}

/** `Details.Parameters`: keys and values resolved; an object reference is sent as the object itself. */
function invocationParameters(ctx: ActionContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attributes = ctx.params.LambdaInvocationAttributes;
  if (!isObject(attributes)) return out;
  for (const [rawKey, raw] of Object.entries(attributes)) {
    const key = ctx.text(rawKey) ?? rawKey;
    const value = ctx.value(raw);
    if (value === undefined || value === null) {
      ctx.note(`parameter ${key}: ${String(raw)} has no value; sent as empty text`);
      out[key] = "";
    } else {
      out[key] = typeof value === "object" ? structuredClone(value) : String(value);
    }
  }
  return out;
}

type Accepted = { ok: true; data: Record<string, unknown> } | { ok: false; why: string };

/** Applies ResponseValidation and the 32 KB limit to what the function returned. */
export function acceptResult(result: unknown, responseType: "STRING_MAP" | "JSON", note: (s: string) => void): Accepted {
  const bytes = result === undefined ? 0 : Buffer.byteLength(JSON.stringify(result) ?? "");
  if (bytes > MAX_RESPONSE_BYTES) return { ok: false, why: `the response is ${bytes} bytes, over the 32 KB limit` };
  if (!isObject(result)) {
    const what = result === undefined || result === null ? "nothing" : Array.isArray(result) ? "a list" : withArticle(typeof result);
    return { ok: false, why: `response not understood: the function returned ${what}, not an object of keys and values` };
  }
  if (responseType === "JSON") return { ok: true, data: structuredClone(result) };
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(result)) {
    if (typeof value === "string") data[key] = value;
    else if (typeof value === "number" || typeof value === "boolean") {
      data[key] = String(value);
      note(`${key}: the ${typeof value} ${String(value)} is stored as text (STRING_MAP)`);
    } else {
      const what = value === null ? "null" : Array.isArray(value) ? "a list" : "a nested object";
      return { ok: false, why: `response not understood: ${key} is ${what}, but ResponseType STRING_MAP takes a flat map of strings (use JSON for nested data)` };
    }
  }
  return { ok: true, data };
}

/** `$.External` is replaced by each result: "overwritten with each invocation". */
function storeResult(contact: Contact, data: Record<string, unknown>, changed: (key: string, from: string | undefined, to: string | undefined) => void): void {
  const before = contact.external;
  contact.external = data;
  for (const key of new Set([...Object.keys(before), ...Object.keys(data)])) changed(key, stringify(before[key]), stringify(data[key]));
}

function sourceOf(ctx: ActionContext): string {
  const source = ctx.host.responders.lastSource("lambda");
  return source === "default" ? "default responder (returns {})" : source;
}

function timeLimitSeconds(params: Record<string, unknown>): number {
  return num(params.InvocationTimeLimitSeconds) ?? DEFAULT_TIME_LIMIT_SECONDS;
}

async function invokeSynchronously(ctx: ActionContext, request: LambdaRequest, limitMs: number, label: string): Promise<Outcome> {
  let elapsed = 0;
  for (let attempt = 1; ; attempt++) {
    const answer: LambdaAnswer = await ctx.host.responders.lambda(request);
    const source = sourceOf(ctx);
    const runs = Math.max(0, answer.delayMs ?? 0);
    if (elapsed + runs > limitMs) {
      await ctx.host.clock.sleep(limitMs - elapsed, ctx.signal, label);
      ctx.note(`answered by ${source}`);
      return { kind: "error", errorType: "NoMatchingError", detail: `the function timed out: it runs ${runs} ms, and ${limitMs - elapsed} ms of the ${limitMs / 1000} s limit were left` };
    }
    // A zero-length sleep would wait for the virtual clock to move; an instant answer needs none.
    if (runs > 0) await ctx.host.clock.sleep(runs, ctx.signal, label);
    elapsed += runs;
    if (answer.kind === "error") {
      if (attempt < MAX_ATTEMPTS && elapsed < limitMs) {
        ctx.note(`attempt ${attempt} failed (${answer.message}); retrying`);
        continue;
      }
      ctx.note(`answered by ${source}`);
      return { kind: "error", errorType: "NoMatchingError", detail: `the function failed after ${attempt} attempt${attempt > 1 ? "s" : ""}: ${answer.message}` };
    }
    ctx.note(`answered by ${source}`);
    const accepted = acceptResult(answer.result, request.responseType, ctx.note);
    if (!accepted.ok) return { kind: "error", errorType: "NoMatchingError", detail: accepted.why };
    storeResult(ctx.contact, accepted.data, (key, from, to) => ctx.changed("External", key, from, to));
    return { kind: "next" };
  }
}

async function invokeAsynchronously(ctx: ActionContext, request: LambdaRequest, limitMs: number, label: string): Promise<Outcome> {
  const contact = ctx.contact;
  const host = ctx.host;
  const invocationId = host.ids.uuid();
  const sequence = nextInvocation(contact);
  ctx.changed("LambdaInvocation", "InvocationId", contact.lambdaInvocationId, invocationId);
  contact.lambdaInvocationId = invocationId;
  const answer = await host.responders.lambda(request);
  ctx.note(`answered by ${sourceOf(ctx)}; invocation ${invocationId} runs in the background`);
  const runs = Math.max(0, answer.delayMs ?? 0);
  const report = (detail: string) => host.trace(contact, { kind: "note", at: host.clock.now(), contactId: contact.id, detail: `${label}, invocation ${invocationId}: ${detail}` });
  host.clock.schedule(
    Math.min(runs, limitMs),
    () => {
      if (contact.ended) return;
      if (runs > limitMs) return report(`timed out after ${limitMs / 1000} s; no result is loaded`);
      if (answer.kind === "error") return report(`failed (${answer.message}); no result is loaded`);
      if (invocationCounts.get(contact) !== sequence) return report("finished after a later Lambda invocation; its result is not loaded");
      const notes: string[] = [];
      const accepted = acceptResult(answer.result, request.responseType, (s) => notes.push(s));
      if (!accepted.ok) return report(`${accepted.why}; no result is loaded`);
      const changes: string[] = [];
      storeResult(contact, accepted.data, (key, from, to) => from !== to && changes.push(`${key}=${to ?? "(removed)"}`));
      report(`result loaded into $.External${changes.length ? ` (${changes.join(", ")})` : ""}${notes.length ? `; ${notes.join("; ")}` : ""}`);
    },
    label,
  );
  return { kind: "next" };
}

export const invokeLambdaFunction: ActionDefinition = {
  type: "InvokeLambdaFunction",
  family: "interaction",
  params: {
    LambdaFunctionARN: { dynamism: "any", required: true },
    InvocationTimeLimitSeconds: { dynamism: "static", kind: "integer", min: 1, max: MAX_ASYNC_SECONDS, required: "warn" },
    InvocationType: { dynamism: "static", kind: "enum", enum: ["SYNCHRONOUS", "ASYNCHRONOUS"] },
    LambdaInvocationAttributes: { dynamism: "any", kind: "map", values: { dynamism: "any", kind: "any" } },
    ResponseValidation: {
      dynamism: "static",
      kind: "object",
      fields: { ResponseType: { dynamism: "static", kind: "enum", enum: ["STRING_MAP", "JSON"], required: true } },
    },
  },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  validate(action, v) {
    const seconds = num(action.Parameters.InvocationTimeLimitSeconds);
    const asynchronous = action.Parameters.InvocationType === "ASYNCHRONOUS";
    if (seconds !== undefined && !asynchronous && seconds > MAX_SYNC_SECONDS) {
      const at = `${v.path}.Parameters.InvocationTimeLimitSeconds`;
      v.problems.error(at, `Invalid Action property value. Path: ${at} (a synchronous invocation waits at most ${MAX_SYNC_SECONDS} seconds; ${seconds} needs InvocationType ASYNCHRONOUS, which allows up to ${MAX_ASYNC_SECONDS})`, action);
    }
  },
  async run(ctx) {
    const functionArn = ctx.text(ctx.params.LambdaFunctionARN);
    if (!functionArn) return { kind: "error", errorType: "NoMatchingError", detail: `LambdaFunctionARN ${String(ctx.params.LambdaFunctionARN)} has no value` };
    const invocationType = ctx.params.InvocationType === "ASYNCHRONOUS" ? "ASYNCHRONOUS" : "SYNCHRONOUS";
    const validation = ctx.params.ResponseValidation;
    const responseType = isObject(validation) && validation.ResponseType === "JSON" ? "JSON" : "STRING_MAP";
    const request: LambdaRequest = { functionArn, event: lambdaEvent(ctx, invocationParameters(ctx)), invocationType, responseType };
    const limitMs = timeLimitSeconds(ctx.params) * 1000;
    const label = `Lambda ${lambdaFunctionName(functionArn)} (${ctx.action.Identifier})`;
    if (invocationType === "ASYNCHRONOUS") return invokeAsynchronously(ctx, request, limitMs, label);
    nextInvocation(ctx.contact);
    return invokeSynchronously(ctx, request, limitMs, label);
  },
};

export const definitions: ActionDefinition[] = [invokeLambdaFunction];
