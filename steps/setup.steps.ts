/** Putting a contact center together: flows, queues, routing profiles, agents. */
import { Given, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import { availableNeeds } from "../support/capabilities-rules.js";
import { UpdateQueueMaxContactsCommand } from "@aws-sdk/client-connect";
import { basicHoursId, createQueue } from "../support/drivers/queues.js";
import { createRoutingProfile, routingConcurrencies } from "../support/drivers/routing-profiles.js";
import type { FlowsimWorld } from "../support/world.js";
import { publishFlows } from "../support/drivers/setup.js";
import { Agent } from "../support/drivers/agent.js";
import { InfrastructureError } from "../support/report/errors.js";
import { carriedByTestCase } from "../support/drivers/test-case-caller.js";

Given("the flows in {string} are published", async function (this: FlowsimWorld, dir: string) {
  await publishFlows(this, dir);
});

async function queue(world: FlowsimWorld, name: string): Promise<void> {
  if (world.target.name === "staging") return; // staging queues are the instance's own, mapped by name
  world.remember("queue", name, await createQueue(world.target, name, await basicHoursId(world.target)));
}

Given("a queue {string}", async function (this: FlowsimWorld, name: string) {
  await queue(this, name);
});

Given(...requires(["programmed answers"], "the queue {string} is full"), async function (this: FlowsimWorld, name: string) {
  if (carriedByTestCase(this)) return; // an override of the scenario's test case
  if (this.target.name === "staging") throw new InfrastructureError("setup", "a full queue cannot be arranged on staging (the step must declare what it needs: requires in support/capabilities.ts)");
  await this.target.connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: this.target.instanceId, QueueId: this.resource("queue", name).id, MaxContacts: 0 }));
});

/**
 * | channel | concurrency | other channels at the same time |
 * | voice   | 1           | yes                             |
 * | tasks   | 2           | no                              |
 */
Given("a routing profile {string} for the queue {string} with:", async function (this: FlowsimWorld, name: string, queue: string, table: DataTable) {
  const concurrencies = routingConcurrencies(table.raw());
  if (this.target.name === "staging") return; // staging routing profiles are the instance's own, mapped by name
  this.remember("routing profile", name, await createRoutingProfile(this.target, name, this.resource("queue", queue).id, concurrencies, `${name} (created by the scenario)`));
});

Given("an agent {string} with the routing profile {string}", async function (this: FlowsimWorld, name: string, profile: string) {
  const agent = await Agent.create(this, name, () => this.resource("routing profile", profile).id);
  this.agents.set(name, agent);
  if (!agent.standIn) this.remember("agent", name, { id: agent.userId, arn: agent.arn });
});

Given(...requires(availableNeeds, "agent {string} is available"), async function (this: FlowsimWorld, name: string) {
  const agent = this.agent(name);
  // A stand-in has no status: it joins the chat when the agent accepts it (availableNeeds holds it to chats).
  if (agent.standIn) return;
  await agent.setStatus("Available");
});
