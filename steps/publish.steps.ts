/**
 * Flow types and publishing (seed 001): which blocks each of the nine flow types takes, a
 * flow refused on publish and why, drafts, resource tags on flows and modules; and the
 * contacts that run each flow type (a customer by voice, chat or task, quick connects).
 *
 * Publishing here creates flows under scenario-unique names (support/drivers/publish.ts),
 * so these steps run on staging too, where CreateContactFlow really validates.
 */
import { After, Before, Given, Then, When, defineParameterType, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import { flowPathNeeds } from "../support/capabilities-rules.js";
import { CONTACTING_CUSTOMER } from "../support/testcases/compile.js";
import { testCaseCaller } from "../support/drivers/test-case-caller.js";
import assert from "node:assert/strict";
import { AssociateQueueQuickConnectsCommand, CreateQuickConnectCommand, StartChatContactCommand, StartTaskContactCommand, type QuickConnectConfig } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../support/world.js";
import type { FlowType } from "../simulators/connect/flow/flow-types.js";
import { describePath, settledPath, waitForPath } from "../support/drivers/flow-path.js";
import {
  FLOW_TYPE_PHRASES,
  REASONS,
  attemptPublish,
  cleanUp,
  describeAttempt,
  flowTypeOfPhrase,
  flowWithBlock,
  namesBlock,
  publishExport,
  publishedAttempt,
  rememberFeature,
  savedStatus,
  tag,
  tagsOf,
  untag,
  type PublishAttempt,
} from "../support/drivers/publish.js";
import { Caller } from "../support/drivers/caller.js";
import { flowIdOf } from "../support/drivers/setup.js";
import { applyPendingTimeouts } from "../support/drivers/chat-timeouts.js";
import { ChatParticipant } from "../support/drivers/chat-participant.js";
import { infrastructure } from "../support/report/errors.js";

defineParameterType({
  name: "flowType",
  regexp: new RegExp(Object.keys(FLOW_TYPE_PHRASES).join("|")),
  transformer: (phrase: string): FlowType => flowTypeOfPhrase(phrase),
});

Before(function (this: FlowsimWorld, testCase) {
  rememberFeature(this, testCase.pickle.uri);
});

// Defined after support/hooks.ts, so it runs before that file's After disposes the target.
After(async function (this: FlowsimWorld) {
  if (this.target) await cleanUp(this);
});

// ---- refused and accepted -----------------------------------------------------------------

function expectAccepted(attempt: PublishAttempt): void {
  assert.ok(attempt.accepted, `the flow should have been published, but ${describeAttempt(attempt)}`);
}

/** The refusal names `block` for `reason`; the service may list other problems beside it. */
function expectRefused(attempt: PublishAttempt, block: string, reason: keyof typeof REASONS): void {
  assert.ok(!attempt.accepted, `the flow should have been refused because the block "${block}" is ${reason}, but ${describeAttempt(attempt)}`);
  // A block the file lacks is a mistake in the scenario, not in the product.
  if (!attempt.doc.Actions?.some((a) => a.Identifier === block)) throw new Error(`the flow "${attempt.label}" has no block "${block}" (blocks: ${attempt.doc.Actions?.map((a) => a.Identifier).join(", ")})`);
  const refusal = attempt.refusal!;
  assert.equal(refusal.name, attempt.type === "MODULE" ? "InvalidContactFlowModuleException" : "InvalidContactFlowException", describeAttempt(attempt));
  const about = refusal.problems.filter((p) => namesBlock(p, attempt.doc, block));
  assert.ok(about.length > 0, `no problem names the block "${block}"; ${describeAttempt(attempt)}`);
  assert.ok(about.some((p) => REASONS[reason].test(p)), `the problems about "${block}" do not say it is ${reason}; ${describeAttempt(attempt)}`);
}

function sameType(stated: FlowType, published: FlowType): void {
  if (stated !== published) throw new Error(`the sentence publishes the flow as ${published} but names ${stated}: say the same flow type twice`);
}

/** Publishes a file (relative to the feature's folder) and expects CreateContactFlow to refuse a block that does not fit the type. */
Then(
  "publishing the flow {string} as a(n) {flowType} is refused because the block {string} is not allowed in a(n) {flowType}",
  async function (this: FlowsimWorld, path: string, type: FlowType, block: string, statedType: FlowType) {
    sameType(statedType, type);
    expectRefused(await publishExport(this, path, { type }), block, "not allowed");
  },
);

Then("publishing the flow {string} as a(n) {flowType} is refused because the block {string} has a branch that is not connected", async function (this: FlowsimWorld, path: string, type: FlowType, block: string) {
  expectRefused(await publishExport(this, path, { type }), block, "not connected");
});

Then("publishing the flow {string} as a(n) {flowType} succeeds", async function (this: FlowsimWorld, path: string, type: FlowType) {
  expectAccepted(await publishExport(this, path, { type }));
});

/** A flow of that type made of the block (by its console name) and the type's usual end. */
Then("a(n) {flowType} with the block {string} can be published", async function (this: FlowsimWorld, type: FlowType, block: string) {
  const flow = flowWithBlock(type, block);
  expectAccepted(await attemptPublish(this, flow.label, flow.text, flow.doc, { type }));
});

Then("a(n) {flowType} with the block {string} cannot be published", async function (this: FlowsimWorld, type: FlowType, block: string) {
  const flow = flowWithBlock(type, block);
  expectRefused(await attemptPublish(this, flow.label, flow.text, flow.doc, { type }), block, "not allowed");
});

// ---- drafts and tags ----------------------------------------------------------------------

function tagTable(table: DataTable): Record<string, string> {
  return table.rowsHash();
}

When("the flow {string} is published as a(n) {flowType} with the tags:", async function (this: FlowsimWorld, path: string, type: FlowType, table: DataTable) {
  expectAccepted(await publishExport(this, path, { type, tags: tagTable(table), keep: true }));
});

/** Saving skips validation: a draft may still have unconnected branches. */
When("the flow {string} is saved as a(n) {flowType} draft with the tags:", async function (this: FlowsimWorld, path: string, type: FlowType, table: DataTable) {
  expectAccepted(await publishExport(this, path, { type, status: "SAVED", tags: tagTable(table), keep: true }));
});

When("the flow module {string} is published with the tags:", async function (this: FlowsimWorld, path: string, table: DataTable) {
  expectAccepted(await publishExport(this, path, { type: "MODULE", tags: tagTable(table), keep: true }));
});

When("the flow( module) {string} is tagged with:", async function (this: FlowsimWorld, path: string, table: DataTable) {
  await tag(this, publishedAttempt(this, path).arn, tagTable(table));
});

When("the tag {string} is removed from the flow( module) {string}", async function (this: FlowsimWorld, key: string, path: string) {
  await untag(this, publishedAttempt(this, path).arn, [key]);
});

/** Every listed tag with its value (ListTagsForResource); other tags may be there too. */
Then("the flow( module) {string} has the tags:", async function (this: FlowsimWorld, path: string, table: DataTable) {
  const expected = tagTable(table);
  const actual = await tagsOf(this, publishedAttempt(this, path).arn);
  const subset = Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k]]));
  assert.deepEqual(subset, expected, `the tags of "${path}" are ${JSON.stringify(actual)}`);
});

