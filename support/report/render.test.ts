import { test } from "node:test";
import assert from "node:assert/strict";
import type { TraceStep } from "../../simulators/connect/flow/trace.js";
import { flowDoc } from "../../simulators/connect/runtime/flow-testing.js";
import { attach, attachHttpExchange, evidenceAttachments, type Attachment } from "./attachments.js";
import { renderAttributesCsv, renderCallLog, renderFlowPath, renderHttpExchanges, renderTranscript, type CallEvent } from "./render.js";

test("the transcript reads like the chat: time, role, who, what; events and attachments named", () => {
  const text = renderTranscript([
    { AbsoluteTime: "2026-01-05T09:00:00.000Z", Type: "EVENT", ContentType: "application/vnd.amazonaws.connect.event.participant.joined", ParticipantRole: "CUSTOMER", DisplayName: "Ana" },
    { AbsoluteTime: "2026-01-05T09:00:01.250Z", Type: "MESSAGE", ContentType: "text/plain", Content: "I want a callback\nplease", ParticipantRole: "CUSTOMER", DisplayName: "Ana" },
    { AbsoluteTime: "2026-01-05T09:00:02.000Z", Type: "MESSAGE", ContentType: "application/json", Content: '{"x":1}', ParticipantRole: "SYSTEM", DisplayName: "SYSTEM_MESSAGE" },
    { AbsoluteTime: "2026-01-05T09:00:03.000Z", Type: "ATTACHMENT", ParticipantRole: "AGENT", DisplayName: "Bo", Attachments: [{ AttachmentName: "a.png", ContentType: "image/png", Status: "APPROVED" }] },
  ]);
  assert.equal(
    text,
    [
      "09:00:00.000  CUSTOMER  [event participant.joined] Ana",
      "09:00:01.250  CUSTOMER  Ana: I want a callback",
      "                        please",
      '09:00:02.000  SYSTEM    SYSTEM_MESSAGE: [application/json] {"x":1}',
      "09:00:03.000  AGENT     Bo: [attachment] a.png (image/png, APPROVED)",
      "",
    ].join("\n"),
  );
  assert.equal(renderTranscript([]), "(no chat items)\n");
});

const trace: TraceStep[] = [
  { kind: "flow-start", at: 1000, contactId: "c-1", flowId: "f-1", flowName: "Inbound", flowType: "CONTACT_FLOW", reason: "start" },
  { kind: "action", at: 1000, contactId: "c-1", flowId: "f-1", flowName: "Inbound", actionId: "set", actionType: "UpdateContactAttributes", branch: "Success", nextActionId: "ask", changes: [{ scope: "Attributes", key: "tier", to: "gold" }, { scope: "Attributes", key: "authToken", from: "a", to: "b" }] },
  { kind: "action", at: 121000, contactId: "c-1", flowId: "f-1", flowName: "Inbound", actionId: "ask", actionType: "GetParticipantInput", branch: "Condition: Equals 2", result: "2", waitedMs: 120000, nextActionId: "q" },
  { kind: "note", at: 121500, contactId: "c-1", detail: "key press dropped" },
  { kind: "flow-end", at: 122000, contactId: "c-1", flowId: "f-1", flowName: "Inbound", reason: "transferred", detail: "to flow Queue" },
];

test("the flow path is a numbered list with branches, results, waits and attribute changes", () => {
  assert.equal(
    renderFlowPath(trace),
    [
      '+0:00.000  ▶ flow "Inbound" (CONTACT_FLOW) started: start  [contact c-1]',
      "+0:00.000    1. UpdateContactAttributes [set] → Success",
      '                   Attributes.tier: (unset) → "gold"',
      "                   Attributes.authToken: [redacted] → [redacted]",
      '+2:00.000    2. GetParticipantInput [ask] → Condition: Equals 2  (result "2", waited 2 min)',
      "+2:00.500  • key press dropped",
      '+2:01.000  ■ flow "Inbound" ended: transferred (to flow Queue)',
      "",
    ].join("\n"),
  );
  assert.equal(renderFlowPath([]), "(no flow ran)\n");
});

