/**
 * The routing resources of an instance, created and changed the way the Connect API does:
 * hours of operation, queues, routing profiles and quick connects. Each operation checks
 * what the service checks (names unique per resource type, references to resources that
 * exist, flows of the right type) and refuses with a Refusal the API layer translates.
 */
import type { Channel } from "../flow/model.js";
import { withArticle, type FlowType } from "../flow/flow-types.js";
import { flowTypeOf, typeName } from "./flow-catalog.js";
import { checkSchedule } from "./hours.js";
import { Refusal } from "./refusals.js";
import type { HoursConfigEntry, HoursResource, MediaConcurrency, QueueResource, QuickConnectResource, RoutingProfileQueue, RoutingProfileResource, Store } from "./resources.js";
import type { Runtime } from "./runtime.js";

/** By id or ARN: the API addresses resources by identifier, never by name. */
export function byIdOrArn<T extends { id: string; arn: string }>(store: Store<T & { name: string }>, ref: string): T | undefined {
  return store.get(ref) ?? store.all().find((x) => x.arn === ref);
}

function must<T>(found: T | undefined, what: string, ref: string): T {
  if (found === undefined) throw new Refusal("not-found", `${what} not found: ${ref}`);
  return found;
}

function assertNameFree(store: Store<{ id: string; arn: string; name: string }>, what: string, name: string, self?: string): void {
  const taken = store.all().find((x) => x.name === name && x.id !== self);
  if (taken) throw new Refusal("duplicate", `${what} with name "${name}" already exists (${taken.id})`);
}

// ---- hours of operation ------------------------------------------------------------

export interface HoursInput {
  name: string;
  description?: string;
  timeZone: string;
  config: HoursConfigEntry[];
  tags?: Record<string, string>;
  /** A fixed id (the instance's defaults); otherwise a new one. */
  id?: string;
}

export function createHours(rt: Runtime, input: HoursInput): HoursResource {
  assertNameFree(rt.resources.hours, "Hours of operation", input.name);
  const problems = checkSchedule({ timeZone: input.timeZone, config: input.config });
  if (problems.length) throw new Refusal("invalid", problems.join("; "));
  const id = input.id ?? rt.ids.uuid();
  return rt.resources.hours.add({
    id,
    arn: rt.resources.arn("operating-hours", id),
    name: input.name,
    description: input.description,
    timeZone: input.timeZone,
    config: input.config.map((e) => ({ Day: e.Day, StartTime: { ...e.StartTime }, EndTime: { ...e.EndTime } })),
    tags: { ...input.tags },
    lastModifiedTime: rt.clock.now(),
  });
}

export function findHours(rt: Runtime, ref: string): HoursResource {
  return must(byIdOrArn(rt.resources.hours, ref), "Hours of operation", ref);
}

/** Hours still used by a queue cannot go. */
export function deleteHours(rt: Runtime, ref: string): void {
  const hours = findHours(rt, ref);
  const users = rt.resources.queues.all().filter((q) => q.hoursOfOperationId === hours.id);
  if (users.length) throw new Refusal("in-use", `Hours of operation ${hours.name} are used by ${users.map((q) => q.name).join(", ")}`);
  rt.resources.hours.remove(hours.id);
}

// ---- queues ------------------------------------------------------------------------

export interface OutboundCallerConfig {
  OutboundCallerIdName?: string;
  OutboundCallerIdNumberId?: string;
  OutboundFlowId?: string;
}

export interface QueueInput {
  name: string;
  description?: string;
  hoursOfOperationId: string;
  maxContacts?: number;
  outboundCallerConfig?: OutboundCallerConfig;
  quickConnectIds?: string[];
  tags?: Record<string, string>;
  id?: string;
}

function flowOfType(rt: Runtime, ref: string, expected: FlowType, role: string): string {
  const found = flowTypeOf(rt, ref);
  if (!found) throw new Refusal("not-found", `${role} flow not found: ${ref}`);
  if (found.type !== expected) throw new Refusal("invalid", `${role} must be ${withArticle(typeName(expected))} (${expected}); "${found.def.name}" is ${withArticle(typeName(found.type))} (${found.type})`);
  return found.def.id;
}

