/**
 * An instance's flow logs, as Amazon Connect writes them to CloudWatch Logs (log group
 * `/aws/connect/<instance alias>`): one JSON event per block a contact runs while flow
 * logging is on for it. The runtime's trace says what ran; this keeps the part the
 * service would log, in the service's shape, for the CloudWatch Logs API subset
 * (api/logs/) to filter.
 *
 * Decisions (the service's behaviour we could not confirm is marked as such):
 * - Logging follows the flow language: off until a Set logging behavior block
 *   (UpdateFlowLoggingBehavior) turns it on for the contact, on until one turns it off; a
 *   new segment of the chain inherits it (runtime.newContact). The block that turns logging
 *   on is logged, the one that turns it off is not (the state after the block decides).
 * - `ContactFlowModuleType` and `Parameters`: the designer's module names and shapes where
 *   public examples of real logs show them (flow-log-modules.ts: Set contact attributes is
 *   one event per attribute, with the value set); any other block under its action type with
 *   its parameters as published (dynamic values unresolved). Cut at MAX_PARAMETER_CHARS.
 *   Readers here match blocks by `Identifier`, never by type.
 * - One log stream per day of the clock (`YYYY/MM/DD`). Unconfirmed: one public note shows
 *   streams named `YYYY/MM/DD/HH/stream-<id>`; nothing here reads the stream's name.
 * - Bounded: at most MAX_EVENTS per instance, the oldest going first; a contact's events go
 *   RETAIN_AFTER_END_MS of clock time after it ends, or once MAX_ENDED_CONTACTS contacts
 *   have ended after it (so a long-running server on a virtual clock comes back down). Both are checked whenever the log is
 *   written or read, so nothing is scheduled on the clock (a virtual clock that never moves
 *   is held by the count alone).
 */
import type { Clock } from "../../kernel/clock.js";
import type { Contact } from "../flow/contact.js";
import type { TraceStep } from "../flow/trace.js";
import type { EventBus, RuntimeEvent } from "./events.js";
import { loggedModules } from "./flow-log-modules.js";

/** One flow-log event's message, as the service writes it (JSON). */
export interface FlowLogMessage {
  ContactId: string;
  ContactFlowId: string;
  ContactFlowName: string;
  ContactFlowModuleType: string;
  Identifier: string;
  Timestamp: string;
  Parameters: Record<string, unknown>;
  Results?: string;
}

/** A stored event, in the shape FilterLogEvents returns it, plus what filtering needs. */
export interface FlowLogRecord {
  /** Order of writing, unique in the instance: what paging resumes after. */
  seq: number;
  contactId: string;
  logStreamName: string;
  timestamp: number;
  ingestionTime: number;
  eventId: string;
  message: string;
  parsed: FlowLogMessage;
}

/** The log group Amazon Connect writes an instance's flow logs to. */
export const flowLogGroupOf = (alias: string) => `/aws/connect/${alias}`;

export const FLOW_LOG_LIMITS = {
  MAX_EVENTS: 10_000,
  RETAIN_AFTER_END_MS: 2 * 60 * 60 * 1000,
  /** Ended contacts whose events are kept, the latest: on a clock that never moves, the rest would wait for the count cap. */
  MAX_ENDED_CONTACTS: 200,
  MAX_PARAMETER_CHARS: 4_000,
};

/** What the log needs of the runtime: the flow a trace step names, for its ARN and the block's parameters. */
export interface FlowLogHost {
  readonly clock: Clock;
  readonly events: EventBus<RuntimeEvent>;
  flowFor(flowId: string): { arn: string; actions: ReadonlyMap<string, { Parameters: Record<string, unknown> }> } | undefined;
  arnOf(flowId: string): string;
}

type ActionStep = Extract<TraceStep, { kind: "action" }>;

export class FlowLogs {
  private records: FlowLogRecord[] = [];
  private head = 0;
  private nextSeq = 1;
  /**
   * Per contact with live events: how many, and the first seq that is live (the count cap
   * drops a contact's oldest first). A contact absent here has none left: its records
   * still in the array are dead, and stay dead if it logs again (their seq is below the
   * new `fromSeq`).
   */
  private readonly live = new Map<string, { count: number; fromSeq: number }>();
  /** The sum of the live counts. */
  private total = 0;
  /** Ended contacts in the order they ended (the clock never goes back), from `endedHead` on. */
  private ended: { contactId: string; at: number }[] = [];
  private endedHead = 0;

  constructor(
    private readonly host: FlowLogHost,
    private readonly limits = FLOW_LOG_LIMITS,
  ) {
    host.events.on((event) => {
      if (event.type === "trace" && event.step.kind === "action") this.onAction(event.contact, event.step);
      else if (event.type === "contact.ended" && this.live.has(event.contact.id)) this.ended.push({ contactId: event.contact.id, at: host.clock.now() });
    });
  }

