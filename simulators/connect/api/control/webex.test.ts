/**
 * The Webex control plane and the Salesforce mock served by the simulator, over real
 * HTTP on 127.0.0.1: publish a flow on an entry point, seed the org, call, answer, edit
 * desktop data, hang up, read prompts/screen pops/trace/exchanges, break Salesforce.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { startSimulator, type SimulatorHandle } from "../server.js";
import { webexDoc, type TestFlow } from "../../../webex/testing.js";
import { corpusDir } from "../../flow/corpus.js";

const CONNECTOR = "c0ffee00-0000-4000-8000-000000000001";
const QUEUE = "q-care";

/** A small lookup flow: account by ANI → queue → music loop; pop on answer; PATCH the account on hang-up. */
const LOOKUP: TestFlow = {
  variables: [
    { name: "phone", value: null },
    { name: "accountId", value: "null" },
    { name: "accountName", value: "null", isCAD: true },
    { name: "notes", value: "", isCAD: true },
  ],
  main: [
    { name: "NewPhoneContact", type: "NewPhoneContact", to: { out: "SetPhone" } },
    { name: "SetPhone", type: "set-variable", props: { srcVariable: "phone", setTo: "set-to-literal", expr: '{{ NewPhoneContact.ANI | replace({"+1":""}) }}' }, to: { out: "AccountByANI" } },
    {
      name: "AccountByANI",
      type: "http-request-v2",
      props: {
        authenticated: true,
        connectorId: CONNECTOR,
        httpRequestMethod: "GET",
        httpRequestPath: "/services/data/v58.0/query?q=SELECT+Id,Name+FROM+Account+WHERE+Phone=%27{{phone}}%27",
        httpResponseTimeout: "5000",
        retryAttempts: "1",
        contentType: "JSON",
        outputVariableArray: [
          { outputVariable: "accountId", jsonPathExp: "$.records[0].Id" },
          { outputVariable: "accountName", jsonPathExp: "$.records[0].Name" },
        ],
      },
      to: { default: "Queue" },
    },
    { name: "Queue", type: "queue-contact", props: { queueRadioGroup: "staticQueue", destination: QUEUE, "destination:name": "Care", "destination:type": "LONGEST_AVAILABLE_AGENT" }, to: { default: "Music" } },
    { name: "Music", type: "play-message", props: { toggle: false, prompts: [{ type: "audioFile", value: "hold.wav" }] }, to: { default: "Music" } },
  ],
  handlers: { AgentContactAssigned: "Pop", ContactEnded: "Log" },
  events: [
    { name: "Pop", type: "screen-pop", props: { screenPopUrl: "https://crm.example/Account/{{accountId}}", queryParameters: {} }, to: { default: "EndA" } },
    { name: "EndA", type: "end" },
    {
      name: "Log",
      type: "http-request-v2",
      props: { authenticated: true, connectorId: CONNECTOR, httpRequestMethod: "PATCH", httpRequestPath: "/services/data/v58.0/sobjects/Account/{{accountId}}", httpRequestBody: '{"Description": "{{notes}}"}', httpResponseTimeout: "3000", retryAttempts: "0", contentType: "JSON", outputVariableArray: [] },
      to: { default: "EndB" },
    },
    { name: "EndB", type: "end" },
  ],
};

let sim: SimulatorHandle;

async function call<T = Record<string, any>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; type?: string }> {
  const res = await fetch(`${sim.endpoint}${path}`, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T, type: res.headers.get("x-amzn-errortype") ?? undefined };
}
const control = <T = Record<string, any>>(method: string, path: string, body?: unknown) => call<T>(method, `/_flowsim/webex${path}`, body);

before(async () => {
  sim = await startSimulator({ port: 0, seed: "webex-control" });
  const published = await control("POST", "/flows", { flow: webexDoc(LOOKUP), entryPoint: "Lookup" });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  assert.deepEqual(published.body.connectors, [CONNECTOR]);
  const seeded = await control("POST", "/salesforce/records", { records: { Account: [{ "@ref": "acme", Name: "Acme", Phone: "4155551212" }] } });
  assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
});

after(async () => {
  await sim.close();
});

