/**
 * The account's instances: CreateInstance, DescribeInstance, ListInstances, DeleteInstance.
 * The simulator starts with one (its id from `startSimulator({ instanceId })`); each created
 * one has its own runtime, clock, ids, resources and contacts (api/instance-registry.ts).
 *
 * Decisions where the service is silent or cannot be copied:
 * - A created instance is ACTIVE at once (the service takes minutes, showing
 *   CREATION_IN_PROGRESS); a client that polls DescribeInstance sees ACTIVE at its first look.
 * - Aliases are unique within the simulator (the service makes them unique across AWS, as
 *   the access URL's host); a repeated alias is an InvalidRequestException.
 * - The default instance cannot be deleted (InvalidRequestException): it is what clients
 *   that never create instances talk to.
 */
import type { SimInstance } from "../instance.js";
import { InstanceConflictError, InstanceQuotaError, type InstanceRegistry } from "../instance-registry.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { readTags } from "./admin-common.js";
import { epochSeconds, page } from "./common.js";

/** Operations of the account, not of one instance: served by the registry itself. */
export const ACCOUNT_OPERATIONS: ReadonlySet<string> = new Set(["ListInstances", "CreateInstance", "DescribeInstance", "DeleteInstance"]);

const IDENTITY_TYPES = ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"] as const;
/** The alias becomes the host of the instance's access URL. */
const ALIAS = /^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$/;

function summary(instance: SimInstance) {
  const { runtime } = instance;
  const p = runtime.resources.profile;
  return {
    Id: runtime.instance.id,
    Arn: runtime.instance.arn,
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

export function accountRoutes(registry: InstanceRegistry): Route[] {
  /** The instance by id or ARN; ListInstances and DescribeInstance document no InvalidParameterException. */
  const find = (ref: string): SimInstance => {
    const instance = registry.get(ref);
    if (!instance) throw connectErrors.resourceNotFound(`Instance not found: ${ref}`);
    return instance;
  };
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
          listed = page(registry.list().map(summary), req.query.get("nextToken"), max, 10);
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
        const instance = find(req.labels.InstanceId);
        return { body: { Instance: { ...summary(instance), Tags: { ...instance.runtime.resources.profile.tags } } } };
      },
    },
    {
      method: "PUT",
      pattern: "/instance",
      operation: "CreateInstance",
      handler: async (req) => {
        const s = new Shape(req.body, connectErrors.invalidRequest);
        s.string("ClientToken", { max: 500 });
        const identity = s.string("IdentityManagementType", { required: true, enum: IDENTITY_TYPES }) as (typeof IDENTITY_TYPES)[number] | undefined;
        const alias = s.string("InstanceAlias", { min: 1, max: 45, pattern: ALIAS });
        const directoryId = s.string("DirectoryId", { min: 12, max: 12 });
        const inbound = s.boolean("InboundCallsEnabled", { required: true });
        const outbound = s.boolean("OutboundCallsEnabled", { required: true });
        const tags = readTags(s, "Tags");
        s.check();
        if (identity === "EXISTING_DIRECTORY" && !directoryId) throw connectErrors.invalidRequest("DirectoryId is required when IdentityManagementType is EXISTING_DIRECTORY");
        if (identity !== "EXISTING_DIRECTORY" && !alias) throw connectErrors.invalidRequest(`InstanceAlias is required when IdentityManagementType is ${identity}`);
        try {
          const instance = await registry.create({
            profile: { alias: alias ?? directoryId!, identityManagementType: identity!, inboundCallsEnabled: inbound!, outboundCallsEnabled: outbound!, tags: { ...tags } },
          });
          return { body: { Id: instance.id, Arn: instance.runtime.instance.arn } };
        } catch (err) {
          if (err instanceof InstanceQuotaError) throw connectErrors.quotaExceeded(err.message);
          if (err instanceof InstanceConflictError) throw connectErrors.invalidRequest(err.message);
          throw err;
        }
      },
    },
    {
      method: "DELETE",
      pattern: "/instance/{InstanceId}",
      operation: "DeleteInstance",
      handler: async (req) => {
        const instance = find(req.labels.InstanceId);
        if (instance === registry.defaultInstance) throw connectErrors.invalidRequest(`The instance ${instance.id} is the simulator's default instance and cannot be deleted`);
        await registry.delete(instance.id);
        return { body: {} };
      },
    },
  ];
}
