import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, pathOf, detailOf, type ActionInput, type Harness } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { FlowType } from "../flow-types.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text: string, next = "bye"): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next } });
const act = (id: string, type: string, params: Record<string, unknown>, next: string, errors: string[] = ["NoMatchingError"], conditions: string[] = []): ActionInput => ({
  Identifier: id,
  Type: type,
  Parameters: params,
  Transitions: {
    NextAction: next,
    Errors: errors.map((e) => ({ NextAction: `on-${e}`, ErrorType: e })),
    ...(conditions.length ? { Conditions: conditions.map((c) => ({ NextAction: `if-${c}`, Condition: { Operator: "Equals", Operands: [c] } })) } : {}),
  },
});
const ERROR_SAYS = ["NoMatchingError", "TimeLimitExceeded", "InputTimeLimitExceeded", "NoMatchingCondition", "TemplateRenderingError"].map((e) => say(`on-${e}`, e));

function flowWith(h: Harness, name: string, actions: ActionInput[], type = "contactFlow") {
  h.publish(flowDoc([...actions, ...ERROR_SAYS, bye], { type }), name);
}

/** Load problems of one action; its branch targets exist so only the action itself is judged. */
function loadErrors(action: ActionInput, flowType?: FlowType): string {
  const targets = ["done", "sent", "if-OptedOut", "if-Escalation"].map((id) => say(id, id));
  const flow = loadFlowDocument(flowDoc([action, ...targets, ...ERROR_SAYS, bye]), "t.json", flowType ? { flowType } : {});
  return flow.problems.filter((p) => p.severity === "error").map((p) => `${p.path}: ${p.message}`).join("\n");
}

// ---- StartOutboundChatContact ----------------------------------------------------------------

const SMS = (params: Record<string, unknown> = {}) =>
  act(
    "sms",
    "StartOutboundChatContact",
    {
      SourceEndpoint: { Address: "arn:aws:connect:us-east-1:123456789012:instance/i/phone-number/p-1", Type: "CONNECT_PHONENUMBER_ARN" },
      DestinationEndpoint: { Address: "$.Attributes.mobile", Type: "TELEPHONE_NUMBER" },
      ContactFlowArn: "sms-flow",
      ContactSubtype: "connect:SMS",
      InitialSystemMessage: { Content: "Your code is $.Attributes.code" },
      RelatedContact: "CURRENT",
      ...params,
    },
    "sent",
  );

test("StartOutboundChatContact starts an SMS chat that runs its flow after the initial system message", async () => {
  const h = harness();
  flowWith(h, "sms-flow", [say("hello", "hi from the SMS flow")]);
  flowWith(h, "f", [SMS(), say("sent", "sent")]);
  const { contact, session } = await h.start("f", { channel: "VOICE", attributes: { mobile: "+15555550123", code: "481" } });
  assert.deepEqual(said(session), ["sent"]);
  const chat = h.runtime.allSessions().find((s) => s.contact.relatedContactId === contact.id);
  assert.ok(chat, "the outbound chat exists and is related to the current contact");
  assert.equal(chat.contact.channel, "CHAT");
  assert.equal(chat.contact.initiationMethod, "API");
  assert.deepEqual(chat.contact.customerEndpoint, { Address: "+15555550123", Type: "TELEPHONE_NUMBER" });
  assert.deepEqual(chat.contact.segmentAttributes["connect:Subtype"], { ValueString: "connect:SMS" });
  assert.deepEqual(said(chat), ["Your code is 481", "hi from the SMS flow"]);
});

test("StartOutboundChatContact: a destination that is not E.164, or a flow that is not published, takes the Error branch", async () => {
  const h = harness();
  flowWith(h, "f", [SMS(), say("sent", "sent")]);
  const bad = await h.start("f", { attributes: { mobile: "555-0123" } });
  assert.deepEqual(said(bad.session), ["NoMatchingError"]);
  const missing = await h.start("f", { attributes: { mobile: "+15555550123" } });
  assert.deepEqual(said(missing.session), ["NoMatchingError"]);
  assert.match(loadErrors(SMS({ ContactSubtype: "connect:WhatsApp" })), /ContactSubtype.*not one of connect:SMS/);
  assert.match(loadErrors(SMS({ SourceEndpoint: { Address: "x", Type: "TELEPHONE_NUMBER" } })), /SourceEndpoint\.Type/);
  assert.match(loadErrors(SMS({ ContactFlowArn: undefined })), /Parameters\.ContactFlowArn/);
});

