/**
 * When the flow of a chat started with StartChatContact runs: once the customer can receive
 * (its first websocket subscription, or a connection without a websocket), or 5 minutes of
 * simulator time after the start, whichever comes first (`ChatContacts.holdFlowForCustomer`, runtime/chat-contacts.ts).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CreateParticipantCommand } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand, GetTranscriptCommand } from "@aws-sdk/client-connectparticipant";
import { chatFixture, expectError, GREETING, HELLO_FLOW, pollingConnection, SocketProbe, virtualClock, type ChatFixture } from "../testing.js";
import { chatjs, connectCustomer } from "../chatjs-testing.js";
import { loadOk } from "../../runtime/flow-testing.js";
import { EVENT } from "../../runtime/chat.js";

const DEADLINE_MS = 5 * 60_000;
const WAITING_LABEL = /waiting for the customer to connect/;

let fx: ChatFixture;
/** Greets ("Hello") and disconnects at once. */
let helloFlowId: string;
before(async () => {
  fx = await chatFixture();
  helloFlowId = fx.sim.runtime.publish(loadOk(JSON.parse(HELLO_FLOW), "hello.json", { flowType: "CONTACT_FLOW", name: "hello" }), { name: "hello" }).id;
  // The participant client is cached per region: the endpoint must be set before the first session.
  chatjs.ChatSession.setGlobalConfig({ region: "us-east-1", endpoint: fx.sim.endpoint, webSocketManagerConfig: { isNetworkOnline: () => true } });
});
after(async () => {
  await fx.close();
});

/** Whether the contact's flow has started (it traces from its first action). */
function flowStarted(on: ChatFixture, contactId: string): boolean {
  return (on.sim.runtime.session(contactId)?.trace.length ?? 0) > 0;
}

function greetings(on: ChatFixture, contactId: string): number {
  return on.sim.runtime.chats.get(contactId)!.items.filter((i) => i.Content === GREETING).length;
}

function deadlinePending(on: ChatFixture): number {
  return virtualClock(on.sim).pending().filter((t) => WAITING_LABEL.test(t.label)).length;
}

test("the flow does not run before the customer listens: a websocket URL alone, an unsubscribed socket or another participant's connection do not start it", async () => {
  const waitingBefore = deadlinePending(fx);
  const chat = await fx.startChat();
  const contact = fx.sim.runtime.findContact(chat.ContactId)!;
  assert.equal(flowStarted(fx, chat.ContactId), false);
  assert.equal(contact.state, "INITIATED");
  assert.equal(deadlinePending(fx), waitingBefore + 1, "the 5-minute deadline is set");

  // ChatJS's CreateParticipantConnection asks for a websocket: nothing reaches the customer until it subscribes.
  const conn = await fx.connectParticipant(chat.ParticipantToken, true);
  const quiet = new SocketProbe(conn.url);
  try {
    await quiet.opened;
    const bot = await fx.client.send(new CreateParticipantCommand({ InstanceId: fx.sim.instanceId, ContactId: chat.ContactId, ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: "Helper" } }));
    await pollingConnection(fx, bot.ParticipantCredentials!.ParticipantToken!);
    await fx.sim.runtime.whenIdle();
    assert.equal(flowStarted(fx, chat.ContactId), false);
    assert.equal(greetings(fx, chat.ContactId), 0);
    assert.equal(contact.state, "INITIATED");
    assert.deepEqual(quiet.items(), []);
  } finally {
    quiet.close();
  }
});

test("the flow starts at the customer's first subscription, once: its greeting reaches that socket live", async () => {
  const waitingBefore = deadlinePending(fx);
  const c = await fx.startConnectedChat();
  const socket = await SocketProbe.subscribed(c.url);
  try {
    const greeting = await socket.waitForItem((i) => i.Content === GREETING);
    assert.equal(greeting.ParticipantRole, "SYSTEM");
    const ack = socket.frames.findIndex((f) => f.topic === "aws/subscribe");
    const pushed = socket.frames.findIndex((f) => f.topic === "aws/chat" && (f.content as string).includes(greeting.Id));
    assert.ok(ack >= 0 && ack < pushed, "pushed after the subscription is acknowledged");
    assert.equal(fx.sim.runtime.findContact(c.chat.ContactId)!.state, "IN_FLOW");
    assert.equal(deadlinePending(fx), waitingBefore, "the deadline is cancelled");

    // More sockets and connections later do not start the flow again.
    const second = await fx.listen(c.url);
    second.close();
    await pollingConnection(fx, c.chat.ParticipantToken);
    assert.equal(greetings(fx, c.chat.ContactId), 1);
  } finally {
    socket.close();
  }
});

