/**
 * The real amazon-connect-chatjs customer session hears the chat timers set with
 * UpdateParticipantRoleConfig: onParticipantIdle, onParticipantReturned and
 * onAutoDisconnection, driven by the simulator's clock (no hand-made events). The Node shims
 * are the protocol reference's (§4.2), installed by chatjs-testing.ts.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { UpdateParticipantRoleConfigCommand } from "@aws-sdk/client-connect";
import { chatFixture, virtualClock, type ChatFixture } from "../testing.js";
import { chatjs, connectCustomer } from "../chatjs-testing.js";
import type { VirtualClock } from "../../../kernel/clock.js";
import { EVENT } from "../../runtime/chat.js";

const MIN = 60_000;
/** Only these are recorded: the order of the timer callbacks is what the test checks. */
const CALLBACKS = ["onMessage", "onParticipantIdle", "onParticipantReturned", "onAutoDisconnection", "onEnded"] as const;

let fx: ChatFixture;
let clock: VirtualClock;
before(async () => {
  fx = await chatFixture();
  clock = virtualClock(fx.sim);
  chatjs.ChatSession.setGlobalConfig({ region: "us-east-1", endpoint: fx.sim.endpoint, webSocketManagerConfig: { isNetworkOnline: () => true } });
});
after(async () => {
  await fx.close();
});

test("ChatJS: onParticipantIdle, onParticipantReturned and onAutoDisconnection fire from the timers UpdateParticipantRoleConfig set", async () => {
  const chat = await fx.startChat();
  await fx.client.send(
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
  const { session, events } = await connectCustomer(fx, chat, { callbacks: CALLBACKS });

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