function outboundCaller(rt: Runtime, config: OutboundCallerConfig | undefined): Pick<QueueResource, "outboundCallerConfig" | "outboundCallerId"> {
  if (!config) return {};
  const number = config.OutboundCallerIdNumberId ? must(byIdOrArn(rt.resources.phoneNumbers, config.OutboundCallerIdNumberId), "Phone number", config.OutboundCallerIdNumberId) : undefined;
  // "The outbound whisper flow to be used during an outbound call."
  if (config.OutboundFlowId) flowOfType(rt, config.OutboundFlowId, "OUTBOUND_WHISPER", "OutboundFlowId");
  return {
    outboundCallerConfig: { ...config },
    outboundCallerId: number ? { Address: number.name, Type: "TELEPHONE_NUMBER", ...(config.OutboundCallerIdName ? { DisplayName: config.OutboundCallerIdName } : {}) } : undefined,
  };
}

export function createQueue(rt: Runtime, input: QueueInput): QueueResource {
  assertNameFree(rt.resources.queues, "Queue", input.name);
  const hours = findHours(rt, input.hoursOfOperationId);
  const caller = outboundCaller(rt, input.outboundCallerConfig);
  const quickConnectIds = (input.quickConnectIds ?? []).map((ref) => findQuickConnect(rt, ref).id);
  const queue = rt.addQueue({ id: input.id, name: input.name, description: input.description, maxContacts: input.maxContacts, hoursOfOperationId: hours.id, outboundCallerId: caller.outboundCallerId, tags: { ...input.tags } });
  queue.outboundCallerConfig = caller.outboundCallerConfig;
  queue.quickConnectIds = [...new Set(quickConnectIds)];
  queue.lastModifiedTime = rt.clock.now();
  return queue;
}

export function findQueue(rt: Runtime, ref: string): QueueResource {
  return must(byIdOrArn(rt.resources.queues, ref), "Queue", ref);
}

export function updateQueue(rt: Runtime, ref: string, change: { status?: "ENABLED" | "DISABLED"; maxContacts?: number | null; hoursOfOperationId?: string; outboundCallerConfig?: OutboundCallerConfig; name?: string; description?: string }): QueueResource {
  const queue = findQueue(rt, ref);
  if (change.hoursOfOperationId !== undefined) queue.hoursOfOperationId = findHours(rt, change.hoursOfOperationId).id;
  if (change.outboundCallerConfig !== undefined) Object.assign(queue, outboundCaller(rt, change.outboundCallerConfig));
  if (change.name !== undefined && change.name !== queue.name) {
    assertNameFree(rt.resources.queues, "Queue", change.name, queue.id);
    queue.name = change.name;
  }
  if (change.description !== undefined) queue.description = change.description;
  if (change.status !== undefined) queue.status = change.status;
  // UpdateQueueMaxContacts without MaxContacts lifts the limit.
  if (change.maxContacts !== undefined) queue.maxContacts = change.maxContacts ?? undefined;
  queue.lastModifiedTime = rt.clock.now();
  return queue;
}

export function associateQueueQuickConnects(rt: Runtime, queueRef: string, quickConnectRefs: string[]): QueueResource {
  const queue = findQueue(rt, queueRef);
  const ids = quickConnectRefs.map((ref) => findQuickConnect(rt, ref).id);
  queue.quickConnectIds = [...new Set([...(queue.quickConnectIds ?? []), ...ids])];
  queue.lastModifiedTime = rt.clock.now();
  return queue;
}

export function disassociateQueueQuickConnects(rt: Runtime, queueRef: string, quickConnectRefs: string[]): QueueResource {
  const queue = findQueue(rt, queueRef);
  const ids = new Set(quickConnectRefs.map((ref) => findQuickConnect(rt, ref).id));
  queue.quickConnectIds = (queue.quickConnectIds ?? []).filter((id) => !ids.has(id));
  queue.lastModifiedTime = rt.clock.now();
  return queue;
}

export function queueQuickConnects(rt: Runtime, queueRef: string): QuickConnectResource[] {
  const queue = findQueue(rt, queueRef);
  return (queue.quickConnectIds ?? []).map((id) => rt.resources.quickConnects.get(id)).filter((q): q is QuickConnectResource => q !== undefined);
}

// ---- routing profiles --------------------------------------------------------------

/** Contacts per channel an agent can hold: voice is always one; chat, task and email up to ten. */
const CONCURRENCY_LIMITS: Record<Channel, [number, number]> = { VOICE: [1, 1], CHAT: [1, 10], TASK: [1, 10], EMAIL: [1, 10] };

export interface QueueConfigInput {
  queueId: string;
  channel: Channel;
  priority: number;
  delay: number;
}

export interface RoutingProfileInput {
  name: string;
  description: string;
  defaultOutboundQueueId: string;
  queueConfigs?: QueueConfigInput[];
  mediaConcurrencies: MediaConcurrency[];
  tags?: Record<string, string>;
  id?: string;
}

