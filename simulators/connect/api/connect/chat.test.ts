import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CreateParticipantCommand, StartChatContactCommand, type StartChatContactCommandInput } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand, GetTranscriptCommand, SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { chatFixture, type ChatFixture } from "../participant/test-support.js";
import { flowDoc, loadOk } from "../../flow/testing.js";

let fx: ChatFixture;
before(async () => {
  fx = await chatFixture();
});
after(async () => {
  await fx.close();
});

async function rejects(promise: Promise<unknown>, name: string, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: { name?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name, err.message);
    assert.equal(err.$metadata?.httpStatusCode, status);
    if (message) assert.match(err.message ?? "", message);
    return true;
  });
}

function start(input: Partial<StartChatContactCommandInput>) {
  return fx.connect.send(new StartChatContactCommand({ InstanceId: fx.sim.instanceId, ContactFlowId: fx.flowId, ParticipantDetails: { DisplayName: "Customer" }, ...input } as StartChatContactCommandInput));
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
  await rejects(start({ ClientToken: "token-1", ParticipantDetails: { DisplayName: "Someone else" } }), "InvalidRequestException", 400, /ClientToken/);
  const c = await start({ ClientToken: "token-2" });
  assert.notEqual(c.ContactId, a.ContactId);
});

test("StartChatContact: missing and malformed members are InvalidParameterException, naming each one", async () => {
  await rejects(start({ ContactFlowId: undefined, ParticipantDetails: undefined }), "InvalidParameterException", 400, /2 validation errors.*contactFlowId.*participantDetails/);
  await rejects(start({ ParticipantDetails: {} as never }), "InvalidParameterException", 400, /participantDetails.displayName/);
  await rejects(start({ ChatDurationInMinutes: 59 }), "InvalidParameterException", 400, /greater than or equal to 60/);
  await rejects(start({ ChatDurationInMinutes: 10081 }), "InvalidParameterException", 400, /less than or equal to 10080/);
  await rejects(start({ Attributes: { "bad key!": "x" } }), "InvalidParameterException", 400, /Map keys/);
  await rejects(start({ Attributes: { big: "x".repeat(32_768) } }), "InvalidParameterException", 400, /32768/);
  await rejects(start({ InitialMessage: { ContentType: "text/plain", Content: "é".repeat(8193) } }), "InvalidParameterException", 400, /16384 bytes/);
  await rejects(start({ InitialMessage: { ContentType: "text/html", Content: "x" } }), "InvalidParameterException", 400, /initialMessage.contentType/);
  await rejects(start({ SupportedMessagingContentTypes: ["text/plain", "image/png"] }), "InvalidParameterException", 400, /supportedMessagingContentTypes.2/);
  await rejects(start({ ParticipantConfiguration: { ResponseMode: "LOUD" as never } }), "InvalidParameterException", 400, /ResponseMode|responseMode/);
  await rejects(start({ DisconnectOnCustomerExit: ["CUSTOMER" as never] }), "InvalidParameterException", 400, /disconnectOnCustomerExit/);
  await rejects(start({ SegmentAttributes: { "connect:Subtype": { ValueString: "a", ValueInteger: 1 } } }), "InvalidParameterException", 400, /exactly one/);
  await rejects(start({ SegmentAttributes: { mine: { ValueArn: "arn:aws:x" } } }), "InvalidParameterException", 400, /system-defined/);
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
  await rejects(start({ SupportedMessagingContentTypes: ["text/markdown"] }), "InvalidRequestException", 400, /must contain text\/plain/);
  await rejects(start({ InitialMessage: { ContentType: "application/json", Content: "{}" } }), "InvalidRequestException", 400, /not among the SupportedMessagingContentTypes/);
  await rejects(start({ RelatedContactId: "x", PersistentChat: { RehydrationType: "FROM_SEGMENT", SourceContactId: "y" } }), "InvalidRequestException", 400, /both RelatedContactId and PersistentChat/);
  await rejects(start({ SegmentAttributes: { "connect:Subtype": { ValueString: "connect:Guide" } } }), "InvalidRequestException", 400, /connect:Guide/);
});

