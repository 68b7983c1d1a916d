/**
 * Routing profiles: CreateRoutingProfile, DescribeRoutingProfile, ListRoutingProfiles,
 * Associate / DisassociateRoutingProfileQueues, ListRoutingProfileQueues,
 * UpdateRoutingProfileConcurrency. Rules live in runtime/routing-setup.ts.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import type { Channel } from "../../flow/model.js";
import { DEFAULT_NAMES, stableId } from "../../runtime/instance-defaults.js";
import type { MediaConcurrency, RoutingProfileResource } from "../../runtime/resources.js";
import {
  associateRoutingProfileQueues,
  createRoutingProfile,
  disassociateRoutingProfileQueues,
  findRoutingProfile,
  updateRoutingProfileConcurrency,
  type QueueConfigInput,
} from "../../runtime/routing-setup.js";
import { usersOfRoutingProfile } from "../../runtime/users.js";
import { admit, instanceOf, listPage, readTags } from "./admin-common.js";
import { epochSeconds } from "./common.js";

const CHANNELS = ["VOICE", "CHAT", "TASK", "EMAIL"] as const;
const BEHAVIORS = ["ROUTE_CURRENT_CHANNEL_ONLY", "ROUTE_ANY_CHANNEL"] as const;

function shape(req: Request): Shape {
  return new Shape(req.body, connectErrors.invalidParameter);
}

function readQueueConfigs(s: Shape, member: string, required: boolean): QueueConfigInput[] | undefined {
  const list = s.array(member, { required, min: 1, max: 10 });
  return list?.map((_, i) => {
    const at = `${member}.${i}`;
    s.object(`${at}.QueueReference`, { required: true });
    return {
      queueId: s.string(`${at}.QueueReference.QueueId`, { required: true }) ?? "",
      channel: s.string(`${at}.QueueReference.Channel`, { required: true, enum: CHANNELS }) as Channel,
      priority: s.number(`${at}.Priority`, { required: true, integer: true, min: 1, max: 99 }) ?? 0,
      delay: s.number(`${at}.Delay`, { required: true, integer: true, min: 0, max: 9999 }) ?? 0,
    };
  });
}

function readMediaConcurrencies(s: Shape): MediaConcurrency[] | undefined {
  const list = s.array("MediaConcurrencies", { required: true, min: 1, max: CHANNELS.length });
  return list?.map((_, i) => {
    const at = `MediaConcurrencies.${i}`;
    const behavior = s.object(`${at}.CrossChannelBehavior`) ? (s.string(`${at}.CrossChannelBehavior.BehaviorType`, { required: true, enum: BEHAVIORS }) as (typeof BEHAVIORS)[number] | undefined) : undefined;
    if (s.array(`${at}.WorkloadTypeConcurrencies`)?.length) s.violation(`Value at 'mediaConcurrencies.${i}.workloadTypeConcurrencies' failed to satisfy constraint: flowsim does not model workload types`);
    return {
      Channel: s.string(`${at}.Channel`, { required: true, enum: CHANNELS }) as Channel,
      // The model leaves Concurrency optional, but a channel without a number of contacts routes nothing.
      Concurrency: s.number(`${at}.Concurrency`, { required: true, integer: true, min: 1, max: 10 }) ?? 0,
      ...(behavior ? { CrossChannelBehavior: { BehaviorType: behavior } } : {}),
    };
  });
}

/** Members of routing features flowsim does not model: refused by name rather than ignored. */
function refuseUnmodelled(s: Shape, body: Record<string, unknown>): void {
  const members = { ManualAssignmentQueueConfigs: "manual assignment queues", ManualAssignmentQueueReferences: "manual assignment queues", AgentAvailabilityTimer: "agent availability timers" };
  for (const [m, what] of Object.entries(members)) {
    const v = body[m];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) s.violation(`Value at '${m.charAt(0).toLowerCase()}${m.slice(1)}' failed to satisfy constraint: flowsim does not model ${what}`);
  }
}

function profileBody(api: ApiContext, p: RoutingProfileResource) {
  const rt = api.runtime;
  const queueIds = [...new Set(p.queues.map((q) => q.queueId))];
  return {
    InstanceId: rt.instance.id,
    Name: p.name,
    RoutingProfileArn: p.arn,
    RoutingProfileId: p.id,
    Description: p.description,
    MediaConcurrencies: p.mediaConcurrencies,
    DefaultOutboundQueueId: p.defaultOutboundQueueId,
    Tags: { ...p.tags },
    NumberOfAssociatedQueues: queueIds.length,
    NumberOfAssociatedUsers: usersOfRoutingProfile(rt, p.id).length,
    LastModifiedTime: epochSeconds(p.lastModifiedTime),
    LastModifiedRegion: rt.instance.region,
    IsDefault: p.id === stableId(rt.instance.id, "routing-profile", DEFAULT_NAMES.routingProfile),
    AssociatedQueueIds: queueIds,
  };
}