test("attributes as a CSV table, quoted where needed, secrets hidden", () => {
  assert.equal(renderAttributesCsv({ zeta: "1", alpha: 'say "hi", then go', password: "x", gone: undefined }), 'name,value\nalpha,"say ""hi"", then go"\npassword,[redacted]\nzeta,1\n');
  assert.equal(renderAttributesCsv({}), "name,value\n");
});

test("HTTP exchanges keep method, URL, status and bodies, and drop credentials", () => {
  const text = renderHttpExchanges([
    {
      method: "post",
      url: "https://acme.my.salesforce.com/services/oauth2/token",
      requestHeaders: { "Content-Type": "application/x-www-form-urlencoded" },
      requestBody: "grant_type=password&client_id=abc&client_secret=s3&username=u%40x.com&password=pw",
      status: 200,
      responseHeaders: { "content-type": "application/json" },
      responseBody: '{"access_token":"00Dxx!tok","instance_url":"https://acme.my.salesforce.com"}',
      durationMs: 12,
    },
    {
      method: "GET",
      url: "https://acme.my.salesforce.com/services/data/v59.0/query?q=SELECT+Id+FROM+Account",
      requestHeaders: { Authorization: "Bearer 00Dxx!tok" },
      status: 200,
      responseBody: '{"records":[{"Id":"001"}]}',
    },
    { method: "GET", url: "http://127.0.0.1:1/x", error: "connect ECONNREFUSED 127.0.0.1:1" },
  ]);
  for (const secret of ["s3", "=pw", "00Dxx!tok"]) assert.ok(!text.includes(secret), `${secret} leaked:\n${text}`);
  assert.match(text, /^#1 POST https:\/\/acme\.my\.salesforce\.com\/services\/oauth2\/token → 200 \(12 ms\)$/m);
  assert.match(text, /^> grant_type=password&client_id=abc&client_secret=%5Bredacted%5D&username=u%40x\.com&password=%5Bredacted%5D$/m);
  assert.match(text, /^<   "access_token": "\[redacted\]",$/m);
  assert.match(text, /^> Authorization: \[redacted\]$/m);
  assert.match(text, /^#2 GET https:\/\/acme\.my\.salesforce\.com\/services\/data\/v59\.0\/query\?q=SELECT\+Id\+FROM\+Account → 200$/m);
  assert.match(text, /^#3 GET http:\/\/127\.0\.0\.1:1\/x → failed: connect ECONNREFUSED 127\.0\.0\.1:1$/m);
});

test("evidence becomes named attachments: text and JSON, CSV table, one SVG per traced flow", () => {
  const doc = flowDoc([
    { Identifier: "set", Type: "UpdateContactAttributes", Transitions: { NextAction: "ask" } },
    { Identifier: "ask", Type: "GetParticipantInput", Transitions: { Conditions: [{ NextAction: "q", Condition: { Operator: "Equals", Operands: ["2"] } }] } },
    { Identifier: "q", Type: "TransferContactToQueue" },
  ]);
  const list = evidenceAttachments({
    transcript: [{ Type: "MESSAGE", Content: "hi", ParticipantRole: "CUSTOMER" }],
    events: [{ topic: "aws/chat", content: "{}" }],
    attributes: [
      { contact: "call", attributes: { tier: "gold" } },
      { contact: "task", attributes: { callbackNumber: "+15555550123" } },
    ],
    calls: [{ caller: "from +15555550123", events: [{ at: 1000, kind: "heard", actionId: "greet", text: "Welcome" }] }],
    trace,
    flows: (id) => (id === "f-1" ? { name: "Inbound / main", doc } : undefined),
  });
  assert.deepEqual(
    list.map((a) => [a.fileName, a.mediaType]),
    [
      ["chat transcript.txt", "text/plain"],
      ["chat transcript.json", "application/json"],
      ["websocket events.json", "application/json"],
      ["call - from +15555550123.txt", "text/plain"],
      ["call - from +15555550123.json", "application/json"],
      ["contact attributes - call.csv", "text/csv"],
      ["contact attributes - call.json", "application/json"],
      ["contact attributes - task.csv", "text/csv"],
      ["contact attributes - task.json", "application/json"],
      ["flow path.txt", "text/plain"],
      ["flow path - Inbound main.svg", "image/svg+xml"],
    ],
  );
  const svg = list.find((a) => a.mediaType === "image/svg+xml")!.content;
  assert.match(svg, /Inbound \/ main — path of the contact/);
  assert.equal((svg.match(/class="action visited"/g) ?? []).length, 2);
  assert.deepEqual(JSON.parse(list[2]!.content), [{ topic: "aws/chat", content: "{}" }]);
  assert.deepEqual(evidenceAttachments({}), []);
});

test("a call as the caller lived it: heard and pressed in time order, from the scenario's start", () => {
  const start = Date.parse("2026-01-05T09:00:00.000Z");
  const events: CallEvent[] = [
    { at: start + 9000, kind: "heard", actionId: "thanks", text: "Thank you. An agent will call you back" },
    { at: start + 2000, kind: "heard", actionId: "menu", text: "Press 1 for billing, 2 for a callback" },
    { at: start + 7500, kind: "pressed", text: "2" },
    { at: start + 15000, kind: "hung up", text: "" },
  ];
  assert.equal(
    renderCallLog(events, start),
    [
      "+0:02.000  heard    [menu] Press 1 for billing, 2 for a callback",
      "+0:07.500  pressed  2",
      "+0:09.000  heard    [thanks] Thank you. An agent will call you back",
      "+0:15.000  hung up",
      "",
    ].join("\n"),
  );
  assert.match(renderCallLog(events, start + 60_000), /^\+0:00\.000 {2}heard {4}\[menu\]/, "a start after the first event (another clock) never gives a negative time");
});

test("the flow path merges contacts in time order, from the scenario's start, never before it", () => {
  const call = { kind: "flow-start" as const, at: 5000, contactId: "call", flowId: "f", flowName: "In", flowType: "CONTACT_FLOW" as const, reason: "start" };
  const task = { kind: "flow-start" as const, at: 3000, contactId: "task", flowId: "t", flowName: "Task", flowType: "CONTACT_FLOW" as const, reason: "start" };
  assert.equal(renderFlowPath([call, task], 1000), ['+0:02.000  ▶ flow "Task" (CONTACT_FLOW) started: start  [contact task]', '+0:04.000  ▶ flow "In" (CONTACT_FLOW) started: start  [contact call]', ""].join("\n"));
  assert.doesNotMatch(renderFlowPath([call, task], 9000), /-\d/);
});

test("attach() hands each attachment to the World with its media type and file name, in order", async () => {
  const calls: [string, { mediaType: string; fileName?: string }][] = [];
  const world = { attach: async (data: string, options: { mediaType: string; fileName?: string }) => void calls.push([data, options]) };
  const list: Attachment[] = [
    { fileName: "a.txt", mediaType: "text/plain", content: "A" },
    { fileName: "b.json", mediaType: "application/json", content: "{}" },
  ];
  await attach(world, list);
  assert.deepEqual(calls, [
    ["A", { mediaType: "text/plain", fileName: "a.txt" }],
    ["{}", { mediaType: "application/json", fileName: "b.json" }],
  ]);
  calls.length = 0;
  await attachHttpExchange(world, { method: "get", url: "https://x.example/services/data?q=1", status: 404 });
  assert.deepEqual(
    calls.map(([, o]) => o.fileName),
    ["GET x.example services data.txt", "GET x.example services data.json"],
  );
});

test("on staging the flow path comes from flow logs: the blocks in order, where they were read, and no branches", () => {
  const start = Date.parse("2026-01-05T09:00:00.000Z");
  const [path, broken] = evidenceAttachments({
    scenarioStart: start,
    loggedPaths: [
      { contact: "contact", logGroup: "/aws/connect/support", blocks: [{ flowName: "Support inbound", actionId: "Greet", actionType: "MessageParticipant", at: start + 1500 }] },
      { contact: "call", logGroup: "/aws/connect/support", blocks: [], unreadable: "AccessDeniedException: not allowed" },
    ],
  });
  assert.equal(path.fileName, "flow path - contact.txt");
  assert.match(String(path.content), /1\. MessageParticipant \[Greet\] in "Support inbound"\n\(read from the flow logs in \/aws\/connect\/support; they do not tell the branch a block took\)/);
  assert.match(String(broken.content), /could not be read: AccessDeniedException/);
});
