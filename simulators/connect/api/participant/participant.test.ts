import { after, before, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import {
  CancelParticipantAuthenticationCommand,
  CreateParticipantConnectionCommand,
  DescribeViewCommand,
  DisconnectParticipantCommand,
  GetAuthenticationUrlCommand,
  GetTranscriptCommand,
  SendEventCommand,
  SendMessageCommand,
  type Item,
} from "@aws-sdk/client-connectparticipant";
import { chatFixture, expectError, GREETING, SocketProbe, type ChatFixture } from "../testing.js";
import { EVENT } from "../../runtime/chat.js";
import { reportedTokenExpiry } from "./connection.js";

let fx: ChatFixture;
before(async () => {
  fx = await chatFixture();
});
after(async () => {
  await fx.close();
});

/**
 * A started chat with the customer connected and listening on a subscribed socket (so the
 * flow has greeted), and an agent joined through the runtime and connected too. The
 * customer's socket closes when the test ends.
 */
async function conversation(t: TestContext, input: Parameters<ChatFixture["startChat"]>[0] = {}) {
  const chat = await fx.startChat(input);
  const customer = await fx.connectParticipant(chat.ParticipantToken);
  const customerSocket = await fx.listen(customer.url);
  t.after(() => customerSocket.close());
  const agentParticipant = fx.sim.runtime.chats.join(chat.ContactId, { role: "AGENT", displayName: "Agent Smith" });
  const agent = await fx.connectParticipant(agentParticipant.participantToken, true);
  return { chat, customer, customerSocket, agent, agentId: agentParticipant.id };
}

const send = (token: string, content: string, contentType = "text/plain") => fx.participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: contentType, Content: content }));
const transcript = (token: string, input: Omit<ConstructorParameters<typeof GetTranscriptCommand>[0], "ConnectionToken"> = {}) => fx.participant.send(new GetTranscriptCommand({ ConnectionToken: token, ...input }));

test("CreateParticipantConnection: a 127.0.0.1 websocket URL valid ~100 s and a connection token valid ≥ 24 h of wall time, fresh on every call", async () => {
  const chat = await fx.startChat();
  const before = Date.now();
  const a = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"] }));
  const b = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant: true }));
  assert.ok(a.Websocket!.Url!.startsWith(`ws://127.0.0.1:${fx.sim.port}/`), a.Websocket!.Url);
  assert.notEqual(a.Websocket!.Url, b.Websocket!.Url);
  assert.notEqual(a.ConnectionCredentials!.ConnectionToken, b.ConnectionCredentials!.ConnectionToken);
  const clockNow = fx.sim.runtime.clock.now();
  assert.equal(Date.parse(a.Websocket!.ConnectionExpiry!), clockNow + 100_000);
  assert.match(a.ConnectionCredentials!.Expiry!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(Date.parse(a.ConnectionCredentials!.Expiry!) >= before + 24 * 3600_000);
  assert.ok(Date.parse(a.ConnectionCredentials!.Expiry!) <= Date.now() + 20 * 24 * 3600_000);
  assert.equal(fx.sim.runtime.chats.get(chat.ContactId)!.participants.get(chat.ParticipantId)!.acknowledged, true);
  const credsOnly = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ["CONNECTION_CREDENTIALS"] }));
  assert.equal(credsOnly.Websocket, undefined);
  assert.ok(credsOnly.ConnectionCredentials?.ConnectionToken);
  const ackOnly = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, ConnectParticipant: true }));
  assert.equal(ackOnly.Websocket, undefined);
  assert.equal(ackOnly.ConnectionCredentials, undefined);
});

test("the reported connection-token Expiry stays where ChatJS's setTimeout can use it", () => {
  const day = 24 * 3600_000;
  const now = Date.now();
  const at = (ms: number) => Date.parse(reportedTokenExpiry(ms));
  assert.equal(at(now + 3 * day), now + 3 * day, "the simulator's expiry when it is usable");
  assert.ok(at(now - 400 * day) >= now + day, "a clock in the past is pulled forward");
  assert.ok(at(now + 400 * day) <= Date.now() + 20 * day, "a clock far ahead is pulled back below setTimeout's 24.8-day limit");
});