// ---- CreatePersistentContactAssociation ------------------------------------------------------

const PERSIST = (params: Record<string, unknown> = {}) => act("persist", "CreatePersistentContactAssociation", { RehydrationType: "From Segment", SourceContactId: "$.Attributes.previous", ...params }, "done");

test("CreatePersistentContactAssociation continues an ended chat once; other channels, live chats and unknown contacts take the Error branch", async () => {
  const h = harness();
  flowWith(h, "first", [say("hello", "hello")]);
  flowWith(h, "f", [PERSIST(), say("done", "continued")]);
  const past = await h.start("first", { channel: "CHAT" });
  assert.ok(past.contact.ended);

  const next = await h.start("f", { channel: "CHAT", attributes: { previous: past.contact.id } });
  assert.deepEqual(said(next.session), ["continued"]);
  assert.deepEqual(next.contact.behaviours.persistentChat, { rehydrationType: "FROM_SEGMENT", sourceContactId: past.contact.id });

  const again = await h.start("f", { channel: "CHAT", attributes: { previous: past.contact.id } });
  assert.deepEqual(said(again.session), ["NoMatchingError"], "a source seeds only one new chat");
  const unknown = await h.start("f", { channel: "CHAT", attributes: { previous: "nope" } });
  assert.deepEqual(said(unknown.session), ["NoMatchingError"]);
  const voice = await h.start("f", { channel: "VOICE", attributes: { previous: past.contact.id } });
  assert.deepEqual(pathOf(voice.session.trace)[0], "persist → Error: NoMatchingError");

  const live = harness();
  flowWith(live, "wait", [{ Identifier: "w", Type: "Wait", Parameters: { TimeLimitSeconds: "600" }, Transitions: { NextAction: "bye", Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } }]);
  flowWith(live, "f", [PERSIST(), say("done", "continued")]);
  const running = await live.start("wait", { channel: "CHAT" });
  const early = await live.start("f", { channel: "CHAT", attributes: { previous: running.contact.id } });
  assert.deepEqual(said(early.session), ["NoMatchingError"]);

  assert.match(loadErrors(PERSIST({ RehydrationType: "ALL" })), /RehydrationType/);
  const noSource = loadFlowDocument(flowDoc([act("persist", "CreatePersistentContactAssociation", { RehydrationType: "ENTIRE_PAST_SESSION" }, "bye"), ...ERROR_SAYS, bye]), "t.json");
  assert.ok(noSource.ok);
  assert.ok(noSource.problems.some((p) => p.severity === "warning" && p.path.endsWith("SourceContactId")));
});

// ---- AuthenticateParticipant -----------------------------------------------------------------

