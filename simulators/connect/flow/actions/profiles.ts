/**
 * Customer Profiles (reference §2.4): get, create and update a profile, associate the
 * contact with it. Reading a profile's objects and calculated attributes is in
 * `profile-objects.ts`; the request checks, the responder call and how answers land in
 * `$.Customer` are shared in `profile-exchange.ts`.
 *
 * Decision where the reference is silent: GetCustomerProfile also accepts the console's
 * form, which writes each search key as a profile field name with its value
 * (`{"PhoneNumber": "$.CustomerEndpoint.Address"}`) instead of IdentifierName/IdentifierValue;
 * it reaches the responder as SearchCriteria.
 */
import type { ActionContext, ActionDefinition, ValidationContext } from "../action.js";
import { stringify } from "../jsonpath.js";
import type { FlowAction } from "../model.js";
import { PROFILE_FIELDS_TEXT, isProfileField, profileFieldPath } from "./profile-fields.js";
import {
  MAX_REQUEST_VALUE_CHARS,
  PROFILE_PARAMS,
  asProfile,
  ask,
  checkRequestKeys,
  checkResponseFields,
  errorOutcome,
  requireRequestKeys,
  resolveRequest,
  storeProfile,
  unknownName,
} from "./profile-exchange.js";
import { definitions as objects } from "./profile-objects.js";
import { isObject } from "./util.js";

export const MAX_SEARCH_KEYS = 5;

/** GetCustomerProfile search criteria in one shape, whichever form the export used. */
function searchCriteria(ctx: ActionContext): { criteria: { IdentifierName: string; IdentifierValue: string }[]; operator?: string } {
  const data = ctx.params.ProfileRequestData as Record<string, unknown>;
  if (Array.isArray(data.SearchCriteria)) {
    const criteria = data.SearchCriteria.filter(isObject).map((c) => ({ IdentifierName: ctx.text(c.IdentifierName) ?? "", IdentifierValue: ctx.text(c.IdentifierValue) ?? "" }));
    return { criteria, operator: ctx.text(data.LogicalOperator) };
  }
  if (data.IdentifierName !== undefined) {
    return { criteria: [{ IdentifierName: ctx.text(data.IdentifierName) ?? "", IdentifierValue: ctx.text(data.IdentifierValue ?? data.IdentiferValue) ?? "" }] };
  }
  const criteria = Object.entries(data)
    .filter(([key]) => key !== "LogicalOperator")
    .map(([key, raw]) => ({ IdentifierName: key, IdentifierValue: ctx.text(raw) ?? "" }));
  return { criteria, operator: ctx.text(data.LogicalOperator) };
}

// ---- the actions ---------------------------------------------------------------------------

const profileResponse = (action: FlowAction, v: ValidationContext) => checkResponseFields(action, v, (f) => profileFieldPath(f) !== undefined, PROFILE_FIELDS_TEXT);

export const getCustomerProfile: ActionDefinition = {
  type: "GetCustomerProfile",
  family: "interaction",
  params: PROFILE_PARAMS,
  errors: { allowed: ["MultipleFoundError", "NoneFoundError", "NoMatchingError"], recommended: ["MultipleFoundError", "NoneFoundError", "NoMatchingError"] },
  validate(action, v) {
    profileResponse(action, v);
    const data = action.Parameters.ProfileRequestData;
    if (!isObject(data)) return;
    const at = `${v.path}.Parameters.ProfileRequestData`;
    const keys = Object.keys(data).filter((k) => k !== "LogicalOperator");
    const explicit = keys.filter((k) => ["IdentifierName", "IdentifierValue", "IdentiferValue", "SearchCriteria"].includes(k));
    let count: number;
    if (explicit.length > 0) {
      const stray = keys.filter((k) => !explicit.includes(k));
      for (const k of stray) unknownName(v, action, `${at}.${k}`, "IdentifierName/IdentifierValue or SearchCriteria are given, so search keys cannot also be written as fields");
      if (data.SearchCriteria !== undefined) {
        if (data.IdentifierName !== undefined || data.IdentifierValue !== undefined) v.problems.error(at, `Only one of these properties may be defined. Properties: [IdentifierName, SearchCriteria]`, action);
        if (!Array.isArray(data.SearchCriteria)) return v.problems.error(`${at}.SearchCriteria`, `Invalid Action property value. Path: ${at}.SearchCriteria (must be a list of {IdentifierName, IdentifierValue})`, action);
        data.SearchCriteria.forEach((c, i) => {
          if (!isObject(c) || typeof c.IdentifierName !== "string" || c.IdentifierName === "" || c.IdentifierValue === undefined) {
            v.problems.error(`${at}.SearchCriteria[${i}]`, `Invalid Action property value. Path: ${at}.SearchCriteria[${i}] (each criterion needs IdentifierName and IdentifierValue)`, action);
          } else {
            for (const k of Object.keys(c)) if (k !== "IdentifierName" && k !== "IdentifierValue") unknownName(v, action, `${at}.SearchCriteria[${i}].${k}`, "a criterion has IdentifierName and IdentifierValue");
          }
        });
        count = data.SearchCriteria.length;
      } else {
        if (data.IdentifierName === undefined || (data.IdentifierValue === undefined && data.IdentiferValue === undefined)) {
          v.problems.error(at, `Action is missing required property. Path: ${at} (requires either IdentifierName and IdentifierValue, or SearchCriteria)`, action);
        }
        if (data.IdentiferValue !== undefined) v.problems.warning(`${at}.IdentiferValue`, `IdentiferValue is the action page's misspelling of IdentifierValue; flowsim reads it, the service may not`, action);
        count = 1;
      }
    } else {
      for (const k of keys) if (!isProfileField(k) && k !== "ProfileId") unknownName(v, action, `${at}.${k}`, `GetCustomerProfile searches by IdentifierName/IdentifierValue, SearchCriteria, or ${PROFILE_FIELDS_TEXT} written as search keys`);
      count = keys.length;
      if (count === 0) v.problems.error(at, `Action is missing required property. Path: ${at} (requires either IdentifierName and IdentifierValue, or SearchCriteria)`, action);
    }
    if (count > MAX_SEARCH_KEYS) v.problems.error(at, `Invalid Action property value. Path: ${at} (at most ${MAX_SEARCH_KEYS} search identifiers; this has ${count})`, action);
    if (count > 1 && data.LogicalOperator === undefined) v.problems.error(`${at}.LogicalOperator`, `Action is missing required property. Path: ${at}.LogicalOperator (several search identifiers need AND or OR)`, action);
    if (data.LogicalOperator !== undefined && data.LogicalOperator !== "AND" && data.LogicalOperator !== "OR") {
      v.problems.error(`${at}.LogicalOperator`, `Invalid Action property value. Path: ${at}.LogicalOperator (${JSON.stringify(data.LogicalOperator)} is not AND or OR)`, action);
    }
  },
  async run(ctx) {
    const { criteria, operator } = searchCriteria(ctx);
    const long = criteria.find((c) => c.IdentifierValue.length > MAX_REQUEST_VALUE_CHARS);
    if (long) return { kind: "error", errorType: "NoMatchingError", detail: `${long.IdentifierName} is ${long.IdentifierValue.length} characters; request values cannot be over ${MAX_REQUEST_VALUE_CHARS}` };
    const empty = criteria.find((c) => c.IdentifierValue === "");
    if (empty) return { kind: "error", errorType: "NoMatchingError", detail: `the search identifier ${empty.IdentifierName} has no value` };
    const answer = await ask(ctx, "GetCustomerProfile", { SearchCriteria: criteria, ...(operator ? { LogicalOperator: operator } : {}) });
    if (answer.kind === "error") return errorOutcome(["MultipleFoundError", "NoneFoundError", "NoMatchingError"], answer.errorType);
    return storeProfile(ctx, answer.data, false);
  },
};