test("CreateParticipantConnection: bad requests and bad tokens", async () => {
  const chat = await fx.startChat();
  const create = (input: object) => fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, ...input } as never));
  await expectError(create({ Type: ["WEBRTC_CONNECTION"] }), "ValidationException", 400, /WebRTC/);
  await expectError(create({ Type: [] }), "ValidationException", 400, /greater than or equal to 1/);
  await expectError(create({ Type: ["CARRIER_PIGEON"] }), "ValidationException", 400, /enum/);
  await expectError(create({}), "ValidationException", 400, /Nothing to do/);
  await expectError(fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: "not-a-token", Type: ["WEBSOCKET"] })), "AccessDeniedException", 403, /^Access denied$/);
  // A connection token is not a participant token.
  const conn = await fx.connectParticipant(chat.ParticipantToken);
  await expectError(fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: conn.connectionToken, Type: ["WEBSOCKET"] })), "AccessDeniedException", 403);
  await expectError(send(chat.ParticipantToken, "participant token as connection token"), "AccessDeniedException", 403);
  // No bearer at all.
  const res = await fetch(`${fx.sim.endpoint}/participant/message`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ContentType: "text/plain", Content: "x" }) });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get("x-amzn-errortype"), "AccessDeniedException");
  assert.equal(((await res.json()) as { message: string }).message, "Access denied");
});

test("messages flow both ways over the websockets, echoed to the sender; the transcript keeps them", async (t) => {
  const { chat, customer, customerSocket, agent, agentId } = await conversation(t);
  const agentSocket = await SocketProbe.subscribed(agent.url);
  try {
    const fromCustomer = await send(customer.connectionToken, "I need help");
    assert.match(fromCustomer.AbsoluteTime!, /Z$/);
    const seenByAgent = await agentSocket.waitForItem((i) => i.Id === fromCustomer.Id);
    const echoed = await customerSocket.waitForItem((i) => i.Id === fromCustomer.Id);
    assert.deepEqual(echoed, seenByAgent);
    assert.equal(seenByAgent.ParticipantRole, "CUSTOMER");
    assert.equal(seenByAgent.ParticipantId, chat.ParticipantId);
    assert.equal(seenByAgent.DisplayName, "Customer");
    assert.equal(seenByAgent.ContactId, chat.ContactId);
    assert.equal(seenByAgent.InitialContactId, chat.ContactId);
    const fromAgent = await send(agent.connectionToken, "How can I help?");
    const seenByCustomer = await customerSocket.waitForItem((i) => i.Id === fromAgent.Id);
    assert.equal(seenByCustomer.ParticipantRole, "AGENT");
    assert.equal(seenByCustomer.ParticipantId, agentId);
    assert.equal(seenByCustomer.Content, "How can I help?");
    const frame = customerSocket.frames.find((f) => f.topic === "aws/chat" && typeof f.content === "string" && f.content.includes(fromAgent.Id!))!;
    assert.equal(frame.contentType, "application/json");
    const all = await transcript(customer.connectionToken, { SortOrder: "ASCENDING", MaxResults: 100 });
    assert.deepEqual(
      all.Transcript!.filter((i) => i.Type === "MESSAGE").map((i) => i.Content),
      [GREETING, "I need help", "How can I help?"],
    );
    assert.equal(all.InitialContactId, chat.ContactId);
  } finally {
    agentSocket.close();
  }
});

test("SendMessage: content types and lengths the service refuses; ClientToken replays", async (t) => {
  const { customer } = await conversation(t, { SupportedMessagingContentTypes: ["text/plain", "text/markdown"] });
  await expectError(send(customer.connectionToken, "<b>x</b>", "text/html"), "ValidationException", 400, /cannot be sent with SendMessage/);
  await expectError(send(customer.connectionToken, "{}", "application/json"), "ValidationException", 400, /not supported by this chat/);
  await expectError(send(customer.connectionToken, "x".repeat(1025)), "ValidationException", 400, /at most 1024/);
  await expectError(send(customer.connectionToken, "x".repeat(16385)), "ValidationException", 400, /less than or equal to 16384/);
  await expectError(send(customer.connectionToken, ""), "ValidationException", 400, /greater than or equal to 1/);
  const markdown = await send(customer.connectionToken, "x".repeat(1024), "text/markdown");
  assert.ok(markdown.Id);
  const first = await fx.participant.send(new SendMessageCommand({ ConnectionToken: customer.connectionToken, ContentType: "text/plain", Content: "once", ClientToken: "ct-1" }));
  const again = await fx.participant.send(new SendMessageCommand({ ConnectionToken: customer.connectionToken, ContentType: "text/plain", Content: "once", ClientToken: "ct-1" }));
  assert.equal(again.Id, first.Id);
  await expectError(fx.participant.send(new SendMessageCommand({ ConnectionToken: customer.connectionToken, ContentType: "text/plain", Content: "twice", ClientToken: "ct-1" })), "ValidationException", 400, /ClientToken/);
  const all = await transcript(customer.connectionToken, { MaxResults: 100 });
  assert.equal(all.Transcript!.filter((i) => i.Content === "once").length, 1);
  // JSON-shaped nonsense
  const res = await fetch(`${fx.sim.endpoint}/participant/message`, { method: "POST", headers: { "content-type": "application/json", "x-amz-bearer": customer.connectionToken }, body: "[1,2" });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("x-amzn-errortype"), "ValidationException");
  await expectError(fx.participant.send(new SendMessageCommand({ ConnectionToken: customer.connectionToken, ContentType: 7 as never, Content: "x" })), "ValidationException", 400, /contentType/);
});

