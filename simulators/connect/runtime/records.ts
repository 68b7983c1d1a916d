/**
 * Contact records as the contact APIs read them: attributes along a contact chain,
 * the disconnect reason, and contact search.
 *
 * Decisions where the references are silent:
 * - Attributes percolate along a chain linked by PreviousContactId (reference §5.8): an
 *   update through the API reaches every segment, and a read merges the segments in the
 *   order they started (later segments win).
 * - Search sees every contact of the simulator, including tasks that flows created (a
 *   task created by a flow is always linked to its contact, so seed 002's "link to contact"
 *   holds). ContactAnalysis matches chat transcripts; calls have no transcript to match.
 */
import type { Contact } from "../flow/contact.js";
import type { Runtime } from "./runtime.js";

export type MatchType = "MATCH_ALL" | "MATCH_ANY" | "MATCH_EXACT" | "MATCH_NONE";
export type TimeField = "INITIATION_TIMESTAMP" | "SCHEDULED_TIMESTAMP" | "CONNECTED_TO_AGENT_TIMESTAMP" | "DISCONNECT_TIMESTAMP" | "ENQUEUE_TIMESTAMP";
export type SortField = "INITIATION_TIMESTAMP" | "SCHEDULED_TIMESTAMP" | "CONNECTED_TO_AGENT_TIMESTAMP" | "DISCONNECT_TIMESTAMP" | "INITIATION_METHOD" | "CHANNEL" | "EXPIRY_TIMESTAMP";

export interface ContactQuery {
  timeRange: { type: TimeField; start: number; end: number };
  channels?: string[];
  initiationMethods?: string[];
  queueIds?: string[];
  agentIds?: string[];
  name?: { texts: string[]; match: MatchType };
  attributes?: { criteria: { key: string; values: string[] }[]; match: "MATCH_ALL" | "MATCH_ANY" };
  segmentAttributes?: { criteria: { key: string; values: string[] }[]; match: "MATCH_ALL" | "MATCH_ANY" };
  transcript?: { criteria: { role: string; texts: string[]; match: MatchType }[]; match: "MATCH_ALL" | "MATCH_ANY" };
  sort?: { field: SortField; order: "ASCENDING" | "DESCENDING" };
}

/** The segments of a contact's chain (same InitialContactId), in the order they started. */
export function chainOf(rt: Runtime, contact: Contact): Contact[] {
  return rt
    .allSessions()
    .map((s) => s.contact)
    .filter((c) => c.initialContactId === contact.initialContactId)
    .sort((a, b) => a.initiationTimestamp - b.initiationTimestamp);
}

export function chainAttributes(rt: Runtime, contact: Contact): Record<string, string> {
  return Object.assign({}, ...chainOf(rt, contact).map((c) => c.attributes));
}

/** UpdateContactAttributes: every segment of the chain; an empty value stays (the service stores it as given). */
export function updateChainAttributes(rt: Runtime, contact: Contact, attributes: Record<string, string>): void {
  const now = rt.clock.now();
  for (const c of chainOf(rt, contact)) {
    Object.assign(c.attributes, attributes);
    c.lastUpdateTimestamp = now;
  }
}

