/**
 * Pluggable answers for what lies outside a Webex flow: queues, queue statistics,
 * business-hours schedules, transfers, virtual agents, media streams. Each default is
 * stated where it is defined (and in README.md).
 */
import { evaluateSchedule, type BusinessHoursResult, type BusinessHoursSchedule } from "./business-hours.js";

export type Failure = { failureCode: number; description: string };

export interface QueueAnswer {
  queueName?: string;
}

export interface QueueInfo {
  positionInQueue: number;
  /** Estimated wait in ms; -1 when there is not enough data (the `insufficientdata` port). */
  estimatedWaitMs: number;
  callsQueuedNow: number;
  oldestCallSeconds: number;
  loggedOnAgents: number;
  availableAgents: number;
}

export interface VirtualAgentRequest {
  activity: string;
  activityName: string;
  connector?: string;
  /** Rendered botParameters (legacy) or eventData (voice/CCAI). */
  parameters: Record<string, string> | string | undefined;
}

export interface VirtualAgentAnswer {
  outcome: "ENDED" | "ESCALATE";
  /** Returned to the flow as `<label>.MetaData` (JSON text). */
  metaData?: Record<string, unknown>;
  /** What the bot said, recorded as TTS prompts. */
  said?: string[];
  /** How long the conversation took. */
  durationMs?: number;
}

export interface WebexResponders {
  /** Queue Contact: a Failure sends the contact down `failure` (codes as the toolkit lists, e.g. 4 INVALID_QUEUE). Default: every queue accepts. */
  queue(request: { queueId: string; activity: string }): QueueAnswer | Failure;
  /** Get Queue Info. Default: the simulator's own view — this contact alone in the queue, no agents, EWT -1 (insufficient data). */
  queueInfo(request: { queueId: string; activity: string; queued: boolean }): QueueInfo | Failure;
  /** Business Hours. Default: the schedules given in `businessHours`; an unknown id is an error. */
  businessHours(request: { id: string; at: number; activity: string }): BusinessHoursResult | { error: string };
  /** Blind transfer to a DN. Default: it succeeds. */
  blindTransfer(request: { dn: string; activity: string }): "transferred" | Failure;
  /** Bridged transfer. Default: the far end answers at once. `afterMs` is when a failure is known (no answer → the activity's timeout). */
  bridgedTransfer(request: { dn: string; timeoutMs: number; activity: string }): { answered: true } | { answered: false; afterMs?: number; reason: string };
  /** Go To (hand-off). Default: succeeds for any non-empty destination. */
  goTo(request: { destination: string; activity: string }): "ok" | { error: string };
  /** Start Media Stream. Default: succeeds. */
  mediaStream(request: { activity: string }): "ok" | Failure;
  /** Virtual Agent. Default: none configured — the activity takes its error path. */
  virtualAgent(request: VirtualAgentRequest): VirtualAgentAnswer | Promise<VirtualAgentAnswer> | { error: string };
}

export function isFailure(x: unknown): x is Failure {
  return typeof x === "object" && x !== null && "failureCode" in x;
}

export function defaultResponders(schedules: Record<string, BusinessHoursSchedule> = {}): WebexResponders {
  return {
    queue: () => ({}),
    queueInfo: ({ queued }) => ({ positionInQueue: queued ? 1 : 0, estimatedWaitMs: -1, callsQueuedNow: queued ? 1 : 0, oldestCallSeconds: 0, loggedOnAgents: 0, availableAgents: 0 }),
    businessHours: ({ id, at }) => {
      const s = schedules[id];
      if (!s) return { error: `no business-hours schedule "${id}" is configured (pass it in the call's businessHours option)` };
      return evaluateSchedule(s, at);
    },
    blindTransfer: () => "transferred",
    bridgedTransfer: () => ({ answered: true }),
    goTo: ({ destination }) => (destination ? "ok" : { error: "the Go To destination is empty" }),
    mediaStream: () => "ok",
    virtualAgent: ({ activity }) => ({ error: `no virtual agent responder is configured for "${activity}"` }),
  };
}