  /** How many events the log holds now. */
  get size(): number {
    this.expire();
    return this.total;
  }

  private onAction(contact: Contact, step: ActionStep): void {
    if (contact.behaviours.flowLogging !== "Enabled") return;
    // What expired before this event goes first: an old end must not take this event along.
    this.expire();
    const flow = this.host.flowFor(step.flowId);
    const parameters = flow?.actions.get(step.actionId)?.Parameters ?? {};
    const contactFlowId = flow?.arn ?? this.host.arnOf(step.flowId);
    const timestamp = new Date(step.at).toISOString();
    for (const logged of loggedModules(step, parameters, contact.attributes)) {
      this.write(step, {
        ContactId: step.contactId,
        ContactFlowId: contactFlowId,
        ContactFlowName: step.flowName,
        ContactFlowModuleType: logged.ContactFlowModuleType,
        Identifier: step.actionId,
        Timestamp: timestamp,
        Parameters: boundedParameters(logged.Parameters, this.limits.MAX_PARAMETER_CHARS),
        ...(step.result !== undefined && { Results: step.result }),
      });
    }
    this.expire();
  }

  private write(step: ActionStep, message: FlowLogMessage): void {
    const seq = this.nextSeq++;
    this.records.push({
      seq,
      contactId: step.contactId,
      logStreamName: streamOf(step.at),
      timestamp: step.at,
      ingestionTime: this.host.clock.now(),
      eventId: String(seq).padStart(20, "0"),
      message: JSON.stringify(message),
      parsed: message,
    });
    const entry = this.live.get(step.contactId);
    if (entry) entry.count++;
    else this.live.set(step.contactId, { count: 1, fromSeq: seq });
    this.total++;
  }

  /** The live events in the order written, from after `afterSeq` on. */
  *read(afterSeq = 0): Generator<FlowLogRecord> {
    this.expire();
    // Records are in seq order: skip what was read before by binary search, then walk.
    let lo = this.head;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.records[mid].seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.records.length; i++) {
      const record = this.records[i];
      if (this.isLive(record)) yield record;
    }
  }

  /** The names of the streams that hold live events, in order. */
  streams(): string[] {
    const names = new Set<string>();
    for (const record of this.read()) names.add(record.logStreamName);
    return [...names];
  }

  /** Dropped records stay in the array until compaction; `live` tells them apart. */
  private isLive(record: FlowLogRecord): boolean {
    const entry = this.live.get(record.contactId);
    return entry !== undefined && record.seq >= entry.fromSeq;
  }

  private expire(): void {
    const now = this.host.clock.now();
    const over = () => this.ended.length - this.endedHead > this.limits.MAX_ENDED_CONTACTS;
    while (this.endedHead < this.ended.length && (this.ended[this.endedHead].at + this.limits.RETAIN_AFTER_END_MS <= now || over())) {
      const { contactId } = this.ended[this.endedHead++];
      this.total -= this.live.get(contactId)?.count ?? 0;
      this.live.delete(contactId);
    }
    while (this.total > this.limits.MAX_EVENTS && this.head < this.records.length) {
      const record = this.records[this.head++];
      if (!this.isLive(record)) continue;
      this.total--;
      const entry = this.live.get(record.contactId)!;
      if (--entry.count === 0) this.live.delete(record.contactId);
      else entry.fromSeq = record.seq + 1;
    }
    this.compact();
  }

  /** Dead records (passed over, or of dropped contacts) go once they outnumber the live ones. */
  private compact(): void {
    if (this.records.length - this.head > 2 * this.total + 64) {
      this.records = this.records.slice(this.head).filter((r) => this.isLive(r));
      this.head = 0;
    } else if (this.head > this.records.length / 2) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
    // Ends of contacts the count cap dropped whole would wait for their time: they go with the rest.
    if (this.ended.length - this.endedHead > 2 * this.live.size + 64) {
      this.ended = this.ended.slice(this.endedHead).filter((e) => this.live.has(e.contactId));
      this.endedHead = 0;
    } else if (this.endedHead > this.ended.length / 2) {
      this.ended = this.ended.slice(this.endedHead);
      this.endedHead = 0;
    }
  }
}

/** `YYYY/MM/DD` of the event's time (UTC). */
function streamOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10).replaceAll("-", "/");
}

/** The parameters as they are, unless their JSON is longer than `max` characters: then the JSON, cut, as text. */
function boundedParameters(parameters: Record<string, unknown>, max: number): Record<string, unknown> {
  const text = JSON.stringify(parameters);
  return text.length <= max ? parameters : { Truncated: `${text.slice(0, max)}…` };
}
