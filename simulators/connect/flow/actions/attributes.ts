/**
 * Set contact attributes (reference §5.8): user-defined attributes on the current or
 * related contact, flow attributes local to one flow execution, and the Connect-defined
 * fields (name, description, language, references...).
 */
import type { ActionContext, ActionDefinition, Outcome } from "../action.js";
import { stringify } from "../jsonpath.js";
import type { Contact } from "../contact.js";
import { isObject } from "./util.js";

/** "When the attributes for a contact exceed 32 KB, the contact is routed down the Error branch." */
export const MAX_ATTRIBUTES_BYTES = 32 * 1024;

export function attributesSize(attributes: Record<string, string>): number {
  let bytes = 0;
  for (const [k, v] of Object.entries(attributes)) bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
  return bytes;
}

function targetOf(ctx: ActionContext): { contact: Contact; scope: string } {
  return ctx.params.TargetContact === "Related" ? { contact: ctx.host.relatedContact(ctx.contact), scope: "RelatedAttributes" } : { contact: ctx.contact, scope: "Attributes" };
}

/**
 * Resolves every key and value first, then applies all or nothing. A reference with
 * no value clears the attribute (setting empty is the documented way to remove one).
 */
function resolvePairs(ctx: ActionContext, source: Record<string, unknown>, read: (raw: unknown) => unknown): { key: string; value: string | undefined }[] {
  return Object.entries(source).map(([rawKey, rawValue]) => {
    const key = ctx.text(rawKey) ?? rawKey;
    const value = stringify(ctx.value(read(rawValue)));
    if (value === undefined) ctx.note(`${key}: ${String(read(rawValue))} has no value, so ${key} is cleared`);
    return { key, value };
  });
}

function apply(ctx: ActionContext, scope: string, target: Record<string, string>, pairs: { key: string; value: string | undefined }[]): void {
  for (const { key, value } of pairs) {
    const before = target[key];
    if (value === undefined || value === "") delete target[key];
    else target[key] = value;
    ctx.changed(scope, key, before, target[key]);
  }
}

const badKey = (key: string) => /[$.]/.test(key);

export const updateContactAttributes: ActionDefinition = {
  type: "UpdateContactAttributes",
  family: "contact",
  params: {
    Attributes: { dynamism: "any", kind: "map", required: true, values: { dynamism: "any", kind: "any" } },
    TargetContact: { dynamism: "static", kind: "enum", enum: ["Current", "Related"] },
  },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  validate(action, v) {
    const attrs = action.Parameters.Attributes;
    if (!isObject(attrs)) return;
    for (const key of Object.keys(attrs)) {
      if (badKey(key) && !key.startsWith("$.")) v.problems.error(`${v.path}.Parameters.Attributes.${key}`, `Invalid Action property value. Path: ${v.path}.Parameters.Attributes (the attribute key ${JSON.stringify(key)} contains "$" or ".", which are not allowed in keys)`, action);
    }
  },
  async run(ctx): Promise<Outcome> {
    const { contact, scope } = targetOf(ctx);
    const pairs = resolvePairs(ctx, ctx.params.Attributes as Record<string, unknown>, (raw) => raw);
    const bad = pairs.find((p) => badKey(p.key));
    if (bad) return { kind: "error", errorType: "NoMatchingError", detail: `attribute key ${JSON.stringify(bad.key)} contains "$" or "."` };
    const next = { ...contact.attributes };
    for (const { key, value } of pairs) {
      if (value === undefined || value === "") delete next[key];
      else next[key] = value;
    }
    const size = attributesSize(next);
    if (size > MAX_ATTRIBUTES_BYTES) return { kind: "error", errorType: "NoMatchingError", detail: `the contact's attributes would take ${size} bytes, over the 32 KB limit; none were set` };
    apply(ctx, scope, contact.attributes, pairs);
    contact.lastUpdateTimestamp = ctx.host.clock.now();
    return { kind: "next" };
  },
};