test("SendEvent: typing reaches the sockets only; receipts reach the message's sender as MESSAGEMETADATA", async (t) => {
  const { chat, customer, customerSocket, agent, agentId } = await conversation(t);
  const agentSocket = await SocketProbe.subscribed(agent.url);
  try {
    const typing = await fx.participant.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: EVENT.typing }));
    const typed = await customerSocket.waitForItem((i) => i.ContentType === EVENT.typing);
    assert.equal(typed.Id, typing.Id);
    assert.equal(typed.ParticipantRole, "AGENT");
    const message = await send(customer.connectionToken, "read me");
    await fx.participant.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: EVENT.read, Content: JSON.stringify({ messageId: message.Id }) }));
    const receipt = await customerSocket.waitForItem((i) => i.Type === "MESSAGEMETADATA");
    assert.equal(receipt.MessageMetadata!.MessageId, message.Id);
    assert.equal(receipt.MessageMetadata!.Receipts![0].RecipientParticipantId, agentId);
    assert.ok(receipt.MessageMetadata!.Receipts![0].ReadTimestamp);
    assert.equal(receipt.ContactId, chat.ContactId);
    // The reader's own socket gets nothing for it: a round trip on that socket proves the receipt is not just late.
    const marker = await send(agent.connectionToken, "marker");
    await agentSocket.waitForItem((i) => i.Id === marker.Id);
    assert.ok(!agentSocket.items().some((i) => i.Type === "MESSAGEMETADATA"));
    const all = await transcript(customer.connectionToken, { MaxResults: 100 });
    assert.ok(!all.Transcript!.some((i) => i.ContentType === EVENT.typing));
    const stored = all.Transcript!.find((i) => i.Id === message.Id)!;
    assert.equal(stored.MessageMetadata?.Receipts?.[0].RecipientParticipantId, agentId);
    await expectError(fx.participant.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: EVENT.read, Content: "{}" })), "ValidationException", 400, /messageId/);
    await expectError(fx.participant.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: EVENT.read, Content: JSON.stringify({ messageId: "nope" }) })), "ValidationException", 400, /No message nope/);
    await expectError(fx.participant.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: EVENT.ended })), "ValidationException", 400, /cannot be sent with SendEvent/);
    await expectError(fx.participant.send(new SendEventCommand({ ConnectionToken: agent.connectionToken, ContentType: "text/plain" })), "ValidationException", 400);
  } finally {
    agentSocket.close();
  }
});

