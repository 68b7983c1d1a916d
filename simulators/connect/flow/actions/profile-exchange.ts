/**
 * What every Customer Profiles action shares: checking the names in ProfileRequestData and
 * ProfileResponseData, resolving the request, asking the profiles responder (which plays
 * the Customer Profiles domain), and storing what it returns in `$.Customer`, only for the
 * fields the action lists in ProfileResponseData (plus ProfileId and ProfileARN).
 *
 * Decisions where the reference is silent:
 * - The profile domain is `amazon-connect-<instance id>`: Connect names the domain it
 *   creates after the instance, and the instance id is the stable name flowsim has.
 * - When Get or Create yields a different profile from the one in `$.Customer`, the
 *   namespace starts afresh, so fields of the previous customer never mix with the new
 *   one's. Update, Get object and Get calculated attributes add to what is there.
 * - The documented limits (request values of at most 255 characters, 14,000 characters of
 *   Customer Profiles data per flow) take the Error branch.
 */
import type { ActionContext, Outcome, ParamSpec, ValidationContext } from "../action.js";
import { stringify } from "../jsonpath.js";
import type { FlowAction } from "../model.js";
import type { ProfileOperation } from "../responders.js";
import { customAttribute, profileFieldPath, readPath, writePath } from "./profile-fields.js";
import { isObject } from "./util.js";

export const MAX_REQUEST_VALUE_CHARS = 255;
export const MAX_CUSTOMER_DATA_CHARS = 14_000;

function textSize(value: unknown): number {
  if (typeof value === "string") return value.length;
  if (isObject(value)) return Object.values(value).reduce<number>((n, v) => n + textSize(v), 0);
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + textSize(v), 0);
  return value === undefined || value === null ? 0 : String(value).length;
}

function leaves(value: unknown, prefix: string, out: Map<string, string | undefined>): Map<string, string | undefined> {
  if (isObject(value)) for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, stringify(value));
  return out;
}

// ---- validation ----------------------------------------------------------------------------

export function unknownName(v: ValidationContext, action: FlowAction, at: string, why: string): void {
  v.problems.error(at, `Invalid Action property name. Path: ${at} (${why})`, action);
}

export function checkRequestKeys(action: FlowAction, v: ValidationContext, allowed: (key: string) => boolean, describe: string): void {
  const data = action.Parameters.ProfileRequestData;
  if (!isObject(data)) return;
  for (const key of Object.keys(data)) {
    if (!allowed(key)) unknownName(v, action, `${v.path}.Parameters.ProfileRequestData.${key}`, `${action.Type} requests take ${describe}`);
  }
}

export function requireRequestKeys(action: FlowAction, v: ValidationContext, keys: readonly string[]): void {
  const data = action.Parameters.ProfileRequestData;
  if (!isObject(data)) return;
  for (const key of keys) {
    if (data[key] === undefined || data[key] === "") v.problems.error(`${v.path}.Parameters.ProfileRequestData.${key}`, `Action is missing required property. Path: ${v.path}.Parameters.ProfileRequestData.${key}`, action);
  }
}

export function checkResponseFields(action: FlowAction, v: ValidationContext, known: (field: string) => boolean, describe: string): void {
  const fields = action.Parameters.ProfileResponseData;
  if (!Array.isArray(fields)) return;
  fields.forEach((f, i) => {
    const at = `${v.path}.Parameters.ProfileResponseData[${i}]`;
    if (typeof f === "string" && !known(f)) v.problems.error(at, `Invalid Action property value. Path: ${at} (${JSON.stringify(f)} is not a response field of ${action.Type}; it takes ${describe})`, action);
  });
}

export const PROFILE_PARAMS: Record<string, ParamSpec> = {
  // A map so each value gets the generic JSONPath checks; key names are checked by each action.
  ProfileRequestData: { dynamism: "static", kind: "map", required: true, values: { dynamism: "any", kind: "any" } },
  ProfileResponseData: { dynamism: "static", kind: "array", items: { dynamism: "static", kind: "string" } },
};