Then("the flow( module) {string} has no tag {string}", async function (this: FlowsimWorld, path: string, key: string) {
  const actual = await tagsOf(this, publishedAttempt(this, path).arn);
  assert.ok(!(key in actual), `"${path}" still has the tag ${key} = ${JSON.stringify(actual[key])}`);
});

Then("the flow {string} is kept as a draft", async function (this: FlowsimWorld, path: string) {
  const status = await savedStatus(this, publishedAttempt(this, path).id);
  assert.equal(status, "SAVED", `the flow "${path}" has the status ${status}`);
});

// ---- contacts that run each flow type -----------------------------------------------------

/** The same number a voice scenario compiled to a test case calls from. */
const CUSTOMER_NUMBER = CONTACTING_CUSTOMER;
const SUPPORT_LINE = "+1 800 555 0199";

async function startChat(world: FlowsimWorld, flow: string): Promise<string> {
  const { target } = world;
  const flowId = await flowIdOf(world, flow);
  const res = await infrastructure("starting a chat", () =>
    target.connect.send(
      new StartChatContactCommand({ InstanceId: target.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: "Customer" }, SupportedMessagingContentTypes: ["text/plain"] }),
    ),
  );
  world.currentContactId = res.ContactId!;
  await applyPendingTimeouts(world);
  const chat = new ChatParticipant("customer", res.ContactId!, res.ParticipantToken!, target.participant, world.frames, target.patienceMs);
  await chat.connect();
  world.chats.set("customer", chat);
  world.contacts.set("customer chat", res.ContactId!);
  return res.ContactId!;
}

