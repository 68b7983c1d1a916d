/**
 * What a new Amazon Connect instance already holds before anyone configures it, so that
 * a setup script written against a real instance (which looks up "BasicQueue" or
 * "Basic Routing Profile" by name) runs unchanged:
 *
 * - hours "Basic Hours": open all day, every day, in UTC (the service asks for a zone
 *   when the instance is created; flowsim has none to ask, so UTC);
 * - queue "BasicQueue" on those hours;
 * - routing profile "Basic Routing Profile": BasicQueue on voice, chat and task at
 *   priority 1, delay 0, BasicQueue as default outbound queue; concurrency voice 1,
 *   chat 2, task 1 (the console's defaults for a new profile);
 * - security profiles "Admin", "Agent", "CallCenterManager", "QualityAnalyst";
 * - the default flows the other flow types fall back to: "Default agent transfer",
 *   "Default queue transfer", "Default customer queue", "Default customer hold",
 *   "Default agent hold", "Default customer whisper", "Default agent whisper",
 *   "Default outbound". Their content is small and runs in flowsim; the service's own
 *   defaults play audio from the instance's prompt library, which flowsim does not have.
 *
 * Default resources get ids derived from the instance id and their name, not from the
 * seeded generator, so a scenario's contact ids do not depend on them.
 */
import { createHash } from "node:crypto";
import type { FlowType } from "../flow/flow-types.js";
import { createFlow } from "./flow-catalog.js";
import type { HoursConfigEntry } from "./resources.js";
import { DAYS } from "./hours.js";
import { createHours, createQueue, createRoutingProfile } from "./routing-setup.js";
import type { Runtime } from "./runtime.js";

/** A UUID-shaped id fixed by the instance and the resource's name. */
export function stableId(instanceId: string, kind: string, name: string): string {
  const h = createHash("sha256").update(`${instanceId}\0${kind}\0${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const DEFAULT_NAMES = {
  hours: "Basic Hours",
  queue: "BasicQueue",
  routingProfile: "Basic Routing Profile",
  securityProfiles: ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"],
} as const;

const action = (Identifier: string, Type: string, Parameters: Record<string, unknown> = {}, Transitions: Record<string, unknown> = {}) => ({ Identifier, Type, Parameters, Transitions });
const doc = (type: string, start: string, actions: ReturnType<typeof action>[]) => JSON.stringify({ Version: "2019-10-30", StartAction: start, Metadata: { type }, Actions: actions });
const loopPrompt = (type: string, text: string) => doc(type, "loop", [action("loop", "MessageParticipantIteratively", { Messages: [{ Text: text }] })]);

/** Name, type and content of each default flow. */
export const DEFAULT_FLOWS: { name: string; type: FlowType; content: string }[] = [
  { name: "Default agent transfer", type: "AGENT_TRANSFER", content: doc("agentTransfer", "transfer", [action("transfer", "TransferContactToAgent")]) },
  {
    name: "Default queue transfer",
    type: "QUEUE_TRANSFER",
    content: doc("queueTransfer", "transfer", [
      action("transfer", "TransferContactToQueue", {}, { Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "end" }, { ErrorType: "NoMatchingError", NextAction: "end" }] }),
      action("end", "DisconnectParticipant"),
    ]),
  },
  {
    name: "Default customer queue",
    type: "CUSTOMER_QUEUE",
    content: doc("customerQueue", "loop", [
      action("loop", "MessageParticipantIteratively", { Messages: [{ Text: "Thank you for waiting. Your contact will be answered in the order it was received." }] }, { Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] }),
      action("end", "EndFlowExecution"),
    ]),
  },
  { name: "Default customer hold", type: "CUSTOMER_HOLD", content: loopPrompt("customerHold", "You are on hold. Please stay on the line.") },
  { name: "Default agent hold", type: "AGENT_HOLD", content: loopPrompt("agentHold", "The customer is on hold.") },
  { name: "Default customer whisper", type: "CUSTOMER_WHISPER", content: doc("customerWhisper", "end", [action("end", "EndFlowExecution")]) },
  {
    name: "Default agent whisper",
    type: "AGENT_WHISPER",
    content: doc("agentWhisper", "announce", [action("announce", "MessageParticipant", { Text: "$.Queue.Name" }, { NextAction: "end", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] }), action("end", "EndFlowExecution")]),
  },
  { name: "Default outbound", type: "OUTBOUND_WHISPER", content: doc("outboundWhisper", "end", [action("end", "EndFlowExecution")]) },
];

/** Open all day, every day (the console's 00:00-00:00 on each day). */
export const ALL_DAY: HoursConfigEntry[] = DAYS.map((Day) => ({ Day, StartTime: { Hours: 0, Minutes: 0 }, EndTime: { Hours: 0, Minutes: 0 } }));

/** Fills a new instance with its defaults. Run once, before anything else is published. */
export function installInstanceDefaults(rt: Runtime): void {
  const id = (kind: string, name: string) => stableId(rt.instance.id, kind, name);
  rt.resources.profile.createdTime = rt.clock.now();
  for (const name of DEFAULT_NAMES.securityProfiles) {
    const spId = id("security-profile", name);
    rt.resources.securityProfiles.add({ id: spId, arn: rt.resources.arn("security-profile", spId), name });
  }
  const hours = createHours(rt, { id: id("hours", DEFAULT_NAMES.hours), name: DEFAULT_NAMES.hours, description: "24/7 hours of operation", timeZone: "UTC", config: ALL_DAY });
  const queue = createQueue(rt, { id: id("queue", DEFAULT_NAMES.queue), name: DEFAULT_NAMES.queue, description: "The default queue", hoursOfOperationId: hours.id });
  createRoutingProfile(rt, {
    id: id("routing-profile", DEFAULT_NAMES.routingProfile),
    name: DEFAULT_NAMES.routingProfile,
    description: "The default routing profile",
    defaultOutboundQueueId: queue.id,
    mediaConcurrencies: [
      { Channel: "VOICE", Concurrency: 1 },
      { Channel: "CHAT", Concurrency: 2 },
      { Channel: "TASK", Concurrency: 1 },
    ],
    queueConfigs: (["VOICE", "CHAT", "TASK"] as const).map((channel) => ({ queueId: queue.id, channel, priority: 1, delay: 0 })),
  });
  for (const flow of DEFAULT_FLOWS) createFlow(rt, "flow", { id: id("flow", flow.name), name: flow.name, type: flow.type, content: flow.content, description: `The instance's ${flow.name.toLowerCase()} flow` });
}
