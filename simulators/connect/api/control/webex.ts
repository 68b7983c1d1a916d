/**
 * Webex Contact Center calls and the Salesforce org behind them. Flows are Flow Designer
 * exports published on entry points; their HTTP connectors reach the Salesforce mock this
 * server serves under /salesforce. Calls run on the simulator's clock. Times are ISO text.
 *
 * | Method | Path | Body | Answer |
 * |---|---|---|---|
 * | POST | /_flowsim/webex/flows | `{flow: <export>, entryPoint?: "Salesforce lookup", file?}` | `{flowId, name, entryPoint, connectors, desktop, warnings}`; 400 with `problems` when it does not load |
 * | GET | /_flowsim/webex/flows | | `{flows: [{flowId, name, entryPoint, connectors}]}` |
 * | POST | /_flowsim/webex/calls | `{entryPoint or flow (id), ani: "+1..." or "anonymous", dnis?, variables?}` | the call (below), once it waits |
 * | GET | /_flowsim/webex/calls | | `{calls: [call]}` |
 * | GET | /_flowsim/webex/calls/{CallId} | | `{callId, entryPoint, flow, ani, dnis, status, endReason, finished, queue, agent, activities, variables, desktop, errors}` |
 * | POST | /_flowsim/webex/calls/{CallId}/keys | `{digits: "1"}` | `{consumed}` (false: no menu listened, the keys are lost) |
 * | POST | /_flowsim/webex/calls/{CallId}/answer | `{agentId, name?, email?, teamName?}` | the call (AgentAnswered has run) |
 * | POST | /_flowsim/webex/calls/{CallId}/desktop | `{variables: {notes: "..."}}` (the agent edits Call Associated Data) | the call |
 * | POST | /_flowsim/webex/calls/{CallId}/hangup | `{by?: "caller" (default) or "agent"}` | the call (PhoneContactEnded has run) |
 * | GET | /_flowsim/webex/calls/{CallId}/prompts | | `{prompts: [{flow, activity, kind: tts/audio/music, value, at, playedMs?, interrupted?}]}` |
 * | GET | /_flowsim/webex/calls/{CallId}/screen-pops | | `{screenPops: [{url, baseUrl, queryParameters, label, target, agentId, at}]}` |
 * | GET | /_flowsim/webex/calls/{CallId}/trace | | `{steps: [...]}` (activities, events, HTTP, notes) |
 * | GET | /_flowsim/webex/calls/{CallId}/http | | `{exchanges: [...]}` (secrets masked) |
 * | POST | /_flowsim/webex/clock/advance | `{ms}` or `{seconds}` or `{minutes}` | `{now, fired}` (timer by timer, waiting for HTTP in between) |
 * | GET | /_flowsim/webex/salesforce | | `{url, tokenUrl, outage, activeSessions, refs}` |
 * | POST | /_flowsim/webex/salesforce/records | `{records: {Account: [{"@ref": "acme", Name: "Acme"}], Contact: [{AccountId: {"$ref": "acme"}, ...}]}}` | `{refs}` (ids of the new `@ref` records) |
 * | GET | /_flowsim/webex/salesforce/records/{Object} | | `{records: [...]}` |
 * | POST | /_flowsim/webex/salesforce/outage | `{mode: "none" / "down" / "unavailable" / "hang", includeLogin?: true}` | `{outage}` |
 * | POST | /_flowsim/webex/salesforce/sessions/expire | | `{expired}` (sessions ended) |
 * | POST | /_flowsim/webex/salesforce/password | `{password}` (the integration user's new password; connectors keep the old one) | `{}` |
 */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { ApiError } from "../http/errors.js";
import { controlError } from "./errors.js";
import { advanceMs, movingTheClock } from "./durations.js";
import { isoTime } from "../../../kernel/clock.js";
import { WebexPublishError, type WebexCallRecord, type WebexCenter } from "../../../webex/center.js";
import type { SeedData } from "../../../salesforce/org.js";
import type { SalesforceTenant } from "../../../salesforce/tenant.js";

const E164 = /^\+[1-9]\d{6,14}$/;
const OUTAGES = ["none", "down", "unavailable", "hang"] as const;

function center(api: ApiContext): WebexCenter {
  if (!api.webex) throw controlError.conflict("this simulator was started without Webex support");
  return api.webex;
}

function org(api: ApiContext): SalesforceTenant {
  if (!api.salesforce) throw controlError.conflict("this simulator was started without a Salesforce org");
  return api.salesforce;
}

function callOf(api: ApiContext, id: string): WebexCallRecord {
  const record = center(api).findCall(id);
  if (!record) throw controlError.notFound(`no Webex call ${id}`);
  return record;
}

function withIso<T extends { at: number }>(x: T): Omit<T, "at"> & { at: string } {
  return { ...x, at: isoTime(x.at) };
}

