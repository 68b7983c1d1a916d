import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime } from "./runtime.js";
import { VirtualClock } from "../../kernel/clock.js";
import { ChatError, EVENT, type ChatEvent, type ChatItem } from "./chat.js";
import { rehydrate, transcriptFor } from "./chat-history.js";
import { flowDoc, loadOk, pathOf } from "./flow-testing.js";

const WAIT_FLOW = flowDoc(
  [
    {
      Identifier: "wait",
      Type: "Wait",
      Parameters: { TimeLimitSeconds: "604800" },
      Transitions: { NextAction: "end", Conditions: [{ NextAction: "end", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] },
    },
    { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
  { type: "contactFlow" },
);

function setup() {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9, 0, 0));
  const runtime = new Runtime({ clock, seed: 7 });
  const flow = runtime.publish(loadOk(WAIT_FLOW, "wait.json", { flowType: "CONTACT_FLOW" }), { name: "wait" });
  const sent: { item: ChatItem; to?: string[] }[] = [];
  runtime.events.on((e) => {
    if (e.type === "chat.item") sent.push({ item: e.item, to: e.to });
  });
  const start = (settings: Parameters<Runtime["startChat"]>[0]["chat"] = {}, supportedContentTypes?: string[]) => runtime.startChat({ flow, displayName: "Cust", chat: settings, supportedContentTypes });
  return { clock, runtime, chats: runtime.chats, connections: runtime.chatConnections, attachments: runtime.chatAttachments, clientTokens: runtime.clientTokens, start, sent };
}

function refusal(kind: ChatError["kind"]) {
  return (err: unknown) => err instanceof ChatError && err.kind === kind;
}

test("receipts: stored on the message and pushed as MESSAGEMETADATA to the message's sender only", () => {
  const { chats, start, sent } = setup();
  const { contact, customer } = start();
  const agent = chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  const message = chats.send(contact.id, customer.id, "text/plain", "hi");
  sent.length = 0;
  chats.sendEvent(contact.id, agent.id, EVENT.delivered, JSON.stringify({ messageId: message.Id }));
  chats.sendEvent(contact.id, agent.id, EVENT.read, JSON.stringify({ messageId: message.Id }));
  assert.equal(sent.length, 2);
  for (const s of sent) {
    assert.equal(s.item.Type, "MESSAGEMETADATA");
    assert.deepEqual(s.to, [customer.id]);
    assert.equal(s.item.MessageMetadata?.MessageId, message.Id);
    assert.equal(s.item.MessageMetadata?.Receipts?.[0].RecipientParticipantId, agent.id);
    assert.equal(s.item.InitialContactId, contact.initialContactId);
  }
  assert.ok(sent[0].item.MessageMetadata?.Receipts?.[0].DeliveredTimestamp && !sent[0].item.MessageMetadata?.Receipts?.[0].ReadTimestamp);
  assert.ok(sent[1].item.MessageMetadata?.Receipts?.[0].ReadTimestamp && !sent[1].item.MessageMetadata?.Receipts?.[0].DeliveredTimestamp);
  const stored = chats.get(contact.id)!.items.find((i) => i.Id === message.Id)!;
  assert.equal(stored.MessageMetadata?.Receipts?.length, 1);
  assert.ok(stored.MessageMetadata?.Receipts?.[0].ReadTimestamp && stored.MessageMetadata?.Receipts?.[0].DeliveredTimestamp);
  assert.ok(!chats.get(contact.id)!.items.some((i) => i.Type === "MESSAGEMETADATA"), "receipts are not transcript items of their own");

  // The same receipt again changes nothing and goes nowhere.
  sent.length = 0;
  chats.sendEvent(contact.id, agent.id, EVENT.read, JSON.stringify({ messageId: message.Id }));
  assert.equal(sent.length, 0);
});

test("receipts: refused when malformed, unknown or during a barge-in; silent with more than two participants", () => {
  const { chats, start, sent } = setup();
  const { contact, customer } = start();
  const agent = chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  const message = chats.send(contact.id, customer.id, "text/plain", "hi");
  assert.throws(() => chats.sendEvent(contact.id, agent.id, EVENT.read, "not json"), refusal("invalid"));
  assert.throws(() => chats.sendEvent(contact.id, agent.id, EVENT.read, undefined), refusal("invalid"));
  assert.throws(() => chats.sendEvent(contact.id, agent.id, EVENT.read, JSON.stringify({ messageId: "nope" })), refusal("invalid"));
  const bot = chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  sent.length = 0;
  const out = chats.sendEvent(contact.id, agent.id, EVENT.read, JSON.stringify({ messageId: message.Id }));
  assert.equal(out.Type, "MESSAGEMETADATA");
  assert.equal(sent.length, 0, "three participants: not delivered");
  chats.leave(contact.id, bot.id, "test");
  chats.join(contact.id, { role: "SUPERVISOR", displayName: "Sup" });
  assert.throws(() => chats.sendEvent(contact.id, agent.id, EVENT.read, JSON.stringify({ messageId: message.Id })), refusal("conflict"));
  assert.throws(() => chats.sendEvent(contact.id, agent.id, EVENT.joined, undefined), refusal("invalid"));
});

test("typing and connection acknowledgement reach sockets but not the transcript", () => {
  const { chats, start, sent } = setup();
  const { contact, customer } = start();
  sent.length = 0;
  chats.sendEvent(contact.id, customer.id, EVENT.typing, undefined);
  chats.sendEvent(contact.id, customer.id, EVENT.connectionAcknowledged, undefined);
  assert.deepEqual(sent.map((s) => s.item.ContentType), [EVENT.typing, EVENT.connectionAcknowledged]);
  assert.ok(customer.acknowledged);
  assert.ok(!chats.get(contact.id)!.items.some((i) => i.ContentType === EVENT.typing || i.ContentType === EVENT.connectionAcknowledged));
});

test("messages must use a content type the chat supports", () => {
  const { chats, start } = setup();
  const { contact, customer } = start({}, ["text/plain", "text/markdown"]);
  chats.send(contact.id, customer.id, "text/markdown", "**ok**");
  assert.throws(() => chats.send(contact.id, customer.id, "application/json", "{}"), refusal("invalid"));
});

test("idle, returned and auto-disconnection events: sockets only, the disconnected participant excluded", async () => {
  const { chats, runtime, start, sent } = setup();
  const { contact, customer } = start();
  const agent = chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  sent.length = 0;
  assert.equal(chats.markIdle(contact.id, customer.id), true);
  assert.equal(chats.markIdle(contact.id, customer.id), false, "already idle");
  chats.send(contact.id, customer.id, "text/plain", "back");
  assert.deepEqual(sent.map((s) => s.item.ContentType), [EVENT.idle, EVENT.returned, "text/plain"]);
  assert.equal(customer.idle, false);
  sent.length = 0;
  await runtime.autoDisconnectChatParticipant(contact.id, agent.id);
  assert.deepEqual(sent[0].to, [customer.id]);
  assert.equal(sent[0].item.ContentType, EVENT.autoDisconnection);
  assert.equal(sent[0].item.ParticipantId, agent.id);
  assert.equal(sent[1].item.ContentType, EVENT.left);
  assert.equal(agent.state, "left");
  assert.ok(!chats.get(contact.id)!.items.some((i) => i.ContentType === EVENT.idle || i.ContentType === EVENT.autoDisconnection));
});

test("connections: tokens last a day and websocket URLs 100 s on the simulator clock; nothing works after leaving", async () => {
  const { clock, connections, runtime, start } = setup();
  const { contact, customer } = start();
  const first = connections.connect(customer, { websocket: true, credentials: true, acknowledge: false });
  const second = connections.connect(customer, { websocket: true, credentials: true, acknowledge: false });
  assert.notEqual(first.socket!.ticket, second.socket!.ticket);
  assert.notEqual(first.connection!.token, second.connection!.token);
  assert.equal(connections.authorize(first.connection!.token).id, customer.id);
  assert.equal(connections.admitSocket(first.socket!.ticket)?.id, customer.id);
  assert.equal(connections.admitSocket(first.socket!.ticket)?.id, customer.id, "a URL admits several sockets while valid");
  await clock.advance(100_000);
  assert.equal(connections.admitSocket(first.socket!.ticket), undefined, "expired after 100 s");
  assert.equal(connections.authorize(first.connection!.token).id, customer.id);
  await clock.advance(24 * 3600_000 - 100_000);
  assert.throws(() => connections.authorize(first.connection!.token), refusal("access-denied"));
  const fresh = connections.connect(connections.authorizeParticipant(customer.participantToken), { websocket: false, credentials: true, acknowledge: false });
  await runtime.leaveChat(contact.id, customer.id, "test");
  assert.throws(() => connections.authorize(fresh.connection!.token), refusal("access-denied"));
  assert.throws(() => connections.authorizeParticipant(customer.participantToken), refusal("access-denied"));
});

test("the customer leaving ends the contact; the customer still hears chat.ended", async () => {
  const { chats, runtime, start, sent } = setup();
  const { contact, customer } = start();
  const agent = chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  sent.length = 0;
  await runtime.leaveChat(contact.id, customer.id, "the customer disconnected");
  assert.equal(contact.ended, true);
  assert.deepEqual(sent.map((s) => s.item.ContentType), [EVENT.left, EVENT.ended]);
  assert.deepEqual(new Set(sent[1].to), new Set([customer.id, agent.id]));
});

test("DisconnectOnCustomerExit with a disconnect flow: the agent leaves, the customer stays for the flow", async () => {
  const { chats, runtime, start } = setup();
  const { contact, customer } = start({ disconnectOnCustomerExit: ["AGENT"] });
  contact.eventHooks.CustomerRemaining = "survey";
  const agent = chats.join(contact.id, { role: "AGENT", displayName: "Agent" });
  await runtime.leaveChat(contact.id, customer.id, "the customer disconnected");
  assert.equal(agent.state, "left");
  assert.equal(customer.state, "joined");
  assert.equal(chats.get(contact.id)!.ended, false);
  // Without a disconnect flow there is nothing to stay for.
  const other = start({ disconnectOnCustomerExit: ["AGENT"] });
  chats.join(other.contact.id, { role: "AGENT", displayName: "Agent" });
  await runtime.leaveChat(other.contact.id, other.customer.id, "the customer disconnected");
  assert.equal(other.contact.ended, true);
});

test("a custom bot leaving wakes a Wait for BotParticipantDisconnected", async () => {
  const { clock, runtime } = setup();
  const doc = flowDoc(
    [
      {
        Identifier: "wait",
        Type: "Wait",
        Parameters: { TimeLimitSeconds: "600", Events: ["BotParticipantDisconnected"] },
        Transitions: {
          NextAction: "end",
          Conditions: [
            { NextAction: "end", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } },
            { NextAction: "bye", Condition: { Operator: "Equals", Operands: ["BotParticipantDisconnected"] } },
          ],
          Errors: [
            { ErrorType: "NoMatchingError", NextAction: "end" },
            { ErrorType: "ParticipantNotFound", NextAction: "end" },
          ],
        },
      },
      { Identifier: "bye", Type: "MessageParticipant", Parameters: { Text: "The bot left" }, Transitions: { NextAction: "end", Errors: [{ ErrorType: "NoMatchingError", NextAction: "end" }] } },
      { Identifier: "end", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
    { type: "contactFlow" },
  );
  const flow = runtime.publish(loadOk(doc, "bot.json", { flowType: "CONTACT_FLOW" }), { name: "bot" });
  const { contact } = runtime.startChat({ flow, displayName: "Cust" });
  // The flow starts on the next tick, so the bot is there when the Wait begins.
  const bot = runtime.chats.join(contact.id, { role: "CUSTOM_BOT", displayName: "Bot" });
  await clock.settle();
  assert.ok(runtime.hasParticipant(contact, "CUSTOM_BOT"));
  await runtime.leaveChat(contact.id, bot.id, "the bot disconnected");
  await clock.settle();
  assert.deepEqual(pathOf(runtime.session(contact.id)!.trace).slice(0, 2), ["wait → Condition: Equals BotParticipantDisconnected", "bye → Success"]);
  assert.equal(contact.ended, true);
});

test("ClientToken: same request, same answer; another request with the token is refused; forgotten after 7 days", async () => {
  const { clock, clientTokens } = setup();
  let runs = 0;
  const compute = () => ++runs;
  assert.equal(clientTokens.idempotent("op", "t1", "a", compute), 1);
  assert.equal(clientTokens.idempotent("op", "t1", "a", compute), 1);
  assert.equal(clientTokens.idempotent("other-op", "t1", "a", compute), 2, "tokens are per scope");
  assert.throws(() => clientTokens.idempotent("op", "t1", "b", compute), refusal("invalid"));
  assert.equal(clientTokens.idempotent("op", undefined, "a", compute), 3, "no token, no memory");
  await clock.advance(7 * 24 * 3600_000);
  assert.equal(clientTokens.idempotent("op", "t1", "b", compute), 4);
});

test("persistent chats continue an ended session with its items, marked with the contact they came from", async () => {
  const { runtime, chats, connections, start } = setup();
  const past = start();
  chats.send(past.contact.id, past.customer.id, "text/plain", "from the past");
  assert.throws(() => rehydrate(chats, "ENTIRE_PAST_SESSION", past.contact.initialContactId), refusal("invalid"), "still active");
  await runtime.disconnect(past.contact, "done");
  assert.throws(() => rehydrate(chats, "FROM_SEGMENT", "unknown"), refusal("not-found"));
  const r = rehydrate(chats, "ENTIRE_PAST_SESSION", past.contact.initialContactId);
  assert.equal(r.continuedFromContactId, past.contact.id);
  assert.ok(r.history.some((i) => i.Content === "from the past" && i.RelatedContactId === past.contact.id));
  const next = start({ rehydration: r });
  const chat = chats.get(next.contact.id)!;
  assert.equal(chat.continuedFromContactId, past.contact.id);
  assert.equal(chat.items[0].RelatedContactId, past.contact.id, "the past comes first");
  assert.equal(transcriptFor(chats, next.customer, past.contact.id).contactId, past.contact.id, "the past session is readable");
  const stranger = start();
  assert.throws(() => transcriptFor(chats, stranger.customer, past.contact.id), refusal("access-denied"));
  // chat.rehydrated reaches the customer once, at the first subscription.
  const events: ChatEvent[] = [];
  runtime.events.on((e) => {
    if (e.type.startsWith("chat.")) events.push(e as ChatEvent);
  });
  connections.subscribed(next.customer);
  connections.subscribed(next.customer);
  assert.equal(events.filter((e) => e.type === "chat.item" && e.item.ContentType === EVENT.rehydrated).length, 1);
});

test("attachments: start, upload, complete, download grants", async () => {
  const { clock, attachments, start } = setup();
  const { contact, customer } = start();
  assert.throws(() => attachments.start(customer, { name: "x.exe", contentType: "application/x-msdownload", size: 3 }), refusal("invalid"));
  assert.throws(() => attachments.start(customer, { name: "big.png", contentType: "image/png", size: 21 * 1024 * 1024 }), refusal("quota"));
  const a = attachments.start(customer, { name: "a.png", contentType: "image/png", size: 3 });
  assert.throws(() => attachments.complete(customer, a.id), refusal("invalid"), "not uploaded yet");
  assert.throws(() => attachments.upload(a.id, "wrong", "image/png", Buffer.from("abc")), refusal("access-denied"));
  assert.throws(() => attachments.upload(a.id, a.uploadToken, "image/jpeg", Buffer.from("abc")), refusal("access-denied"));
  assert.throws(() => attachments.upload(a.id, a.uploadToken, "image/png", Buffer.from("abcd")), refusal("invalid"));
  attachments.upload(a.id, a.uploadToken, "image/png", Buffer.from("abc"));
  const item = attachments.complete(customer, a.id);
  assert.equal(item.Type, "ATTACHMENT");
  assert.deepEqual(item.Attachments, [{ ContentType: "image/png", AttachmentId: a.id, AttachmentName: "a.png", Status: "APPROVED" }]);
  assert.throws(() => attachments.complete(customer, a.id), refusal("conflict"));
  const grant = attachments.grantDownload(customer, a.id, 5000);
  assert.equal(attachments.download(a.id, grant.token).data?.toString(), "abc");
  await clock.advance(5000);
  assert.throws(() => attachments.download(a.id, grant.token), refusal("access-denied"));
  const stranger = start();
  assert.throws(() => attachments.grantDownload(stranger.customer, a.id, 5000), refusal("invalid"));
  assert.equal(contact.ended, false);
});

/** A fresh runtime seeded like every other, two chats on it, and everything a client is handed. */
function twoChats() {
  const { runtime, start } = setup();
  return [1, 2].map(() => {
    const { contact, customer } = start();
    const { socket, connection } = runtime.chatConnections.connect(customer, { websocket: true, credentials: true, acknowledge: true });
    const message = runtime.chats.send(contact.id, customer.id, "text/plain", "hello");
    const upload = runtime.chatAttachments.start(customer, { name: "a.txt", contentType: "text/plain", size: 1 });
    return {
      ids: { contact: contact.id, participant: customer.id, message: message.Id, attachment: upload.id },
      secrets: { participant: customer.participantToken, connection: connection!.token, ticket: socket!.ticket, upload: upload.uploadToken },
    };
  });
}

test("the same seed hands out the same ids and different secrets: no token can be computed from the seed or from another token", () => {
  const first = twoChats();
  const second = twoChats();
  assert.deepEqual(
    second.map((c) => c.ids),
    first.map((c) => c.ids),
    "contact, participant, message and attachment ids stay seeded",
  );
  const secrets = [...first, ...second].flatMap((c) => Object.values(c.secrets));
  assert.equal(new Set(secrets).size, secrets.length, "every secret is new, across runs and across chats");
  for (const [kind, length] of [["participant", 96], ["connection", 128], ["ticket", 64], ["upload", 48]] as const) {
    assert.match(first[0].secrets[kind], new RegExp(`^[A-Za-z0-9_-]{${length}}$`), kind);
  }
});