export function routingProfilesRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/routing-profiles/{InstanceId}",
      operation: "CreateRoutingProfile",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { required: true, min: 1, max: 127 });
        const description = s.string("Description", { required: true, min: 1, max: 250 });
        const defaultOutboundQueueId = s.string("DefaultOutboundQueueId", { required: true });
        const queueConfigs = readQueueConfigs(s, "QueueConfigs", false);
        const mediaConcurrencies = readMediaConcurrencies(s);
        refuseUnmodelled(s, req.body);
        const tags = readTags(s, "Tags");
        s.check();
        instanceOf(api, req);
        const p = admit(() => createRoutingProfile(rt, { name: name!, description: description!, defaultOutboundQueueId: defaultOutboundQueueId!, queueConfigs, mediaConcurrencies: mediaConcurrencies!, tags }));
        return { body: { RoutingProfileArn: p.arn, RoutingProfileId: p.id } };
      },
    },
    {
      method: "GET",
      pattern: "/routing-profiles/{InstanceId}/{RoutingProfileId}",
      operation: "DescribeRoutingProfile",
      handler: (req) => {
        instanceOf(api, req);
        return { body: { RoutingProfile: profileBody(api, admit(() => findRoutingProfile(rt, req.labels.RoutingProfileId))) } };
      },
    },
    {
      method: "GET",
      pattern: "/routing-profiles-summary/{InstanceId}",
      operation: "ListRoutingProfiles",
      handler: (req) => {
        instanceOf(api, req);
        const all = rt.resources.routingProfiles.all().map((p) => ({ Id: p.id, Arn: p.arn, Name: p.name, LastModifiedTime: epochSeconds(p.lastModifiedTime), LastModifiedRegion: rt.instance.region }));
        const listed = listPage(req, all, { max: 1000 });
        return { body: { RoutingProfileSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "GET",
      pattern: "/routing-profiles/{InstanceId}/{RoutingProfileId}/queues",
      operation: "ListRoutingProfileQueues",
      handler: (req) => {
        instanceOf(api, req);
        const p = admit(() => findRoutingProfile(rt, req.labels.RoutingProfileId));
        const all = p.queues.map((q) => {
          const queue = rt.resources.queues.get(q.queueId);
          return { QueueId: q.queueId, QueueArn: queue?.arn ?? rt.resources.arn("queue", q.queueId), QueueName: queue?.name ?? q.queueId, Priority: q.priority, Delay: q.delay, Channel: q.channel };
        });
        const listed = listPage(req, all, { max: 100 });
        return { body: { RoutingProfileQueueConfigSummaryList: listed.items, NextToken: listed.nextToken, LastModifiedTime: epochSeconds(p.lastModifiedTime), LastModifiedRegion: rt.instance.region } };
      },
    },
    {
      method: "POST",
      pattern: "/routing-profiles/{InstanceId}/{RoutingProfileId}/associate-queues",
      operation: "AssociateRoutingProfileQueues",
      handler: (req) => {
        const s = shape(req);
        const configs = readQueueConfigs(s, "QueueConfigs", true);
        refuseUnmodelled(s, req.body);
        s.check();
        instanceOf(api, req);
        admit(() => associateRoutingProfileQueues(rt, req.labels.RoutingProfileId, configs!));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/routing-profiles/{InstanceId}/{RoutingProfileId}/disassociate-queues",
      operation: "DisassociateRoutingProfileQueues",
      handler: (req) => {
        const s = shape(req);
        const list = s.array("QueueReferences", { required: true, min: 1, max: 10 });
        const refs = list?.map((_, i) => ({
          queueId: s.string(`QueueReferences.${i}.QueueId`, { required: true }) ?? "",
          channel: s.string(`QueueReferences.${i}.Channel`, { required: true, enum: CHANNELS }) as Channel,
        }));
        refuseUnmodelled(s, req.body);
        s.check();
        instanceOf(api, req);
        admit(() => disassociateRoutingProfileQueues(rt, req.labels.RoutingProfileId, refs!));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/routing-profiles/{InstanceId}/{RoutingProfileId}/concurrency",
      operation: "UpdateRoutingProfileConcurrency",
      handler: (req) => {
        const s = shape(req);
        const media = readMediaConcurrencies(s);
        s.check();
        instanceOf(api, req);
        admit(() => updateRoutingProfileConcurrency(rt, req.labels.RoutingProfileId, media!));
        return { body: {} };
      },
    },
  ];
}
