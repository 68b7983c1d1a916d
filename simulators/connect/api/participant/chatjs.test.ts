/**
 * The real amazon-connect-chatjs (the customer side of Amazon's chat widget) against the
 * simulator, in Node, over real HTTP and websockets (shims and recorder: chatjs-testing.ts).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CreateParticipantConnectionCommand, SendEventCommand, SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { chatFixture, GREETING, type ChatFixture } from "../testing.js";
import { chatjs, connectCustomer } from "../chatjs-testing.js";
import { EVENT } from "../../runtime/chat.js";
import { VirtualClock } from "../../../kernel/clock.js";

let fx: ChatFixture;
/** CreateParticipantConnection calls seen by the simulator, by participant token. */
const connectionCalls = new Map<string, number>();
const countConnections = (method: string, path: string, bearer: string | undefined) => {
  if (method === "POST" && path === "/participant/connection" && bearer) connectionCalls.set(bearer, (connectionCalls.get(bearer) ?? 0) + 1);
};

before(async () => {
  fx = await chatFixture({ onRequest: countConnections });
  // The participant client is cached per region: the endpoint must be set before the first session.
  chatjs.ChatSession.setGlobalConfig({ region: "us-east-1", endpoint: fx.sim.endpoint, webSocketManagerConfig: { isNetworkOnline: () => true }, features: { messageReceipts: { shouldSendMessageReceipts: true, throttleTime: 200 } } });
});
after(async () => {
  await fx.close();
});

async function customerSession(on: ChatFixture = fx, region = "us-east-1") {
  const chat = await on.startChat();
  const { session, events } = await connectCustomer(on, chat, { region });
  const hello = await session.sendMessage({ contentType: "text/plain", message: "hello from ChatJS" });
  const echo = await events.next("onMessage", (e) => e.data.Id === hello.data.Id);
  assert.equal(echo.data.Content, "hello from ChatJS");
  assert.equal(echo.data.ParticipantRole, "CUSTOMER");
  return { chat, session, events };
}