function checkConcurrencies(media: MediaConcurrency[]): MediaConcurrency[] {
  const seen = new Set<Channel>();
  return media.map((m) => {
    if (seen.has(m.Channel)) throw new Refusal("invalid", `MediaConcurrencies lists channel ${m.Channel} twice`);
    seen.add(m.Channel);
    const [min, max] = CONCURRENCY_LIMITS[m.Channel];
    if (m.Concurrency < min || m.Concurrency > max) throw new Refusal("invalid", `Concurrency for ${m.Channel} must be ${min === max ? min : `from ${min} to ${max}`}, not ${m.Concurrency}`);
    return { Channel: m.Channel, Concurrency: m.Concurrency, CrossChannelBehavior: { BehaviorType: m.CrossChannelBehavior?.BehaviorType ?? "ROUTE_CURRENT_CHANNEL_ONLY" } };
  });
}

/**
 * A queue is served on a channel only if the profile takes contacts of that channel
 * (seed 002: tasks must be enabled in the routing profile's channel settings before its
 * queues can hand agents tasks), so a queue on a channel the profile lacks is refused.
 */
function checkQueues(rt: Runtime, configs: QueueConfigInput[], media: MediaConcurrency[], existing: RoutingProfileQueue[] = []): RoutingProfileQueue[] {
  const channels = new Set(media.map((m) => m.Channel));
  const out = existing.map((q) => ({ ...q }));
  const inRequest = new Set<string>();
  for (const c of configs) {
    const queue = findQueue(rt, c.queueId);
    const key = `${queue.id}/${c.channel}`;
    if (inRequest.has(key)) throw new Refusal("invalid", `Queue ${queue.name} is listed twice for channel ${c.channel}`);
    inRequest.add(key);
    if (!channels.has(c.channel)) throw new Refusal("invalid", `Queue ${queue.name} is configured for ${c.channel}, but the routing profile has no ${c.channel} concurrency (add it to MediaConcurrencies first)`);
    const entry = { queueId: queue.id, channel: c.channel, priority: c.priority, delay: c.delay };
    // Associating a queue/channel pair again updates its priority and delay.
    const at = out.findIndex((q) => q.queueId === queue.id && q.channel === c.channel);
    if (at >= 0) out[at] = entry;
    else out.push(entry);
  }
  return out;
}

export function createRoutingProfile(rt: Runtime, input: RoutingProfileInput): RoutingProfileResource {
  assertNameFree(rt.resources.routingProfiles, "Routing profile", input.name);
  const outbound = findQueue(rt, input.defaultOutboundQueueId);
  const media = checkConcurrencies(input.mediaConcurrencies);
  const queues = checkQueues(rt, input.queueConfigs ?? [], media);
  const id = input.id ?? rt.ids.uuid();
  return rt.resources.routingProfiles.add({
    id,
    arn: rt.resources.arn("routing-profile", id),
    name: input.name,
    description: input.description,
    defaultOutboundQueueId: outbound.id,
    queues,
    mediaConcurrencies: media,
    tags: { ...input.tags },
    lastModifiedTime: rt.clock.now(),
  });
}

export function findRoutingProfile(rt: Runtime, ref: string): RoutingProfileResource {
  return must(byIdOrArn(rt.resources.routingProfiles, ref), "Routing profile", ref);
}

export function associateRoutingProfileQueues(rt: Runtime, ref: string, configs: QueueConfigInput[]): RoutingProfileResource {
  const profile = findRoutingProfile(rt, ref);
  profile.queues = checkQueues(rt, configs, profile.mediaConcurrencies, profile.queues);
  profile.lastModifiedTime = rt.clock.now();
  rt.routing.resync();
  return profile;
}

export function disassociateRoutingProfileQueues(rt: Runtime, ref: string, refs: { queueId: string; channel: Channel }[]): RoutingProfileResource {
  const profile = findRoutingProfile(rt, ref);
  const drop = new Set(refs.map((r) => `${findQueue(rt, r.queueId).id}/${r.channel}`));
  profile.queues = profile.queues.filter((q) => !drop.has(`${q.queueId}/${q.channel}`));
  profile.lastModifiedTime = rt.clock.now();
  rt.routing.resync();
  return profile;
}

