/**
 * The instance (ListInstances, DescribeInstance) and tags on any of its resources
 * (TagResource, UntagResource, ListTagsForResource). The simulator has one instance; its
 * id comes from `startSimulator({ instanceId })`.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { tagResource, tagsOf, untagResource } from "../../runtime/tagging.js";
import { admit, readTags, TAG_KEY } from "./admin-common.js";
import { epochSeconds, page } from "./common.js";

function summary(api: ApiContext) {
  const inst = api.runtime.instance;
  const p = api.runtime.resources.profile;
  return {
    Id: inst.id,
    Arn: inst.arn,
    IdentityManagementType: p.identityManagementType,
    InstanceAlias: p.alias,
    CreatedTime: epochSeconds(p.createdTime),
    ServiceRole: p.serviceRole,
    InstanceStatus: "ACTIVE",
    InboundCallsEnabled: p.inboundCallsEnabled,
    OutboundCallsEnabled: p.outboundCallsEnabled,
    InstanceAccessUrl: `https://${p.alias}.my.connect.aws`,
  };
}

/** The instance by id or ARN; ListInstances and DescribeInstance document no InvalidParameterException. */
function requireThisInstance(api: ApiContext, ref: string): void {
  const inst = api.runtime.instance;
  if (ref !== inst.id && ref !== inst.arn) throw connectErrors.resourceNotFound(`Instance not found: ${ref}`);
}

export function instancesRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "GET",
      pattern: "/instance",
      operation: "ListInstances",
      handler: (req) => {
        const raw = req.query.get("maxResults");
        const max = raw === null ? undefined : Number(raw);
        if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 10)) throw connectErrors.invalidRequest(`1 validation error detected: Value '${raw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 10`);
        let listed;
        try {
          listed = page([summary(api)], req.query.get("nextToken"), max, 10);
        } catch (err) {
          throw connectErrors.invalidRequest((err as Error).message);
        }
        return { body: { InstanceSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "GET",
      pattern: "/instance/{InstanceId}",
      operation: "DescribeInstance",
      handler: (req) => {
        requireThisInstance(api, req.labels.InstanceId);
        return { body: { Instance: { ...summary(api), Tags: { ...rt.resources.profile.tags } } } };
      },
    },
    {
      method: "GET",
      pattern: "/tags/{resourceArn}",
      operation: "ListTagsForResource",
      handler: (req) => ({ body: { tags: { ...admit(() => tagsOf(rt, req.labels.resourceArn)) } } }),
    },
    {
      method: "POST",
      pattern: "/tags/{resourceArn}",
      operation: "TagResource",
      handler: (req) => {
        const s = new Shape(req.body, connectErrors.invalidParameter);
        const tags = readTags(s, "tags", { required: true });
        s.check();
        admit(() => tagResource(rt, req.labels.resourceArn, tags!));
        return { body: {} };
      },
    },
    {
      method: "DELETE",
      pattern: "/tags/{resourceArn}",
      operation: "UntagResource",
      handler: (req) => {
        const keys = req.query.getAll("tagKeys");
        if (keys.length === 0) throw connectErrors.invalidParameter("1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null");
        const bad = keys.filter((k) => !TAG_KEY.test(k));
        if (bad.length) throw connectErrors.invalidParameter(`1 validation error detected: Value '[${bad.join(", ")}]' at 'tagKeys' failed to satisfy constraint: Member must satisfy regular expression pattern: ${TAG_KEY.source}`);
        admit(() => untagResource(rt, req.labels.resourceArn, keys));
        return { body: {} };
      },
    },
  ];
}
