/**
 * Reading what Customer Profiles knows about a profile besides its fields (reference
 * §2.4): one of its objects (GetCustomerProfileObject) and its calculated attributes
 * (GetCalculatedAttributesForCustomerProfile). What they return adds to `$.Customer`: the
 * object id and listed object fields under the object type, or the listed calculated
 * attributes.
 */
import type { ActionDefinition } from "../action.js";
import { OBJECT_FIELDS, OBJECT_ID_FIELD, calculatedFieldPath, objectFieldPath, readPath, writePath, type ObjectFamily } from "./profile-fields.js";
import { PROFILE_PARAMS, ask, checkRequestKeys, checkResponseFields, commit, errorOutcome, requireRequestKeys, resolveRequest, responseFields } from "./profile-exchange.js";
import { bool, isObject } from "./util.js";

const OBJECT_RESPONSE_TEXT = "object fields such as AssetStatus, OrderTotalPrice, CaseTitle, <Type>Attributes.<name> or ObjectAttributes.<name>";

export const getCustomerProfileObject: ActionDefinition = {
  type: "GetCustomerProfileObject",
  family: "interaction",
  params: PROFILE_PARAMS,
  errors: { allowed: ["NoneFoundError", "NoMatchingError"], required: ["NoneFoundError", "NoMatchingError"] },
  validate(action, v) {
    checkRequestKeys(action, v, (k) => ["ProfileId", "ObjectType", "IdentifierName", "IdentifierValue", "UseLatest"].includes(k), "ProfileId, ObjectType, and UseLatest or IdentifierName and IdentifierValue");
    requireRequestKeys(action, v, ["ProfileId", "ObjectType"]);
    checkResponseFields(action, v, (f) => objectFieldPath(f) !== undefined, OBJECT_RESPONSE_TEXT);
    const data = action.Parameters.ProfileRequestData;
    if (!isObject(data)) return;
    const at = `${v.path}.Parameters.ProfileRequestData`;
    const latest = data.UseLatest !== undefined && bool(data.UseLatest);
    const byIdentifier = data.IdentifierName !== undefined || data.IdentifierValue !== undefined;
    if (latest && byIdentifier) v.problems.error(at, `Only one of these properties may be defined. Properties: [UseLatest, IdentifierName]`, action);
    if (!latest && !(data.IdentifierName !== undefined && data.IdentifierValue !== undefined)) {
      v.problems.error(at, `Action is missing required property. Path: ${at} (either UseLatest, or IdentifierName and IdentifierValue must be present)`, action);
    }
    if (data.UseLatest !== undefined && !(typeof data.UseLatest === "boolean" || /^(true|false)$/i.test(String(data.UseLatest)))) {
      v.problems.error(`${at}.UseLatest`, `Invalid Action property value. Path: ${at}.UseLatest (${JSON.stringify(data.UseLatest)} is not true or false)`, action);
    }
  },
  async run(ctx) {
    const data = ctx.params.ProfileRequestData as Record<string, unknown>;
    const { values, tooLong } = resolveRequest(ctx, ["UseLatest"]);
    if (tooLong) return { kind: "error", errorType: "NoMatchingError", detail: tooLong };
    if (!values.ProfileId) return { kind: "error", errorType: "NoMatchingError", detail: `ProfileId ${String(data.ProfileId)} has no value` };
    if (!values.ObjectType) return { kind: "error", errorType: "NoMatchingError", detail: `ObjectType ${String(data.ObjectType)} has no value` };
    const request = { ...values, UseLatest: bool(ctx.value(data.UseLatest)) };
    const answer = await ask(ctx, "GetCustomerProfileObject", request);
    if (answer.kind === "error") return errorOutcome(["NoneFoundError", "NoMatchingError"], answer.errorType);
    // Standard object types are Asset, Order and Case (their domain names carry a leading underscore).
    const type = String(values.ObjectType).replace(/^_/, "").toLowerCase();
    const family = (Object.keys(OBJECT_FIELDS) as ObjectFamily[]).find((f) => f.toLowerCase() === type);
    const next = structuredClone(ctx.contact.customerProfile);
    if (family) {
      const id = answer.data[OBJECT_ID_FIELD[family]];
      if (id !== undefined) writePath(next, [family, OBJECT_ID_FIELD[family]], id);
    }
    for (const field of responseFields(ctx)) {
      const where = objectFieldPath(field)!;
      if (where.family && where.family !== family) {
        ctx.note(`${field} belongs to ${where.family} objects, not ${String(values.ObjectType)}; not stored`);
        continue;
      }
      const value = readPath(answer.data, where.key);
      if (value !== undefined) writePath(next, where.path, value);
    }
    return commit(ctx, next);
  },
};

export const getCalculatedAttributesForCustomerProfile: ActionDefinition = {
  type: "GetCalculatedAttributesForCustomerProfile",
  family: "interaction",
  params: PROFILE_PARAMS,
  errors: { allowed: ["NoneFoundError", "NoMatchingError"], recommended: ["NoneFoundError", "NoMatchingError"] },
  validate(action, v) {
    checkRequestKeys(action, v, (k) => k === "ProfileId", "only ProfileId");
    requireRequestKeys(action, v, ["ProfileId"]);
    checkResponseFields(action, v, (f) => calculatedFieldPath(f) !== undefined, "CalculatedAttributes.<name>, such as CalculatedAttributes._average_hold_time");
  },
  async run(ctx) {
    const { values, tooLong } = resolveRequest(ctx);
    if (tooLong) return { kind: "error", errorType: "NoMatchingError", detail: tooLong };
    if (!values.ProfileId) return { kind: "error", errorType: "NoMatchingError", detail: "ProfileId has no value" };
    const answer = await ask(ctx, "GetCalculatedAttributesForCustomerProfile", values);
    if (answer.kind === "error") return errorOutcome(["NoneFoundError", "NoMatchingError"], answer.errorType);
    const next = structuredClone(ctx.contact.customerProfile);
    for (const field of responseFields(ctx)) {
      const path = calculatedFieldPath(field)!;
      const value = answer.data[path[1]];
      if (value !== undefined) writePath(next, path, value);
    }
    return commit(ctx, next);
  },
};
export const definitions: ActionDefinition[] = [getCustomerProfileObject, getCalculatedAttributesForCustomerProfile];