test("the Salesforce mock is served under /salesforce: token endpoint, REST API, its own 404s", async () => {
  const form = new URLSearchParams({ grant_type: "password", client_id: "flowsim-connected-app", client_secret: "flowsim-client-secret", username: "integration@flowsim.example", password: "flowsim-password" });
  const res = await fetch(`${sim.endpoint}/salesforce/services/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form });
  assert.equal(res.status, 200);
  const token = (await res.json()) as { access_token: string; instance_url: string };
  assert.equal(token.instance_url, `${sim.endpoint}/salesforce`);
  const query = await fetch(`${sim.endpoint}/salesforce/services/data/v58.0/query?q=${encodeURIComponent("SELECT Name FROM Account")}`, { headers: { authorization: `Bearer ${token.access_token}` } });
  assert.equal(query.status, 200);
  assert.deepEqual(((await query.json()) as { records: { Name: string }[] }).records.map((r) => r.Name), ["Acme"]);
  const missing = await call("GET", "/salesforce/nothing-here");
  assert.deepEqual([missing.status, missing.body], [404, [{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]]);
  const unauthenticated = await call("GET", "/salesforce/services/data/v58.0/query?q=SELECT+Id+FROM+Account");
  assert.equal(unauthenticated.status, 401);
  const other = await call("GET", "/salesforcex");
  assert.deepEqual([other.status, other.type], [404, "UnknownOperationException"], "only the /salesforce prefix itself is Salesforce's");
});

test("a call: lookup through the connector, queue, music on the shared clock, answer, desktop edit, hang-up and the PATCH", async () => {
  const started = await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  const id = started.body.callId as string;
  assert.equal(started.body.status, "queued");
  assert.deepEqual([started.body.queue.queueId, started.body.queue.queueName], [QUEUE, "Care"]);
  assert.equal(started.body.variables.accountName, "Acme");
  assert.deepEqual(started.body.desktop, [
    { variable: "accountName", label: "accountName", editable: false, value: "Acme" },
    { variable: "notes", label: "notes", editable: false, value: "" },
  ]);

  const before = (await call("GET", "/_flowsim/clock")).body.nowMs as number;
  const moved = await control("POST", "/clock/advance", { seconds: 65 });
  assert.equal(moved.status, 200);
  assert.equal(Date.parse(moved.body.now) - before, 65_000);
  assert.equal((await call("GET", "/_flowsim/clock")).body.nowMs, before + 65_000, "Webex calls and the simulator share one clock");
  const prompts = (await control("GET", `/calls/${id}/prompts`)).body.prompts as { value: string; at: string }[];
  assert.deepEqual(prompts.map((p) => [p.value, Date.parse(p.at) - before]), [["hold.wav", 0], ["hold.wav", 30_000], ["hold.wav", 60_000]]);

  const answered = await control("POST", `/calls/${id}/answer`, { agentId: "ana", name: "Ana" });
  assert.deepEqual([answered.status, answered.body.status, answered.body.agent.name], [200, "connected", "Ana"]);
  const pops = (await control("GET", `/calls/${id}/screen-pops`)).body.screenPops as { url: string; agentId: string }[];
  const accountId = (await control("GET", "/salesforce")).body.refs.acme as string;
  assert.deepEqual(pops.map((p) => [p.url, p.agentId]), [[`https://crm.example/Account/${accountId}`, "ana"]]);

  const ended = await control("POST", `/calls/${id}/hangup`, {});
  assert.deepEqual([ended.body.status, ended.body.endReason, ended.body.finished], ["ended", "caller hung up", true]);
  const account = ((await control("GET", "/salesforce/records/Account")).body.records as { Id: string; Description: string | null }[]).find((a) => a.Id === accountId);
  assert.equal(account?.Description, null, "the PATCH wrote the empty notes (text \"\" is stored as null)");

  const http = (await control("GET", `/calls/${id}/http`)).body.exchanges as { purpose: string; method: string; url: string; status: number; requestHeaders: Record<string, string> }[];
  assert.deepEqual(
    http.map((x) => [x.purpose, x.method, new URL(x.url).pathname, x.status]),
    [
      ["token", "POST", "/salesforce/services/oauth2/token", 200],
      ["request", "GET", "/salesforce/services/data/v58.0/query", 200],
      ["request", "PATCH", `/salesforce/services/data/v58.0/sobjects/Account/${accountId}`, 204],
    ],
  );
  assert.match(http[1].requestHeaders.Authorization, /^Bearer ••••/, "the token is masked in the record");
  const trace = (await control("GET", `/calls/${id}/trace`)).body.steps as { kind: string; name?: string; event?: string }[];
  assert.ok(trace.some((s) => s.kind === "event" && s.event === "ContactEnded"));
  assert.ok(trace.some((s) => s.kind === "activity" && s.name === "Log"));
  const listed = (await control("GET", "/calls")).body.calls as { callId: string }[];
  assert.ok(listed.some((c) => c.callId === id));
});

test("agent-editable desktop data is written by the agent and used by the flow", async () => {
  const flow = structuredClone(webexDoc(LOOKUP)) as { variables: Record<string, unknown>[] };
  flow.variables = flow.variables.map((v) => (v.name === "notes" ? { ...v, isAgentEditable: true, desktopLabel: "Call notes" } : v));
  assert.equal((await control("POST", "/flows", { flow, entryPoint: "Lookup with notes" })).status, 200);
  const id = (await control("POST", "/calls", { entryPoint: "Lookup with notes", ani: "+14155551212" })).body.callId as string;
  const refused = await control("POST", `/calls/${id}/desktop`, { variables: { accountName: "Evil" } });
  assert.deepEqual([refused.status, refused.type], [400, "ValidationException"]);
  assert.match(refused.body.message, /"accountName" is not Call Associated Data the agent can edit \(editable: notes\)/);
  const edited = await control("POST", `/calls/${id}/desktop`, { variables: { notes: "Wants a call back" } });
  assert.deepEqual(edited.body.desktop.find((f: { variable: string }) => f.variable === "notes"), { variable: "notes", label: "Call notes", editable: true, value: "Wants a call back" });
  await control("POST", `/calls/${id}/answer`, { agentId: "ana" });
  await control("POST", `/calls/${id}/hangup`, {});
  const accountId = (await control("GET", "/salesforce")).body.refs.acme as string;
  const account = ((await control("GET", "/salesforce/records/Account")).body.records as { Id: string; Description: string | null }[]).find((a) => a.Id === accountId);
  assert.equal(account?.Description, "Wants a call back");
});

test("Salesforce down: the lookup fails, no OnGlobalError handler, the call is dropped; back up again afterwards", async () => {
  assert.deepEqual((await control("POST", "/salesforce/outage", { mode: "down" })).body, { outage: "down" });
  const c = await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" });
  assert.equal(c.body.status, "ended");
  assert.match(c.body.endReason, /^dropped: unhandled error in AccountByANI: connector .* token request failed/);
  assert.deepEqual(
    c.body.errors.map((e: { flow: string; activity: string }) => [e.flow, e.activity]),
    [
      ["main", "AccountByANI"],
      ["ContactEnded", "Log"],
    ],
    "the drop ends the call, so PhoneContactEnded runs and its PATCH fails too",
  );
  assert.deepEqual((await control("POST", "/salesforce/outage", { mode: "none" })).body, { outage: "none" });
  assert.equal((await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" })).body.status, "queued");
});

test("expired sessions are renewed; a changed password makes the renewal fail inside PhoneContactEnded", async () => {
  const first = (await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" })).body.callId as string;
  assert.ok((await control("POST", "/salesforce/sessions/expire")).body.expired >= 1);
  await control("POST", `/calls/${first}/hangup`, {});
  const renewed = ((await control("GET", `/calls/${first}/http`)).body.exchanges as { purpose: string; status: number }[]).map((x) => `${x.purpose}:${x.status}`);
  assert.deepEqual(renewed.slice(-3), ["request:401", "token:200", "request:204"]);

  const second = (await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" })).body.callId as string;
  await control("POST", "/salesforce/sessions/expire");
  assert.equal((await control("POST", "/salesforce/password", { password: "rotated" })).status, 200);
  const ended = await control("POST", `/calls/${second}/hangup`, {});
  assert.deepEqual(ended.body.errors.map((e: { flow: string; activity: string }) => [e.flow, e.activity]), [["ContactEnded", "Log"]]);
  assert.match(ended.body.errors[0].message, /invalid_grant/);
  const fresh = await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" });
  assert.equal(fresh.body.status, "ended", "new calls cannot sign in either: the connector still has the old password");
  await control("POST", "/salesforce/password", { password: "flowsim-password" });
  assert.equal((await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" })).body.status, "queued", "the old password works again");
});

test("bad requests get 4xx answers in the control plane's words", async () => {
  const cases: [string, string, unknown, number, string, RegExp][] = [
    ["POST", "/flows", {}, 400, "ValidationException", /Value null at 'flow' failed to satisfy constraint: Member must not be null/],
    ["POST", "/flows", { flow: { hello: 1 } }, 400, "InvalidFlowException", /not a Webex Contact Center Flow Designer export/],
    ["POST", "/flows", { flow: webexDoc({ ...LOOKUP, flowType: "SUBFLOW" }) }, 400, "InvalidFlowException", /a subflow cannot answer an entry point/],
    ["POST", "/calls", { entryPoint: "Lookup", ani: "4155551212" }, 400, "ValidationException", /Member must be an E\.164 number or "anonymous"/],
    ["POST", "/calls", { ani: "+14155551212" }, 400, "ValidationException", /give either entryPoint or flow/],
    ["POST", "/calls", { entryPoint: "Nowhere", ani: "+14155551212" }, 404, "ResourceNotFoundException", /no Webex flow answers the entry point "Nowhere"/],
    ["POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212", variables: { nope: "x" } }, 400, "ValidationException", /"nope": the flow declares no such variable/],
    ["GET", "/calls/no-such-call", undefined, 404, "ResourceNotFoundException", /no Webex call no-such-call/],
    ["POST", "/salesforce/records", { records: { Planet: [{ Name: "Mars" }] } }, 400, "ValidationException", /the Salesforce org has no object "Planet"/],
    ["POST", "/salesforce/records", { records: { Account: [{ Nickname: "x" }] } }, 400, "ValidationException", /No such column 'Nickname' on sobject of type Account/],
    ["POST", "/salesforce/records", { records: { Account: "Acme" } }, 400, "ValidationException", /Member must be a list of records/],
    ["GET", "/salesforce/records/Planet", undefined, 404, "ResourceNotFoundException", /no object "Planet"/],
    ["POST", "/salesforce/outage", { mode: "sideways" }, 400, "ValidationException", /Member must satisfy enum value set/],
    ["POST", "/clock/advance", { ms: 1, seconds: 1 }, 400, "ValidationException", /exactly one of ms, seconds or minutes/],
    ["POST", "/salesforce/password", {}, 400, "ValidationException", /'password' failed to satisfy constraint: Member must not be null/],
  ];
  for (const [method, path, body, status, type, message] of cases) {
    const res = await control(method, path, body);
    assert.deepEqual([res.status, res.type], [status, type], `${method} ${path} ${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
    assert.match(res.body.message, message, `${method} ${path}`);
  }
  const ivr = await control("POST", "/calls", { entryPoint: "Lookup", ani: "+14155551212" });
  await control("POST", `/calls/${ivr.body.callId}/hangup`, {});
  const late = await control("POST", `/calls/${ivr.body.callId}/answer`, { agentId: "ana" });
  assert.deepEqual([late.status, late.type], [409, "ConflictException"]);
  const agentLeaves = await control("POST", `/calls/${ivr.body.callId}/hangup`, { by: "agent" });
  assert.deepEqual([agentLeaves.status, agentLeaves.type], [409, "ConflictException"]);
  const bad = await call("POST", "/_flowsim/webex/calls", "{not json");
  assert.deepEqual([bad.status, bad.type], [400, "ValidationException"]);
});

const corpus = corpusDir();
const FIXTURE = "CiscoDevNet__webex-contact-center-crm-integrations__Salesforce__salesforce-ivr-http-connector__Salesforce_HTTP_Connector_Flow.json";

test("Cisco's template, unchanged, through the control plane: its connector reaches the mounted mock", { skip: corpus ? false : "the shared corpus folder is absent" }, async () => {
  const flow = JSON.parse(readFileSync(join(corpus!, "webex", FIXTURE), "utf8"));
  const published = await control("POST", "/flows", { flow, entryPoint: "Cisco template", file: FIXTURE });
  assert.equal(published.status, 200);
  assert.deepEqual(published.body.warnings.map((w: { message: string }) => w.message.slice(0, 22)), ["stray bracket in {{[ph"]);
  await control("POST", "/salesforce/records", { records: { Contact: [{ "@ref": "john", FirstName: "John", LastName: "Smith", Phone: "4155551212", AccountId: { $ref: "acme" } }], Case: [{ CaseNumber: "00001026", Subject: "Broken widget", ContactId: { $ref: "john" } }] } });
  const c = await control("POST", "/calls", { entryPoint: "Cisco template", ani: "+14155551212" });
  assert.deepEqual([c.body.status, c.body.variables.customerName, c.body.variables.caseNumber], ["queued", "John Smith", "00001026"]);
  await control("POST", `/calls/${c.body.callId}/answer`, { agentId: "ana" });
  await control("POST", `/calls/${c.body.callId}/hangup`, {});
  const comments = (await control("GET", "/salesforce/records/CaseComment")).body.records as { CommentBody: string }[];
  assert.equal(comments.length, 1);
  assert.match(comments[0].CommentBody, /^This was an update by the WebexCC Demo via Flow Designer at \d{4}-\d\d-\d\dT/);
});
