/**
 * The contact operations: StartTaskContact, StartOutboundVoiceContact, StopContact,
 * DescribeContact, Get/UpdateContactAttributes, ListContactReferences, SearchContacts,
 * TransferContact and UpdateContactSchedule. Request checks in the service's words; the
 * runtime (tasks, transfers, lifecycle, records) applies the rules.
 */
import type { ApiContext } from "../context.js";
import { ApiError, connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { epochSeconds, page, requireInstance } from "./common.js";
import { RequestRefused } from "../../runtime/refusals.js";
import type { Contact, Reference, SegmentAttributeValue } from "../../flow/contact.js";
import { attributeBytes, chainAttributes, disconnectCode, searchContacts, updateChainAttributes, type ContactQuery, type MatchType, type SortField, type TimeField } from "../../runtime/records.js";
import type { Runtime } from "../../runtime/runtime.js";

const REFERENCE_TYPES = ["URL", "ATTACHMENT", "CONTACT_ANALYSIS", "NUMBER", "STRING", "DATE", "EMAIL", "EMAIL_MESSAGE", "EMAIL_MESSAGE_PLAIN_TEXT", "EMAIL_MESSAGE_PLAIN_TEXT_REDACTED", "EMAIL_MESSAGE_REDACTED"];
const REFERENCE_STATUSES = ["AVAILABLE", "DELETED", "APPROVED", "REJECTED", "PROCESSING", "FAILED"];
const CHANNELS = ["VOICE", "CHAT", "TASK", "EMAIL"];
const INITIATION_METHODS = ["INBOUND", "OUTBOUND", "TRANSFER", "QUEUE_TRANSFER", "CALLBACK", "API", "DISCONNECT", "MONITOR", "EXTERNAL_OUTBOUND", "WEBRTC_API", "AGENT_REPLY", "FLOW"];
const TIME_FIELDS: TimeField[] = ["INITIATION_TIMESTAMP", "SCHEDULED_TIMESTAMP", "CONNECTED_TO_AGENT_TIMESTAMP", "DISCONNECT_TIMESTAMP", "ENQUEUE_TIMESTAMP"];
const SORT_FIELDS: SortField[] = ["INITIATION_TIMESTAMP", "SCHEDULED_TIMESTAMP", "CONNECTED_TO_AGENT_TIMESTAMP", "DISCONNECT_TIMESTAMP", "INITIATION_METHOD", "CHANNEL", "EXPIRY_TIMESTAMP"];
const MATCH_TYPES: MatchType[] = ["MATCH_ALL", "MATCH_ANY", "MATCH_EXACT", "MATCH_NONE"];
const ROLES = ["AGENT", "CUSTOMER", "SYSTEM", "CUSTOM_BOT", "SUPERVISOR"];
/** Search criteria flowsim has no data for: refused by name rather than ignored. */
const UNSUPPORTED_CRITERIA = ["AgentHierarchyGroups", "RoutingCriteria", "AdditionalTimeRange", "ActiveRegions", "ContactTags", "AiAgents"];
const ATTRIBUTE_KEY = /^[a-zA-Z0-9_-]+$/;
const MAX_ATTRIBUTE_BYTES = 32_768;
const E164 = /^\+[1-9]\d{1,14}$/;
const SEGMENT_MEMBERS = ["ValueString", "ValueInteger", "ValueMap", "ValueList", "ValueArn"];
/** StopContact: "It does not work for voice contacts that use the following initiation methods". */
const UNSTOPPABLE_VOICE = ["DISCONNECT", "TRANSFER", "QUEUE_TRANSFER", "EXTERNAL_OUTBOUND", "MONITOR"];

/** The runtime's refusals in the Connect API's words. */
function toApiError(err: unknown): unknown {
  if (!(err instanceof RequestRefused)) return err;
  switch (err.kind) {
    case "not-found":
      return connectErrors.resourceNotFound(err.message);
    case "quota":
      return connectErrors.quotaExceeded(err.message);
    default:
      return connectErrors.invalidRequest(err.message);
  }
}

function call<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toApiError(err);
  }
}

function requireContact(runtime: Runtime, id: string): Contact {
  const contact = runtime.findContact(id);
  if (!contact) throw connectErrors.resourceNotFound(`Contact not found: ${id}`);
  return contact;
}

function checkAttributes(shape: Shape, path: string, attributes: Record<string, string> | undefined): void {
  if (!attributes) return;
  for (const key of Object.keys(attributes)) if (!ATTRIBUTE_KEY.test(key)) shape.violation(`Value '${key}' at '${path}' failed to satisfy constraint: Map keys must contain only alphanumeric characters, - or _`);
  const bytes = attributeBytes(attributes);
  if (bytes > MAX_ATTRIBUTE_BYTES) shape.violation(`Value at '${path}' failed to satisfy constraint: the attributes take ${bytes} UTF-8 bytes; at most ${MAX_ATTRIBUTE_BYTES} are allowed across all keys and values`);
}

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