const AUTH = (params: Record<string, unknown> = {}) =>
  act(
    "auth",
    "AuthenticateParticipant",
    { CognitoConfiguration: { UserPoolArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc", AppClientId: "client-1" }, CustomerProfilesConfiguration: { ObjectTypeName: "Cognito-attributes" }, TimeLimitMinutes: "3", ...params },
    "done",
    ["TimeLimitExceeded", "NoMatchingError"],
  );
const AUTH_FLOW = [AUTH(), say("done", "signed in as $.SegmentAttributes['connect:CustomerAuthentication'].AssociatedCustomerId")];

test("AuthenticateParticipant: by default nobody signs in and the block times out at TimeLimitMinutes", async () => {
  const h = harness();
  flowWith(h, "f", AUTH_FLOW);
  const { session, contact } = await h.start("f", { channel: "CHAT" });
  await h.advance(3 * 60_000 - 1);
  assert.deepEqual(said(session), []);
  await h.advance(1);
  assert.deepEqual(said(session), ["TimeLimitExceeded"]);
  assert.equal(contact.segmentAttributes["connect:CustomerAuthentication"]?.ValueMap?.Status?.ValueString, "TIMEOUT");
});

test("AuthenticateParticipant: sign-in, opting out and failure as the responder plays them", async () => {
  const h = harness();
  flowWith(h, "f", AUTH_FLOW);
  h.runtime.responders.setAuthentication({ outcome: "authenticated", afterMs: 30_000, customerId: "profile-7" });
  const ok = await h.start("f", { channel: "CHAT" });
  await h.advance(30_000);
  assert.deepEqual(said(ok.session), ["signed in as profile-7"]);
  const auth = ok.contact.segmentAttributes["connect:CustomerAuthentication"]?.ValueMap;
  assert.equal(auth?.Status?.ValueString, "AUTHENTICATED");
  assert.equal(auth?.ClientId?.ValueString, "client-1");

  h.runtime.responders.setAuthentication({ outcome: "opted-out" });
  const out = await h.start("f", { channel: "CHAT" });
  assert.deepEqual(said(out.session), ["NoMatchingError"]);
  assert.match(detailOf(out.session.trace, "auth") ?? "", /^the customer opted out of signing in/);

  h.runtime.responders.setAuthentication({ outcome: "failed", afterMs: 1000 });
  const failed = await h.start("f", { channel: "CHAT" });
  await h.advance(1000);
  assert.deepEqual(said(failed.session), ["NoMatchingError"]);

  const voice = await h.start("f", { channel: "VOICE" });
  assert.deepEqual(pathOf(voice.session.trace)[0], "auth → Error: NoMatchingError");
});

test("load: AuthenticateParticipant's time limit (required, 3..15 minutes), required branches, no conditions, inbound flows only", () => {
  assert.equal(loadErrors(AUTH()), "");
  const { TimeLimitMinutes: _limit, ...withoutLimit } = (AUTH().Parameters ?? {}) as Record<string, unknown>;
  assert.match(loadErrors(act("auth", "AuthenticateParticipant", withoutLimit, "done", ["TimeLimitExceeded", "NoMatchingError"])), /missing required property\. Path: Actions\[0\]\.Parameters\.TimeLimitMinutes/);
  assert.match(loadErrors(act("auth", "AuthenticateParticipant", (AUTH().Parameters ?? {}) as Record<string, unknown>, "done", ["TimeLimitExceeded", "NoMatchingError"], ["OptedOut"])), /Action does not support conditions/);
  assert.match(loadErrors(AUTH({ TimeLimitMinutes: "2" })), /2 is below the minimum 3/);
  assert.match(loadErrors(AUTH({ TimeLimitMinutes: "16" })), /16 is above the maximum 15/);
  assert.match(loadErrors(AUTH({ CognitoConfiguration: {} })), /CognitoConfiguration\.UserPoolArn/);
  assert.match(loadErrors({ ...AUTH(), Transitions: { NextAction: "done", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } }), /missing required error\. Error: TimeLimitExceeded/);
  assert.match(loadErrors(AUTH(), "CUSTOMER_QUEUE"), /AuthenticateParticipant is not allowed in a/);
});

// ---- ConnectParticipantWithAgenticCX ---------------------------------------------------------

const AGENT = (config: Record<string, unknown> = {}) =>
  act(
    "agent",
    "ConnectParticipantWithAgenticCX",
    {
      AgentConfiguration: { WorkspaceId: "ws-1", ApplicationId: "app-1", Alias: "prod", ContextVariables: { customerPhone: "$.CustomerEndpoint.Address" }, ...config },
      SpeechRecognitionConfiguration: { SpeechRecognitionEngine: "AMAZON_AGENTIC_VOICE" },
      AudioFillerConfiguration: { Enabled: true, AudioType: "MELODY_CHIPPER_CHIME", StartDelayInMilliseconds: 2500, MinimumPlayDurationInMilliseconds: 3000, ResponseDeliveryDelayInMilliseconds: 500 },
    },
    "done",
    ["NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded"],
    ["Escalation"],
  );
const AGENT_FLOW = [AGENT(), say("done", "bye $.AgenticCX.ContextVariables.customerPhone"), say("if-Escalation", "to a human: $.AgenticCX.ContextVariables.reason")];

test("ConnectParticipantWithAgenticCX: the default conversation ends normally; escalation, idle timeout and failure take their branches", async () => {
  const h = harness();
  flowWith(h, "f", AGENT_FLOW);
  const phone = { Address: "+15555550100", Type: "TELEPHONE_NUMBER" };
  const normal = await h.start("f", { channel: "VOICE", customerEndpoint: phone });
  assert.deepEqual(said(normal.session), ["bye +15555550100"]);

  h.runtime.responders.onAgenticCx("app-1", (req) => ({ outcome: "escalated", durationMs: 90_000, contextVariables: { reason: `billing for ${req.contextVariables.customerPhone}` } }));
  const escalated = await h.start("f", { channel: "CHAT", customerEndpoint: phone });
  await h.advance(89_999);
  assert.deepEqual(said(escalated.session), []);
  await h.advance(1);
  assert.deepEqual(said(escalated.session), ["to a human: billing for +15555550100"]);

  h.runtime.responders.onAgenticCx("*", { outcome: "idle-timeout" });
  assert.deepEqual(said((await h.start("f", { channel: "CHAT" })).session), ["InputTimeLimitExceeded"]);
  h.runtime.responders.onAgenticCx("*", { outcome: "error" });
  assert.deepEqual(said((await h.start("f", { channel: "CHAT" })).session), ["NoMatchingError"]);
  const task = await h.start("f", { channel: "TASK" });
  assert.deepEqual(pathOf(task.session.trace)[0], "agent → Error: NoMatchingError");
});

test("load: the console export of the Agentic CX block loads; more than 10 context variables and missing branches do not", () => {
  assert.equal(loadErrors(AGENT()), "");
  const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`v${i}`, "x"]));
  assert.match(loadErrors(AGENT({ ContextVariables: many })), /at most 10 context variables/);
  assert.match(loadErrors(AGENT({ WorkspaceId: undefined })), /AgentConfiguration\.WorkspaceId/);
  assert.match(loadErrors({ ...AGENT(), Transitions: { NextAction: "done", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } }), /missing required error\. Error: NoMatchingCondition/);
});

