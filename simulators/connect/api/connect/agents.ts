/**
 * Agent statuses: PutUserStatus (an agent's status, which routing follows),
 * ListAgentStatuses, DescribeAgentStatus and CreateAgentStatus (custom statuses such as
 * Lunch; Available and Offline exist from the start).
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { epochSeconds, page, queryInt, requireInstance } from "./common.js";
import type { AgentStatusResource } from "../../runtime/agents.js";

const STATUS_TYPES = ["ROUTABLE", "CUSTOM", "OFFLINE"];

function describeStatus(api: ApiContext, s: AgentStatusResource): Record<string, unknown> {
  return {
    AgentStatusARN: s.arn,
    AgentStatusId: s.id,
    Name: s.name,
    Description: s.description,
    Type: s.type,
    DisplayOrder: s.displayOrder,
    State: s.state,
    Tags: s.tags,
    LastModifiedTime: epochSeconds(s.lastModified),
    LastModifiedRegion: api.runtime.instance.region,
  };
}

export function agentsRoutes(api: ApiContext): Route[] {
  const runtime = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/users/{InstanceId}/{UserId}/status",
      operation: "PutUserStatus",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const statusId = shape.string("AgentStatusId", { required: true, min: 1 });
        shape.check();
        requireInstance(api, req.labels.InstanceId);
        const user = runtime.resources.users.find(req.labels.UserId);
        if (!user) throw connectErrors.resourceNotFound(`User not found: ${req.labels.UserId}`);
        const status = runtime.agents.statuses.find(statusId!);
        if (!status) throw connectErrors.resourceNotFound(`Agent status not found: ${statusId}`);
        if (status.state === "DISABLED") throw connectErrors.invalidRequest(`Agent status ${status.name} is disabled`);
        runtime.agents.setStatus(user.id, status);
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/agent-status/{InstanceId}",
      operation: "ListAgentStatuses",
      handler: (req) => {
        requireInstance(api, req.labels.InstanceId);
        const max = queryInt(req.query.get("maxResults"), "maxResults", 1, 1000);
        const types = req.query.getAll("AgentStatusTypes");
        const bad = types.filter((t) => !STATUS_TYPES.includes(t));
        if (bad.length) throw connectErrors.invalidParameter(`1 validation error detected: Value '[${bad.join(", ")}]' at 'agentStatusTypes' failed to satisfy constraint: Member must satisfy enum value set: [${STATUS_TYPES.join(", ")}]`);
        const statuses = runtime.agents.statuses
          .all()
          .filter((s) => types.length === 0 || types.includes(s.type))
          .sort((a, b) => (a.displayOrder ?? 99) - (b.displayOrder ?? 99) || a.name.localeCompare(b.name));
        const { items, nextToken } = page(statuses, req.query.get("nextToken"), max);
        return {
          body: {
            AgentStatusSummaryList: items.map((s) => ({ Id: s.id, Arn: s.arn, Name: s.name, Type: s.type, LastModifiedTime: epochSeconds(s.lastModified), LastModifiedRegion: runtime.instance.region })),
            NextToken: nextToken,
          },
        };
      },
    },
    {
      method: "GET",
      pattern: "/agent-status/{InstanceId}/{AgentStatusId}",
      operation: "DescribeAgentStatus",
      handler: (req) => {
        requireInstance(api, req.labels.InstanceId);
        const status = runtime.agents.statuses.find(req.labels.AgentStatusId);
        if (!status) throw connectErrors.resourceNotFound(`Agent status not found: ${req.labels.AgentStatusId}`);
        return { body: { AgentStatus: describeStatus(api, status) } };
      },
    },
    {
      method: "PUT",
      pattern: "/agent-status/{InstanceId}",
      operation: "CreateAgentStatus",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const name = shape.string("Name", { required: true, min: 1, max: 127 });
        const description = shape.string("Description", { max: 250 });
        const state = shape.string("State", { required: true, enum: ["ENABLED", "DISABLED"] }) as "ENABLED" | "DISABLED" | undefined;
        const displayOrder = shape.number("DisplayOrder", { min: 1, max: 50, integer: true });
        const tags = shape.stringMap("Tags", { maxValue: 256 });
        shape.check();
        requireInstance(api, req.labels.InstanceId);
        if (runtime.agents.statuses.all().some((s) => s.name === name)) throw connectErrors.duplicate(`An agent status named ${name} already exists`);
        const status = runtime.agents.addStatus({ name: name!, description, state, displayOrder, tags });
        return { body: { AgentStatusARN: status.arn, AgentStatusId: status.id } };
      },
    },
  ];
}
