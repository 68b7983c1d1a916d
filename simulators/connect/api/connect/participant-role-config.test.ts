import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { UpdateParticipantRoleConfigCommand, type ParticipantTimerConfiguration } from "@aws-sdk/client-connect";
import { GetTranscriptCommand, SendMessageCommand } from "@aws-sdk/client-connectparticipant";
import { chatFixture, expectError, virtualClock, SocketProbe, type ChatFixture } from "../testing.js";
import type { VirtualClock } from "../../../kernel/clock.js";
import { EVENT, type ChatItem } from "../../runtime/chat.js";

const MIN = 60_000;
const TIMER_EVENTS: string[] = [EVENT.idle, EVENT.returned, EVENT.autoDisconnection];

let fx: ChatFixture;
let clock: VirtualClock;
before(async () => {
  fx = await chatFixture();
  clock = virtualClock(fx.sim);
});
after(async () => {
  await fx.close();
});

function update(contactId: string, timers: ParticipantTimerConfiguration[], instanceId = fx.sim.instanceId) {
  return fx.client.send(new UpdateParticipantRoleConfigCommand({ InstanceId: instanceId, ContactId: contactId, ChannelConfiguration: { Chat: { ParticipantTimerConfigList: timers } } }));
}

const minutes = (role: "CUSTOMER" | "AGENT", type: "IDLE" | "DISCONNECT_NONCUSTOMER", n: number): ParticipantTimerConfiguration => ({ ParticipantRole: role, TimerType: type, TimerValue: { ParticipantTimerDurationInMinutes: n } });

/** A chat with the customer's socket open and an agent joined with its own socket. */
async function chatWithAgent() {
  const chat = await fx.startChat();
  const customer = await fx.connectParticipant(chat.ParticipantToken);
  const customerSocket = await SocketProbe.subscribed(customer.url);
  const agent = fx.sim.runtime.chats.join(chat.ContactId, { role: "AGENT", displayName: "Agent Ana", userId: "ana" });
  const agentConnection = await fx.connectParticipant(agent.participantToken, true);
  const agentSocket = await SocketProbe.subscribed(agentConnection.url);
  return { chat, customer, customerSocket, agent, agentConnection, agentSocket };
}

const timerItems = (socket: SocketProbe) => socket.items().filter((i) => TIMER_EVENTS.includes(i.ContentType));
const isType = (type: string, participantId?: string) => (i: ChatItem) => i.ContentType === type && (!participantId || i.ParticipantId === participantId);

test("UpdateParticipantRoleConfig drives the chat timers: idle, returned, then auto-disconnection over the websockets", async () => {
  const { chat, customer, customerSocket, agent, agentSocket } = await chatWithAgent();
  try {
    // Set after the agent joined: stored, but the agent's interaction has no timers.
    const out = await update(chat.ContactId, [minutes("CUSTOMER", "IDLE", 2), minutes("CUSTOMER", "DISCONNECT_NONCUSTOMER", 3)]);
    assert.equal(out.$metadata.httpStatusCode, 200);
    await clock.advance(10 * MIN);
    assert.deepEqual(fx.sim.runtime.chatTimers.running(chat.ContactId), []);
    // A new agent interaction takes the stored configuration.
    fx.sim.runtime.chats.leave(chat.ContactId, agent.id, "the agent left");
    const next = fx.sim.runtime.chats.join(chat.ContactId, { role: "AGENT", displayName: "Agent Ben", userId: "ben" });
    const nextSocket = await SocketProbe.subscribed((await fx.connectParticipant(next.participantToken, true)).url);
    try {
      await clock.advance(2 * MIN);
      const idle = await customerSocket.waitForItem(isType(EVENT.idle));
      assert.equal(idle.Type, "EVENT");
      assert.equal(idle.ParticipantId, chat.ParticipantId);
      assert.equal(idle.ParticipantRole, "CUSTOMER");
      assert.equal(idle.DisplayName, "Customer");
      assert.equal(idle.ContactId, chat.ContactId);
      assert.equal(idle.InitialContactId, chat.ContactId);
      await nextSocket.waitForItem(isType(EVENT.idle, chat.ParticipantId));

      await fx.participant.send(new SendMessageCommand({ ConnectionToken: customer.connectionToken, ContentType: "text/plain", Content: "sorry, I'm back" }));
      const returned = await customerSocket.waitForItem(isType(EVENT.returned));
      assert.equal(returned.ParticipantId, chat.ParticipantId);
      await nextSocket.waitForItem(isType(EVENT.returned, chat.ParticipantId));

      await clock.advance(2 * MIN);
      await clock.advance(3 * MIN);
      const gone = await customerSocket.waitForItem(isType(EVENT.autoDisconnection));
      assert.equal(gone.ParticipantId, next.id, "the event names the agent it disconnected");
      assert.equal(gone.ParticipantRole, "AGENT");
      assert.equal(gone.DisplayName, "Agent Ben");
      await customerSocket.waitForItem(isType(EVENT.left, next.id));
      assert.deepEqual(
        timerItems(customerSocket).map((i) => i.ContentType.split(".").pop()),
        ["idle", "returned", "idle", "autodisconnection"],
      );
      // The agent's own socket hears its participant.left, which comes after the announcement: no announcement reached it.
      await nextSocket.waitForItem(isType(EVENT.left, next.id));
      assert.deepEqual(timerItems(nextSocket).map((i) => i.ContentType.split(".").pop()), ["idle", "returned", "idle"]);
      assert.deepEqual(timerItems(agentSocket), [], "the first agent left before any timer ran");

      const transcript = await fx.participant.send(new GetTranscriptCommand({ ConnectionToken: customer.connectionToken, MaxResults: 100, SortOrder: "ASCENDING" }));
      const types = transcript.Transcript!.map((i) => i.ContentType!);
      assert.ok(!types.some((t) => TIMER_EVENTS.includes(t)), `not stored: ${types.join(", ")}`);
      assert.ok(types.includes(EVENT.left));
    } finally {
      nextSocket.close();
    }
  } finally {
    customerSocket.close();
    agentSocket.close();
  }
});

