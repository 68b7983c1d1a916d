/** The customer's and agents' side of a chat, over the real Participant API and websocket. */
import { Given, When, Then, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import { agentEventForNeeds, eventForNeeds } from "../support/capabilities-rules.js";
import assert from "node:assert/strict";
import { StartChatContactCommand } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../support/world.js";
import { ChatParticipant, EVENT_TYPES, type ChatItem } from "../support/drivers/chat-participant.js";
import { flowIdOf } from "../support/drivers/setup.js";
import { applyPendingTimeouts } from "../support/drivers/chat-timeouts.js";
import { testCaseStep } from "../support/drivers/test-case-caller.js";

async function startChat(world: FlowsimWorld, flow: string, attributes: Record<string, string> = {}): Promise<void> {
  const { target } = world;
  const res = await target.connect.send(
    new StartChatContactCommand({
      InstanceId: target.instanceId,
      ContactFlowId: await flowIdOf(world, flow),
      ParticipantDetails: { DisplayName: "Customer" },
      Attributes: attributes,
      SupportedMessagingContentTypes: ["text/plain", "text/markdown"],
    }),
  );
  world.currentContactId = res.ContactId!;
  // Before the customer connects, so the timeouts are in force from the first message.
  await applyPendingTimeouts(world);
  const chat = new ChatParticipant("customer", res.ContactId!, res.ParticipantToken!, target.participant, world.frames, target.patienceMs);
  await chat.connect();
  world.chats.set("customer", chat);
  world.contacts.set("customer chat", res.ContactId!);
}

// A chat with programmed answers on staging is a Connect test case (its attributes are the test case's): it starts here.
When("a customer starts a chat on the flow {string}", async function (this: FlowsimWorld, flow: string) {
  const asTestCase = testCaseStep(this);
  if (asTestCase) return asTestCase.chat();
  await startChat(this, flow);
});

When("a customer starts a chat on the flow {string} with the attributes:", async function (this: FlowsimWorld, flow: string, table: DataTable) {
  const asTestCase = testCaseStep(this);
  if (asTestCase) return asTestCase.chat();
  await startChat(this, flow, table.rowsHash());
});

/** "the customer" or "agent Ana". */
function participant(world: FlowsimWorld, who: string): ChatParticipant {
  const agent = /^agent (.+)$/.exec(who);
  return agent ? world.agent(agent[1].replace(/^"|"$/g, "")).chat() : world.chat(who.replace(/^the /, ""));
}

When("the customer sends {string}", async function (this: FlowsimWorld, text: string) {
  if (testCaseStep(this)) return; // an utterance of the scenario's test case
  await participant(this, "customer").send(text);
});

When(...requires(["chat agent"], "agent {string} sends {string}"), async function (this: FlowsimWorld, name: string, text: string) {
  await this.agent(name).chat().send(text);
});

async function expectMessage(chat: ChatParticipant, who: string, text: string | RegExp): Promise<ChatItem> {
  const matches = (i: ChatItem) => i.Type === "MESSAGE" && typeof i.Content === "string" && (typeof text === "string" ? i.Content.includes(text) : text.test(i.Content));
  const item = await chat.waitFor(matches);
  assert.ok(item, `${who} did not receive a message ${typeof text === "string" ? `containing ${JSON.stringify(text)}` : `matching ${text}`}; received:\n${chat.describeItems()}`);
  return item;
}

Then("the customer receives {string}", async function (this: FlowsimWorld, text: string) {
  const asTestCase = testCaseStep(this);
  if (asTestCase) return asTestCase.received();
  await expectMessage(participant(this, "customer"), "the customer", text);
});

/**
 * What the customer whisper flow says: it plays only when routing gives the contact to an
 * agent, which needs the agent's desktop — a custom participant standing in for a chat's
 * agent joins where the chat waits, unrouted, and no whisper plays (capabilities-rules.ts).
 */
Then(...requires(["agent desktop"], "the customer whisper flow tells the customer {string}"), async function (this: FlowsimWorld, text: string) {
  await expectMessage(participant(this, "customer"), "the customer", text);
});

Then("the customer receives a message matching {string}", async function (this: FlowsimWorld, pattern: string) {
  const asTestCase = testCaseStep(this);
  if (asTestCase) return asTestCase.received(new RegExp(pattern));
  await expectMessage(participant(this, "customer"), "the customer", new RegExp(pattern));
});

Then(...requires(["chat agent"], "agent {string} receives {string}"), async function (this: FlowsimWorld, name: string, text: string) {
  await expectMessage(this.agent(name).chat(), `agent ${name}`, text);
});

const NAMED_EVENTS: Record<string, string> = {
  idle: EVENT_TYPES.idle,
  returned: EVENT_TYPES.returned,
  "auto-disconnection": EVENT_TYPES.autoDisconnection,
  "chat ended": EVENT_TYPES.ended,
  joined: EVENT_TYPES.joined,
  left: EVENT_TYPES.left,
  typing: EVENT_TYPES.typing,
};

function eventMatcher(event: string, aboutRole?: string): (i: ChatItem) => boolean {
  const contentType = NAMED_EVENTS[event];
  if (!contentType) throw new Error(`unknown chat event "${event}" (${Object.keys(NAMED_EVENTS).join(", ")})`);
  return (i) => i.ContentType === contentType && (!aboutRole || i.ParticipantRole === aboutRole);
}

Then(...requires(eventForNeeds, "the customer receives the {string} event for the {word}"), async function (this: FlowsimWorld, event: string, role: string) {
  const chat = participant(this, "customer");
  const item = await chat.waitFor(eventMatcher(event, role.toUpperCase()));
  assert.ok(item, `the customer did not receive the ${event} event for the ${role}; received:\n${chat.describeItems()}`);
});

Then(...requires(agentEventForNeeds, "agent {string} receives the {string} event for the {word}"), async function (this: FlowsimWorld, name: string, event: string, role: string) {
  const chat = this.agent(name).chat();
  const item = await chat.waitFor(eventMatcher(event, role.toUpperCase()));
  assert.ok(item, `agent ${name} did not receive the ${event} event for the ${role}; received:\n${chat.describeItems()}`);
});

When("the customer leaves the chat", async function (this: FlowsimWorld) {
  if (testCaseStep(this)) return; // a Disconnect of the scenario's test case
  await participant(this, "customer").disconnect();
});

Then("the chat ends", async function (this: FlowsimWorld) {
  const asTestCase = testCaseStep(this);
  if (asTestCase) return asTestCase.ended();
  const chat = participant(this, "customer");
  const ended = await chat.waitFor((i) => i.ContentType === EVENT_TYPES.ended);
  assert.ok(ended, `the chat did not end; the customer received:\n${chat.describeItems()}`);
});

Then("the chat is still going", async function (this: FlowsimWorld) {
  const chat = participant(this, "customer");
  assert.ok(!chat.ended, `the chat ended; the customer received:\n${chat.describeItems()}`);
});

/** The messages the customer saw, in order (flow messages come from the SYSTEM role). */
Then("the customer's chat transcript is:", async function (this: FlowsimWorld, table: DataTable) {
  const chat = participant(this, "customer");
  const expected = table.hashes().map((r) => `${r.from}: ${r.message}`);
  const actual = chat.items.filter((i) => i.Type === "MESSAGE").map((i) => `${i.ParticipantRole === "SYSTEM" ? "flow" : (i.ParticipantRole ?? "").toLowerCase()}: ${i.Content}`);
  assert.deepEqual(actual, expected);
});
