/**
 * Fixtures for agent and routing tests: routing profiles, users and the small flows that
 * put contacts in queue, created straight in the runtime's resource stores.
 */
import type { Channel } from "../flow/model.js";
import { flowDoc, loadOk } from "./flow-testing.js";
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { MediaConcurrency, RoutingProfileQueue, RoutingProfileResource, UserResource } from "./resources.js";
import type { Runtime } from "./runtime.js";

export function addProfile(
  rt: Runtime,
  init: { name: string; queues: { queueId: string; channel: Channel; priority?: number; delay?: number }[]; concurrency: Partial<Record<Channel, number>>; anyChannel?: Channel[] },
): RoutingProfileResource {
  const id = rt.ids.uuid();
  const queues: RoutingProfileQueue[] = init.queues.map((q) => ({ queueId: q.queueId, channel: q.channel, priority: q.priority ?? 1, delay: q.delay ?? 0 }));
  const mediaConcurrencies: MediaConcurrency[] = Object.entries(init.concurrency).map(([channel, n]) => ({
    Channel: channel as Channel,
    Concurrency: n!,
    CrossChannelBehavior: { BehaviorType: init.anyChannel?.includes(channel as Channel) ? "ROUTE_ANY_CHANNEL" : "ROUTE_CURRENT_CHANNEL_ONLY" },
  }));
  return rt.resources.routingProfiles.add({ id, arn: rt.resources.arn("routing-profile", id), name: init.name, description: init.name, defaultOutboundQueueId: init.queues[0]?.queueId ?? "", queues, mediaConcurrencies, tags: {} });
}

export function addUser(rt: Runtime, init: { name: string; profile: RoutingProfileResource; firstName?: string; autoAccept?: boolean; acwSeconds?: number; available?: boolean }): UserResource {
  const id = rt.ids.uuid();
  const user = rt.resources.users.add({
    id,
    arn: rt.resources.arn("agent", id),
    name: init.name,
    firstName: init.firstName ?? init.name,
    routingProfileId: init.profile.id,
    securityProfileIds: [],
    phoneConfig: { PhoneType: "SOFT_PHONE", AutoAccept: init.autoAccept ?? false, AfterContactWorkTimeLimit: init.acwSeconds ?? 0 },
    tags: {},
  });
  if (init.available) rt.agents.setStatus(id, rt.agents.available);
  return user;
}

/** An inbound flow that queues the contact in `queueId` (the working queue), or ends it if that fails. */
export function queueingFlow(rt: Runtime, name: string, queueId: string, hooks: Record<string, string> = {}): LoadedFlow {
  const hookActions = Object.entries(hooks).map(([hook, flowId], i, all) => ({
    Identifier: `hook-${i}`,
    Type: "UpdateContactEventHooks",
    Parameters: { EventHooks: { [hook]: flowId } },
    Transitions: { NextAction: i + 1 < all.length ? `hook-${i + 1}` : "queue", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] },
  }));
  const doc = flowDoc(
    [
      ...hookActions,
      { Identifier: "queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: queueId }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
      { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant" },
    ],
    { type: "contactFlow" },
  );
  if (hookActions.length) doc.StartAction = "hook-0";
  return rt.publish(loadOk(doc, `${name}.json`, { name }), { name });
}

/** A queue transfer flow (quick connects, TransferContact) that sends the contact to the queue it is given. */
export function queueTransferFlow(rt: Runtime, name: string): LoadedFlow {
  const doc = flowDoc(
    [
      { Identifier: "t", Type: "TransferContactToQueue", Transitions: { NextAction: "b", Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "b" }, { ErrorType: "NoMatchingError", NextAction: "b" }] } },
      { Identifier: "b", Type: "DisconnectParticipant" },
    ],
    { type: "queueTransfer" },
  );
  return rt.publish(loadOk(doc, `${name}.json`, { name }), { name });
}

/**
 * The sample disconnect flow (reference §5.4): optionally tell the customer, wait 15 minutes
 * for a message (CustomerReturned), then queue the contact in `queueId` again, or end.
 */
export function requeueOnReturnFlow(rt: Runtime, queueId: string, options: { name: string; tell?: string }): LoadedFlow {
  const tell = options.tell === undefined ? [] : [{ Identifier: "tell", Type: "MessageParticipant", Parameters: { Text: options.tell }, Transitions: { NextAction: "wait", Errors: [{ ErrorType: "NoMatchingError", NextAction: "wait" }] } }];
  const doc = flowDoc(
    [
      ...tell,
      {
        Identifier: "wait",
        Type: "Wait",
        Parameters: { TimeLimitSeconds: "900", Events: ["CustomerReturned"] },
        Transitions: {
          NextAction: "bye",
          Conditions: [
            { NextAction: "queue", Condition: { Operator: "Equals", Operands: ["CustomerReturned"] } },
            { NextAction: "bye", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } },
          ],
          Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }],
        },
      },
      { Identifier: "queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: queueId }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
      { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
      { Identifier: "bye", Type: "DisconnectParticipant" },
    ],
    { type: "contactFlow" },
  );
  return rt.publish(loadOk(doc, `${options.name}.json`, { name: options.name }), { name: options.name });
}
