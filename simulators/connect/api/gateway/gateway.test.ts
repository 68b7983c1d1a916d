import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { chatFixture, GREETING, SocketProbe, type ChatFixture } from "../testing.js";
import type { VirtualClock } from "../../../kernel/clock.js";
import { EVENT } from "../../runtime/chat.js";
import { GATEWAY_PATH } from "./gateway.js";

let fx: ChatFixture;
before(async () => {
  fx = await chatFixture();
});
after(async () => {
  await fx.close();
});

/** The HTTP status an upgrade is refused with. */
function refusedWith(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("open", () => {
      ws.terminate();
      reject(new Error(`the upgrade to ${url} was accepted`));
    });
    ws.once("error", () => undefined);
  });
}

const until = async (check: () => boolean, what: string, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

test("subscribe, heartbeat and ping get the frames ChatJS and the mobile SDKs expect", async () => {
  const c = await fx.startConnectedChat();
  const probe = new SocketProbe(c.url);
  try {
    await probe.opened;
    probe.send({ topic: "aws/subscribe", content: { topics: ["aws/chat"] } });
    probe.send({ topic: "aws/ping" });
    probe.send({ topic: "aws/heartbeat" });
    assert.deepEqual(await probe.waitFor((f) => f.topic === "aws/subscribe"), { topic: "aws/subscribe", content: { status: "success", topics: ["aws/chat"] }, statusCode: 200 });
    assert.deepEqual(await probe.waitFor((f) => f.topic === "aws/ping"), { topic: "aws/ping", statusCode: 200, statusContent: "OK" });
    assert.deepEqual(await probe.waitFor((f) => f.topic === "aws/heartbeat"), { topic: "aws/heartbeat" });
  } finally {
    probe.close();
  }
});

test("heartbeats and pings in any spelling, and several frames in one TCP write, get the same answers in order", async () => {
  const c = await fx.startConnectedChat();
  const probe = await SocketProbe.subscribed(c.url);
  const raw: string[] = [];
  probe.ws.on("message", (data) => raw.push(data.toString()));
  try {
    const spellings = ['{"topic":"aws/heartbeat"}', '{ "topic": "aws/heartbeat" }', '{"content":null,"topic":"aws/heartbeat"}', '{"topic":"aws/ping"}', '{"topic" : "aws/ping", "extra": 1}', '{"topic":"aws/heartbeat"'];
    // Corked, the client's frames leave in one TCP write: the gateway reads them all at once.
    const socket = (probe.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    for (const frame of spellings) probe.send(frame);
    socket.uncork();
    await until(() => raw.length === spellings.length, "an answer to each frame");
    const hb = '{"topic":"aws/heartbeat"}';
    const ping = '{"topic":"aws/ping","statusCode":200,"statusContent":"OK"}';
    assert.deepEqual(raw.slice(0, 5), [hb, hb, hb, ping, ping]);
    assert.equal(JSON.parse(raw[5]).message, "Forbidden");
  } finally {
    probe.close();
  }
});

test("malformed frames get API Gateway's Forbidden and the socket keeps working", async () => {
  const c = await fx.startConnectedChat();
  const probe = await SocketProbe.subscribed(c.url);
  try {
    for (const junk of ["not json", "[1,2]", "null", "42", JSON.stringify({ topic: "aws/nonsense" }), JSON.stringify({ hello: "world" })]) probe.send(junk);
    probe.ws.send(Buffer.from([0, 1, 2]), { binary: true });
    await until(() => probe.frames.filter((f) => f.message === "Forbidden").length === 7, "seven Forbidden frames");
    for (const f of probe.frames.filter((x) => x.message === "Forbidden")) {
      assert.equal(typeof f.connectionId, "string");
      assert.equal(typeof f.requestId, "string");
    }
    probe.send({ topic: "aws/subscribe", content: { topics: ["aws/other"] } });
    assert.deepEqual((await probe.waitFor((f) => f.topic === "aws/subscribe" && (f.content as { status: string }).status === "failure")).content, { status: "failure", topics: ["aws/other"] });
    probe.send({ topic: "aws/subscribe" });
    await until(() => probe.frames.filter((f) => f.topic === "aws/subscribe" && (f.content as { status: string }).status === "failure").length === 2, "a second failure ack");
    const sent = await fx.participant.send(new SendMessageCommand({ ConnectionToken: c.connectionToken, ContentType: "text/plain", Content: "still alive" }));
    await probe.waitForItem((i) => i.Id === sent.Id);
  } finally {
    probe.close();
  }
});

test("an oversized frame closes that socket only", async () => {
  const c = await fx.startConnectedChat();
  const big = await SocketProbe.subscribed(c.url);
  const other = await SocketProbe.subscribed(c.url);
  try {
    big.send("x".repeat(200 * 1024));
    const closed = await big.closed;
    assert.equal(closed.code, 1009);
    const sent = await fx.participant.send(new SendMessageCommand({ ConnectionToken: c.connectionToken, ContentType: "text/plain", Content: "after" }));
    await other.waitForItem((i) => i.Id === sent.Id);
  } finally {
    big.close();
    other.close();
  }
});

test("items reach subscribed sockets only, from subscription on; unsubscribing stops them", async () => {
  // The customer's initial message (and its joining) precede every socket; the flow waits for the first subscription.
  const c = await fx.startConnectedChat({ InitialMessage: { ContentType: "text/plain", Content: "before any socket" } });
  const quiet = new SocketProbe(c.url);
  await quiet.opened;
  const listening = await SocketProbe.subscribed(c.url);
  try {
    // The flow started at that subscription, so its greeting arrives live, after the ack.
    await listening.waitForItem((i) => i.Content === GREETING);
    const ack = listening.frames.findIndex((f) => f.topic === "aws/subscribe");
    const greeting = listening.frames.findIndex((f) => f.topic === "aws/chat" && (f.content as string).includes(GREETING));
    assert.ok(ack < greeting, "the greeting is pushed after the subscription is acknowledged");
    const first = await fx.participant.send(new SendMessageCommand({ ConnectionToken: c.connectionToken, ContentType: "text/plain", Content: "one" }));
    await listening.waitForItem((i) => i.Id === first.Id);
    assert.equal(quiet.items().length, 0);
    assert.ok(!listening.items().some((i) => i.Content === "before any socket"), "the initial message came before the subscription");
    assert.ok(!listening.items().some((i) => i.ContentType === EVENT.joined), "the customer joined before the subscription");
    assert.deepEqual(listening.items().map((i) => i.Content), [GREETING, "one"]);
    listening.send({ topic: "aws/unsubscribe", content: { topics: ["aws/chat"] } });
    await listening.waitFor((f) => f.topic === "aws/unsubscribe");
    await fx.participant.send(new SendMessageCommand({ ConnectionToken: c.connectionToken, ContentType: "text/plain", Content: "two" }));
    listening.send({ topic: "aws/heartbeat" });
    await listening.waitFor((f) => f.topic === "aws/heartbeat");
    assert.ok(!listening.items().some((i) => i.Content === "two"));
  } finally {
    quiet.close();
    listening.close();
  }
});

test("upgrades: wrong path 404; unknown or expired URL 403 (a URL admits sockets for 100 s of simulator time)", async () => {
  const c = await fx.startConnectedChat();
  const base = fx.sim.endpoint.replace(/^http/, "ws");
  assert.equal(await refusedWith(`${base}/ws/elsewhere?AuthToken=x`), 404);
  assert.equal(await refusedWith(`${base}${GATEWAY_PATH}?AuthToken=forged`), 403);
  assert.equal(await refusedWith(`${base}${GATEWAY_PATH}`), 403);
  const clock = fx.sim.runtime.clock as VirtualClock;
  await clock.advance(99_000);
  const stillOk = new SocketProbe(c.url);
  await stillOk.opened;
  stillOk.close();
  await clock.advance(1_000);
  assert.equal(await refusedWith(c.url), 403);
  // A fresh CreateParticipantConnection gives a fresh URL.
  const again = await fx.connectParticipant(c.chat.ParticipantToken);
  const fresh = new SocketProbe(again.url);
  await fresh.opened;
  fresh.close();
});

test("when the chat ends: chat.ended is pushed, sockets close after a moment, new upgrades are refused", async () => {
  const c = await fx.startConnectedChat();
  const probe = await SocketProbe.subscribed(c.url);
  const second = await fx.connectParticipant(c.chat.ParticipantToken);
  try {
    await fx.sim.runtime.disconnect(fx.sim.runtime.findContact(c.chat.ContactId)!, "stopped by the test");
    await probe.waitForItem((i) => i.ContentType === EVENT.ended);
    const closed = await probe.closed;
    assert.equal(closed.code, 1000);
    assert.equal(closed.reason, "Chat ended");
    assert.equal(await refusedWith(second.url), 403);
    assert.equal(fx.sim.gateway.openSockets(c.chat.ContactId), 0);
  } finally {
    probe.close();
  }
});

test("a socket that stops reading is dropped without holding up the runtime", async () => {
  const c = await fx.startConnectedChat();
  const slow = await SocketProbe.subscribed(c.url);
  const healthy = await SocketProbe.subscribed(c.url);
  try {
    // Stop reading at the TCP level: the server's send buffer for this socket can only grow.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const payload = "y".repeat(15_000);
    // In batches, letting the healthy socket (in this same process) read each one before the next.
    for (let batch = 0; batch < 40 && fx.sim.gateway.openSockets(c.chat.ContactId) === 2; batch++) {
      const started = Date.now();
      let last = "";
      for (let i = 0; i < 100; i++) last = fx.sim.runtime.chats.systemMessage(c.chat.ContactId, payload).Id;
      assert.ok(Date.now() - started < 2000, "posting never waits on a socket");
      await healthy.waitForItem((item) => item.Id === last, 10_000);
    }
    await until(() => fx.sim.gateway.openSockets(c.chat.ContactId) === 1, "the slow socket to be dropped", 10_000);
    assert.equal(healthy.ws.readyState, WebSocket.OPEN);
    const sent = await fx.participant.send(new SendMessageCommand({ ConnectionToken: c.connectionToken, ContentType: "text/plain", Content: "healthy still hears" }));
    await healthy.waitForItem((i) => i.Id === sent.Id, 10_000);
  } finally {
    slow.close();
    healthy.close();
  }
});
