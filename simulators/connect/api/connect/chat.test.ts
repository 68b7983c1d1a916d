import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CreateParticipantCommand, StartChatContactCommand, type StartChatContactCommandInput } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { chatFixture, expectError, GREETING, type ChatFixture } from "../testing.js";
import { EVENT } from "../../runtime/chat.js";
import { flowDoc, loadOk } from "../../runtime/flow-testing.js";

let fx: ChatFixture;
before(async () => {
  fx = await chatFixture();
});
after(async () => {
  await fx.close();
});

function start(input: Partial<StartChatContactCommandInput>) {
  return fx.client.send(new StartChatContactCommand({ InstanceId: fx.sim.instanceId, ContactFlowId: fx.flowId, ParticipantDetails: { DisplayName: "Customer" }, ...input } as StartChatContactCommandInput));
}

test("StartChatContact starts the chat: ids, a participant token that connects, attributes and the initial message", async () => {
  const out = await start({
    Attributes: { tier: "gold", "order-id_1": "42" },
    InitialMessage: { ContentType: "text/markdown", Content: "**hello**" },
    SupportedMessagingContentTypes: ["text/plain", "text/markdown"],
    ChatDurationInMinutes: 60,
    CustomerId: "cust-7",
    ParticipantConfiguration: { ResponseMode: "COMPLETE" },
  });
  assert.match(out.ContactId!, /^[0-9a-f-]{36}$/);
  assert.equal(out.ContinuedFromContactId, undefined);
  const contact = fx.sim.runtime.findContact(out.ContactId!)!;
  assert.equal(contact.channel, "CHAT");
  assert.deepEqual(contact.attributes, { tier: "gold", "order-id_1": "42" });
  assert.equal(contact.customerId, "cust-7");
  const chat = fx.sim.runtime.chats.get(out.ContactId!)!;
  assert.equal(chat.expiresAt - chat.openedAt, 60 * 60_000);
  assert.equal(chat.participants.get(out.ParticipantId!)?.participantToken, out.ParticipantToken);
  const conn = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: out.ParticipantToken!, Type: ["CONNECTION_CREDENTIALS"] }));
  await fx.sim.runtime.whenIdle();
  const transcript = await fx.participant.send(new GetTranscriptCommand({ ConnectionToken: conn.ConnectionCredentials!.ConnectionToken!, SortOrder: "ASCENDING" }));
  const messages = transcript.Transcript!.filter((i) => i.Type === "MESSAGE").map((i) => [i.ParticipantRole, i.ContentType, i.Content]);
  assert.deepEqual(messages, [
    ["CUSTOMER", "text/markdown", "**hello**"],
    ["SYSTEM", "text/plain", "Welcome to the chat"],
  ]);
});

test("StartChatContact: the same ClientToken gives the same contact; reused for another request it is refused", async () => {
  const a = await start({ ClientToken: "token-1" });
  const b = await start({ ClientToken: "token-1" });
  assert.equal(a.ContactId, b.ContactId);
  assert.equal(a.ParticipantToken, b.ParticipantToken);
  await expectError(start({ ClientToken: "token-1", ParticipantDetails: { DisplayName: "Someone else" } }), "InvalidRequestException", 400, /ClientToken/);
  const c = await start({ ClientToken: "token-2" });
  assert.notEqual(c.ContactId, a.ContactId);
});