/** Attribute size as the service counts it: UTF-8 bytes of every key and value. */
export function attributeBytes(attributes: Record<string, string>): number {
  let n = 0;
  for (const [k, v] of Object.entries(attributes)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

/** DescribeContact's DisconnectReason: what the runtime recorded, else read from how the contact ended. */
export function disconnectCode(rt: Runtime, contact: Contact): string | undefined {
  if (!contact.ended) return undefined;
  const known = rt.routing.peek(contact.id)?.disconnectCode;
  if (known) return known;
  const reason = contact.disconnectReason ?? "";
  if (/^flowsim/.test(reason)) return "OTHER";
  if (/^DisconnectParticipant|flow/i.test(reason)) return "CONTACT_FLOW_DISCONNECT";
  if (/customer/i.test(reason)) return "CUSTOMER_DISCONNECT";
  if (/expired|duration/i.test(reason)) return "EXPIRED";
  return "OTHER";
}

function timeOf(contact: Contact, field: TimeField | SortField): number | undefined {
  switch (field) {
    case "INITIATION_TIMESTAMP":
      return contact.initiationTimestamp;
    case "SCHEDULED_TIMESTAMP":
      return contact.scheduledTimestamp;
    case "CONNECTED_TO_AGENT_TIMESTAMP":
      return contact.connectedToAgentTimestamp;
    case "DISCONNECT_TIMESTAMP":
      return contact.disconnectTimestamp;
    case "ENQUEUE_TIMESTAMP":
      return contact.enqueueTimestamp;
    default:
      return undefined;
  }
}

/** Whether `texts` are found in `haystacks` as `match` asks (case-insensitive; EXACT compares whole values). */
function textMatch(haystacks: string[], texts: string[], match: MatchType): boolean {
  const lower = haystacks.map((h) => h.toLowerCase());
  const found = (t: string) => lower.some((h) => h.includes(t.toLowerCase()));
  switch (match) {
    case "MATCH_ALL":
      return texts.every(found);
    case "MATCH_ANY":
      return texts.some(found);
    case "MATCH_EXACT":
      return texts.some((t) => lower.includes(t.toLowerCase()));
    case "MATCH_NONE":
      return !texts.some(found);
  }
}

function combine(results: boolean[], match: "MATCH_ALL" | "MATCH_ANY"): boolean {
  return match === "MATCH_ALL" ? results.every(Boolean) : results.some(Boolean);
}

function segmentString(contact: Contact, key: string): string | undefined {
  const v = contact.segmentAttributes[key];
  return v?.ValueString ?? (v?.ValueInteger !== undefined ? String(v.ValueInteger) : v?.ValueArn);
}

export function searchContacts(rt: Runtime, q: ContactQuery): Contact[] {
  const matches = (c: Contact): boolean => {
    const t = timeOf(c, q.timeRange.type);
    if (t === undefined || t < q.timeRange.start || t > q.timeRange.end) return false;
    if (q.channels?.length && !q.channels.includes(c.channel)) return false;
    if (q.initiationMethods?.length && !q.initiationMethods.includes(c.initiationMethod)) return false;
    if (q.queueIds?.length && !(c.queue && (q.queueIds.includes(c.queue.id) || q.queueIds.includes(c.queue.arn)))) return false;
    if (q.agentIds?.length && !(c.agentId && q.agentIds.includes(c.agentId))) return false;
    if (q.name && !textMatch(c.name ? [c.name] : [], q.name.texts, q.name.match)) return false;
    if (q.attributes && !combine(q.attributes.criteria.map((k) => c.attributes[k.key] !== undefined && k.values.includes(c.attributes[k.key])), q.attributes.match)) return false;
    if (q.segmentAttributes) {
      const hits = q.segmentAttributes.criteria.map((k) => {
        const v = segmentString(c, k.key);
        return v !== undefined && k.values.includes(v);
      });
      if (!combine(hits, q.segmentAttributes.match)) return false;
    }
    if (q.transcript) {
      const items = rt.chats.get(c.id)?.items ?? [];
      const hits = q.transcript.criteria.map((k) => {
        const said = items.filter((i) => i.Type === "MESSAGE" && i.ParticipantRole === k.role && i.Content !== undefined).map((i) => i.Content!);
        return said.length > 0 && textMatch(said, k.texts, k.match);
      });
      if (!combine(hits, q.transcript.match)) return false;
    }
    return true;
  };
  const all = rt.allSessions().map((s) => s.contact);
  const created = new Map(all.map((c, i) => [c.id, i]));
  const found = all.filter(matches);
  const sort = q.sort ?? { field: "INITIATION_TIMESTAMP" as const, order: "DESCENDING" as const };
  const dir = sort.order === "ASCENDING" ? 1 : -1;
  const key = (c: Contact): string | number | undefined => (sort.field === "CHANNEL" ? c.channel : sort.field === "INITIATION_METHOD" ? c.initiationMethod : timeOf(c, sort.field));
  return found.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    // Contacts without the sorted field come last whatever the order.
    const order = (created.get(a.id)! - created.get(b.id)!) * dir;
    if (ka === undefined || kb === undefined) return ka === kb ? order : ka === undefined ? 1 : -1;
    const cmp = ka < kb ? -1 : ka > kb ? 1 : 0;
    // Same instant (common on the virtual clock): the order contacts were created in decides.
    return cmp * dir || order;
  });
}