test("GetTranscript pages with NextToken in both directions and honours the start positions", async (t) => {
  const { customer } = await conversation(t);
  for (let i = 1; i <= 12; i++) await send(customer.connectionToken, `m${i}`);
  const token = customer.connectionToken;
  const contents = (items: Item[] | undefined) => (items ?? []).map((i) => i.Content ?? i.ContentType!.split(".").pop());
  const everything = (await transcript(token, { MaxResults: 100, SortOrder: "ASCENDING" })).Transcript!;
  // joined(customer), greeting, joined(agent), m1..m12
  assert.equal(everything.length, 15);

  // ChatJS's default call: the 15 most recent, oldest first.
  const chatjs = await transcript(token, { MaxResults: 15, ScanDirection: "BACKWARD", SortOrder: "ASCENDING", StartPosition: {} });
  assert.deepEqual(contents(chatjs.Transcript), contents(everything));
  assert.equal(chatjs.NextToken, undefined);

  // Defaults: 10 most recent, newest first, then a NextToken for the rest.
  const first = await transcript(token);
  assert.deepEqual(contents(first.Transcript), ["m12", "m11", "m10", "m9", "m8", "m7", "m6", "m5", "m4", "m3"]);
  assert.ok(first.NextToken);
  const second = await transcript(token, { NextToken: first.NextToken });
  assert.deepEqual(contents(second.Transcript), ["m2", "m1", "joined", GREETING, "joined"]);
  assert.equal(second.NextToken, undefined);

  // FORWARD from an Id (inclusive), in pages of 4.
  const m5 = everything.find((i) => i.Content === "m5")!;
  const f1 = await transcript(token, { StartPosition: { Id: m5.Id }, MaxResults: 4, SortOrder: "ASCENDING" });
  assert.deepEqual(contents(f1.Transcript), ["m5", "m6", "m7", "m8"]);
  const f2 = await transcript(token, { NextToken: f1.NextToken, MaxResults: 4, SortOrder: "ASCENDING" });
  assert.deepEqual(contents(f2.Transcript), ["m9", "m10", "m11", "m12"]);
  assert.equal(f2.NextToken, undefined);

  const recent = await transcript(token, { StartPosition: { MostRecent: 2 }, ScanDirection: "BACKWARD", MaxResults: 2, SortOrder: "ASCENDING" });
  assert.deepEqual(contents(recent.Transcript), ["m9", "m10"]);
  const since = await transcript(token, { StartPosition: { AbsoluteTime: everything[0].AbsoluteTime }, MaxResults: 1, SortOrder: "ASCENDING" });
  assert.deepEqual(contents(since.Transcript), ["joined"]);
  const none = await transcript(token, { MaxResults: 0 });
  assert.deepEqual(none.Transcript, []);
  assert.ok(none.NextToken);

  await expectError(transcript(token, { StartPosition: { Id: m5.Id, MostRecent: 1 } }), "ValidationException", 400, /only one/);
  await expectError(transcript(token, { StartPosition: { Id: "nope" } }), "ValidationException", 400, /not an item/);
  await expectError(transcript(token, { StartPosition: { AbsoluteTime: "yesterday" } }), "ValidationException", 400, /ISO-8601/);
  await expectError(transcript(token, { MaxResults: 101 }), "ValidationException", 400, /100/);
  await expectError(transcript(token, { NextToken: "garbage" }), "ValidationException", 400, /NextToken/);
  await expectError(transcript(token, { ScanDirection: "SIDEWAYS" as never }), "ValidationException", 400, /enum/);
});

test("a participant's tokens never open another contact", async (t) => {
  const a = await conversation(t);
  const b = await conversation(t);
  await expectError(transcript(a.customer.connectionToken, { ContactId: b.chat.ContactId }), "AccessDeniedException", 403);
  const own = await transcript(a.customer.connectionToken, { ContactId: a.chat.ContactId });
  assert.equal(own.InitialContactId, a.chat.ContactId);
  // A socket URL of contact A carries only contact A's items.
  const socketA = await SocketProbe.subscribed(a.customer.url);
  try {
    const inB = await send(b.customer.connectionToken, "in B");
    const inA = await send(a.customer.connectionToken, "in A");
    await socketA.waitForItem((i) => i.Id === inA.Id);
    assert.ok(!socketA.items().some((i) => i.Id === inB.Id || i.ContactId !== a.chat.ContactId));
  } finally {
    socketA.close();
  }
});

test("DisconnectParticipant by the customer: participant.left then chat.ended on every socket, the contact ends, then 403 everywhere", async (t) => {
  const { chat, customer, customerSocket, agent } = await conversation(t);
  const agentSocket = await SocketProbe.subscribed(agent.url);
  try {
    await fx.participant.send(new DisconnectParticipantCommand({ ConnectionToken: customer.connectionToken }));
    const ended = await customerSocket.waitForItem((i) => i.ContentType === EVENT.ended);
    await agentSocket.waitForItem((i) => i.ContentType === EVENT.ended);
    const order = customerSocket.items().map((i) => i.ContentType);
    assert.ok(order.indexOf(EVENT.left) >= 0 && order.indexOf(EVENT.left) < order.indexOf(EVENT.ended), order.join(", "));
    assert.equal(ended.ParticipantRole, "SYSTEM");
    assert.equal(fx.sim.runtime.findContact(chat.ContactId)!.ended, true);
    await expectError(send(customer.connectionToken, "still there?"), "AccessDeniedException", 403, /^Access denied$/);
    await expectError(send(agent.connectionToken, "hello?"), "AccessDeniedException", 403);
    await expectError(fx.participant.send(new DisconnectParticipantCommand({ ConnectionToken: customer.connectionToken })), "AccessDeniedException", 403);
    await expectError(fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ["WEBSOCKET"] })), "AccessDeniedException", 403);
    await expectError(transcript(customer.connectionToken), "AccessDeniedException", 403);
    const closed = await customerSocket.closed;
    assert.equal(closed.code, 1000);
  } finally {
    agentSocket.close();
  }
});

