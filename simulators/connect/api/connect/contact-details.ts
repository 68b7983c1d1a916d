/**
 * Reading and annotating a contact: DescribeContact, Get/UpdateContactAttributes (along
 * the PreviousContactId chain) and ListContactReferences.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { epochSeconds, page, requireInstance } from "./common.js";
import { MAX_ATTRIBUTE_BYTES, REFERENCE_TYPES, checkAttributes, requireContact } from "./contact-requests.js";
import type { Contact, Reference } from "../../flow/contact.js";
import { attributeBytes, chainAttributes, disconnectCode, updateChainAttributes } from "../../runtime/records.js";
import type { Runtime } from "../../runtime/runtime.js";

function describe(runtime: Runtime, contact: Contact): Record<string, unknown> {
  const info = runtime.routing.peek(contact.id);
  const template = contact.taskTemplateId ? runtime.resources.taskTemplates.get(contact.taskTemplateId) : undefined;
  const acwDuration = info?.acwStartedAt !== undefined && info.acwEndedAt !== undefined ? Math.round((info.acwEndedAt - info.acwStartedAt) / 1000) : undefined;
  return {
    Arn: contact.arn,
    Id: contact.id,
    InitialContactId: contact.initialContactId,
    PreviousContactId: contact.previousContactId,
    RelatedContactId: contact.relatedContactId,
    InitiationMethod: contact.initiationMethod,
    Channel: contact.channel,
    Name: contact.name,
    Description: contact.description,
    QueueInfo: contact.queue ? { Id: contact.queue.id, EnqueueTimestamp: epochSeconds(contact.enqueueTimestamp) } : undefined,
    AgentInfo: contact.agentId
      ? {
          Id: contact.agentId,
          AcceptedByAgentTimestamp: epochSeconds(info?.acceptedAt),
          ConnectedToAgentTimestamp: epochSeconds(contact.connectedToAgentTimestamp),
          AfterContactWorkStartTimestamp: epochSeconds(info?.acwStartedAt),
          AfterContactWorkEndTimestamp: epochSeconds(info?.acwEndedAt),
          AfterContactWorkDuration: acwDuration,
          AgentInitiatedHoldDuration: runtime.hold.agentInitiatedHoldSeconds(contact.id),
        }
      : undefined,
    InitiationTimestamp: epochSeconds(contact.initiationTimestamp),
    DisconnectTimestamp: epochSeconds(contact.disconnectTimestamp),
    LastUpdateTimestamp: epochSeconds(contact.lastUpdateTimestamp),
    ScheduledTimestamp: epochSeconds(contact.scheduledTimestamp),
    QueuePriority: contact.queuePriority,
    QueueTimeAdjustmentSeconds: contact.queueTimeAdjustmentSeconds,
    CustomerId: contact.customerId,
    CustomerEndpoint: contact.customerEndpoint,
    SystemEndpoint: contact.systemEndpoint,
    SegmentAttributes: contact.segmentAttributes,
    Tags: contact.tags,
    Attributes: contact.attributes,
    TaskTemplateInfo: template ? { Arn: template.arn, Name: template.name } : undefined,
    DisconnectReason: disconnectCode(runtime, contact),
  };
}

/** ReferenceSummary is a union keyed by type. */
function referenceSummary(name: string, ref: Reference): Record<string, unknown> {
  switch (ref.Type) {
    case "URL":
      return { Url: { Name: name, Value: ref.Value } };
    case "ATTACHMENT":
      return { Attachment: { Name: name, Value: ref.Value, Status: ref.Status ?? "APPROVED" } };
    case "NUMBER":
      return { Number: { Name: name, Value: ref.Value } };
    case "DATE":
      return { Date: { Name: name, Value: ref.Value } };
    case "EMAIL":
      return { Email: { Name: name, Value: ref.Value } };
    default:
      return { String: { Name: name, Value: ref.Value } };
  }
}

export function contactDetailsRoutes(api: ApiContext): Route[] {
  const runtime = api.runtime;
  return [
    {
      method: "GET",
      pattern: "/contacts/{InstanceId}/{ContactId}",
      operation: "DescribeContact",
      handler: (req) => {
        requireInstance(api, req.labels.InstanceId);
        return { body: { Contact: describe(runtime, requireContact(runtime, req.labels.ContactId)) } };
      },
    },
    {
      method: "GET",
      pattern: "/contact/attributes/{InstanceId}/{InitialContactId}",
      operation: "GetContactAttributes",
      handler: (req) => {
        requireInstance(api, req.labels.InstanceId);
        return { body: { Attributes: chainAttributes(runtime, requireContact(runtime, req.labels.InitialContactId)) } };
      },
    },
    {
      method: "POST",
      pattern: "/contact/attributes",
      operation: "UpdateContactAttributes",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const initialContactId = shape.string("InitialContactId", { required: true, min: 1, max: 256 });
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const attributes = shape.stringMap("Attributes", { required: true, maxValue: 32767 });
        checkAttributes(shape, "attributes", attributes);
        shape.check();
        requireInstance(api, instanceId);
        const contact = requireContact(runtime, initialContactId!);
        const merged = { ...chainAttributes(runtime, contact), ...attributes };
        if (attributeBytes(merged) > MAX_ATTRIBUTE_BYTES) throw connectErrors.invalidParameter(`The contact's attributes would take ${attributeBytes(merged)} UTF-8 bytes; at most ${MAX_ATTRIBUTE_BYTES} are allowed`);
        updateChainAttributes(runtime, contact, attributes!);
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/contact/references/{InstanceId}/{ContactId}",
      operation: "ListContactReferences",
      handler: (req) => {
        const types = req.query.getAll("referenceTypes");
        if (types.length === 0) throw connectErrors.invalidParameter("1 validation error detected: Value null at 'referenceTypes' failed to satisfy constraint: Member must not be null");
        const bad = types.filter((t) => !REFERENCE_TYPES.includes(t));
        if (bad.length) throw connectErrors.invalidParameter(`1 validation error detected: Value '[${bad.join(", ")}]' at 'referenceTypes' failed to satisfy constraint: Member must satisfy enum value set: [${REFERENCE_TYPES.join(", ")}]`);
        requireInstance(api, req.labels.InstanceId);
        const contact = requireContact(runtime, req.labels.ContactId);
        const all = Object.entries(contact.references).filter(([, r]) => types.includes(r.Type)).map(([n, r]) => referenceSummary(n, r));
        const { items, nextToken } = page(all, req.query.get("nextToken"), undefined, 100);
        return { body: { ReferenceSummaryList: items, NextToken: nextToken } };
      },
    },
  ];
}
