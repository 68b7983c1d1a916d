/**
 * The real amazon-connect-chatjs customer session hears the chat timers set with
 * UpdateParticipantRoleConfig: onParticipantIdle, onParticipantReturned and
 * onAutoDisconnection, driven by the simulator's clock (no hand-made events). The Node shims
 * are the protocol reference's (§4.2); this file runs in its own process.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import WebSocket from "ws";
import { UpdateParticipantRoleConfigCommand } from "@aws-sdk/client-connect";
import { chatFixture, type ChatFixture } from "../participant/test-support.js";
import { VirtualClock } from "../../runtime/clock.js";
import { EVENT } from "../../runtime/chat.js";

const g = globalThis as Record<string, unknown>;
g.self = globalThis;
g.window = globalThis;
Object.defineProperty(globalThis, "navigator", { value: { userAgent: "node", onLine: true }, configurable: true, writable: true });
g.WebSocket = WebSocket;
createRequire(import.meta.url)("amazon-connect-chatjs");

interface ChatJsEvent {
  data: { Id?: string; Type?: string; ContentType?: string; ParticipantRole?: string; ParticipantId?: string; DisplayName?: string };
}
interface CustomerSession {
  connect(): Promise<{ connectSuccess: boolean }>;
  sendMessage(args: { contentType: string; message: string }): Promise<{ data: { Id: string } }>;
  [callback: `on${string}`]: (handler: (event: ChatJsEvent) => void) => void;
}
const chatjs = g.connect as { ChatSession: { setGlobalConfig(config: Record<string, unknown>): void; create(args: Record<string, unknown>): CustomerSession } };

const WAIT_MS = 10_000;
const MIN = 60_000;
const CALLBACKS = ["onMessage", "onParticipantIdle", "onParticipantReturned", "onAutoDisconnection", "onEnded"] as const;
type Callback = (typeof CALLBACKS)[number];

/** Every ChatJS callback in order, with a way to await the next matching one. */
class Recorder {
  readonly seen: { callback: Callback; event: ChatJsEvent }[] = [];
  private waiters: { callback: Callback; match: (e: ChatJsEvent) => boolean; resolve: (e: ChatJsEvent) => void }[] = [];

  constructor(session: CustomerSession) {
    for (const callback of CALLBACKS) {
      session[callback]((event) => {
        this.seen.push({ callback, event });
        for (const w of [...this.waiters]) {
          if (w.callback === callback && w.match(event)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(event);
          }
        }
      });
    }
  }

  next(callback: Callback, match: (e: ChatJsEvent) => boolean = () => true): Promise<ChatJsEvent> {
    const seen = this.seen.find((s) => s.callback === callback && match(s.event));
    if (seen) return Promise.resolve(seen.event);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ChatJS did not call ${callback} within ${WAIT_MS} ms; calls so far: ${this.seen.map((s) => `${s.callback}(${s.event?.data?.ContentType ?? ""})`).join(", ")}`)), WAIT_MS);
      this.waiters.push({ callback, match, resolve: (e) => (clearTimeout(timer), resolve(e)) });
    });
  }

  count(callback: Callback): number {
    return this.seen.filter((s) => s.callback === callback).length;
  }
}

let fx: ChatFixture;
let clock: VirtualClock;
before(async () => {
  fx = await chatFixture();
  assert.ok(fx.sim.runtime.clock instanceof VirtualClock);
  clock = fx.sim.runtime.clock;
  chatjs.ChatSession.setGlobalConfig({ region: "us-east-1", endpoint: fx.sim.endpoint, webSocketManagerConfig: { isNetworkOnline: () => true } });
});
after(async () => {
  await fx.close();
});

test("ChatJS: onParticipantIdle, onParticipantReturned and onAutoDisconnection fire from the timers UpdateParticipantRoleConfig set", async () => {
  const chat = await fx.startChat();
  await fx.connect.send(
    new UpdateParticipantRoleConfigCommand({
      InstanceId: fx.sim.instanceId,
      ContactId: chat.ContactId,
      ChannelConfiguration: {
        Chat: {
          ParticipantTimerConfigList: [
            { ParticipantRole: "CUSTOMER", TimerType: "IDLE", TimerValue: { ParticipantTimerDurationInMinutes: 2 } },
            { ParticipantRole: "CUSTOMER", TimerType: "DISCONNECT_NONCUSTOMER", TimerValue: { ParticipantTimerDurationInMinutes: 3 } },
          ],
        },
      },
    }),
  );
  const session = chatjs.ChatSession.create({
    chatDetails: { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken },
    type: "CUSTOMER",
    options: { region: "us-east-1" },
    disableCSM: true,
  });
  const events = new Recorder(session);
  const subscribed = fx.sim.gateway.whenSubscribed(chat.ParticipantId);
  assert.equal((await session.connect()).connectSuccess, true);
  await subscribed;

  await clock.advance(30 * MIN);
  assert.equal(events.count("onParticipantIdle"), 0, "no agent yet: no timers");
  const agent = fx.sim.runtime.chats.join(chat.ContactId, { role: "AGENT", displayName: "Agent Smith" });
  await events.next("onMessage", (e) => e.data.ContentType === EVENT.joined && e.data.ParticipantId === agent.id);

  await clock.advance(2 * MIN);
  const idle = await events.next("onParticipantIdle");
  assert.equal(idle.data.ParticipantId, chat.ParticipantId);
  assert.equal(idle.data.ParticipantRole, "CUSTOMER");
  assert.equal(idle.data.ContentType, EVENT.idle);

  await session.sendMessage({ contentType: "text/plain", message: "I'm back" });
  const returned = await events.next("onParticipantReturned");
  assert.equal(returned.data.ParticipantId, chat.ParticipantId);

  await clock.advance(2 * MIN);
  await events.next("onParticipantIdle", (e) => e !== idle);
  assert.equal(events.count("onAutoDisconnection"), 0, "the auto-disconnect timer starts at the idle mark");
  await clock.advance(3 * MIN);
  const auto = await events.next("onAutoDisconnection");
  assert.equal(auto.data.ParticipantId, agent.id);
  assert.equal(auto.data.ParticipantRole, "AGENT");
  assert.equal(auto.data.DisplayName, "Agent Smith");
  await events.next("onMessage", (e) => e.data.ContentType === EVENT.left && e.data.ParticipantId === agent.id);
  assert.deepEqual(
    events.seen.filter((s) => s.callback !== "onMessage").map((s) => s.callback),
    ["onParticipantIdle", "onParticipantReturned", "onParticipantIdle", "onAutoDisconnection"],
  );
  assert.equal(events.count("onEnded"), 0, "the customer stays in the chat");
});
