/**
 * Starting contacts from the API: StartTaskContact and StartOutboundVoiceContact. Request
 * checks in the service's words (references, segment attributes, phone numbers); the
 * runtime's tasks start the contact and its flow.
 */
import type { ApiContext } from "../context.js";
import { ApiError, connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { requireInstance } from "./common.js";
import { REFERENCE_TYPES, call, checkAttributes, epochMs } from "./contact-requests.js";
import type { Reference, SegmentAttributeValue } from "../../flow/contact.js";

const REFERENCE_STATUSES = ["AVAILABLE", "DELETED", "APPROVED", "REJECTED", "PROCESSING", "FAILED"];
const E164 = /^\+[1-9]\d{1,14}$/;
const SEGMENT_MEMBERS = ["ValueString", "ValueInteger", "ValueMap", "ValueList", "ValueArn"];

/** ContactReferences: a map of name to {Type, Value, Status, Arn, StatusReason}. Names may hold dots, so members are read directly. */
function references(shape: Shape): Record<string, Reference> | undefined {
  const raw = shape.object("References");
  if (!raw) return undefined;
  const out: Record<string, Reference> = {};
  for (const [name, value] of Object.entries(raw)) {
    const at = `references.${name}`;
    if (name.length < 1 || name.length > 4096) shape.violation(`Value '${name}' at 'references' failed to satisfy constraint: Map keys must have length between 1 and 4096`);
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      shape.violation(`Value at '${at}' failed to satisfy constraint: Member must be a structure`);
      continue;
    }
    const ref = value as Record<string, unknown>;
    const text = (member: string, max: number): string | undefined => {
      const v = ref[member];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== "string") shape.violation(`Value at '${at}.${member.toLowerCase()}' failed to satisfy constraint: Member must be a string`);
      else if (v.length > max) shape.violation(`Value at '${at}.${member.toLowerCase()}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
      else return v;
      return undefined;
    };
    const type = text("Type", 100);
    if (type === undefined) shape.violation(`Value null at '${at}.type' failed to satisfy constraint: Member must not be null`);
    else if (!REFERENCE_TYPES.includes(type)) shape.violation(`Value '${type}' at '${at}.type' failed to satisfy constraint: Member must satisfy enum value set: [${REFERENCE_TYPES.join(", ")}]`);
    const status = text("Status", 100);
    if (status !== undefined && !REFERENCE_STATUSES.includes(status)) shape.violation(`Value '${status}' at '${at}.status' failed to satisfy constraint: Member must satisfy enum value set: [${REFERENCE_STATUSES.join(", ")}]`);
    const v = text("Value", 4096);
    text("Arn", 1024);
    text("StatusReason", 4096);
    if (type) out[name] = { Type: type, Value: v ?? "", ...(status ? { Status: status } : {}) };
  }
  return out;
}

/** A SegmentAttributeValue is a union: exactly one member at every level. */
function segmentAttributes(shape: Shape): Record<string, SegmentAttributeValue> | undefined {
  const raw = shape.object("SegmentAttributes");
  if (!raw) return undefined;
  const visit = (value: unknown, path: string): void => {
    if (!value || typeof value !== "object" || Array.isArray(value)) return shape.violation(`Value at '${path}' failed to satisfy constraint: Member must be a structure`);
    const members = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] != null);
    if (members.length !== 1 || !SEGMENT_MEMBERS.includes(members[0])) return shape.violation(`Value at '${path}' failed to satisfy constraint: exactly one of ${SEGMENT_MEMBERS.join(", ")} must be set`);
    const v = (value as Record<string, unknown>)[members[0]];
    if (members[0] === "ValueMap" && v && typeof v === "object") for (const [k, x] of Object.entries(v)) visit(x, `${path}.ValueMap.${k}`);
    if (members[0] === "ValueList" && Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}.ValueList.${i + 1}`));
  };
  for (const [key, value] of Object.entries(raw)) visit(value, `segmentAttributes.${key}`);
  return raw as Record<string, SegmentAttributeValue>;
}