// ---- email: LoadContactContent, RenderMessageTemplate, CreateContact, StartOutboundEmailContact --------

test("LoadContactContent puts an email contact's content in $.Email.EmailMessage.Plaintext; other channels take the Error branch", async () => {
  const h = harness();
  // Messages cannot be played to an email contact, so the content is copied to an attribute to be read back.
  flowWith(h, "f", [
    act("load", "LoadContactContent", { ContentType: "EmailMessage" }, "copy"),
    act("copy", "UpdateContactAttributes", { Attributes: { body: "body: $.Email.EmailMessage.Plaintext" }, TargetContact: "Current" }, "bye"),
  ]);
  const email = await h.start("f", { channel: "EMAIL", initialMessage: "Where is my order?" });
  assert.equal(email.contact.attributes.body, "body: Where is my order?");
  assert.deepEqual(email.contact.emailMessage, { Plaintext: "Where is my order?" });
  const chat = await h.start("f", { channel: "CHAT" });
  assert.deepEqual(said(chat.session), ["NoMatchingError"]);
  assert.match(loadErrors(act("load", "LoadContactContent", { ContentType: "Attachment" }, "bye")), /ContentType/);
});

const SEND_EMAIL = [
  act("render", "RenderMessageTemplate", { WisdomKnowledgeBaseArn: "arn:aws:wisdom:us-east-1:123456789012:knowledge-base/kb-1", WisdomMessageTemplateArn: "arn:aws:wisdom:us-east-1:123456789012:message-template/kb-1/tpl-1" }, "create", ["NoMatchingError", "TemplateRenderingError"]),
  act("create", "CreateContact", { Channel: "EMAIL", RelatedContact: "CURRENT" }, "send"),
  act(
    "send",
    "StartOutboundEmailContact",
    { FromEmailAddress: { EmailAddress: "support@example.com", DisplayName: "Support" }, DestinationEmailAddress: { EmailAddress: "$.Attributes.email" }, EmailMessage: { MessageSourceType: "RAW" } },
    "done",
  ),
  say("done", "email sent"),
];

test("Send message (email): the rendered template goes out on a new email contact related to this one, which then ends", async () => {
  const h = harness();
  flowWith(h, "f", SEND_EMAIL);
  h.runtime.responders.onMessageTemplate("tpl-1", (req) => ({ kind: "ok", subject: "Your order", body: `Hello ${req.attributes.name}` }));
  const { session, contact } = await h.start("f", { channel: "VOICE", attributes: { email: "ana@example.com", name: "Ana" } });
  assert.deepEqual(said(session), ["email sent"]);
  const sent = h.runtime.allSessions().find((s) => s.contact.channel === "EMAIL");
  assert.ok(sent);
  assert.equal(sent.contact.relatedContactId, contact.id);
  assert.equal(sent.contact.initiationMethod, "FLOW");
  assert.deepEqual(sent.contact.customerEndpoint, { Address: "ana@example.com", Type: "EMAIL_ADDRESS" });
  assert.deepEqual(sent.contact.systemEndpoint, { Address: "support@example.com", Type: "EMAIL_ADDRESS", DisplayName: "Support" });
  assert.deepEqual(sent.contact.segmentAttributes["connect:EmailSubject"], { ValueString: "Your order" });
  assert.deepEqual(said(sent), ["Hello Ana"]);
  assert.ok(sent.contact.ended);
});