test("DisconnectParticipant by the agent: the agent leaves, the customer stays connected", async (t) => {
  const { chat, customer, customerSocket, agent, agentId } = await conversation(t);
  await fx.participant.send(new DisconnectParticipantCommand({ ConnectionToken: agent.connectionToken }));
  const left = await customerSocket.waitForItem((i) => i.ContentType === EVENT.left);
  assert.equal(left.ParticipantId, agentId);
  await expectError(send(agent.connectionToken, "bye"), "AccessDeniedException", 403);
  // This agent joined outside routing, so no after-contact rule (disconnect flow, ending) applies to it.
  assert.equal(fx.sim.runtime.findContact(chat.ContactId)!.ended, false);
  const stillHere = await send(customer.connectionToken, "anyone?");
  await customerSocket.waitForItem((i) => i.Id === stillHere.Id);
});

test("DescribeView serves the AWS-managed views; anything else is ResourceNotFoundException", async (t) => {
  const { customer } = await conversation(t);
  for (const name of ["form", "detail", "list", "confirmation", "cards", "after-contact-work"]) {
    const out = await fx.participant.send(new DescribeViewCommand({ ConnectionToken: customer.connectionToken, ViewToken: `arn:aws:connect:us-west-2:aws:view/${name}:1` }));
    assert.equal(out.View!.Id, name);
    assert.equal(out.View!.Version, 1);
    assert.equal(out.View!.Arn, `arn:aws:connect:us-east-1:aws:view/${name}:1`);
    assert.equal(typeof JSON.parse(out.View!.Content!.InputSchema!), "object");
    assert.equal(typeof JSON.parse(out.View!.Content!.Template!), "object");
    assert.ok(out.View!.Content!.Actions!.length > 0);
  }
  const form = await fx.participant.send(new DescribeViewCommand({ ConnectionToken: customer.connectionToken, ViewToken: "form" }));
  assert.ok(form.View!.Content!.Actions!.includes("Submit"));
  await assert.rejects(fx.participant.send(new DescribeViewCommand({ ConnectionToken: customer.connectionToken, ViewToken: "arn:aws:connect:us-east-1:aws:view/form:9" })), (err: { name: string; ResourceType?: string; ResourceId?: string; $metadata: { httpStatusCode: number } }) => {
    assert.equal(err.name, "ResourceNotFoundException");
    assert.equal(err.$metadata.httpStatusCode, 404);
    assert.equal(err.ResourceType, "VIEW");
    assert.equal(err.ResourceId, "arn:aws:connect:us-east-1:aws:view/form:9");
    return true;
  });
  await expectError(fx.participant.send(new DescribeViewCommand({ ConnectionToken: customer.connectionToken, ViewToken: "weird/token with space" })), "ResourceNotFoundException", 404);
  await expectError(fx.participant.send(new DescribeViewCommand({ ConnectionToken: "bad", ViewToken: "form" })), "AccessDeniedException", 403);
});

test("customer authentication is not simulated: validated, then refused with a clear ValidationException", async (t) => {
  const { customer } = await conversation(t);
  const session = "0123456789abcdef0123456789abcdef0123";
  await expectError(fx.participant.send(new GetAuthenticationUrlCommand({ ConnectionToken: customer.connectionToken, SessionId: session, RedirectUri: "https://example.com/back" })), "ValidationException", 400, /No customer authentication session/);
  await expectError(fx.participant.send(new GetAuthenticationUrlCommand({ ConnectionToken: customer.connectionToken, SessionId: "short", RedirectUri: "https://example.com" })), "ValidationException", 400, /sessionId/);
  await expectError(fx.participant.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: customer.connectionToken, SessionId: session })), "ValidationException", 400, /No customer authentication session/);
  await expectError(fx.participant.send(new CancelParticipantAuthenticationCommand({ ConnectionToken: "bad", SessionId: session })), "AccessDeniedException", 403);
});
