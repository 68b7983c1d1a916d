/**
 * What agents do in their workspace (simulator only: on staging there is no agent to drive,
 * though a custom participant may join a chat for one: support/drivers/agent-stand-in.ts).
 */
import { When, Then, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import { acceptNeeds } from "../support/capabilities-rules.js";
import assert from "node:assert/strict";
import type { FlowsimWorld } from "../support/world.js";

When(...requires(acceptNeeds, "agent {string} accepts the {word}"), async function (this: FlowsimWorld, name: string, what: string) {
  const channel = { chat: "CHAT", task: "TASK", call: "VOICE", contact: undefined }[what];
  if (channel === undefined && what !== "contact") throw new Error(`agent can accept a chat, task, call or contact — not "${what}"`);
  const contact = await this.agent(name).accept(channel);
  this.contacts.set(`${contact.channel.toLowerCase()} with agent ${name}`, contact.contactId);
  if (contact.channel === "TASK") this.currentContactId = contact.contactId;
});

When(...requires(["agent desktop"], "agent {string} rejects the offered contact"), async function (this: FlowsimWorld, name: string) {
  await this.agent(name).reject();
});

// What follows an agent's leaving (the disconnect flow, after-contact work) follows a human agent only: a custom participant just leaves.
When(...requires(["agent desktop"], "agent {string} leaves the chat"), async function (this: FlowsimWorld, name: string) {
  await this.agent(name).leave();
});

When(...requires(["agent desktop"], "agent {string} completes after-contact work"), async function (this: FlowsimWorld, name: string) {
  await this.agent(name).completeAfterContactWork();
});

/**
 * | field    | value         |
 * | Category | Billing       |   (list fields take the first value, as the view returns them)
 */
When(...requires(["agent desktop"], "agent {string} submits the after-contact-work view with:"), async function (this: FlowsimWorld, name: string, table: DataTable) {
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(table.rowsHash())) {
    // Multi-select answers come back as lists; the notes fields as text.
    data[field] = /^(ModifiedSummary|ContactNotes)$/.test(field) ? value : [value];
  }
  const guide = await this.agent(name).submitGuide(data);
  this.contacts.set("after-contact-work guide", guide.contactId);
});

When(...requires(["agent desktop"], "agent {string} cancels the after-contact-work view"), async function (this: FlowsimWorld, name: string) {
  const guide = await this.agent(name).cancelGuide();
  this.contacts.set("after-contact-work guide", guide.contactId);
});

Then(...requires(["agent desktop"], "agent {string} is shown the after-contact-work view"), async function (this: FlowsimWorld, name: string) {
  const guide = await this.agent(name).waitForGuide();
  const view = guide.waiting.map((w) => w.viewArn ?? w.label).join(", ");
  assert.match(view, /after-contact-work/, `agent ${name} is shown ${view}, not the after-contact-work view`);
});

When(...requires(["agent desktop"], "agent {string} transfers the contact with the quick connect {string}"), async function (this: FlowsimWorld, name: string, quickConnect: string) {
  const res = await this.agent(name).transfer(quickConnect);
  this.contacts.set("transferred contact", res.contactId);
});

Then(...requires(["agent desktop"], "agent {string} is {string}"), async function (this: FlowsimWorld, name: string, status: string) {
  const view = await this.agent(name).view();
  assert.equal(view.status, status, `agent ${name} is ${view.status}`);
});

Then(...requires(["agent desktop"], "agent {string} is in after-contact work"), async function (this: FlowsimWorld, name: string) {
  await this.agent(name).waitForContact("acw");
});