test("UpdateParticipantRoleConfig: the agent's own timers; Unset removes one", async () => {
  const chat = await fx.startChat();
  await update(chat.ContactId, [minutes("AGENT", "IDLE", 480), minutes("AGENT", "DISCONNECT_NONCUSTOMER", 2), minutes("CUSTOMER", "IDLE", 2)]);
  await update(chat.ContactId, [{ ParticipantRole: "CUSTOMER", TimerType: "IDLE", TimerValue: { ParticipantTimerAction: "Unset" } }]);
  assert.deepEqual(fx.sim.runtime.chatTimers.configuration(chat.ContactId), { CUSTOMER: {}, AGENT: { IDLE: 480, DISCONNECT_NONCUSTOMER: 2 } });
  const customerSocket = await SocketProbe.subscribed((await fx.connectParticipant(chat.ParticipantToken)).url);
  const agent = fx.sim.runtime.chats.join(chat.ContactId, { role: "AGENT", displayName: "Agent Cy", userId: "cy" });
  const agentSocket = await SocketProbe.subscribed((await fx.connectParticipant(agent.participantToken, true)).url);
  try {
    await clock.advance(480 * MIN);
    const idle = await agentSocket.waitForItem(isType(EVENT.idle));
    assert.equal(idle.ParticipantId, agent.id, "the agent hears its own idle event");
    await customerSocket.waitForItem(isType(EVENT.idle, agent.id));
    await clock.advance(2 * MIN);
    await customerSocket.waitForItem(isType(EVENT.autoDisconnection, agent.id));
    await agentSocket.waitForItem(isType(EVENT.left, agent.id));
    assert.deepEqual(timerItems(agentSocket).map((i) => [i.ContentType.split(".").pop(), i.ParticipantId]), [["idle", agent.id]]);
    assert.deepEqual(timerItems(customerSocket).map((i) => [i.ContentType.split(".").pop(), i.ParticipantId]), [["idle", agent.id], ["autodisconnection", agent.id]], "the customer's idle timer was unset");
  } finally {
    customerSocket.close();
    agentSocket.close();
  }
});

test("UpdateParticipantRoleConfig: 2 and 480 minutes pass; 1 and 481 are InvalidParameterException in the service's words", async () => {
  const chat = await fx.startChat();
  await update(chat.ContactId, [minutes("CUSTOMER", "IDLE", 2), minutes("AGENT", "IDLE", 480)]);
  await expectError(update(chat.ContactId, [minutes("CUSTOMER", "IDLE", 1)]), "InvalidParameterException", 400, /Value '1' at 'channelConfiguration\.chat\.participantTimerConfigList\.1\.member\.timerValue\.participantTimerDurationInMinutes' failed to satisfy constraint: Member must have value greater than or equal to 2/);
  await expectError(update(chat.ContactId, [minutes("CUSTOMER", "IDLE", 3), minutes("AGENT", "IDLE", 481)]), "InvalidParameterException", 400, /Value '481' at '.*participantTimerConfigList\.2\.member\.timerValue\.participantTimerDurationInMinutes' failed to satisfy constraint: Member must have value less than or equal to 480/);
  await expectError(update(chat.ContactId, [minutes("CUSTOMER", "IDLE", 0), minutes("AGENT", "IDLE", 1000)]), "InvalidParameterException", 400, /^2 validation errors detected/);
  assert.deepEqual(fx.sim.runtime.chatTimers.configuration(chat.ContactId), { CUSTOMER: { IDLE: 2 }, AGENT: { IDLE: 480 } }, "refused requests change nothing");
});

