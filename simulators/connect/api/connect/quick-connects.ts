/**
 * Quick connects: CreateQuickConnect, DescribeQuickConnect, ListQuickConnects,
 * DeleteQuickConnect, and the queues that offer them (Associate / Disassociate /
 * ListQueueQuickConnects). Rules live in runtime/routing-setup.ts.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import type { QuickConnectResource } from "../../runtime/resources.js";
import {
  associateQueueQuickConnects,
  createQuickConnect,
  deleteQuickConnect,
  disassociateQueueQuickConnects,
  findQuickConnect,
  queueQuickConnects,
  type QuickConnectInput,
} from "../../runtime/routing-setup.js";
import { admit, instanceOf, listPage, queryEnums, readTags } from "./admin-common.js";
import { epochSeconds } from "./common.js";

const TYPES = ["USER", "QUEUE", "PHONE_NUMBER", "FLOW"] as const;

function shape(req: Request): Shape {
  return new Shape(req.body, connectErrors.invalidParameter);
}

function readConfig(s: Shape): Omit<QuickConnectInput, "name" | "description" | "tags"> | undefined {
  if (!s.object("QuickConnectConfig", { required: true })) return undefined;
  const at = "QuickConnectConfig";
  const type = s.string(`${at}.QuickConnectType`, { required: true, enum: TYPES }) as QuickConnectInput["type"];
  const pair = <K extends string>(member: string, keys: K[]) => (s.object(`${at}.${member}`) ? (Object.fromEntries(keys.map((k) => [k, s.string(`${at}.${member}.${k}`, { required: true, max: 500 }) ?? ""])) as Record<K, string>) : undefined);
  return {
    type,
    userConfig: pair("UserConfig", ["UserId", "ContactFlowId"]),
    queueConfig: pair("QueueConfig", ["QueueId", "ContactFlowId"]),
    phoneConfig: pair("PhoneConfig", ["PhoneNumber"]),
    flowConfig: pair("FlowConfig", ["ContactFlowId"]),
  };
}

function configBody(q: QuickConnectResource) {
  return {
    QuickConnectType: q.type,
    ...(q.user ? { UserConfig: { UserId: q.user.userId, ContactFlowId: q.user.contactFlowId } } : {}),
    ...(q.queue ? { QueueConfig: { QueueId: q.queue.queueId, ContactFlowId: q.queue.contactFlowId } } : {}),
    ...(q.phone ? { PhoneConfig: { PhoneNumber: q.phone.phoneNumber } } : {}),
    ...(q.flow ? { FlowConfig: { ContactFlowId: q.flow.contactFlowId } } : {}),
  };
}

function summary(api: ApiContext, q: QuickConnectResource) {
  return { Id: q.id, Arn: q.arn, Name: q.name, QuickConnectType: q.type, LastModifiedTime: epochSeconds(q.lastModifiedTime), LastModifiedRegion: api.runtime.instance.region };
}

function readQuickConnectIds(s: Shape): string[] | undefined {
  return s.array("QuickConnectIds", { required: true, min: 1, max: 50 })?.map((_, i) => s.string(`QuickConnectIds.${i}`, { required: true }) ?? "");
}

export function quickConnectsRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/quick-connects/{InstanceId}",
      operation: "CreateQuickConnect",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { required: true, min: 1, max: 127 });
        const description = s.string("Description", { max: 250 });
        const config = readConfig(s);
        const tags = readTags(s, "Tags");
        s.check();
        instanceOf(api, req);
        const q = admit(() => createQuickConnect(rt, { name: name!, description, tags, ...config! }));
        return { body: { QuickConnectARN: q.arn, QuickConnectId: q.id } };
      },
    },
    {
      method: "GET",
      pattern: "/quick-connects/{InstanceId}/{QuickConnectId}",
      operation: "DescribeQuickConnect",
      handler: (req) => {
        instanceOf(api, req);
        const q = admit(() => findQuickConnect(rt, req.labels.QuickConnectId));
        return {
          body: { QuickConnect: { QuickConnectARN: q.arn, QuickConnectId: q.id, Name: q.name, Description: q.description, QuickConnectConfig: configBody(q), Tags: { ...q.tags }, LastModifiedTime: epochSeconds(q.lastModifiedTime), LastModifiedRegion: rt.instance.region } },
        };
      },
    },
    {
      method: "GET",
      pattern: "/quick-connects/{InstanceId}",
      operation: "ListQuickConnects",
      handler: (req) => {
        const types = queryEnums(req, "QuickConnectTypes", TYPES, 3);
        instanceOf(api, req);
        const all = rt.resources.quickConnects.all().filter((q) => types.length === 0 || types.includes(q.type));
        const listed = listPage(req, all.map((q) => summary(api, q)), { max: 1000 });
        return { body: { QuickConnectSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "DELETE",
      pattern: "/quick-connects/{InstanceId}/{QuickConnectId}",
      operation: "DeleteQuickConnect",
      handler: (req) => {
        instanceOf(api, req);
        admit(() => deleteQuickConnect(rt, req.labels.QuickConnectId));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/queues/{InstanceId}/{QueueId}/associate-quick-connects",
      operation: "AssociateQueueQuickConnects",
      handler: (req) => {
        const s = shape(req);
        const ids = readQuickConnectIds(s);
        s.check();
        instanceOf(api, req);
        admit(() => associateQueueQuickConnects(rt, req.labels.QueueId, ids!));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/queues/{InstanceId}/{QueueId}/disassociate-quick-connects",
      operation: "DisassociateQueueQuickConnects",
      handler: (req) => {
        const s = shape(req);
        const ids = readQuickConnectIds(s);
        s.check();
        instanceOf(api, req);
        admit(() => disassociateQueueQuickConnects(rt, req.labels.QueueId, ids!));
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/queues/{InstanceId}/{QueueId}/quick-connects",
      operation: "ListQueueQuickConnects",
      handler: (req) => {
        instanceOf(api, req);
        const queue = req.labels.QueueId;
        const all = admit(() => queueQuickConnects(rt, queue)).map((q) => summary(api, q));
        const listed = listPage(req, all, { max: 100 });
        return { body: { QuickConnectSummaryList: listed.items, NextToken: listed.nextToken, LastModifiedTime: epochSeconds(rt.resources.queues.get(queue)?.lastModifiedTime), LastModifiedRegion: rt.instance.region } };
      },
    },
  ];
}
