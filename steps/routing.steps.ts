/**
 * Where a contact waits — its queue (DescribeContact) and its place in line — and moving a
 * task to another queue or agent without a quick connect (TransferContact).
 */
import { Then, When } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import assert from "node:assert/strict";
import { DescribeContactCommand, TransferContactCommand } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../support/world.js";
import { infrastructure, InfrastructureError, ScenarioError } from "../support/report/errors.js";
import { nextOnTheClock, throughPrompts } from "../support/drivers/prompt-time.js";
import { flowIdOf } from "../support/drivers/setup.js";

const CHANNELS: Record<string, string> = { task: "TASK", email: "EMAIL", chat: "CHAT", call: "VOICE", contact: "" };

async function queueOf(world: FlowsimWorld): Promise<string | undefined> {
  const { connect, instanceId } = world.target;
  const res = await infrastructure("describing the contact", () => connect.send(new DescribeContactCommand({ InstanceId: instanceId, ContactId: world.contactId })));
  return res.Contact?.DisconnectTimestamp ? undefined : res.Contact?.QueueInfo?.Id;
}

/** The contact is waiting in (or was routed from) that queue: a greeting still playing plays out first. */
Then("the contact is in the queue {string}", async function (this: FlowsimWorld, queue: string) {
  const wanted = this.resource("queue", queue).id;
  if (await throughPrompts(this, async () => ((await queueOf(this)) === wanted ? true : undefined))) return;
  const actual = await queueOf(this);
  assert.equal(actual, wanted, `the contact is not in the queue "${queue}" (its queue: ${actual ?? "none, or it has ended"})${await nextOnTheClock(this)}`);
});

/** 1 is the contact that has waited longest (simulator only: the Connect API tells no place in line). */
Then(...requires(["queue position"], "the contact is at position {int} in the queue {string}"), async function (this: FlowsimWorld, position: number, queue: string) {
  const control = this.target.control;
  if (!control) throw new InfrastructureError("setup", "a contact's place in line is known only to the simulator (the step declares it: requires in support/capabilities.ts)");
  const read = () => control.get<{ queue?: { name: string }; queuePosition?: number }>(`/contacts/${this.contactId}`);
  if (await throughPrompts(this, async () => ((await read()).queuePosition === position ? true : undefined))) return;
  const contact = await read();
  assert.equal(contact.queue?.name, queue, `the contact is not waiting in the queue "${queue}" (queue: ${contact.queue?.name ?? "none"})`);
  assert.equal(contact.queuePosition, position, `the contact is at position ${contact.queuePosition ?? "(not waiting)"} in the queue "${queue}", not ${position}`);
});

/**
 * TransferContact, as an agent's desktop or an integration calls it. The API moves tasks
 * and emails only; a chat or a call is moved with a quick connect, which the refusal says.
 */
async function transfer(world: FlowsimWorld, agent: string, what: string, to: { QueueId: string } | { UserId: string }, flow: string) {
  if (!(what in CHANNELS)) throw new ScenarioError(`an agent transfers a task, an email, a chat or a call, not "${what}"`);
  const contact = await world.agent(agent).connectedContact(CHANNELS[what] || undefined);
  const { connect, instanceId } = world.target;
  const ContactFlowId = await flowIdOf(world, flow);
  let res;
  try {
    res = await connect.send(new TransferContactCommand({ InstanceId: instanceId, ContactId: contact.contactId, ContactFlowId, ...to }));
  } catch (err) {
    if ((err as Error).name !== "InvalidRequestException") throw err;
    throw new ScenarioError(`TransferContact refused to move the ${what} (${(err as Error).message}): the API moves tasks and emails; a chat or a call goes to another agent or queue with a quick connect ("When agent "${agent}" transfers the contact with the quick connect "…"")`, { cause: err });
  }
  world.contacts.set(`transferred ${what}`, res.ContactId!);
  world.currentContactId = res.ContactId!;
}

/** TransferContact runs a transfer flow: a transfer to queue flow here. */
When(...requires(["agent desktop"], "agent {string} transfers the {word} to the queue {string} through the flow {string}"), async function (this: FlowsimWorld, agent: string, what: string, queue: string, flow: string) {
  await transfer(this, agent, what, { QueueId: this.resource("queue", queue).id }, flow);
});

/** A transfer to agent flow; the contact then waits in that agent's own queue. */
When(...requires(["agent desktop"], "agent {string} transfers the {word} to agent {string} through the flow {string}"), async function (this: FlowsimWorld, agent: string, what: string, other: string, flow: string) {
  await transfer(this, agent, what, { UserId: this.resource("agent", other).id }, flow);
});