export function webexCallSummary(record: WebexCallRecord) {
  const { call } = record;
  const variables = call.variables;
  return {
    callId: record.callId,
    entryPoint: record.entryPoint,
    flow: { flowId: record.flow.flowId, name: record.flow.name },
    ani: call.ani,
    dnis: call.dnis,
    status: call.status,
    endReason: call.endReason,
    finished: record.finished,
    queue: call.queue ? withIso(call.queue) : undefined,
    agent: call.agent,
    activities: call.activities(),
    variables,
    desktop: record.flow.desktop.map((f) => ({ ...f, value: variables[f.variable] ?? null })),
    errors: call.errors.map(withIso),
  };
}

export function webexRoutes(api: ApiContext): Route[] {
  return [
    {
      method: "POST",
      pattern: "/_flowsim/webex/flows",
      operation: "PublishWebexFlow",
      handler: (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const flow = v.object("flow", { required: true });
        const entryPoint = v.string("entryPoint", { min: 1, max: 200 });
        const file = v.string("file", { min: 1 });
        v.check();
        try {
          const p = center(api).publish(flow, { entryPoint, file });
          return { body: { flowId: p.flowId, name: p.name, entryPoint: p.entryPoint, connectors: p.connectors, desktop: p.desktop, warnings: p.problems.filter((x) => x.severity === "warning") } };
        } catch (e) {
          if (e instanceof WebexPublishError) throw new ApiError(400, "InvalidFlowException", e.message, { problems: e.problems });
          throw e;
        }
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/flows",
      operation: "ListWebexFlows",
      handler: () => ({ body: { flows: center(api).listFlows().map((f) => ({ flowId: f.flowId, name: f.name, entryPoint: f.entryPoint, connectors: f.connectors })) } }),
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/calls",
      operation: "StartWebexCall",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const entryPoint = v.string("entryPoint", { min: 1 });
        const flowRef = v.string("flow", { min: 1 });
        const ani = v.string("ani", { required: true });
        const dnis = v.string("dnis", { pattern: E164 });
        const variables = v.object("variables");
        if (ani !== undefined && ani !== "anonymous" && !E164.test(ani)) v.violation(`Value '${ani}' at 'ani' failed to satisfy constraint: Member must be an E.164 number or "anonymous"`);
        v.check();
        if ((entryPoint === undefined) === (flowRef === undefined)) throw controlError.badRequest("give either entryPoint or flow");
        const c = center(api);
        const flow = c.findFlow((entryPoint ?? flowRef)!);
        if (!flow) throw controlError.notFound(entryPoint !== undefined ? `no Webex flow answers the entry point "${entryPoint}": publish one with POST /_flowsim/webex/flows` : `no published Webex flow ${flowRef}`);
        let record: WebexCallRecord;
        try {
          record = await c.startCall({ flow, entryPoint, ani: ani!, dnis, variables });
        } catch (e) {
          // Start values the flow does not declare, or that do not convert to the variable's type.
          if (e instanceof Error && e.message.startsWith("start value")) throw controlError.badRequest(e.message);
          throw e;
        }
        return { body: webexCallSummary(record) };
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/calls",
      operation: "ListWebexCalls",
      handler: () => ({ body: { calls: center(api).listCalls().map(webexCallSummary) } }),
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/calls/{CallId}",
      operation: "DescribeWebexCall",
      handler: (req) => ({ body: webexCallSummary(callOf(api, req.labels.CallId)) }),
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/calls/{CallId}/keys",
      operation: "PressWebexKeys",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const digits = v.string("digits", { required: true, min: 1, pattern: /^[0-9*#]+$/ });
        v.check();
        const record = callOf(api, req.labels.CallId);
        const consumed = record.call.pressKeys(digits!);
        await record.call.whenIdle();
        return { body: { consumed } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/calls/{CallId}/answer",
      operation: "AnswerWebexCall",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const agentId = v.string("agentId", { required: true, min: 1 });
        const name = v.string("name");
        const email = v.string("email");
        const teamName = v.string("teamName");
        v.check();
        const record = callOf(api, req.labels.CallId);
        if (record.call.status !== "queued") throw controlError.conflict(`the call is ${record.call.status}: only a call waiting in a queue can be answered`);
        await record.call.agentAnswers(agentId!, { name, email, teamName });
        return { body: webexCallSummary(record) };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/calls/{CallId}/desktop",
      operation: "EditWebexCallData",
      handler: (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const values = v.object("variables", { required: true });
        v.check();
        const record = callOf(api, req.labels.CallId);
        if (record.call.status === "ended" || record.call.status === "handed-off") throw controlError.conflict(`the call is ${record.call.status}`);
        for (const [name, value] of Object.entries(values!)) {
          const field = record.flow.desktop.find((f) => f.variable === name);
          if (!field?.editable) throw controlError.badRequest(`"${name}" is not Call Associated Data the agent can edit (editable: ${record.flow.desktop.filter((f) => f.editable).map((f) => f.variable).join(", ") || "none"})`);
          const r = record.call.state.set(name, value);
          if (!r.ok) throw controlError.badRequest(`cannot set ${r.reason}`);
          record.call.addTrace({ kind: "note", at: record.call.clock.now(), detail: `the agent set ${name} on the desktop` });
        }
        return { body: webexCallSummary(record) };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/calls/{CallId}/hangup",
      operation: "HangUpWebexCall",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const by = v.string("by", { enum: ["caller", "agent"] });
        v.check();
        const record = callOf(api, req.labels.CallId);
        if (by === "agent") {
          if (record.call.status !== "connected") throw controlError.conflict(`no agent is on the call (it is ${record.call.status})`);
          await record.call.agentHangsUp();
        } else await record.call.hangUp();
        return { body: webexCallSummary(record) };
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/calls/{CallId}/prompts",
      operation: "ListWebexPrompts",
      handler: (req) => ({ body: { prompts: callOf(api, req.labels.CallId).call.prompts.map(withIso) } }),
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/calls/{CallId}/screen-pops",
      operation: "ListWebexScreenPops",
      handler: (req) => ({ body: { screenPops: callOf(api, req.labels.CallId).call.screenPops.map(withIso) } }),
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/calls/{CallId}/trace",
      operation: "GetWebexTrace",
      handler: (req) => ({ body: { steps: callOf(api, req.labels.CallId).call.trace.map(withIso) } }),
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/calls/{CallId}/http",
      operation: "ListWebexHttpExchanges",
      handler: (req) => ({ body: { exchanges: callOf(api, req.labels.CallId).call.httpExchanges.map(withIso) } }),
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/clock/advance",
      operation: "AdvanceWebexClock",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const ms = advanceMs(v);
        v.check();
        if (ms === undefined) throw controlError.badRequest("give exactly one of ms, seconds or minutes");
        const c = center(api);
        if (c.clock.kind !== "virtual") throw controlError.conflict("the simulator runs on the real clock: time cannot be moved (start it with --clock virtual)");
        const result = await movingTheClock(() => c.advance(ms));
        return { body: { now: isoTime(result.now), fired: result.fired } };
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/salesforce",
      operation: "DescribeSalesforce",
      handler: () => {
        const sf = org(api);
        const connection = sf.connection();
        return { body: { url: connection.baseUrl, tokenUrl: connection.tokenUrl, outage: sf.outage, activeSessions: sf.mock.tokens.active, refs: sf.refs } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/salesforce/records",
      operation: "SeedSalesforce",
      handler: (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const records = v.object("records", { required: true });
        for (const [object, list] of Object.entries(records ?? {})) {
          if (!Array.isArray(list) || list.some((r) => typeof r !== "object" || r === null || Array.isArray(r))) v.violation(`Value at 'records.${object}' failed to satisfy constraint: Member must be a list of records`);
        }
        v.check();
        const sf = org(api);
        for (const object of Object.keys(records!)) if (!sf.mock.org.describe(object)) throw controlError.badRequest(`the Salesforce org has no object "${object}" (${sf.mock.org.describeAll().map((o) => o.name).join(", ")})`);
        try {
          return { body: { refs: sf.seed(records as SeedData) } };
        } catch (e) {
          // Seed rows the org refuses (unknown field, missing required field, unknown $ref) are the caller's mistake.
          throw controlError.badRequest((e as Error).message);
        }
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/webex/salesforce/records/{Object}",
      operation: "ListSalesforceRecords",
      handler: (req) => {
        const records = org(api).mock.org;
        const def = records.describe(req.labels.Object);
        if (!def) throw controlError.notFound(`the Salesforce org has no object "${req.labels.Object}"`);
        return { body: { records: records.records(def.name) } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/salesforce/outage",
      operation: "SetSalesforceOutage",
      handler: (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const mode = v.string("mode", { required: true, enum: OUTAGES });
        const includeLogin = v.boolean("includeLogin");
        v.check();
        const sf = org(api);
        sf.setOutage(mode as (typeof OUTAGES)[number], includeLogin ?? true);
        return { body: { outage: sf.outage } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/salesforce/sessions/expire",
      operation: "ExpireSalesforceSessions",
      handler: () => ({ body: { expired: org(api).expireSessions() } }),
    },
    {
      method: "POST",
      pattern: "/_flowsim/webex/salesforce/password",
      operation: "ChangeSalesforcePassword",
      handler: (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const password = v.string("password", { required: true, min: 1 });
        v.check();
        org(api).changePassword(password!);
        return { body: {} };
      },
    },
  ];
}
