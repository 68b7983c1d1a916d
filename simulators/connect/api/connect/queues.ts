/**
 * Queues (CreateQueue, DescribeQueue, ListQueues, UpdateQueueStatus / MaxContacts /
 * HoursOfOperation) and hours of operation (CreateHoursOfOperation, Describe, List,
 * Delete). Rules live in runtime/routing-setup.ts.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { DAYS } from "../../runtime/hours.js";
import type { HoursConfigEntry, HoursResource, QueueResource, UserResource } from "../../runtime/resources.js";
import { createHours, createQueue, deleteHours, findHours, findQueue, updateQueue, type OutboundCallerConfig } from "../../runtime/routing-setup.js";
import { admit, instanceOf, listPage, queryEnums, readTags } from "./admin-common.js";
import { epochSeconds } from "./common.js";

const QUEUE_TYPES = ["STANDARD", "AGENT"] as const;

function shape(req: Request): Shape {
  return new Shape(req.body, connectErrors.invalidParameter);
}

/** OutboundCallerConfig: the caller id name, the number it shows, the outbound whisper flow. */
function readOutboundCaller(s: Shape): OutboundCallerConfig | undefined {
  const o = s.object("OutboundCallerConfig");
  if (!o) return undefined;
  const config: OutboundCallerConfig = {
    OutboundCallerIdName: s.string("OutboundCallerConfig.OutboundCallerIdName", { min: 1, max: 255 }),
    OutboundCallerIdNumberId: s.string("OutboundCallerConfig.OutboundCallerIdNumberId"),
    OutboundFlowId: s.string("OutboundCallerConfig.OutboundFlowId", { max: 500 }),
  };
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) as OutboundCallerConfig;
}

/** Members for resources flowsim does not model (email addresses): refused by name rather than dropped. */
function refuseUnmodelled(s: Shape, body: Record<string, unknown>, members: string[]): void {
  for (const m of members) if (body[m] !== undefined && body[m] !== null) s.violation(`Value at '${m.charAt(0).toLowerCase()}${m.slice(1)}' failed to satisfy constraint: flowsim has no email addresses, so ${m} cannot be set`);
}

function queueBody(api: ApiContext, q: QueueResource) {
  return {
    Name: q.name,
    QueueArn: q.arn,
    QueueId: q.id,
    Description: q.description,
    OutboundCallerConfig: q.outboundCallerConfig,
    HoursOfOperationId: q.hoursOfOperationId,
    MaxContacts: q.maxContacts,
    Status: q.status,
    Tags: { ...q.tags },
    LastModifiedTime: epochSeconds(q.lastModifiedTime),
    LastModifiedRegion: api.runtime.instance.region,
  };
}

/** Every agent has a queue of its own, addressed `agent/<userId>` (the agent model's convention). */
function agentQueue(api: ApiContext, user: UserResource) {
  const id = `agent/${user.id}`;
  return { id, arn: api.runtime.resources.arn("queue", id), name: user.name, lastModifiedTime: user.lastModifiedTime };
}

function readHoursConfig(s: Shape): HoursConfigEntry[] | undefined {
  const list = s.array("Config", { required: true, max: 100 });
  if (!list) return undefined;
  const time = (path: string) => {
    s.object(path, { required: true });
    return { Hours: s.number(`${path}.Hours`, { required: true, integer: true, min: 0, max: 23 }) ?? 0, Minutes: s.number(`${path}.Minutes`, { required: true, integer: true, min: 0, max: 59 }) ?? 0 };
  };
  return list.map((_, i) => ({
    Day: s.string(`Config.${i}.Day`, { required: true, enum: DAYS }) as HoursConfigEntry["Day"],
    StartTime: time(`Config.${i}.StartTime`),
    EndTime: time(`Config.${i}.EndTime`),
  }));
}

function hoursBody(api: ApiContext, h: HoursResource) {
  return {
    HoursOfOperationId: h.id,
    HoursOfOperationArn: h.arn,
    Name: h.name,
    Description: h.description,
    TimeZone: h.timeZone,
    Config: h.config,
    Tags: { ...h.tags },
    LastModifiedTime: epochSeconds(h.lastModifiedTime),
    LastModifiedRegion: api.runtime.instance.region,
  };
}