test("StartChatContact: unknown instance, flow or related contact are ResourceNotFoundException; a queue flow cannot start a chat", async () => {
  await rejects(start({ InstanceId: "00000000-0000-4000-8000-000000000000" }), "ResourceNotFoundException", 404);
  await rejects(start({ ContactFlowId: "no-such-flow" }), "ResourceNotFoundException", 404, /no-such-flow/);
  await rejects(start({ ContactFlowId: "chat" }), "ResourceNotFoundException", 404, undefined);
  await rejects(start({ RelatedContactId: "no-such-contact" }), "ResourceNotFoundException", 404);
  const queueFlow = fx.sim.runtime.publish(
    loadOk(flowDoc([{ Identifier: "end", Type: "EndFlowExecution", Parameters: {}, Transitions: {} }], { type: "customerQueue" }), "queue.json", { flowType: "CUSTOMER_QUEUE" }),
    { name: "queue" },
  );
  await rejects(start({ ContactFlowId: queueFlow.id }), "InvalidRequestException", 400, /CUSTOMER_QUEUE/);
  // By ARN works as well as by id.
  const byArn = await start({ ContactFlowId: fx.sim.runtime.resources.flows.get(fx.flowId)!.arn });
  assert.ok(byArn.ContactId);
});

test("StartChatContact: a persistent chat continues an ended session", async () => {
  const past = await fx.startChat();
  const active = start({ PersistentChat: { RehydrationType: "ENTIRE_PAST_SESSION", SourceContactId: past.ContactId } });
  await rejects(active, "InvalidRequestException", 400, /still active/);
  await rejects(start({ PersistentChat: { RehydrationType: "FROM_SEGMENT", SourceContactId: "nope" } }), "ResourceNotFoundException", 404);
  await rejects(start({ PersistentChat: { SourceContactId: past.ContactId } }), "InvalidParameterException", 400, /RehydrationType/);
  await fx.sim.runtime.disconnect(fx.sim.runtime.findContact(past.ContactId)!, "test");
  const next = await start({ PersistentChat: { RehydrationType: "ENTIRE_PAST_SESSION", SourceContactId: past.ContactId } });
  assert.equal(next.ContinuedFromContactId, past.ContactId);
  const conn = await fx.connectParticipant(next.ParticipantToken!);
  const transcript = await fx.participant.send(new GetTranscriptCommand({ ConnectionToken: conn.connectionToken, SortOrder: "ASCENDING", MaxResults: 100 }));
  const greetings = transcript.Transcript!.filter((i) => i.Content === "Welcome to the chat");
  assert.equal(greetings.length, 2);
  assert.equal(greetings[0].RelatedContactId, past.ContactId);
  assert.equal(greetings[1].RelatedContactId, undefined);
});

test("CreateParticipant adds a custom bot whose token works like the customer's", async () => {
  const chat = await fx.startChat();
  const out = await fx.connect.send(new CreateParticipantCommand({ InstanceId: fx.sim.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: "Helper" } }));
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
  const add = (details: object, contactId = chat.ContactId, instanceId = fx.sim.instanceId) => fx.connect.send(new CreateParticipantCommand({ InstanceId: instanceId, ContactId: contactId, ParticipantDetails: details }));
  await rejects(add({ ParticipantRole: "AGENT", DisplayName: "A" }), "InvalidRequestException", 400, /CUSTOM_BOT/);
  await rejects(add({ ParticipantRole: "CUSTOM_BOT", ParticipantCapabilities: { Video: "SEND" } }), "InvalidRequestException", 400, /WebRTC/);
  await rejects(add({ ParticipantRole: "ROBOT" }), "InvalidRequestException", 400, /participantRole/);
  await rejects(add({ ParticipantRole: "CUSTOM_BOT" }, "no-such-contact"), "ResourceNotFoundException", 404);
  await rejects(add({ ParticipantRole: "CUSTOM_BOT" }, chat.ContactId, "other-instance"), "ResourceNotFoundException", 404);
  await fx.sim.runtime.disconnect(fx.sim.runtime.findContact(chat.ContactId)!, "test");
  await rejects(add({ ParticipantRole: "CUSTOM_BOT" }), "InvalidRequestException", 400, /ended/);
});
