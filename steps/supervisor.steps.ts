/** A supervisor monitoring a chat, barging in, and what the others see of it (simulator only). */
import { Given, When, Then } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import type { FlowsimWorld } from "../support/world.js";
import { Supervisor, supervisor } from "../support/drivers/supervisor.js";
import { EVENT_TYPES, isShutOut } from "../support/drivers/chat-participant.js";
import { isEvent } from "../support/drivers/chat-events.js";

Given(...requires(["supervisor"], "a supervisor {string}"), async function (this: FlowsimWorld, name: string) {
  await Supervisor.create(this, name);
});

/** Silent monitoring of the scenario's chat: the customer and the agent are not told. */
When(...requires(["supervisor"], "supervisor {string} monitors the chat"), async function (this: FlowsimWorld, name: string) {
  await supervisor(this, name).monitor(this.contactId);
});

When(...requires(["supervisor"], "supervisor {string} barges in"), async function (this: FlowsimWorld, name: string) {
  await supervisor(this, name).bargeIn();
});

When(...requires(["supervisor"], "supervisor {string} sends {string}"), async function (this: FlowsimWorld, name: string, text: string) {
  await supervisor(this, name).chat().send(text);
});

When(...requires(["supervisor"], "supervisor {string} stops monitoring"), async function (this: FlowsimWorld, name: string) {
  await supervisor(this, name).stopMonitoring();
});

Then(...requires(["supervisor"], "supervisor {string} receives {string}"), async function (this: FlowsimWorld, name: string, text: string) {
  const chat = supervisor(this, name).chat();
  const item = await chat.waitFor((i) => i.Type === "MESSAGE" && typeof i.Content === "string" && i.Content.includes(text));
  assert.ok(item, `supervisor ${name} did not receive a message containing ${JSON.stringify(text)}; received:\n${chat.describeItems()}`);
});

/** Nothing the customer received (websocket or transcript) names the supervisor. */
Then(...requires(["supervisor"], "the customer has not seen supervisor {string}"), async function (this: FlowsimWorld, name: string) {
  const { participantId } = supervisor(this, name);
  const customer = this.chat("customer");
  await customer.flush();
  const seen = [...customer.items, ...(customer.ended ? [] : await customer.transcript())].filter((i) => i.ParticipantId === participantId || i.ParticipantRole === "SUPERVISOR");
  assert.equal(seen.length, 0, `the customer saw supervisor ${name}; received:\n${customer.describeItems()}`);
});

Then(...requires(["supervisor"], "the customer sees supervisor {string} join the chat"), async function (this: FlowsimWorld, name: string) {
  const { participantId } = supervisor(this, name);
  const customer = this.chat("customer");
  const joined = await customer.waitFor((i) => i.ContentType === EVENT_TYPES.joined && i.ParticipantId === participantId);
  assert.ok(joined, `the customer did not see supervisor ${name} join; received:\n${customer.describeItems()}`);
  assert.equal(joined.ParticipantRole, "SUPERVISOR", `supervisor ${name} joined as ${joined.ParticipantRole}`);
  assert.equal(joined.DisplayName, name, `supervisor ${name} is shown to the customer as ${joined.DisplayName}`);
});

Then(...requires(["supervisor"], "supervisor {string} has not received the {string} event"), async function (this: FlowsimWorld, name: string, event: string) {
  const chat = supervisor(this, name).chat();
  await chat.flush();
  const got = chat.items.filter(isEvent(event));
  assert.equal(got.length, 0, `supervisor ${name} received the ${event} event; received:\n${chat.describeItems()}`);
});

/** The supervisor was told it left, and its connection no longer works. */
Then(...requires(["supervisor"], "supervisor {string} has been disconnected"), async function (this: FlowsimWorld, name: string) {
  const watcher = supervisor(this, name);
  const chat = watcher.chat();
  const left = await chat.waitFor((i) => i.ContentType === EVENT_TYPES.left && i.ParticipantId === watcher.participantId);
  assert.ok(left, `supervisor ${name} was not told it left the chat; received:\n${chat.describeItems()}`);
  // Typing: the one thing a silent supervisor may send, so only leaving makes it fail.
  const refused = await chat.sendEvent(EVENT_TYPES.typing).then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(refused, `supervisor ${name} is still connected to the chat`);
  assert.ok(isShutOut(refused), `the disconnected supervisor ${name} typing was refused otherwise than with 403: ${String(refused)}`);
});
