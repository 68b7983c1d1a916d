/**
 * Customer Profiles (reference §2.4): get, create and update a profile, read one of its
 * objects or its calculated attributes, associate the contact with it. The profiles
 * responder plays the Customer Profiles domain; what it returns lands in `$.Customer.*`
 * only for the fields the action lists in ProfileResponseData (plus ProfileId and
 * ProfileARN, and the object id of a profile object).
 *
 * Decisions where the reference is silent:
 * - The profile domain is `amazon-connect-<instance id>`: Connect names the domain it
 *   creates after the instance, and the instance id is the stable name flowsim has.
 * - GetCustomerProfile also accepts the console's form, which writes each search key as
 *   a profile field name with its value (`{"PhoneNumber": "$.CustomerEndpoint.Address"}`)
 *   instead of IdentifierName/IdentifierValue; it reaches the responder as SearchCriteria.
 * - When Get or Create yields a different profile from the one in `$.Customer`, the
 *   namespace starts afresh, so fields of the previous customer never mix with the new
 *   one's. Update, Get object and Get calculated attributes add to what is there.
 * - The documented limits (request values of at most 255 characters, 14,000 characters of
 *   Customer Profiles data per flow) take the Error branch.
 */
import type { ActionContext, ActionDefinition, Outcome, ParamSpec, ValidationContext } from "../action.js";
import { stringify } from "../jsonpath.js";
import type { FlowAction } from "../model.js";
import type { ProfileOperation } from "../responders.js";
import { bool, isObject } from "./util.js";

const ADDRESS_PARTS = ["Address1", "Address2", "Address3", "Address4", "City", "County", "Country", "PostalCode", "Province", "State"];

/** The standard profile fields a request may set and a response may persist. */
export const PROFILE_FIELDS: readonly string[] = [
  "FirstName",
  "MiddleName",
  "LastName",
  "PhoneNumber",
  "EmailAddress",
  "AccountNumber",
  "AdditionalInformation",
  "PartyType",
  "BusinessName",
  "BirthDate",
  "Gender",
  "MobilePhoneNumber",
  "HomePhoneNumber",
  "BusinessPhoneNumber",
  "BusinessEmailAddress",
  ...ADDRESS_PARTS,
  ...["Shipping", "Mailing", "Billing"].flatMap((prefix) => ADDRESS_PARTS.map((part) => prefix + part)),
];

const ORDER_ADDRESS = ["Name", ...ADDRESS_PARTS];
/** Fields of the standard profile objects, without their type prefix (`AssetPrice` → Asset.Price). */
export const OBJECT_FIELDS: Readonly<Record<"Asset" | "Order" | "Case", readonly string[]>> = {
  Asset: ["AssetId", "ProfileId", "AssetName", "SerialNumber", "ModelNumber", "ModelName", "ProductSKU", "PurchaseDate", "UsageEndDate", "Status", "Price", "Quantity", "Description", "AdditionalInformation", "DataSource"],
  Order: [
    "OrderId",
    "ProfileId",
    "CustomerEmail",
    "CustomerPhone",
    "CreatedDate",
    "UpdatedDate",
    "ProcessedDate",
    "ClosedDate",
    "CancelledDate",
    "CancelReason",
    "Name",
    "AdditionalInformation",
    "Gateway",
    "Status",
    "StatusCode",
    "StatusUrl",
    "CreditCardNumber",
    "CreditCardCompany",
    "FulfillmentStatus",
    "TotalPrice",
    "TotalTax",
    "TotalDiscounts",
    "TotalItemsPrice",
    "TotalShippingPrice",
    "TotalTipReceived",
    "Currency",
    "TotalWeight",
    ...ORDER_ADDRESS.map((part) => `Billing${part}`),
    ...ORDER_ADDRESS.map((part) => `Shipping${part}`),
  ],
  Case: ["CaseId", "ProfileId", "Title", "Summary", "Status", "Reason", "CreatedBy", "CreatedDate", "UpdatedDate", "ClosedDate", "AdditionalInformation", "DataSource"],
};
const OBJECT_ID_FIELD = { Asset: "AssetId", Order: "OrderId", Case: "CaseId" } as const;
type ObjectFamily = keyof typeof OBJECT_FIELDS;

export const MAX_REQUEST_VALUE_CHARS = 255;
export const MAX_CUSTOMER_DATA_CHARS = 14_000;
export const MAX_SEARCH_KEYS = 5;

const customAttribute = /^Attributes\.[^.]+$/;

// ---- where a response field lands -----------------------------------------------------------

/** `$.Customer` path of a profile response field: `City` → [City], `Attributes.x` → [Attributes, x]. */
function profileFieldPath(field: string): string[] | undefined {
  if (PROFILE_FIELDS.includes(field)) return [field];
  if (customAttribute.test(field)) return ["Attributes", field.slice("Attributes.".length)];
  return undefined;
}

/** `$.Customer` path of a profile-object response field and the key it reads in the object. */
function objectFieldPath(field: string): { family?: ObjectFamily; path: string[]; key: string[] } | undefined {
  const custom = /^ObjectAttributes\.(.+)$/.exec(field);
  if (custom) return { path: ["ObjectAttributes", custom[1]], key: [custom[1]] };
  for (const family of Object.keys(OBJECT_FIELDS) as ObjectFamily[]) {
    if (!field.startsWith(family)) continue;
    const rest = field.slice(family.length);
    if (OBJECT_FIELDS[family].includes(rest)) return { family, path: [family, rest], key: [rest] };
    const attr = /^Attributes\.([^.]+)$/.exec(rest);
    if (attr) return { family, path: [family, "Attributes", attr[1]], key: ["Attributes", attr[1]] };
  }
  return undefined;
}

