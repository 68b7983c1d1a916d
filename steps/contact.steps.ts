/** Assertions on contacts: attributes (GetContactAttributes), DescribeContact, and the path through the flows. */
import { Then, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import { flowPathNeeds } from "../support/capabilities-rules.js";
import assert from "node:assert/strict";
import { DescribeContactCommand, GetContactAttributesCommand } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../support/world.js";
import { ScenarioError } from "../support/report/errors.js";
import { nextOnTheClock, throughPrompts } from "../support/drivers/prompt-time.js";
import { describePath, tracedActions, waitForPath } from "../support/drivers/flow-path.js";

/** "the contact" is the scenario's current contact; other names come from `world.contacts`. */
function contactIdOf(world: FlowsimWorld, which: string): string {
  if (which === "contact") return world.contactId;
  const id = world.contacts.get(which);
  if (!id) throw new Error(`no "${which}" in this scenario (known: contact, ${[...world.contacts.keys()].join(", ")})`);
  return id;
}

async function attributesOf(world: FlowsimWorld, contactId: string): Promise<Record<string, string>> {
  const res = await world.target.connect.send(new GetContactAttributesCommand({ InstanceId: world.target.instanceId, InitialContactId: contactId }));
  return res.Attributes ?? {};
}

/** The attributes step waits a little: on a real instance flows write them asynchronously. */
async function expectAttributes(world: FlowsimWorld, which: string, expected: Record<string, string>): Promise<void> {
  const id = contactIdOf(world, which);
  const deadline = Date.now() + world.target.patienceMs;
  let actual: Record<string, string>;
  for (;;) {
    actual = await attributesOf(world, id);
    const subset = Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k]]));
    if (Object.entries(expected).every(([k, v]) => actual[k] === v) || Date.now() > deadline) {
      assert.deepEqual(subset, expected, `the ${which}'s attributes are ${JSON.stringify(actual)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One attribute of the current contact passes `test`, waiting a little as expectAttributes does. */
async function expectAttribute(world: FlowsimWorld, key: string, test: (value: string | undefined) => boolean, wanted: string): Promise<void> {
  const deadline = Date.now() + world.target.patienceMs;
  for (;;) {
    const actual = await attributesOf(world, world.contactId);
    if (test(actual[key])) return;
    if (Date.now() > deadline) assert.fail(`the contact attribute "${key}" should ${wanted}, but it is ${key in actual ? JSON.stringify(actual[key]) : "not set"}; the contact's attributes are ${JSON.stringify(actual)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

Then("the contact attribute {string} contains {string}", async function (this: FlowsimWorld, key: string, part: string) {
  await expectAttribute(this, key, (v) => v !== undefined && v.includes(part), `contain ${JSON.stringify(part)}`);
});

/** A regular expression (JavaScript syntax), matched anywhere unless anchored with ^ and $. */
Then("the contact attribute {string} matches {string}", async function (this: FlowsimWorld, key: string, pattern: string) {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (err) {
    throw new ScenarioError(`"${pattern}" is not a regular expression: ${(err as Error).message}`);
  }
  await expectAttribute(this, key, (v) => v !== undefined && regex.test(v), `match /${pattern}/`);
});

Then("the contact attribute {string} is not empty", async function (this: FlowsimWorld, key: string) {
  await expectAttribute(this, key, (v) => v !== undefined && v.trim() !== "", "have a value");
});

Then("the contact attribute {string} is {string}", async function (this: FlowsimWorld, key: string, value: string) {
  await expectAttributes(this, "contact", { [key]: value });
});

Then("the {string} has the attributes:", async function (this: FlowsimWorld, which: string, table: DataTable) {
  await expectAttributes(this, which, table.rowsHash());
});

Then("the contact has the attributes:", async function (this: FlowsimWorld, table: DataTable) {
  await expectAttributes(this, "contact", table.rowsHash());
});

Then("the {string} has no attribute {string}", async function (this: FlowsimWorld, which: string, key: string) {
  const actual = await attributesOf(this, contactIdOf(this, which));
  assert.ok(!(key in actual), `the ${which} has ${key} = ${JSON.stringify(actual[key])}`);
});

Then("the contact has ended", async function (this: FlowsimWorld) {
  const deadline = Date.now() + this.target.patienceMs;
  for (;;) {
    const res = await this.target.connect.send(new DescribeContactCommand({ InstanceId: this.target.instanceId, ContactId: this.contactId }));
    if (res.Contact?.DisconnectTimestamp) return;
    if (Date.now() > deadline) assert.fail(`the contact has not ended (DescribeContact: ${JSON.stringify(res.Contact)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
});

/** A block counts once it has run to its end: a prompt still playing plays out first; on flow logs, once it is logged. */
async function wentThrough(world: FlowsimWorld, which: string, block: string): Promise<void> {
  const { found, blocks } = await waitForPath(world, contactIdOf(world, which), (path) => path.some((s) => s.actionId === block));
  if (!found) assert.fail(`the ${which} did not go through "${block}"; it went through:\n${await describePath(world, blocks)}`);
}

Then(...requires(flowPathNeeds, "the {string} went through the block {string}"), async function (this: FlowsimWorld, which: string, block: string) {
  await wentThrough(this, which, block);
});

Then(...requires(flowPathNeeds, "the flow went through the block {string}"), async function (this: FlowsimWorld, block: string) {
  await wentThrough(this, "contact", block);
});

/**
 * | block                                       | branch                       |
 * | e4b91d3f-dda6-4ec8-b51a-57bc96e88c52        | Condition: Equals Submit     |
 */
Then(...requires(["flow branches"], "the {string} took the branches:"), async function (this: FlowsimWorld, which: string, table: DataTable) {
  const expected = table.hashes().map((r) => ({ block: r.block, branch: r.branch }));
  const taken = async () => (await tracedActions(this, contactIdOf(this, which))).map((s) => ({ block: s.actionId, branch: s.branch }));
  /** The first expected branch not taken in order, or undefined when all were. */
  const missing = (actual: { block: string; branch: string }[]) => {
    let at = 0;
    for (const want of expected) {
      const found = actual.findIndex((s, i) => i >= at && s.block === want.block && s.branch === want.branch);
      if (found < 0) return want;
      at = found + 1;
    }
    return undefined;
  };
  if (await throughPrompts(this, async () => (missing(await taken()) ? undefined : true))) return;
  const actual = await taken();
  const want = missing(actual)!;
  assert.fail(`the ${which} did not take "${want.branch}" at "${want.block}" (in order); it took:\n${actual.map((s) => `  ${s.block} → ${s.branch}`).join("\n")}${await nextOnTheClock(this)}`);
});