test("StartChatContact: missing and malformed members are InvalidParameterException, naming each one", async () => {
  await expectError(start({ ContactFlowId: undefined, ParticipantDetails: undefined }), "InvalidParameterException", 400, /2 validation errors.*contactFlowId.*participantDetails/);
  await expectError(start({ ParticipantDetails: {} as never }), "InvalidParameterException", 400, /participantDetails.displayName/);
  await expectError(start({ ChatDurationInMinutes: 59 }), "InvalidParameterException", 400, /greater than or equal to 60/);
  await expectError(start({ ChatDurationInMinutes: 10081 }), "InvalidParameterException", 400, /less than or equal to 10080/);
  await expectError(start({ Attributes: { "bad key!": "x" } }), "InvalidParameterException", 400, /Map keys/);
  await expectError(start({ Attributes: { big: "x".repeat(32_768) } }), "InvalidParameterException", 400, /32768/);
  await expectError(start({ InitialMessage: { ContentType: "text/plain", Content: "é".repeat(8193) } }), "InvalidParameterException", 400, /16384 bytes/);
  await expectError(start({ InitialMessage: { ContentType: "text/html", Content: "x" } }), "InvalidParameterException", 400, /initialMessage.contentType/);
  await expectError(start({ SupportedMessagingContentTypes: ["text/plain", "image/png"] }), "InvalidParameterException", 400, /supportedMessagingContentTypes.2/);
  await expectError(start({ ParticipantConfiguration: { ResponseMode: "LOUD" as never } }), "InvalidParameterException", 400, /ResponseMode|responseMode/);
  await expectError(start({ DisconnectOnCustomerExit: ["CUSTOMER" as never] }), "InvalidParameterException", 400, /disconnectOnCustomerExit/);
  await expectError(start({ SegmentAttributes: { "connect:Subtype": { ValueString: "a", ValueInteger: 1 } } }), "InvalidParameterException", 400, /exactly one/);
  await expectError(start({ SegmentAttributes: { mine: { ValueArn: "arn:aws:x" } } }), "InvalidParameterException", 400, /system-defined/);
});

test("StartChatContact: wrong JSON types are refused, not crashed on", async () => {
  const res = await fetch(`${fx.sim.endpoint}/contact/chat`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ InstanceId: 5, ContactFlowId: ["x"], ParticipantDetails: "Customer", Attributes: { a: 1 }, ChatDurationInMinutes: "60" }),
  });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get("x-amzn-errortype"), "InvalidParameterException");
  const body = (await res.json()) as { message: string };
  assert.match(body.message, /5 validation errors/);
  const bad = await fetch(`${fx.sim.endpoint}/contact/chat`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{not json" });
  assert.equal(bad.status, 400);
  assert.equal(bad.headers.get("x-amzn-errortype"), "InvalidRequestException");
});

test("StartChatContact: rules across members are InvalidRequestException", async () => {
  await expectError(start({ SupportedMessagingContentTypes: ["text/markdown"] }), "InvalidRequestException", 400, /must contain text\/plain/);
  await expectError(start({ InitialMessage: { ContentType: "application/json", Content: "{}" } }), "InvalidRequestException", 400, /not among the SupportedMessagingContentTypes/);
  await expectError(start({ RelatedContactId: "x", PersistentChat: { RehydrationType: "FROM_SEGMENT", SourceContactId: "y" } }), "InvalidRequestException", 400, /both RelatedContactId and PersistentChat/);
  await expectError(start({ SegmentAttributes: { "connect:Subtype": { ValueString: "connect:Guide" } } }), "InvalidRequestException", 400, /connect:Guide/);
});

test("StartChatContact: unknown instance, flow or related contact are ResourceNotFoundException; a queue flow cannot start a chat", async () => {
  await expectError(start({ InstanceId: "00000000-0000-4000-8000-000000000000" }), "ResourceNotFoundException", 404);
  await expectError(start({ ContactFlowId: "no-such-flow" }), "ResourceNotFoundException", 404, /no-such-flow/);
  await expectError(start({ ContactFlowId: "chat" }), "ResourceNotFoundException", 404, undefined);
  await expectError(start({ RelatedContactId: "no-such-contact" }), "ResourceNotFoundException", 404);
  const queueFlow = fx.sim.runtime.publish(
    loadOk(flowDoc([{ Identifier: "end", Type: "EndFlowExecution", Parameters: {}, Transitions: {} }], { type: "customerQueue" }), "queue.json", { flowType: "CUSTOMER_QUEUE" }),
    { name: "queue" },
  );
  await expectError(start({ ContactFlowId: queueFlow.id }), "InvalidRequestException", 400, /CUSTOMER_QUEUE/);
  // By ARN works as well as by id.
  const byArn = await start({ ContactFlowId: fx.sim.runtime.resources.flows.get(fx.flowId)!.arn });
  assert.ok(byArn.ContactId);
});

