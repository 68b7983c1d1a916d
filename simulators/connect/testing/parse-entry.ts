/**
 * Where a run starts (`EntryPoint`) and the contact data it starts with
 * (`InitializationData`): API members beside the content, read with the same problems.
 *
 * Decisions where the reference is uncertain (§5, §10.9, §10.10):
 * - Voice: FlowId (with an optional SourcePhoneNumber, the caller), or
 *   SourcePhoneNumber + DestinationPhoneNumber (the flow of the claimed number). FlowId
 *   together with DestinationPhoneNumber is refused in the service's words, as it was
 *   seen refused live.
 * - InitializationData is {"Attributes": {...}, "SegmentAttributes": {...}}, the one
 *   shape seen to work. Other members (a flat map of attributes) are accepted and
 *   ignored with a warning, as the service accepts and ignores them.
 */
import type { SegmentAttributeValue } from "../flow/contact.js";
import type { EntryPoint, InitialData } from "./model.js";
import { MAX_INITIALIZATION_DATA_CHARS } from "./limits.js";
import { type ContentReader, type Json, isJsonObject, show } from "./reader.js";

const E164 = /^\+[1-9]\d{1,14}$/;
const PHONE = { pattern: E164, patternText: "a phone number in E.164 form (+ and up to 15 digits)" } as const;
const FLOW_ID = { nonEmpty: true, max: 500 } as const;

export function readEntryPoint(r: ContentReader, raw: unknown): EntryPoint | undefined {
  const at = "EntryPoint";
  const e = r.object(raw, at, undefined, "EntryPoint (a test case runs from a voice call or a chat)");
  if (!e) return undefined;
  r.onlyKeys(e, ["Type", "VoiceCallEntryPointParameters", "ChatEntryPointParameters"], at);
  const type = r.string(e, "Type", at, undefined, { required: true, oneOf: ["VOICE_CALL", "CHAT"] });
  if (type === "CHAT") {
    if (e.VoiceCallEntryPointParameters !== undefined) r.error(`${at}.VoiceCallEntryPointParameters`, "a CHAT entry point takes ChatEntryPointParameters");
    const p = r.object(e.ChatEntryPointParameters, `${at}.ChatEntryPointParameters`, undefined, "ChatEntryPointParameters");
    if (!p) return undefined;
    r.onlyKeys(p, ["FlowId"], `${at}.ChatEntryPointParameters`);
    const flowId = r.string(p, "FlowId", `${at}.ChatEntryPointParameters`, undefined, { required: true, ...FLOW_ID });
    return flowId === undefined ? undefined : { type, flowId };
  }
  if (type !== "VOICE_CALL") return undefined;
  if (e.ChatEntryPointParameters !== undefined) r.error(`${at}.ChatEntryPointParameters`, "a VOICE_CALL entry point takes VoiceCallEntryPointParameters");
  const pAt = `${at}.VoiceCallEntryPointParameters`;
  const p = r.object(e.VoiceCallEntryPointParameters, pAt, undefined, "VoiceCallEntryPointParameters");
  if (!p) return undefined;
  r.onlyKeys(p, ["FlowId", "SourcePhoneNumber", "DestinationPhoneNumber"], pAt);
  const before = r.problems.errors.length;
  const flowId = r.string(p, "FlowId", pAt, undefined, FLOW_ID);
  const sourcePhoneNumber = r.string(p, "SourcePhoneNumber", pAt, undefined, PHONE);
  const destinationPhoneNumber = r.string(p, "DestinationPhoneNumber", pAt, undefined, PHONE);
  const byFlow = p.FlowId !== undefined;
  const byNumber = p.DestinationPhoneNumber !== undefined;
  if (byFlow === byNumber) {
    r.error(pAt, "Must specify either FlowId or phone numbers");
  } else if (byNumber && p.SourcePhoneNumber === undefined) {
    r.error(pAt, "Missing mandatory parameter SourcePhoneNumber (the caller's number)");
  }
  return r.problems.errors.length === before ? { type, flowId, sourcePhoneNumber, destinationPhoneNumber } : undefined;
}

function segmentValue(v: unknown, depth: number): v is SegmentAttributeValue {
  if (!isJsonObject(v) || depth > 5) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1) return false;
  switch (keys[0]) {
    case "ValueString":
    case "ValueArn":
      return typeof v[keys[0]] === "string";
    case "ValueInteger":
      return Number.isInteger(v.ValueInteger);
    case "ValueList":
      return Array.isArray(v.ValueList) && v.ValueList.every((x) => segmentValue(x, depth + 1));
    case "ValueMap":
      return isJsonObject(v.ValueMap) && Object.values(v.ValueMap).every((x) => segmentValue(x, depth + 1));
    default:
      return false;
  }
}

/** The contact data a run starts with; empty when none is given. */
export function readInitializationData(r: ContentReader, raw: unknown): InitialData | undefined {
  const at = "InitializationData";
  const empty: InitialData = { attributes: {}, segmentAttributes: {} };
  if (raw === undefined || raw === null || raw === "") return empty;
  let data: unknown = raw;
  if (typeof raw === "string") {
    if (raw.length > MAX_INITIALIZATION_DATA_CHARS) {
      r.error(at, `InitializationData is ${raw.length} characters long; contact attributes hold ${MAX_INITIALIZATION_DATA_CHARS} at most`);
      return undefined;
    }
    try {
      data = JSON.parse(raw);
    } catch (err) {
      r.error(at, `InitializationData must be a valid JSON string: ${(err as Error).message}`);
      return undefined;
    }
  }
  const d: Json | undefined = r.object(data, at, undefined, "InitializationData");
  if (!d) return undefined;
  const ignored = Object.keys(d).filter((k) => k !== "Attributes" && k !== "SegmentAttributes");
  if (ignored.length) r.warning(at, `${ignored.join(", ")} ${ignored.length === 1 ? "is" : "are"} ignored, as the service ignores them: attributes go in {"Attributes": {...}, "SegmentAttributes": {}}`);
  const before = r.problems.errors.length;
  const attributes = r.object(d.Attributes, `${at}.Attributes`, undefined, "Attributes", false) ?? {};
  for (const [k, v] of Object.entries(attributes)) if (typeof v !== "string") r.error(`${at}.Attributes.${k}`, `contact attribute values are strings, not ${show(v)}`);
  const segments = r.object(d.SegmentAttributes, `${at}.SegmentAttributes`, undefined, "SegmentAttributes", false) ?? {};
  for (const [k, v] of Object.entries(segments)) if (!segmentValue(v, 0)) r.error(`${at}.SegmentAttributes.${k}`, `a segment attribute is one of {"ValueString": ...}, {"ValueInteger": ...}, {"ValueArn": ...}, {"ValueList": [...]}, {"ValueMap": {...}}, not ${show(v)}`);
  if (r.problems.errors.length !== before) return undefined;
  return { attributes: attributes as Record<string, string>, segmentAttributes: segments as Record<string, SegmentAttributeValue> };
}