async function startTask(world: FlowsimWorld, flow: string, name: string): Promise<string> {
  const { target } = world;
  const flowId = await flowIdOf(world, flow);
  const res = await infrastructure("starting a task", () => target.connect.send(new StartTaskContactCommand({ InstanceId: target.instanceId, ContactFlowId: flowId, Name: name })));
  world.contacts.set("task", res.ContactId!);
  return res.ContactId!;
}

/**
 * By voice (a simulated caller dialling a number that goes to the flow), chat or task
 * (StartChatContact / StartTaskContact). Only the call needs a caller: chats and tasks
 * start through the public API on any target.
 */
When(...requires(([, channel]) => (channel === "voice" || channel === "phone" ? ["voice caller"] : []), "a customer contacts the flow {string} by {word}"), async function (this: FlowsimWorld, flow: string, channel: string) {
  switch (channel) {
    case "voice":
    case "phone": {
      const asTestCase = testCaseCaller(this);
      if (asTestCase) return asTestCase.call(CUSTOMER_NUMBER);
      await Caller.mapNumber(this, SUPPORT_LINE, flow);
      await Caller.call(this, CUSTOMER_NUMBER, SUPPORT_LINE);
      return;
    }
    case "chat":
      this.currentContactId = await startChat(this, flow);
      return;
    case "task":
      this.currentContactId = await startTask(this, flow, "Follow up on the customer's request");
      return;
    default:
      throw new Error(`a customer contacts a flow by voice, chat or task — not "${channel}"`);
  }
});

async function createQuickConnect(world: FlowsimWorld, name: string, config: QuickConnectConfig): Promise<void> {
  if (world.target.name === "staging") return; // staging quick connects are the instance's own, mapped by name
  const { connect, instanceId } = world.target;
  const res = await connect.send(new CreateQuickConnectCommand({ InstanceId: instanceId, Name: name, QuickConnectConfig: config }));
  // Agents see the quick connects of the queues they work: offer it on every queue of the scenario.
  for (const queue of world.resources.get("queue")?.values() ?? []) {
    await connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: queue.id, QuickConnectIds: [res.QuickConnectId!] }));
  }
  world.remember("quick connect", name, { id: res.QuickConnectId!, arn: res.QuickConnectARN });
}

Given("a quick connect {string} to the queue {string} through the flow {string}", async function (this: FlowsimWorld, name: string, queue: string, flow: string) {
  await createQuickConnect(this, name, { QuickConnectType: "QUEUE", QueueConfig: { QueueId: this.resource("queue", queue).id, ContactFlowId: await flowIdOf(this, flow) } });
});

Given("a quick connect {string} to agent {string} through the flow {string}", async function (this: FlowsimWorld, name: string, agent: string, flow: string) {
  await createQuickConnect(this, name, { QuickConnectType: "USER", UserConfig: { UserId: this.resource("agent", agent).id, ContactFlowId: await flowIdOf(this, flow) } });
});

function contactOf(world: FlowsimWorld, which: string): string {
  const id = which === "contact" ? world.contactId : world.contacts.get(which);
  if (!id) throw new Error(`no "${which}" in this scenario (known: contact, ${[...world.contacts.keys()].join(", ")})`);
  return id;
}

/** On flow logs, first waits until the contact's log has caught up (FlowLogReader.settled): a block not logged yet is not a block not run. */
Then(...requires(flowPathNeeds, "the flow did not go through the block {string}"), async function (this: FlowsimWorld, block: string) {
  const blocks = await settledPath(this, contactOf(this, "contact"));
  const passed = blocks.filter((s) => s.actionId === block);
  assert.equal(passed.length, 0, `the contact went through "${block}" (${passed.map((s) => s.flowName).join(", ")}); it went through:\n${await describePath(this, blocks)}`);
});

/** Which flow (by name) ran the block, e.g. to tell the customer queue flow's path from the inbound flow's. */
Then(...requires(flowPathNeeds, "the {string} went through the block {string} of the flow {string}"), async function (this: FlowsimWorld, which: string, block: string, flow: string) {
  const { found, blocks } = await waitForPath(this, contactOf(this, which), (path) => path.some((s) => s.actionId === block && s.flowName === flow));
  if (!found) assert.fail(`the ${which} did not go through "${block}" of "${flow}"; it went through:\n${await describePath(this, blocks)}`);
});