// ---- running -------------------------------------------------------------------------------

/** Request values resolved; over-long values are reported instead of sent. */
export function resolveRequest(ctx: ActionContext, skip: readonly string[] = []): { values: Record<string, unknown>; tooLong?: string } {
  const data = ctx.params.ProfileRequestData as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(data)) {
    if (skip.includes(key)) continue;
    const value = ctx.text(raw);
    if (value === undefined) {
      ctx.note(`${key}: ${String(raw)} has no value and is not sent`);
      continue;
    }
    if (value.length > MAX_REQUEST_VALUE_CHARS) return { values, tooLong: `${key} is ${value.length} characters; request values cannot be over ${MAX_REQUEST_VALUE_CHARS}` };
    values[key] = value;
  }
  return { values };
}

/** Profile fields as the responder sees them: `Attributes.x` keys gathered into an Attributes map. */
export function asProfile(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (customAttribute.test(key)) writePath(out, ["Attributes", key.slice("Attributes.".length)], value);
    else out[key] = value;
  }
  return out;
}

function profileArn(ctx: ActionContext, profileId: string): string {
  const { region, accountId, id } = ctx.host.instance;
  return `arn:aws:profile:${region}:${accountId}:domains/amazon-connect-${id}/profiles/${profileId}`;
}

export function responseFields(ctx: ActionContext): string[] {
  const fields = ctx.params.ProfileResponseData;
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : [];
}

export async function ask(ctx: ActionContext, operation: ProfileOperation, request: Record<string, unknown>) {
  const answer = await ctx.host.responders.profiles({ operation, request }, () => ctx.host.ids.uuid());
  const source = ctx.host.responders.lastSource("profiles");
  ctx.note(`answered by ${source === "default" ? "the default profiles responder" : source}`);
  return answer;
}

/** An error answer as this action's branch: its own ErrorTypes pass, anything else is NoMatchingError. */
export function errorOutcome(allowed: readonly string[], errorType: string): Outcome {
  if (allowed.includes(errorType)) return { kind: "error", errorType, detail: `Customer Profiles answered ${errorType}` };
  return { kind: "error", errorType: "NoMatchingError", detail: `Customer Profiles answered ${errorType}` };
}

/** Writes the new `$.Customer` if it fits the 14,000-character budget, recording each change. */
export function commit(ctx: ActionContext, next: Record<string, unknown>): Outcome {
  const size = textSize(next);
  if (size > MAX_CUSTOMER_DATA_CHARS) return { kind: "error", errorType: "NoMatchingError", detail: `Customer Profiles data would take ${size} characters, over the ${MAX_CUSTOMER_DATA_CHARS} allowed per flow; nothing was stored` };
  const before = leaves(ctx.contact.customerProfile, "", new Map());
  const after = leaves(next, "", new Map());
  for (const key of new Set([...before.keys(), ...after.keys()])) ctx.changed("Customer", key, before.get(key), after.get(key));
  ctx.contact.customerProfile = next;
  return { kind: "next" };
}

/** `$.Customer` after a profile operation: ProfileId, ProfileARN and the listed fields. */
export function storeProfile(ctx: ActionContext, profile: Record<string, unknown>, fresh: boolean): Outcome {
  const profileId = stringify(profile.ProfileId);
  if (!profileId) return { kind: "error", errorType: "NoMatchingError", detail: "Customer Profiles returned a profile without a ProfileId" };
  const current = ctx.contact.customerProfile;
  const next: Record<string, unknown> = fresh || current.ProfileId !== profileId ? {} : structuredClone(current);
  next.ProfileId = profileId;
  next.ProfileARN = stringify(profile.ProfileARN) ?? profileArn(ctx, profileId);
  for (const field of responseFields(ctx)) {
    const path = profileFieldPath(field)!;
    const value = readPath(profile, path);
    if (value !== undefined) writePath(next, path, value);
  }
  return commit(ctx, next);
}