/** Connect timestamps arrive as epoch seconds (numbers). */
function epochMs(shape: Shape, path: string, required = false): number | undefined {
  const seconds = shape.number(path, { required });
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

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

function searchSummary(contact: Contact): Record<string, unknown> {
  const segment: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(contact.segmentAttributes)) {
    // ContactSearchSummarySegmentAttributeValue carries ValueString and ValueMap only.
    if (v.ValueString !== undefined) segment[k] = { ValueString: v.ValueString };
    else if (v.ValueMap !== undefined) segment[k] = { ValueMap: v.ValueMap };
  }
  return {
    Arn: contact.arn,
    Id: contact.id,
    InitialContactId: contact.initialContactId,
    PreviousContactId: contact.previousContactId,
    InitiationMethod: contact.initiationMethod,
    Channel: contact.channel,
    QueueInfo: contact.queue ? { Id: contact.queue.id, EnqueueTimestamp: epochSeconds(contact.enqueueTimestamp) } : undefined,
    AgentInfo: contact.agentId ? { Id: contact.agentId, ConnectedToAgentTimestamp: epochSeconds(contact.connectedToAgentTimestamp) } : undefined,
    InitiationTimestamp: epochSeconds(contact.initiationTimestamp),
    DisconnectTimestamp: epochSeconds(contact.disconnectTimestamp),
    ScheduledTimestamp: epochSeconds(contact.scheduledTimestamp),
    SegmentAttributes: segment,
    Name: contact.name,
    Tags: contact.tags,
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

function stringList(shape: Shape, path: string, allowed?: readonly string[]): string[] | undefined {
  const list = shape.array(path);
  if (!list) return undefined;
  const out: string[] = [];
  list.forEach((v, i) => {
    if (typeof v !== "string") shape.violation(`Value at '${path}.${i + 1}' failed to satisfy constraint: Member must be a string`);
    else if (allowed && !allowed.includes(v)) shape.violation(`Value '${v}' at '${path}.${i + 1}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`);
    else out.push(v);
  });
  return out;
}

function keyValueCriteria(shape: Shape, path: string): { criteria: { key: string; values: string[] }[]; match: "MATCH_ALL" | "MATCH_ANY" } | undefined {
  if (!shape.object(path)) return undefined;
  const list = shape.array(`${path}.Criteria`, { required: true, min: 1 }) ?? [];
  const criteria = list.map((_, i) => {
    const key = shape.string(`${path}.Criteria.${i}.Key`, { required: true, min: 1, max: 100 });
    const values = stringList(shape, `${path}.Criteria.${i}.Values`) ?? [];
    if (values.length === 0) shape.violation(`Value at '${path}.criteria.${i + 1}.values' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    return { key: key ?? "", values };
  });
  const match = shape.string(`${path}.MatchType`, { enum: MATCH_TYPES }) ?? "MATCH_ALL";
  if (match !== "MATCH_ALL" && match !== "MATCH_ANY") shape.violation(`Value '${match}' at '${path}.matchType' failed to satisfy constraint: only MATCH_ALL and MATCH_ANY combine attribute criteria`);
  return { criteria, match: match as "MATCH_ALL" | "MATCH_ANY" };
}

export function contactsRoutes(api: ApiContext): Route[] {
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
    {
      method: "POST",
      pattern: "/contact/stop",
      operation: "StopContact",
      handler: async (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const contactId = shape.string("ContactId", { required: true, min: 1, max: 256 });
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        shape.object("DisconnectReason");
        const code = shape.string("DisconnectReason.Code", { max: 256 });
        shape.check();
        requireInstance(api, instanceId);
        const contact = runtime.findContact(contactId!);
        if (!contact) throw connectErrors.contactNotFound(`Contact not found: ${contactId}`);
        // An ended contact is no longer there to stop.
        if (contact.ended) throw connectErrors.contactNotFound(`Contact ${contactId} has already ended`);
        if (contact.channel === "VOICE" && UNSTOPPABLE_VOICE.includes(contact.initiationMethod)) {
          throw connectErrors.invalidRequest(`StopContact does not work for voice contacts initiated by ${contact.initiationMethod}`);
        }
        await runtime.lifecycle.stop(contact, code);
        await runtime.whenIdle();
        return { body: {} };
      },
    },
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
    {
      method: "POST",
      pattern: "/search-contacts",
      operation: "SearchContacts",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        shape.object("TimeRange", { required: true });
        const type = shape.string("TimeRange.Type", { required: true, enum: TIME_FIELDS }) as TimeField | undefined;
        const start = epochMs(shape, "TimeRange.StartTime", true);
        const end = epochMs(shape, "TimeRange.EndTime", true);
        const max = shape.number("MaxResults", { min: 1, max: 100, integer: true });
        const nextToken = shape.string("NextToken", { min: 1, max: 2500 });
        const sortGiven = shape.object("Sort");
        const sortField = sortGiven ? (shape.string("Sort.FieldName", { required: true, enum: SORT_FIELDS }) as SortField | undefined) : undefined;
        const sortOrder = sortGiven ? (shape.string("Sort.Order", { required: true, enum: ["ASCENDING", "DESCENDING"] }) as "ASCENDING" | "DESCENDING" | undefined) : undefined;
        const criteria = shape.object("SearchCriteria");
        const query: Partial<ContactQuery> = {};
        if (criteria) {
          for (const member of UNSUPPORTED_CRITERIA) {
            if (criteria[member] !== undefined) shape.violation(`Value at 'searchCriteria.${member.charAt(0).toLowerCase() + member.slice(1)}' failed to satisfy constraint: flowsim does not model ${member}; search without it`);
          }
          query.channels = stringList(shape, "SearchCriteria.Channels", CHANNELS);
          query.initiationMethods = stringList(shape, "SearchCriteria.InitiationMethods", INITIATION_METHODS);
          query.queueIds = stringList(shape, "SearchCriteria.QueueIds");
          query.agentIds = stringList(shape, "SearchCriteria.AgentIds");
          if (shape.object("SearchCriteria.Name")) {
            const texts = stringList(shape, "SearchCriteria.Name.SearchText") ?? [];
            const match = shape.string("SearchCriteria.Name.MatchType", { required: true, enum: MATCH_TYPES }) as MatchType | undefined;
            if (texts.length === 0) shape.violation("Value at 'searchCriteria.name.searchText' failed to satisfy constraint: Member must have length greater than or equal to 1");
            query.name = { texts, match: match ?? "MATCH_ALL" };
          }
          query.attributes = keyValueCriteria(shape, "SearchCriteria.SearchableContactAttributes");
          query.segmentAttributes = keyValueCriteria(shape, "SearchCriteria.SearchableSegmentAttributes");
          if (shape.object("SearchCriteria.ContactAnalysis")) {
            shape.object("SearchCriteria.ContactAnalysis.Transcript", { required: true });
            const list = shape.array("SearchCriteria.ContactAnalysis.Transcript.Criteria", { required: true, min: 1 }) ?? [];
            const transcriptCriteria = list.map((_, i) => {
              const at = `SearchCriteria.ContactAnalysis.Transcript.Criteria.${i}`;
              const role = shape.string(`${at}.ParticipantRole`, { required: true, enum: ROLES });
              const texts = stringList(shape, `${at}.SearchText`) ?? [];
              const match = shape.string(`${at}.MatchType`, { required: true, enum: MATCH_TYPES }) as MatchType | undefined;
              return { role: role ?? "", texts, match: match ?? "MATCH_ALL" };
            });
            const match = shape.string("SearchCriteria.ContactAnalysis.Transcript.MatchType", { enum: ["MATCH_ALL", "MATCH_ANY"] }) as "MATCH_ALL" | "MATCH_ANY" | undefined;
            query.transcript = { criteria: transcriptCriteria, match: match ?? "MATCH_ALL" };
          }
        }
        if (start !== undefined && end !== undefined && start > end) shape.violation("Value at 'timeRange' failed to satisfy constraint: StartTime must not be after EndTime");
        shape.check();
        requireInstance(api, instanceId);
        const found = searchContacts(runtime, { ...query, timeRange: { type: type!, start: start!, end: end! }, sort: sortField && sortOrder ? { field: sortField, order: sortOrder } : undefined }).filter(
          (contact) => api.searchVisible?.(contact) ?? true,
        );
        const { items, nextToken: next } = page(found, nextToken, max, 100);
        return { body: { Contacts: items.map(searchSummary), NextToken: next, TotalCount: found.length } };
      },
    },
    {
      method: "POST",
      pattern: "/contact/transfer",
      operation: "TransferContact",
      handler: async (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const contactId = shape.string("ContactId", { required: true, min: 1, max: 256 });
        const contactFlowId = shape.string("ContactFlowId", { required: true, max: 500 });
        const queueId = shape.string("QueueId");
        const userId = shape.string("UserId");
        const clientToken = shape.string("ClientToken", { max: 500 });
        shape.check();
        requireInstance(api, instanceId);
        if (queueId && userId) throw connectErrors.invalidRequest("Do not use both QueueId and UserId in the same call");
        const contact = requireContact(runtime, contactId!);
        const flow = runtime.findFlow(contactFlowId!, "flow");
        if (!flow) throw connectErrors.resourceNotFound(`Contact flow not found: ${contactFlowId}`);
        const queue = queueId ? runtime.resources.queues.find(queueId) : undefined;
        if (queueId && !queue) throw connectErrors.resourceNotFound(`Queue not found: ${queueId}`);
        const user = userId ? runtime.resources.users.find(userId) : undefined;
        if (userId && !user) throw connectErrors.resourceNotFound(`User not found: ${userId}`);
        const segment = call(() => runtime.transfers.transferContact(contact, { flow, queue, userId: user?.id, clientToken }));
        await runtime.whenIdle();
        return { body: { ContactId: segment.id, ContactArn: segment.arn } };
      },
    },
    {
      method: "POST",
      pattern: "/contact/schedule",
      operation: "UpdateContactSchedule",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const contactId = shape.string("ContactId", { required: true, min: 1, max: 256 });
        const at = epochMs(shape, "ScheduledTime", true);
        shape.check();
        requireInstance(api, instanceId);
        requireContact(runtime, contactId!);
        call(() => runtime.tasks.reschedule(contactId!, at!));
        return { body: {} };
      },
    },
  ];
}