export function queuesRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/queues/{InstanceId}",
      operation: "CreateQueue",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { required: true, min: 1, max: 127 });
        const description = s.string("Description", { min: 1, max: 250 });
        const outboundCallerConfig = readOutboundCaller(s);
        const hoursOfOperationId = s.string("HoursOfOperationId", { required: true });
        const maxContacts = s.number("MaxContacts", { integer: true, min: 0 });
        const quickConnects = s.array("QuickConnectIds", { min: 1, max: 50 });
        const quickConnectIds = quickConnects?.map((_, i) => s.string(`QuickConnectIds.${i}`, { required: true }) ?? "");
        refuseUnmodelled(s, req.body, ["OutboundEmailConfig", "EmailAddressesConfig"]);
        const tags = readTags(s, "Tags");
        s.check();
        instanceOf(api, req);
        const q = admit(() => createQueue(rt, { name: name!, description, hoursOfOperationId: hoursOfOperationId!, maxContacts, outboundCallerConfig, quickConnectIds, tags }));
        return { body: { QueueArn: q.arn, QueueId: q.id } };
      },
    },
    {
      method: "GET",
      pattern: "/queues/{InstanceId}/{QueueId}",
      operation: "DescribeQueue",
      handler: (req) => {
        instanceOf(api, req);
        const ref = req.labels.QueueId;
        const agent = /^agent\/(.+)$/.exec(ref);
        const user = agent ? rt.resources.users.get(agent[1]) : undefined;
        if (user) {
          const q = agentQueue(api, user);
          return { body: { Queue: { Name: q.name, QueueArn: q.arn, QueueId: q.id, Status: "ENABLED", Tags: {}, LastModifiedTime: epochSeconds(q.lastModifiedTime), LastModifiedRegion: rt.instance.region } } };
        }
        return { body: { Queue: queueBody(api, admit(() => findQueue(rt, ref))) } };
      },
    },
    {
      method: "GET",
      pattern: "/queues-summary/{InstanceId}",
      operation: "ListQueues",
      handler: (req) => {
        const types = queryEnums(req, "queueTypes", QUEUE_TYPES, 2);
        instanceOf(api, req);
        const wants = (t: (typeof QUEUE_TYPES)[number]) => types.length === 0 || types.includes(t);
        const standard = wants("STANDARD") ? rt.resources.queues.all().map((q) => ({ Id: q.id, Arn: q.arn, Name: q.name, QueueType: "STANDARD", LastModifiedTime: epochSeconds(q.lastModifiedTime), LastModifiedRegion: rt.instance.region })) : [];
        const agents = wants("AGENT")
          ? rt.resources.users.all().map((u) => {
              const q = agentQueue(api, u);
              return { Id: q.id, Arn: q.arn, Name: q.name, QueueType: "AGENT", LastModifiedTime: epochSeconds(q.lastModifiedTime), LastModifiedRegion: rt.instance.region };
            })
          : [];
        const listed = listPage(req, [...standard, ...agents], { max: 1000 });
        return { body: { QueueSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "POST",
      pattern: "/queues/{InstanceId}/{QueueId}/status",
      operation: "UpdateQueueStatus",
      handler: (req) => {
        const s = shape(req);
        const status = s.string("Status", { required: true, enum: ["ENABLED", "DISABLED"] }) as "ENABLED" | "DISABLED";
        s.check();
        instanceOf(api, req);
        admit(() => updateQueue(rt, req.labels.QueueId, { status }));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/queues/{InstanceId}/{QueueId}/max-contacts",
      operation: "UpdateQueueMaxContacts",
      handler: (req) => {
        const s = shape(req);
        const maxContacts = s.number("MaxContacts", { integer: true, min: 0 });
        s.check();
        instanceOf(api, req);
        admit(() => updateQueue(rt, req.labels.QueueId, { maxContacts: maxContacts ?? null }));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/queues/{InstanceId}/{QueueId}/hours-of-operation",
      operation: "UpdateQueueHoursOfOperation",
      handler: (req) => {
        const s = shape(req);
        const hoursOfOperationId = s.string("HoursOfOperationId", { required: true });
        s.check();
        instanceOf(api, req);
        admit(() => updateQueue(rt, req.labels.QueueId, { hoursOfOperationId }));
        return { body: {} };
      },
    },

    // ---- hours of operation ----------------------------------------------------------
    {
      method: "PUT",
      pattern: "/hours-of-operations/{InstanceId}",
      operation: "CreateHoursOfOperation",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { required: true, min: 1, max: 127 });
        const description = s.string("Description", { min: 1, max: 250 });
        const timeZone = s.string("TimeZone", { required: true });
        const config = readHoursConfig(s);
        const parents = s.array("ParentHoursOfOperationConfigs");
        if (parents && parents.length) s.violation("Value at 'parentHoursOfOperationConfigs' failed to satisfy constraint: flowsim does not model hours overrides inherited from parent hours of operation");
        const tags = readTags(s, "Tags");
        s.check();
        instanceOf(api, req);
        const h = admit(() => createHours(rt, { name: name!, description, timeZone: timeZone!, config: config!, tags }));
        return { body: { HoursOfOperationId: h.id, HoursOfOperationArn: h.arn } };
      },
    },
    {
      method: "GET",
      pattern: "/hours-of-operations/{InstanceId}/{HoursOfOperationId}",
      operation: "DescribeHoursOfOperation",
      handler: (req) => {
        instanceOf(api, req);
        return { body: { HoursOfOperation: hoursBody(api, admit(() => findHours(rt, req.labels.HoursOfOperationId))) } };
      },
    },
    {
      method: "GET",
      pattern: "/hours-of-operations-summary/{InstanceId}",
      operation: "ListHoursOfOperations",
      handler: (req) => {
        instanceOf(api, req);
        const all = rt.resources.hours.all().map((h) => ({ Id: h.id, Arn: h.arn, Name: h.name, LastModifiedTime: epochSeconds(h.lastModifiedTime), LastModifiedRegion: rt.instance.region }));
        const listed = listPage(req, all, { max: 1000 });
        return { body: { HoursOfOperationSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "DELETE",
      pattern: "/hours-of-operations/{InstanceId}/{HoursOfOperationId}",
      operation: "DeleteHoursOfOperation",
      handler: (req) => {
        instanceOf(api, req);
        admit(() => deleteHours(rt, req.labels.HoursOfOperationId));
        return { body: {} };
      },
    },
  ];
}