test("ChatJS as the customer: messages both ways, typing, receipts, idle/returned/auto-disconnection, attachments, the end", async () => {
  const { chat, session, events } = await customerSession();

  const transcript = await session.getTranscript({ scanDirection: "BACKWARD", sortOrder: "ASCENDING", maxResults: 15 });
  assert.equal(transcript.data.InitialContactId, chat.ContactId);
  assert.ok(transcript.data.Transcript.some((i) => i.Content === GREETING && i.ParticipantRole === "SYSTEM"));

  // An agent joins (through the runtime until routing lands) and talks over the Participant API.
  const agent = fx.sim.runtime.chats.join(chat.ContactId, { role: "AGENT", displayName: "Agent Smith" });
  await events.next("onMessage", (e) => e.data.ContentType === EVENT.joined && e.data.ParticipantId === agent.id);
  const agentConn = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: agent.participantToken, ConnectParticipant: true, Type: ["CONNECTION_CREDENTIALS"] }));
  const agentToken = agentConn.ConnectionCredentials!.ConnectionToken!;

  await fx.participant.send(new SendEventCommand({ ConnectionToken: agentToken, ContentType: EVENT.typing }));
  const typing = await events.next("onTyping", (e) => e.data.ParticipantRole === "AGENT");
  assert.equal(typing.data.ParticipantId, agent.id);

  const fromAgent = await fx.participant.send(new SendMessageCommand({ ConnectionToken: agentToken, ContentType: "text/plain", Content: "How can I help?" }));
  const received = await events.next("onMessage", (e) => e.data.Id === fromAgent.Id);
  assert.equal(received.data.Content, "How can I help?");
  assert.equal(received.data.ParticipantRole, "AGENT");

  // The customer's question, read by the agent: ChatJS reports the read receipt.
  const question = await session.sendMessage({ contentType: "text/plain", message: "Where is my order?" });
  await fx.participant.send(new SendEventCommand({ ConnectionToken: agentToken, ContentType: EVENT.read, Content: JSON.stringify({ messageId: question.data.Id }) }));
  const read = await events.next("onReadReceipt");
  assert.equal(read.data.MessageMetadata?.MessageId, question.data.Id);
  // And the customer's own receipts go through ChatJS's throttled path to SendEvent.
  await session.sendEvent({ contentType: EVENT.read, content: JSON.stringify({ messageId: fromAgent.Id }) });
  const stored = fx.sim.runtime.chats.get(chat.ContactId)!.items.find((i) => i.Id === fromAgent.Id)!;
  assert.equal(stored.MessageMetadata?.Receipts?.[0].RecipientParticipantId, chat.ParticipantId);

  // What the chat timers will drive.
  fx.sim.runtime.chats.markIdle(chat.ContactId, chat.ParticipantId);
  const idle = await events.next("onParticipantIdle");
  assert.equal(idle.data.ParticipantId, chat.ParticipantId);
  fx.sim.runtime.chats.markReturned(chat.ContactId, chat.ParticipantId);
  await events.next("onParticipantReturned");
  await fx.sim.runtime.autoDisconnectChatParticipant(chat.ContactId, agent.id);
  const auto = await events.next("onAutoDisconnection");
  assert.equal(auto.data.ParticipantId, agent.id);
  await events.next("onMessage", (e) => e.data.ContentType === EVENT.left && e.data.ParticipantId === agent.id);

  // An attachment through ChatJS's own upload path (StartAttachmentUpload, PUT, Complete).
  await session.sendAttachment({ attachment: new File(["receipt #42"], "receipt.txt", { type: "text/plain" }) });
  const attachment = await events.next("onMessage", (e) => e.data.Type === "ATTACHMENT");
  const attachmentId = (attachment.data.Attachments as { AttachmentId: string; Status: string }[])[0].AttachmentId;
  const blob = await session.downloadAttachment({ attachmentId });
  assert.equal(await blob.text(), "receipt #42");

  // The customer leaves: ChatJS ≥4 waits for the server's chat.ended.
  await session.disconnectParticipant();
  await events.next("onMessage", (e) => e.data.ContentType === EVENT.left && e.data.ParticipantId === chat.ParticipantId);
  await events.next("onEnded");
  assert.equal(fx.sim.runtime.findContact(chat.ContactId)!.ended, true);
  const order = events.seen.filter((s) => s.callback === "onMessage").map((s) => s.event.data.ContentType);
  assert.ok(order.lastIndexOf(EVENT.left) < order.lastIndexOf(EVENT.ended), order.join(", "));
  assert.ok(!events.seen.some((s) => s.callback === "onConnectionBroken"));
  // One connection for the whole session: ChatJS found a usable Expiry and never refreshed in a loop.
  assert.equal(connectionCalls.get(chat.ParticipantToken), 1);
});

test("ChatJS ends the session when the contact is stopped on the server", async () => {
  const { chat, events } = await customerSession();
  await fx.sim.runtime.disconnect(fx.sim.runtime.findContact(chat.ContactId)!, "stopped by the test");
  const ended = await events.next("onMessage", (e) => e.data.ContentType === EVENT.ended);
  assert.equal(ended.data.ParticipantRole, "SYSTEM");
  await events.next("onEnded");
});

test("ChatJS does not loop on CreateParticipantConnection when the simulator's clock lies in the past", async () => {
  let calls = 0;
  const past = await chatFixture({ clock: new VirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0)), onRequest: (method, path) => void (method === "POST" && path === "/participant/connection" && calls++) });
  try {
    // ChatJS caches its participant client per region with the endpoint set at that moment: a new region reaches the second simulator.
    chatjs.ChatSession.setGlobalConfig({ region: "eu-west-1", endpoint: past.sim.endpoint, webSocketManagerConfig: { isNetworkOnline: () => true } });
    const { session, events } = await customerSession(past, "eu-west-1");
    // ChatJS schedules its token refresh at Expiry − 60 s as soon as it connects: a bad Expiry loops at once.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(calls, 1);
    await session.disconnectParticipant();
    await events.next("onEnded");
  } finally {
    await past.close();
  }
});