test("Send message (email): an unknown template, a bad address, or sending before rendering and creating take the Error branch", async () => {
  const h = harness();
  flowWith(h, "f", SEND_EMAIL);
  assert.deepEqual(said((await h.start("f", { attributes: { email: "ana@example.com" } })).session), ["NoMatchingError"], "the default responder knows no templates");

  h.runtime.responders.onMessageTemplate("tpl-1", { kind: "error", errorType: "TemplateRenderingError", message: "missing attribute" });
  assert.deepEqual(said((await h.start("f", { attributes: { email: "ana@example.com" } })).session), ["TemplateRenderingError"]);

  h.runtime.responders.onMessageTemplate("tpl-1", { kind: "ok", body: "hi" });
  assert.deepEqual(said((await h.start("f", { attributes: { email: "not an address" } })).session), ["NoMatchingError"]);

  const alone = harness();
  flowWith(alone, "f", [SEND_EMAIL[2], SEND_EMAIL[3]]);
  assert.deepEqual(said((await alone.start("f", { attributes: { email: "ana@example.com" } })).session), ["NoMatchingError"]);

  assert.match(loadErrors(act("send", "StartOutboundEmailContact", { FromEmailAddress: { EmailAddress: "a@b.c" }, EmailMessage: { MessageSourceType: "RAW" } }, "bye")), /Parameters\.DestinationEmailAddress/);
  assert.match(loadErrors(act("create", "CreateContact", { Channel: "VOICE" }, "bye")), /"VOICE" is not one of EMAIL/);
});

// ---- data tables -----------------------------------------------------------------------------

const EVALUATE = (queries: unknown[]) => act("lookup", "EvaluateDataTableValues", { DataTableId: "arn:aws:connect:us-east-1:123456789012:instance/i/data-table/stores", Queries: queries }, "done");
const QUERIES = [
  { QueryName: "store", Attributes: ["City", "OpensAt"], PrimaryValues: [{ AttributeName: "StoreId", Value: "$.Attributes.store" }] },
  { QueryName: "region", Attributes: ["Manager"], PrimaryValues: [{ AttributeName: "Region", Value: "north" }] },
];

test("EvaluateDataTableValues reads each query's row into $.DataTables.<query>.<attribute>; a missing row takes the Error branch and stores nothing", async () => {
  const h = harness();
  flowWith(h, "f", [EVALUATE(QUERIES), say("done", "$.DataTables.store.City opens $.DataTables.store.OpensAt, ask $.DataTables.region.Manager")]);
  h.runtime.responders.setDataTable("stores", [
    { StoreId: "7", City: "Porto", OpensAt: 9, Region: "north", Manager: "Rui" },
    { StoreId: "8", City: "Faro", OpensAt: 10, Region: "south", Manager: "Eva" },
  ]);
  const found = await h.start("f", { attributes: { store: "7" } });
  assert.deepEqual(said(found.session), ["Porto opens 9, ask Rui"]);

  const missing = await h.start("f", { attributes: { store: "99" } });
  assert.deepEqual(said(missing.session), ["NoMatchingError"]);
  assert.deepEqual(missing.contact.dataTables, {});

  const empty = harness();
  flowWith(empty, "f", [EVALUATE(QUERIES), say("done", "found")]);
  assert.deepEqual(said((await empty.start("f", { attributes: { store: "7" } })).session), ["NoMatchingError"], "by default tables have no rows");
});

test("load: Evaluate's queries are checked; List and Upsert are refused naming the Type and the reason", () => {
  assert.equal(loadErrors(EVALUATE(QUERIES)), "");
  assert.match(loadErrors(EVALUATE([])), /at least one query/);
  assert.match(loadErrors(EVALUATE([QUERIES[0], QUERIES[0]])), /used twice/);
  assert.match(loadErrors(EVALUATE([{ QueryName: "q", Attributes: ["A"] }])), /Queries\[0\]\.PrimaryValues/);
  assert.match(loadErrors(EVALUATE([{ ...QUERIES[0], Filter: "x" }])), /Invalid Action property name\. Path: Actions\[0\]\.Parameters\.Queries\[0\]\.Filter/);
  for (const type of ["ListDataTableValues", "UpsertDataTableValues"]) {
    assert.match(loadErrors(act("dt", type, {}, "bye")), new RegExp(`Actions\\[0\\]\\.Type: Unsupported action type: flowsim cannot model ${type}: only a third-party type file mentions it`));
  }
});
