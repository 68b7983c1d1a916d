/**
 * Flows and flow modules: CreateContactFlow, DescribeContactFlow, ListContactFlows,
 * UpdateContactFlowContent / Name / Metadata, DeleteContactFlow, and the same for
 * modules. Publishing rules live in runtime/flow-catalog.ts.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Request, Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { FLOW_TYPES, type FlowType } from "../../flow/flow-types.js";
import { MAX_FLOW_CONTENT } from "../../flow/load.js";
import { createFlow, deleteFlow, describeFlow, listFlows, updateFlowContent, updateFlowMetadata, type FlowKind } from "../../runtime/flow-catalog.js";
import type { FlowDefinition } from "../../runtime/resources.js";
import { admit, instanceOf, listPage, queryEnum, queryEnums, readTags } from "./admin-common.js";
import { epochSeconds } from "./common.js";

/** ContactFlowType: every flow type but modules, which are a separate resource. */
const CONTACT_FLOW_TYPES = FLOW_TYPES.filter((t) => t !== "MODULE") as Exclude<FlowType, "MODULE">[];
const STATES = ["ACTIVE", "ARCHIVED"] as const;

function shape(req: Request): Shape {
  return new Shape(req.body, connectErrors.invalidParameter);
}

function flowBody(api: ApiContext, kind: FlowKind, ref: string) {
  const view = describeFlow(api.runtime, kind, ref);
  const d = view.definition;
  const common = { Arn: d.arn, Id: d.id, Name: d.name, Description: d.description, State: d.state, Status: view.status, Content: view.content, Tags: { ...d.tags } };
  if (kind === "module") {
    return { ContactFlowModule: { ...common, FlowModuleContentSha256: view.sha256, Settings: d.settings, ExternalInvocationConfiguration: d.externalInvocation } };
  }
  return { ContactFlow: { ...common, Type: d.type, FlowContentSha256: view.sha256, LastModifiedTime: epochSeconds(d.lastModifiedTime), LastModifiedRegion: api.runtime.instance.region } };
}

function flowSummary(d: FlowDefinition) {
  return { Id: d.id, Arn: d.arn, Name: d.name, ContactFlowType: d.type, ContactFlowState: d.state, ContactFlowStatus: d.status };
}

function moduleSummary(d: FlowDefinition) {
  return { Id: d.id, Arn: d.arn, Name: d.name, State: d.state };
}

