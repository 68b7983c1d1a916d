/**
 * SearchContacts: the request's time range, criteria, sort and paging checked in the
 * service's words (criteria flowsim has no data for are refused by name), then the
 * runtime's records searched.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { epochSeconds, page, requireInstance } from "./common.js";
import { epochMs } from "./contact-requests.js";
import type { Contact } from "../../flow/contact.js";
import { searchContacts, type ContactQuery, type MatchType, type SortField, type TimeField } from "../../runtime/records.js";

const CHANNELS = ["VOICE", "CHAT", "TASK", "EMAIL"];
const INITIATION_METHODS = ["INBOUND", "OUTBOUND", "TRANSFER", "QUEUE_TRANSFER", "CALLBACK", "API", "DISCONNECT", "MONITOR", "EXTERNAL_OUTBOUND", "WEBRTC_API", "AGENT_REPLY", "FLOW"];
const TIME_FIELDS: TimeField[] = ["INITIATION_TIMESTAMP", "SCHEDULED_TIMESTAMP", "CONNECTED_TO_AGENT_TIMESTAMP", "DISCONNECT_TIMESTAMP", "ENQUEUE_TIMESTAMP"];
const SORT_FIELDS: SortField[] = ["INITIATION_TIMESTAMP", "SCHEDULED_TIMESTAMP", "CONNECTED_TO_AGENT_TIMESTAMP", "DISCONNECT_TIMESTAMP", "INITIATION_METHOD", "CHANNEL", "EXPIRY_TIMESTAMP"];
const MATCH_TYPES: MatchType[] = ["MATCH_ALL", "MATCH_ANY", "MATCH_EXACT", "MATCH_NONE"];
const ROLES = ["AGENT", "CUSTOMER", "SYSTEM", "CUSTOM_BOT", "SUPERVISOR"];
/** Search criteria flowsim has no data for: refused by name rather than ignored. */
const UNSUPPORTED_CRITERIA = ["AgentHierarchyGroups", "RoutingCriteria", "AdditionalTimeRange", "ActiveRegions", "ContactTags", "AiAgents"];

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

export function searchContactsRoutes(api: ApiContext): Route[] {
  const runtime = api.runtime;
  return [
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
  ];
}