export function updateRoutingProfileConcurrency(rt: Runtime, ref: string, media: MediaConcurrency[]): RoutingProfileResource {
  const profile = findRoutingProfile(rt, ref);
  const checked = checkConcurrencies(media);
  const channels = new Set(checked.map((m) => m.Channel));
  const orphaned = profile.queues.filter((q) => !channels.has(q.channel));
  if (orphaned.length) {
    throw new Refusal("invalid", `The profile still serves ${orphaned.map((q) => `${rt.resources.queues.get(q.queueId)?.name ?? q.queueId} on ${q.channel}`).join(", ")}; disassociate those queues before dropping the channel`);
  }
  profile.mediaConcurrencies = checked;
  profile.lastModifiedTime = rt.clock.now();
  rt.routing.resync();
  return profile;
}

// ---- quick connects ----------------------------------------------------------------

export interface QuickConnectInput {
  name: string;
  description?: string;
  type: QuickConnectResource["type"];
  userConfig?: { UserId: string; ContactFlowId: string };
  queueConfig?: { QueueId: string; ContactFlowId: string };
  phoneConfig?: { PhoneNumber: string };
  flowConfig?: { ContactFlowId: string };
  tags?: Record<string, string>;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * The config that matches the type is required and the others are refused. The flow of
 * a USER quick connect must be a Transfer to agent flow, of a QUEUE one a Transfer to
 * queue flow (the flow types exist for exactly that); a FLOW quick connect starts an
 * inbound flow.
 */
export function createQuickConnect(rt: Runtime, input: QuickConnectInput): QuickConnectResource {
  assertNameFree(rt.resources.quickConnects, "Quick connect", input.name);
  const configs = { USER: input.userConfig, QUEUE: input.queueConfig, PHONE_NUMBER: input.phoneConfig, FLOW: input.flowConfig };
  const key = { USER: "UserConfig", QUEUE: "QueueConfig", PHONE_NUMBER: "PhoneConfig", FLOW: "FlowConfig" } as const;
  if (!configs[input.type]) throw new Refusal("invalid", `QuickConnectConfig.${key[input.type]} is required for a quick connect of type ${input.type}`);
  const extra = (Object.keys(configs) as (keyof typeof configs)[]).filter((t) => t !== input.type && configs[t] !== undefined);
  if (extra.length) throw new Refusal("invalid", `A quick connect of type ${input.type} takes only ${key[input.type]}, not ${extra.map((t) => key[t]).join(", ")}`);
  const base = { name: input.name, description: input.description, type: input.type, tags: { ...input.tags }, lastModifiedTime: rt.clock.now() };
  let detail: Partial<QuickConnectResource>;
  switch (input.type) {
    case "USER": {
      const c = input.userConfig!;
      const user = must(byIdOrArn(rt.resources.users, c.UserId), "User", c.UserId);
      detail = { user: { userId: user.id, contactFlowId: flowOfType(rt, c.ContactFlowId, "AGENT_TRANSFER", "UserConfig.ContactFlowId") } };
      break;
    }
    case "QUEUE": {
      const c = input.queueConfig!;
      detail = { queue: { queueId: findQueue(rt, c.QueueId).id, contactFlowId: flowOfType(rt, c.ContactFlowId, "QUEUE_TRANSFER", "QueueConfig.ContactFlowId") } };
      break;
    }
    case "PHONE_NUMBER": {
      const number = input.phoneConfig!.PhoneNumber;
      if (!E164.test(number)) throw new Refusal("invalid", `PhoneConfig.PhoneNumber "${number}" is not in E.164 format (+ and up to 15 digits)`);
      detail = { phone: { phoneNumber: number } };
      break;
    }
    case "FLOW":
      detail = { flow: { contactFlowId: flowOfType(rt, input.flowConfig!.ContactFlowId, "CONTACT_FLOW", "FlowConfig.ContactFlowId") } };
      break;
  }
  const id = rt.ids.uuid();
  return rt.resources.quickConnects.add({ id, arn: rt.resources.arn("transfer-destination", id), ...base, ...detail });
}

export function findQuickConnect(rt: Runtime, ref: string): QuickConnectResource {
  return must(byIdOrArn(rt.resources.quickConnects, ref), "Quick connect", ref);
}

/** Deleting a quick connect also takes it off every queue that offered it. */
export function deleteQuickConnect(rt: Runtime, ref: string): void {
  const qc = findQuickConnect(rt, ref);
  for (const queue of rt.resources.queues.all()) if (queue.quickConnectIds?.includes(qc.id)) queue.quickConnectIds = queue.quickConnectIds.filter((id) => id !== qc.id);
  rt.resources.quickConnects.remove(qc.id);
}