export function flowsRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/contact-flows/{InstanceId}",
      operation: "CreateContactFlow",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { required: true, min: 1 });
        const type = s.string("Type", { required: true, enum: CONTACT_FLOW_TYPES }) as FlowType | undefined;
        const content = s.string("Content", { required: true, min: 1, max: MAX_FLOW_CONTENT });
        const description = s.string("Description", { max: 500 });
        const status = s.string("Status", { enum: ["PUBLISHED", "SAVED"] }) as "PUBLISHED" | "SAVED" | undefined;
        const tags = readTags(s, "Tags");
        s.check();
        instanceOf(api, req);
        const view = admit(() => createFlow(rt, "flow", { name: name!, type, content: content!, description, status, tags }));
        return { body: { ContactFlowId: view.definition.id, ContactFlowArn: view.definition.arn, FlowContentSha256: view.sha256 } };
      },
    },
    {
      method: "GET",
      pattern: "/contact-flows/{InstanceId}/{ContactFlowId}",
      operation: "DescribeContactFlow",
      handler: (req) => {
        instanceOf(api, req);
        return { body: admit(() => flowBody(api, "flow", req.labels.ContactFlowId)) };
      },
    },
    {
      method: "GET",
      pattern: "/contact-flows-summary/{InstanceId}",
      operation: "ListContactFlows",
      handler: (req) => {
        const types = queryEnums(req, "contactFlowTypes", CONTACT_FLOW_TYPES, 10);
        instanceOf(api, req);
        const flows = listFlows(rt, "flow").filter((d) => types.length === 0 || (types as string[]).includes(d.type));
        const listed = listPage(req, flows.map(flowSummary), { max: 1000 });
        return { body: { ContactFlowSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "POST",
      pattern: "/contact-flows/{InstanceId}/{ContactFlowId}/content",
      operation: "UpdateContactFlowContent",
      handler: (req) => {
        const s = shape(req);
        const content = s.string("Content", { required: true, min: 1, max: MAX_FLOW_CONTENT });
        s.check();
        instanceOf(api, req);
        admit(() => updateFlowContent(rt, "flow", req.labels.ContactFlowId, { content }));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/contact-flows/{InstanceId}/{ContactFlowId}/name",
      operation: "UpdateContactFlowName",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { min: 1 });
        const description = s.string("Description", { max: 500 });
        s.check();
        instanceOf(api, req);
        admit(() => updateFlowMetadata(rt, "flow", req.labels.ContactFlowId, { name, description }));
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/contact-flows/{InstanceId}/{ContactFlowId}/metadata",
      operation: "UpdateContactFlowMetadata",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { min: 1 });
        const description = s.string("Description", { max: 500 });
        const state = s.string("ContactFlowState", { enum: STATES }) as (typeof STATES)[number] | undefined;
        s.check();
        instanceOf(api, req);
        admit(() => updateFlowMetadata(rt, "flow", req.labels.ContactFlowId, { name, description, state }));
        return { body: {} };
      },
    },
    {
      method: "DELETE",
      pattern: "/contact-flows/{InstanceId}/{ContactFlowId}",
      operation: "DeleteContactFlow",
      handler: (req) => {
        instanceOf(api, req);
        admit(() => deleteFlow(rt, "flow", req.labels.ContactFlowId));
        return { body: {} };
      },
    },

    // ---- flow modules --------------------------------------------------------------
    {
      method: "PUT",
      pattern: "/contact-flow-modules/{InstanceId}",
      operation: "CreateContactFlowModule",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { required: true, min: 1, max: 127 });
        const content = s.string("Content", { required: true, min: 1, max: MAX_FLOW_CONTENT });
        const description = s.string("Description", { max: 500 });
        const settings = s.string("Settings", { max: MAX_FLOW_CONTENT });
        const external = s.object("ExternalInvocationConfiguration");
        const enabled = external ? s.boolean("ExternalInvocationConfiguration.Enabled") : undefined;
        s.string("ClientToken", { max: 500 });
        const tags = readTags(s, "Tags");
        s.check();
        instanceOf(api, req);
        const view = admit(() => createFlow(rt, "module", { name: name!, content: content!, description, settings, externalInvocation: external ? { Enabled: enabled } : undefined, tags }));
        return { body: { Id: view.definition.id, Arn: view.definition.arn } };
      },
    },
    {
      method: "GET",
      pattern: "/contact-flow-modules/{InstanceId}/{ContactFlowModuleId}",
      operation: "DescribeContactFlowModule",
      handler: (req) => {
        instanceOf(api, req);
        return { body: admit(() => flowBody(api, "module", req.labels.ContactFlowModuleId)) };
      },
    },
    {
      method: "GET",
      pattern: "/contact-flow-modules-summary/{InstanceId}",
      operation: "ListContactFlowModules",
      handler: (req) => {
        const state = queryEnum(req, "state", STATES, "contactFlowModuleState");
        instanceOf(api, req);
        const modules = listFlows(rt, "module").filter((d) => state === null || d.state === state);
        const listed = listPage(req, modules.map(moduleSummary), { max: 1000 });
        return { body: { ContactFlowModulesSummaryList: listed.items, NextToken: listed.nextToken } };
      },
    },
    {
      method: "POST",
      pattern: "/contact-flow-modules/{InstanceId}/{ContactFlowModuleId}/content",
      operation: "UpdateContactFlowModuleContent",
      handler: (req) => {
        // This operation documents InvalidRequestException, not InvalidParameterException.
        const s = new Shape(req.body, connectErrors.invalidRequest);
        const content = s.string("Content", { min: 1, max: MAX_FLOW_CONTENT });
        const settings = s.string("Settings", { max: MAX_FLOW_CONTENT });
        if (req.body.Content == null && req.body.Settings == null) s.violation("Value null at 'content' failed to satisfy constraint: Content or Settings must be given");
        s.check();
        instanceOf(api, req);
        admit(() => updateFlowContent(rt, "module", req.labels.ContactFlowModuleId, { content, settings }), { invalid: "request" });
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/contact-flow-modules/{InstanceId}/{ContactFlowModuleId}/metadata",
      operation: "UpdateContactFlowModuleMetadata",
      handler: (req) => {
        const s = shape(req);
        const name = s.string("Name", { min: 1, max: 127 });
        const description = s.string("Description", { max: 500 });
        const state = s.string("State", { enum: STATES }) as (typeof STATES)[number] | undefined;
        s.check();
        instanceOf(api, req);
        admit(() => updateFlowMetadata(rt, "module", req.labels.ContactFlowModuleId, { name, description, state }));
        return { body: {} };
      },
    },
    {
      method: "DELETE",
      pattern: "/contact-flow-modules/{InstanceId}/{ContactFlowModuleId}",
      operation: "DeleteContactFlowModule",
      handler: (req) => {
        instanceOf(api, req);
        admit(() => deleteFlow(rt, "module", req.labels.ContactFlowModuleId));
        return { body: {} };
      },
    },
  ];
}