/** Create and Update take the same request (profile fields) and store the same response. */
const PROFILE_WRITE = {
  family: "interaction",
  params: PROFILE_PARAMS,
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  validate(action, v) {
    checkRequestKeys(action, v, isProfileField, PROFILE_FIELDS_TEXT);
    profileResponse(action, v);
  },
} satisfies Omit<ActionDefinition, "type" | "run">;

export const createCustomerProfile: ActionDefinition = {
  type: "CreateCustomerProfile",
  ...PROFILE_WRITE,
  async run(ctx) {
    const { values, tooLong } = resolveRequest(ctx);
    if (tooLong) return { kind: "error", errorType: "NoMatchingError", detail: tooLong };
    const answer = await ask(ctx, "CreateCustomerProfile", asProfile(values));
    if (answer.kind === "error") return errorOutcome(["NoMatchingError"], answer.errorType);
    return storeProfile(ctx, { ...asProfile(values), ...answer.data }, true);
  },
};

export const updateCustomerProfile: ActionDefinition = {
  type: "UpdateCustomerProfile",
  ...PROFILE_WRITE,
  async run(ctx) {
    // "Update a customer profile that was previously created or retrieved in the flow."
    const profileId = stringify(ctx.contact.customerProfile.ProfileId);
    if (!profileId) return { kind: "error", errorType: "NoMatchingError", detail: "no profile was retrieved or created earlier ($.Customer.ProfileId is empty), so there is nothing to update" };
    const { values, tooLong } = resolveRequest(ctx);
    if (tooLong) return { kind: "error", errorType: "NoMatchingError", detail: tooLong };
    const answer = await ask(ctx, "UpdateCustomerProfile", { ProfileId: profileId, ...asProfile(values) });
    if (answer.kind === "error") return errorOutcome(["NoMatchingError"], answer.errorType);
    const merged = { ...structuredClone(ctx.contact.customerProfile), ...asProfile(values), ...answer.data, ProfileId: profileId };
    return storeProfile(ctx, merged, false);
  },
};

export const associateContactToCustomerProfile: ActionDefinition = {
  type: "AssociateContactToCustomerProfile",
  family: "interaction",
  params: PROFILE_PARAMS,
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  validate(action, v) {
    checkRequestKeys(action, v, (k) => k === "ProfileId" || k === "ContactId", "ProfileId and ContactId");
    requireRequestKeys(action, v, ["ProfileId", "ContactId"]);
    const fields = action.Parameters.ProfileResponseData;
    if (Array.isArray(fields) && fields.length > 0) {
      const at = `${v.path}.Parameters.ProfileResponseData`;
      v.problems.error(at, `Invalid Action property value. Path: ${at} (AssociateContactToCustomerProfile returns no fields)`, action);
    }
  },
  async run(ctx) {
    const { values, tooLong } = resolveRequest(ctx);
    if (tooLong) return { kind: "error", errorType: "NoMatchingError", detail: tooLong };
    if (!values.ProfileId || !values.ContactId) return { kind: "error", errorType: "NoMatchingError", detail: `${values.ProfileId ? "ContactId" : "ProfileId"} has no value` };
    const answer = await ask(ctx, "AssociateContactToCustomerProfile", values);
    if (answer.kind === "error") return errorOutcome(["NoMatchingError"], answer.errorType);
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [
  getCustomerProfile,
  createCustomerProfile,
  updateCustomerProfile,
  associateContactToCustomerProfile,
  ...objects,
];