export function startContactRoutes(api: ApiContext): Route[] {
  const runtime = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/contact/task",
      operation: "StartTaskContact",
      handler: async (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const name = shape.string("Name", { required: true, max: 512 });
        const description = shape.string("Description", { max: 4096 });
        const contactFlowId = shape.string("ContactFlowId", { max: 500 });
        const quickConnectId = shape.string("QuickConnectId");
        const taskTemplateId = shape.string("TaskTemplateId", { min: 1, max: 500 });
        const previousContactId = shape.string("PreviousContactId", { min: 1, max: 256 });
        const relatedContactId = shape.string("RelatedContactId", { min: 1, max: 256 });
        const attributes = shape.stringMap("Attributes", { maxValue: 32767 });
        checkAttributes(shape, "attributes", attributes);
        const refs = references(shape);
        const scheduledAt = epochMs(shape, "ScheduledTime");
        const clientToken = shape.string("ClientToken", { max: 500 });
        const segment = segmentAttributes(shape);
        const rawAttachments = shape.array("Attachments");
        const attachments = (rawAttachments ?? []).map((_, i) => ({
          FileName: shape.string(`Attachments.${i}.FileName`, { required: true, min: 1, max: 256 }) ?? "",
          S3Url: shape.string(`Attachments.${i}.S3Url`, { required: true, min: 1, max: 2000 }) ?? "",
        }));
        shape.check();
        requireInstance(api, instanceId);
        const task = call(() =>
          runtime.tasks.startTask({ name: name!, description, contactFlowId, quickConnectId, taskTemplateId, previousContactId, relatedContactId, attributes, references: refs, scheduledAt, segmentAttributes: segment, attachments, clientToken }),
        );
        await runtime.whenIdle();
        return { body: { ContactId: task.id } };
      },
    },
    {
      method: "PUT",
      pattern: "/contact/outbound-voice",
      operation: "StartOutboundVoiceContact",
      handler: async (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const destination = shape.string("DestinationPhoneNumber", { required: true });
        const contactFlowId = shape.string("ContactFlowId", { required: true, max: 500 });
        const source = shape.string("SourcePhoneNumber");
        const queueId = shape.string("QueueId");
        const name = shape.string("Name", { max: 512 });
        const description = shape.string("Description", { max: 4096 });
        const relatedContactId = shape.string("RelatedContactId", { min: 1, max: 256 });
        const clientToken = shape.string("ClientToken", { max: 500 });
        const attributes = shape.stringMap("Attributes", { maxValue: 32767 });
        checkAttributes(shape, "attributes", attributes);
        const refs = references(shape);
        // The simulated callee is a person who answers at once; Check call progress reads its answer from the responders.
        shape.object("AnswerMachineDetectionConfig");
        shape.boolean("AnswerMachineDetectionConfig.EnableAnswerMachineDetection");
        shape.boolean("AnswerMachineDetectionConfig.AwaitAnswerMachinePrompt");
        const trafficType = shape.string("TrafficType", { enum: ["GENERAL", "CAMPAIGN"] });
        shape.string("CampaignId", { min: 1, max: 100 });
        const strategy = shape.object("OutboundStrategy");
        // It bounds how long the call rings; the simulated callee answers at once, so only its range matters.
        shape.number("RingTimeoutInSeconds", { min: 15, max: 60, integer: true });
        if (destination !== undefined && !E164.test(destination)) shape.violation(`Value '${destination}' at 'destinationPhoneNumber' failed to satisfy constraint: Member must be a phone number in E.164 format`);
        if (source !== undefined && !E164.test(source)) shape.violation(`Value '${source}' at 'sourcePhoneNumber' failed to satisfy constraint: Member must be a phone number in E.164 format`);
        shape.check();
        requireInstance(api, instanceId);
        // "Campaign calls are not allowed by default": they need a service quota increase.
        if (trafficType === "CAMPAIGN") throw new ApiError(403, "OutboundContactNotPermittedException", "Campaign calls (TrafficType CAMPAIGN) are not permitted on this instance");
        if (strategy) throw connectErrors.invalidRequest("OutboundStrategy applies to outbound campaign calls only");
        const call_ = call(() => runtime.tasks.startOutboundVoice({ destination: destination!, contactFlowId: contactFlowId!, queueId, source, name, description, attributes, references: refs, relatedContactId, clientToken }));
        await runtime.whenIdle();
        return { body: { ContactId: call_.id } };
      },
    },
  ];
}