test("a connection without a websocket (a client that polls) starts the flow", async () => {
  const chat = await fx.startChat();
  assert.equal(flowStarted(fx, chat.ContactId), false);
  const out = await fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ["CONNECTION_CREDENTIALS"] }));
  await fx.sim.runtime.whenIdle();
  assert.equal(flowStarted(fx, chat.ContactId), true);
  const transcript = await fx.participant.send(new GetTranscriptCommand({ ConnectionToken: out.ConnectionCredentials!.ConnectionToken!, SortOrder: "ASCENDING" }));
  assert.deepEqual(
    transcript.Transcript!.map((i) => i.Content ?? i.ContentType),
    [EVENT.joined, GREETING],
  );
});

test("a chat the runtime starts itself (no waitForCustomer) runs its flow at once", async () => {
  const { contact } = fx.sim.runtime.startChat({ flow: fx.flowId, displayName: "Direct" });
  await fx.sim.runtime.whenIdle();
  assert.equal(flowStarted(fx, contact.id), true);
  assert.equal(greetings(fx, contact.id), 1);
});

test("with no connection the flow starts 5 minutes after StartChatContact, on the virtual clock", async () => {
  // A simulator of its own: moving its clock must not start other tests' chats.
  const own = await chatFixture();
  try {
    const clock = virtualClock(own.sim);
    const chat = await own.startChat();
    assert.deepEqual(clock.pending().filter((t) => WAITING_LABEL.test(t.label)).map((t) => t.dueAt), [clock.now() + DEADLINE_MS]);
    await clock.advance(DEADLINE_MS - 1);
    assert.equal(flowStarted(own, chat.ContactId), false);
    await clock.advance(1);
    await own.sim.runtime.whenIdle();
    assert.equal(flowStarted(own, chat.ContactId), true);
    assert.equal(greetings(own, chat.ContactId), 1);
    assert.equal(own.sim.runtime.findContact(chat.ContactId)!.state, "IN_FLOW");
    // A customer connecting after that finds the greeting in the transcript; connecting does not run the flow again.
    const token = await pollingConnection(own, chat.ParticipantToken);
    const transcript = await own.participant.send(new GetTranscriptCommand({ ConnectionToken: token, SortOrder: "ASCENDING" }));
    assert.equal(transcript.Transcript!.filter((i) => i.Content === GREETING).length, 1);
  } finally {
    await own.close();
  }
});

test("a flow that greets and disconnects: the customer connects (no 403), hears the greeting, then chat.ended", async () => {
  const chat = await fx.startChat({ ContactFlowId: helloFlowId });
  const conn = await fx.connectParticipant(chat.ParticipantToken, true);
  const socket = await SocketProbe.subscribed(conn.url);
  try {
    await socket.waitForItem((i) => i.ContentType === EVENT.ended);
    assert.deepEqual(
      socket.items().map((i) => i.Content ?? i.ContentType),
      ["Hello", EVENT.ended],
    );
    const closed = await socket.closed;
    assert.equal(closed.code, 1000);
  } finally {
    socket.close();
  }
  assert.equal(fx.sim.runtime.findContact(chat.ContactId)!.ended, true);
  // Now the chat is over: a new connection is refused, as the service does.
  await expectError(fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"] })), "AccessDeniedException", 403);
});

test("ChatJS sees the greeting of a flow that greets and disconnects, then its chat ends", async () => {
  const chat = await fx.startChat({ ContactFlowId: helloFlowId });
  const { events } = await connectCustomer(fx, chat);
  const hello = await events.next("onMessage", (e) => e.data.Content === "Hello");
  assert.equal(hello.data.ParticipantRole, "SYSTEM");
  await events.next("onEnded");
  const order = events.seen.map((s) => (s.callback === "onMessage" ? s.event.data.Content ?? s.event.data.ContentType : s.callback));
  assert.ok(order.indexOf("Hello") < order.indexOf("onEnded"), order.join(", "));
  assert.equal(fx.sim.runtime.findContact(chat.ContactId)!.ended, true);
});
