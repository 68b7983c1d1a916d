/** A custom bot in the chat (CreateParticipant with the role CUSTOM_BOT) and what it sees. */
import { When, Then } from "@cucumber/cucumber";
import assert from "node:assert/strict";
import type { FlowsimWorld } from "../support/world.js";
import { isShutOut, type ChatItem } from "../support/drivers/chat-participant.js";
import { CustomBot, customBot } from "../support/drivers/custom-bot.js";
import { eventContentType, isEvent, participantRole } from "../support/drivers/chat-events.js";

When("a custom bot {string} joins the chat", async function (this: FlowsimWorld, name: string) {
  await CustomBot.join(this, name);
});

When("the custom bot {string} sends {string}", async function (this: FlowsimWorld, name: string, text: string) {
  await customBot(this, name).chat.send(text);
});

When("the custom bot {string} leaves the chat", async function (this: FlowsimWorld, name: string) {
  await customBot(this, name).chat.disconnect();
});

Then("the custom bot {string} receives the {string} event for the {word}", async function (this: FlowsimWorld, name: string, event: string, role: string) {
  const { chat } = customBot(this, name);
  const item = await chat.waitFor(isEvent(event, participantRole(role)));
  assert.ok(item, `the custom bot ${name} did not receive the ${event} event for the ${role}; received:\n${chat.describeItems()}`);
});

/** The event names the bot: its ParticipantId (the one CreateParticipant returned). */
Then("the customer receives the {string} event for the custom bot {string}", async function (this: FlowsimWorld, event: string, name: string) {
  const bot = customBot(this, name);
  const customer = this.chat("customer");
  const contentType = eventContentType(event);
  const item = await customer.waitFor((i) => i.ContentType === contentType && i.ParticipantId === bot.participantId);
  assert.ok(item, `the customer did not receive the ${event} event for the custom bot ${name}; received:\n${customer.describeItems()}`);
  assert.equal(item.ParticipantRole, "CUSTOM_BOT", `the ${event} event for ${name} names the role ${item.ParticipantRole}`);
});

Then("the custom bot {string} has not received the {string} event", async function (this: FlowsimWorld, name: string, event: string) {
  const { chat } = customBot(this, name);
  await chat.flush();
  const got = chat.items.filter(isEvent(event));
  assert.equal(got.length, 0, `the custom bot ${name} received the ${event} event; received:\n${chat.describeItems()}`);
});

const leftEvent = (participantId: string) => (i: ChatItem) => isEvent("left")(i) && i.ParticipantId === participantId;

/** The customer saw the bot leave, and the bot's connection no longer works. */
Then("the custom bot {string} has been disconnected", async function (this: FlowsimWorld, name: string) {
  const bot = customBot(this, name);
  const customer = this.chat("customer");
  const left = await customer.waitFor(leftEvent(bot.participantId));
  assert.ok(left, `the customer did not see the custom bot ${name} leave; received:\n${customer.describeItems()}`);
  const refused = await bot.chat.send("Are you still there?").then(
    () => undefined,
    (err: unknown) => err,
  );
  assert.ok(refused, `the custom bot ${name} can still send messages to the chat`);
  assert.ok(isShutOut(refused), `the disconnected custom bot ${name} sending a message was refused otherwise than with 403: ${String(refused)}`);
});

Then("the custom bot {string} is still in the chat", async function (this: FlowsimWorld, name: string) {
  const bot = customBot(this, name);
  const customer = this.chat("customer");
  await customer.flush();
  assert.ok(!customer.items.some(leftEvent(bot.participantId)), `the custom bot ${name} has left the chat; the customer received:\n${customer.describeItems()}`);
});