test("UpdateParticipantRoleConfig: malformed lists, unions and enums are refused", async () => {
  const chat = await fx.startChat();
  await expectError(update(chat.ContactId, [minutes("AGENT", "IDLE", 3), minutes("AGENT", "IDLE", 4)]), "InvalidRequestException", 400, /AGENT with TimerType IDLE more than once/);
  await expectError(
    update(chat.ContactId, [{ ParticipantRole: "CUSTOMER", TimerType: "IDLE", TimerValue: { ParticipantTimerDurationInMinutes: 5, ParticipantTimerAction: "Unset" } as never }]),
    "InvalidParameterException",
    400,
    /timerValue' failed to satisfy constraint: exactly one of ParticipantTimerAction, ParticipantTimerDurationInMinutes must be set \(got 2\)/,
  );
  await expectError(update(chat.ContactId, [{ ParticipantRole: "CUSTOMER", TimerType: "IDLE", TimerValue: {} as never }]), "InvalidParameterException", 400, /exactly one of .* \(got 0\)/);
  await expectError(update(chat.ContactId, [{ ParticipantRole: "CUSTOMER", TimerType: "IDLE", TimerValue: { ParticipantTimerAction: "Delete" as never } }]), "InvalidParameterException", 400, /Value 'Delete' at .*participantTimerAction' failed to satisfy constraint: Member must satisfy enum value set: \[Unset\]/);
  await expectError(update(chat.ContactId, [{ ParticipantRole: "SUPERVISOR" as never, TimerType: "IDLE", TimerValue: { ParticipantTimerDurationInMinutes: 5 } }]), "InvalidParameterException", 400, /Value 'SUPERVISOR' at .*participantRole' failed to satisfy constraint: Member must satisfy enum value set: \[CUSTOMER, AGENT\]/);
  await expectError(update(chat.ContactId, [{ ParticipantRole: "AGENT", TimerValue: { ParticipantTimerDurationInMinutes: 5 } } as never]), "InvalidParameterException", 400, /Value null at .*timerType' failed to satisfy constraint: Member must not be null/);
  await expectError(update(chat.ContactId, []), "InvalidParameterException", 400, /participantTimerConfigList' failed to satisfy constraint: Member must have length greater than or equal to 1/);
  const seven = Array.from({ length: 7 }, () => minutes("AGENT", "IDLE", 3));
  await expectError(update(chat.ContactId, seven), "InvalidParameterException", 400, /Member must have length less than or equal to 6/);
  await expectError(fx.client.send(new UpdateParticipantRoleConfigCommand({ InstanceId: fx.sim.instanceId, ContactId: chat.ContactId, ChannelConfiguration: undefined })), "InvalidParameterException", 400, /Value null at 'channelConfiguration' failed to satisfy constraint: Member must not be null/);
  await expectError(fx.client.send(new UpdateParticipantRoleConfigCommand({ InstanceId: fx.sim.instanceId, ContactId: chat.ContactId, ChannelConfiguration: { Chat: {} as never } })), "InvalidParameterException", 400, /Value null at 'channelConfiguration\.chat\.participantTimerConfigList' failed to satisfy constraint: Member must not be null/);
  assert.deepEqual(fx.sim.runtime.chatTimers.configuration(chat.ContactId), { CUSTOMER: {}, AGENT: {} });
});

test("UpdateParticipantRoleConfig: unknown instance or contact, or a contact that is not a chat, is ResourceNotFoundException; an ended chat is InvalidRequestException", async () => {
  const chat = await fx.startChat();
  const timers = [minutes("CUSTOMER", "IDLE", 5)];
  await expectError(update("00000000-0000-4000-8000-000000000000", timers), "ResourceNotFoundException", 404, /Contact not found/);
  await expectError(update(chat.ContactId, timers, "99999999-0000-4000-8000-000000000000"), "ResourceNotFoundException", 404, /Instance not found/);
  const task = fx.sim.runtime.startContact({ channel: "TASK", flow: fx.flowId });
  await expectError(update(task.id, timers), "ResourceNotFoundException", 404, /task contact; participant timers apply to chats/);
  await fx.sim.runtime.disconnect(fx.sim.runtime.findContact(chat.ContactId)!, "test");
  await expectError(update(chat.ContactId, timers), "InvalidRequestException", 400, /has ended/);
});