export const updateFlowAttributes: ActionDefinition = {
  type: "UpdateFlowAttributes",
  family: "flow-control",
  params: {
    FlowAttributes: {
      dynamism: "any",
      kind: "map",
      required: true,
      // Console exports write { "Value": "..." } per key; a bare string is accepted too.
      values: { dynamism: "any", kind: "any" },
    },
  },
  errors: { allowed: ["NoMatchingError"] },
  async run(ctx) {
    const pairs = resolvePairs(ctx, ctx.params.FlowAttributes as Record<string, unknown>, (raw) => (isObject(raw) ? raw.Value : raw));
    apply(ctx, "FlowAttributes", ctx.run.flowAttributes, pairs);
    return { kind: "next" };
  },
};

const CONTACT_DATA_FIELDS = ["Name", "Description", "LanguageCode", "CustomerId", "WisdomSessionArn"] as const;
const VOICE_ID_FIELDS = [
  "IsVoiceIdStreamingEnabled",
  "IsVoiceAuthenticationEnabled",
  "IsFraudDetectionEnabled",
  "VoiceAuthenticationThreshold",
  "VoiceAuthenticationResponseTime",
  "FraudDetectionThreshold",
  "WatchlistId",
] as const;

export const updateContactData: ActionDefinition = {
  type: "UpdateContactData",
  family: "contact",
  params: {
    Name: { dynamism: "any" },
    Description: { dynamism: "any" },
    LanguageCode: { dynamism: "any" },
    CustomerId: { dynamism: "any" },
    References: { dynamism: "any", kind: "map", values: { dynamism: "any", kind: "any" } },
    IsVoiceIdStreamingEnabled: { dynamism: "any", kind: "enum", enum: ["TRUE", "FALSE", "true", "false", "True", "False"] },
    IsVoiceAuthenticationEnabled: { dynamism: "any", kind: "enum", enum: ["TRUE", "FALSE", "true", "false", "True", "False"] },
    IsFraudDetectionEnabled: { dynamism: "any", kind: "enum", enum: ["TRUE", "FALSE", "true", "false", "True", "False"] },
    VoiceAuthenticationThreshold: { dynamism: "any", kind: "integer", min: 0, max: 100 },
    VoiceAuthenticationResponseTime: { dynamism: "any", kind: "integer", min: 5, max: 10 },
    FraudDetectionThreshold: { dynamism: "any", kind: "integer", min: 0, max: 100 },
    WatchlistId: { dynamism: "any" },
    WisdomSessionArn: { dynamism: "any" },
    TargetContact: { dynamism: "static", kind: "enum", enum: ["Current", "Related"] },
  },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  async run(ctx) {
    const { contact } = targetOf(ctx);
    const p = ctx.params;
    const set = (key: string, before: string | undefined, after: string | undefined, assign: (v: string | undefined) => void) => {
      assign(after);
      ctx.changed("ContactData", key, before, after);
    };
    for (const field of CONTACT_DATA_FIELDS) {
      if (p[field] === undefined) continue;
      const value = ctx.text(p[field]);
      switch (field) {
        case "Name":
          set(field, contact.name, value, (v) => (contact.name = v));
          break;
        case "Description":
          set(field, contact.description, value, (v) => (contact.description = v));
          break;
        case "LanguageCode":
          set(field, contact.languageCode, value, (v) => (contact.languageCode = v ?? "en-US"));
          break;
        case "CustomerId":
          set(field, contact.customerId, value, (v) => (contact.customerId = v));
          break;
        case "WisdomSessionArn":
          set(field, contact.wisdomSessionArn, value, (v) => (contact.wisdomSessionArn = v));
          break;
      }
    }
    if (isObject(p.References)) {
      for (const [rawName, raw] of Object.entries(p.References)) {
        const name = ctx.text(rawName) ?? rawName;
        const ref = isObject(raw) ? { Type: ctx.text(raw.Type) ?? "URL", Value: ctx.text(raw.Value) ?? "" } : { Type: "URL", Value: ctx.text(raw) ?? "" };
        const before = contact.references[name]?.Value;
        contact.references[name] = ref;
        ctx.changed("References", name, before, ref.Value);
      }
    }
    for (const field of VOICE_ID_FIELDS) {
      if (p[field] === undefined) continue;
      const voiceId = (contact.behaviours.voiceId ??= {});
      const value = ctx.text(p[field]) ?? "";
      ctx.changed("VoiceId", field, voiceId[field], value);
      voiceId[field] = value;
    }
    contact.lastUpdateTimestamp = ctx.host.clock.now();
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [updateContactAttributes, updateFlowAttributes, updateContactData];