test("StartChatContact: a persistent chat continues an ended session", async () => {
  // The customer of the past session polled, so its flow greeted.
  const { chat: past } = await fx.startPollingChat();
  const active = start({ PersistentChat: { RehydrationType: "ENTIRE_PAST_SESSION", SourceContactId: past.ContactId } });
  await expectError(active, "InvalidRequestException", 400, /still active/);
  await expectError(start({ PersistentChat: { RehydrationType: "FROM_SEGMENT", SourceContactId: "nope" } }), "ResourceNotFoundException", 404);
  await expectError(start({ PersistentChat: { SourceContactId: past.ContactId } }), "InvalidParameterException", 400, /RehydrationType/);
  await fx.sim.runtime.disconnect(fx.sim.runtime.findContact(past.ContactId)!, "test");
  const next = await start({ PersistentChat: { RehydrationType: "ENTIRE_PAST_SESSION", SourceContactId: past.ContactId } });
  assert.equal(next.ContinuedFromContactId, past.ContactId);
  // The widget reconnects: at its subscription it hears of the past transcript, then the new session's flow greets live.
  const conn = await fx.connectParticipant(next.ParticipantToken!);
  const socket = await fx.listen(conn.url);
  try {
    await socket.waitForItem((i) => i.Content === GREETING);
    assert.deepEqual(
      socket.items().map((i) => i.Content ?? i.ContentType),
      [EVENT.rehydrated, GREETING],
    );
  } finally {
    socket.close();
  }
  const transcript = await fx.participant.send(new GetTranscriptCommand({ ConnectionToken: conn.connectionToken, SortOrder: "ASCENDING", MaxResults: 100 }));
  const greetings = transcript.Transcript!.filter((i) => i.Content === GREETING);
  assert.equal(greetings.length, 2);
  assert.equal(greetings[0].RelatedContactId, past.ContactId);
  assert.equal(greetings[1].RelatedContactId, undefined);
});

test("CreateParticipant adds a custom bot whose token works like the customer's", async () => {
  const chat = await fx.startChat();
  const out = await fx.client.send(new CreateParticipantCommand({ InstanceId: fx.sim.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: "Helper" } }));
  assert.ok(out.ParticipantId);
  assert.ok(Date.parse(out.ParticipantCredentials!.Expiry!) > Date.now());
  const bot = await fx.connectParticipant(out.ParticipantCredentials!.ParticipantToken!);
  const sent = await fx.participant.send(new SendMessageCommand({ ConnectionToken: bot.connectionToken, ContentType: "text/plain", Content: "beep" }));
  const item = fx.sim.runtime.chats.get(chat.ContactId)!.items.find((i) => i.Id === sent.Id)!;
  assert.equal(item.ParticipantRole, "CUSTOM_BOT");
  assert.equal(item.DisplayName, "Helper");
  assert.ok(fx.sim.runtime.chats.get(chat.ContactId)!.items.some((i) => i.ContentType.endsWith("participant.joined") && i.ParticipantId === out.ParticipantId));
});

test("CreateParticipant: only CUSTOM_BOT on an active chat of this instance", async () => {
  const chat = await fx.startChat();
  const add = (details: object, contactId = chat.ContactId, instanceId = fx.sim.instanceId) => fx.client.send(new CreateParticipantCommand({ InstanceId: instanceId, ContactId: contactId, ParticipantDetails: details }));
  await expectError(add({ ParticipantRole: "AGENT", DisplayName: "A" }), "InvalidRequestException", 400, /CUSTOM_BOT/);
  await expectError(add({ ParticipantRole: "CUSTOM_BOT", ParticipantCapabilities: { Video: "SEND" } }), "InvalidRequestException", 400, /WebRTC/);
  await expectError(add({ ParticipantRole: "ROBOT" }), "InvalidRequestException", 400, /participantRole/);
  await expectError(add({ ParticipantRole: "CUSTOM_BOT" }, "no-such-contact"), "ResourceNotFoundException", 404);
  await expectError(add({ ParticipantRole: "CUSTOM_BOT" }, chat.ContactId, "other-instance"), "ResourceNotFoundException", 404);
  await fx.sim.runtime.disconnect(fx.sim.runtime.findContact(chat.ContactId)!, "test");
  await expectError(add({ ParticipantRole: "CUSTOM_BOT" }), "InvalidRequestException", 400, /ended/);
});