function calculatedFieldPath(field: string): string[] | undefined {
  const m = /^CalculatedAttributes\.([^.]+)$/.exec(field);
  return m ? ["CalculatedAttributes", m[1]] : undefined;
}

function readPath(source: unknown, path: readonly string[]): unknown {
  let cur = source;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

function writePath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let cur = target;
  for (const key of path.slice(0, -1)) {
    if (!isObject(cur[key])) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
}

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

function unknownName(v: ValidationContext, action: FlowAction, at: string, why: string): void {
  v.problems.error(at, `Invalid Action property name. Path: ${at} (${why})`, action);
}

function checkRequestKeys(action: FlowAction, v: ValidationContext, allowed: (key: string) => boolean, describe: string): void {
  const data = action.Parameters.ProfileRequestData;
  if (!isObject(data)) return;
  for (const key of Object.keys(data)) {
    if (!allowed(key)) unknownName(v, action, `${v.path}.Parameters.ProfileRequestData.${key}`, `${action.Type} requests take ${describe}`);
  }
}

function requireRequestKeys(action: FlowAction, v: ValidationContext, keys: readonly string[]): void {
  const data = action.Parameters.ProfileRequestData;
  if (!isObject(data)) return;
  for (const key of keys) {
    if (data[key] === undefined || data[key] === "") v.problems.error(`${v.path}.Parameters.ProfileRequestData.${key}`, `Action is missing required property. Path: ${v.path}.Parameters.ProfileRequestData.${key}`, action);
  }
}

function checkResponseFields(action: FlowAction, v: ValidationContext, known: (field: string) => boolean, describe: string): void {
  const fields = action.Parameters.ProfileResponseData;
  if (!Array.isArray(fields)) return;
  fields.forEach((f, i) => {
    const at = `${v.path}.Parameters.ProfileResponseData[${i}]`;
    if (typeof f === "string" && !known(f)) v.problems.error(at, `Invalid Action property value. Path: ${at} (${JSON.stringify(f)} is not a response field of ${action.Type}; it takes ${describe})`, action);
  });
}

const PROFILE_FIELDS_TEXT = "profile fields such as FirstName, PhoneNumber, MailingCity, or Attributes.<name>";
const isProfileField = (key: string) => PROFILE_FIELDS.includes(key) || customAttribute.test(key);

const PROFILE_PARAMS: Record<string, ParamSpec> = {
  // A map so each value gets the generic JSONPath checks; key names are checked by each action.
  ProfileRequestData: { dynamism: "static", kind: "map", required: true, values: { dynamism: "any", kind: "any" } },
  ProfileResponseData: { dynamism: "static", kind: "array", items: { dynamism: "static", kind: "string" } },
};

// ---- running -------------------------------------------------------------------------------

/** Request values resolved; over-long values are reported instead of sent. */
function resolveRequest(ctx: ActionContext, skip: readonly string[] = []): { values: Record<string, unknown>; tooLong?: string } {
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
function asProfile(values: Record<string, unknown>): Record<string, unknown> {
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

function responseFields(ctx: ActionContext): string[] {
  const fields = ctx.params.ProfileResponseData;
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : [];
}

async function ask(ctx: ActionContext, operation: ProfileOperation, request: Record<string, unknown>) {
  const answer = await ctx.host.responders.profiles({ operation, request }, () => ctx.host.ids.uuid());
  const source = ctx.host.responders.lastSource("profiles");
  ctx.note(`answered by ${source === "default" ? "the default profiles responder" : source}`);
  return answer;
}

/** An error answer as this action's branch: its own ErrorTypes pass, anything else is NoMatchingError. */
function errorOutcome(allowed: readonly string[], errorType: string): Outcome {
  if (allowed.includes(errorType)) return { kind: "error", errorType, detail: `Customer Profiles answered ${errorType}` };
  return { kind: "error", errorType: "NoMatchingError", detail: `Customer Profiles answered ${errorType}` };
}

/** Writes the new `$.Customer` if it fits the 14,000-character budget, recording each change. */
function commit(ctx: ActionContext, next: Record<string, unknown>): Outcome {
  const size = textSize(next);
  if (size > MAX_CUSTOMER_DATA_CHARS) return { kind: "error", errorType: "NoMatchingError", detail: `Customer Profiles data would take ${size} characters, over the ${MAX_CUSTOMER_DATA_CHARS} allowed per flow; nothing was stored` };
  const before = leaves(ctx.contact.customerProfile, "", new Map());
  const after = leaves(next, "", new Map());
  for (const key of new Set([...before.keys(), ...after.keys()])) ctx.changed("Customer", key, before.get(key), after.get(key));
  ctx.contact.customerProfile = next;
  return { kind: "next" };
}

/** `$.Customer` after a profile operation: ProfileId, ProfileARN and the listed fields. */
function storeProfile(ctx: ActionContext, profile: Record<string, unknown>, fresh: boolean): Outcome {
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
  getCustomerProfileObject,
  getCalculatedAttributesForCustomerProfile,
  associateContactToCustomerProfile,
];
