/**
 * Chat timeouts (seed 003): the idle and auto-disconnect timeouts UpdateParticipantRoleConfig
 * sets per participant role, and what the people in the chat see when they run out. In
 * production a Lambda in the contact flow makes the call (the recommended use); these steps
 * send the same request themselves.
 */
import { Given, When, Then, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import { eventForNeeds } from "../support/capabilities-rules.js";
import assert from "node:assert/strict";
import { AssociateQueueQuickConnectsCommand, CreateQuickConnectCommand, ListContactFlowsCommand, type ParticipantTimerConfiguration } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../support/world.js";
import type { ChatParticipant } from "../support/drivers/chat-participant.js";
import { isEvent, participantRole } from "../support/drivers/chat-events.js";
import { InfrastructureError } from "../support/report/errors.js";
import { describeTimeoutRefusal, setTimeouts, updateTimers, type TimeoutRefusal } from "../support/drivers/chat-timeouts.js";

const ROLES: Record<string, "CUSTOMER" | "AGENT"> = { customer: "CUSTOMER", agent: "AGENT" };
const TIMER_COLUMNS: Record<string, "IDLE" | "DISCONNECT_NONCUSTOMER"> = { "idle after": "IDLE", "disconnect after": "DISCONNECT_NONCUSTOMER" };

/**
 * | role     | idle after (minutes) | disconnect after (minutes) |
 * | customer | 2                    | 3                          |
 * | agent    | -                    | removed                    |
 * A number is minutes; "-" or an empty cell leaves the timeout out of the request;
 * "removed" unsets it.
 */
function timersOf(table: DataTable): ParticipantTimerConfiguration[] {
  const timers: ParticipantTimerConfiguration[] = [];
  for (const row of table.hashes()) {
    const role = ROLES[(row.role ?? "").trim().toLowerCase()];
    if (!role) throw new Error(`unknown role "${row.role ?? ""}" in the chat timeouts (customer, agent)`);
    for (const [header, cell] of Object.entries(row)) {
      const column = header.replace(/\(minutes\)/i, "").trim().toLowerCase();
      if (column === "role") continue;
      const type = TIMER_COLUMNS[column];
      if (!type) throw new Error(`unknown column "${header}" in the chat timeouts (role, idle after, disconnect after)`);
      const value = cell.trim().toLowerCase();
      if (value === "" || value === "-") continue;
      if (value === "removed") {
        timers.push({ ParticipantRole: role, TimerType: type, TimerValue: { ParticipantTimerAction: "Unset" } });
        continue;
      }
      const minutes = /^(-?\d+)(?:\s*minutes?)?$/.exec(value);
      if (!minutes) throw new Error(`"${cell}" under "${header}" is not a number of minutes (or "-", or "removed")`);
      timers.push({ ParticipantRole: role, TimerType: type, TimerValue: { ParticipantTimerDurationInMinutes: Number(minutes[1]) } });
    }
  }
  if (timers.length === 0) throw new Error("the chat timeouts table sets no timeout");
  return timers;
}

/** Before the chat starts, the timeouts are sent as soon as it does (support/drivers/chat-timeouts.ts). */
When("the chat timeouts are set to:", async function (this: FlowsimWorld, table: DataTable) {
  await setTimeouts(this, timersOf(table));
});

When("the chat timeouts for the {word} are removed", async function (this: FlowsimWorld, role: string) {
  const participantRole = ROLES[role.toLowerCase()];
  if (!participantRole) throw new Error(`chat timeouts are set for the customer or the agent, not the ${role}`);
  const unset = { ParticipantTimerAction: "Unset" } as const;
  const refusal = await updateTimers(this, [
    { ParticipantRole: participantRole, TimerType: "IDLE", TimerValue: unset },
    { ParticipantRole: participantRole, TimerType: "DISCONNECT_NONCUSTOMER", TimerValue: unset },
  ]);
  if (refusal) assert.fail(`UpdateParticipantRoleConfig refused to remove the ${role}'s chat timeouts: ${describeTimeoutRefusal(refusal)}`);
});

/** What the last "an attempt is made" step got back, per scenario. */
const attempts = new WeakMap<FlowsimWorld, { refusal?: TimeoutRefusal }>();

/** Like "the chat timeouts are set to:", but the outcome is for the next step to judge. */
When("an attempt is made to set the chat timeouts to:", async function (this: FlowsimWorld, table: DataTable) {
  attempts.set(this, { refusal: await updateTimers(this, timersOf(table)) });
});

function lastAttempt(world: FlowsimWorld): { refusal?: TimeoutRefusal } {
  const attempt = attempts.get(world);
  if (!attempt) throw new Error(`no attempt to set the chat timeouts yet; add "When an attempt is made to set the chat timeouts to:"`);
  return attempt;
}

Then("the chat timeouts are accepted", function (this: FlowsimWorld) {
  const { refusal } = lastAttempt(this);
  if (refusal) assert.fail(`the chat timeouts were refused: ${describeTimeoutRefusal(refusal)}`);
});

Then("the chat timeouts are refused with {string} saying {string}", function (this: FlowsimWorld, name: string, text: string) {
  const { refusal } = lastAttempt(this);
  if (!refusal) assert.fail(`the chat timeouts were accepted; expected ${name} saying "${text}"`);
  assert.equal(refusal.name, name, `the chat timeouts were refused with ${describeTimeoutRefusal(refusal)}`);
  assert.equal(refusal.status, 400, `the refusal should be a 400: ${describeTimeoutRefusal(refusal)}`);
  assert.ok(refusal.message.includes(text), `the refusal does not say "${text}": ${describeTimeoutRefusal(refusal)}`);
});

// ---- what was not seen ---------------------------------------------------------------------
// Each check first lets every frame already sent arrive (a heartbeat round trip on the
// participant's own websocket), so "not received" means "not sent".

async function notReceived(chat: ChatParticipant, who: string, event: string, role?: string): Promise<void> {
  await chat.flush();
  const match = isEvent(event, role);
  const got = chat.items.filter(match);
  assert.equal(got.length, 0, `${who} received the ${event} event${role ? ` for the ${role.toLowerCase().replace("_", " ")}` : ""}; received:\n${chat.describeItems()}`);
}

// Not hearing of the agent's idleness proves nothing when a custom participant plays the agent (agent-role timers watch agents only).
Then(...requires(eventForNeeds, "the customer has not received the {string} event for the {word}"), async function (this: FlowsimWorld, event: string, role: string) {
  await notReceived(this.chat("customer"), "the customer", event, participantRole(role));
});

Then(...requires(["chat agent"], "agent {string} has not received the {string} event"), async function (this: FlowsimWorld, name: string, event: string) {
  await notReceived(this.agent(name).chat(), `agent ${name}`, event);
});

Then("no one in the chat has received the {string} event", async function (this: FlowsimWorld, event: string) {
  if (this.chats.size === 0) throw new Error("nobody has joined a chat in this scenario");
  for (const [who, chat] of this.chats) await notReceived(chat, who === "customer" ? "the customer" : who, event);
});

Then("the customer has not received {string}", async function (this: FlowsimWorld, text: string) {
  const chat = this.chat("customer");
  await chat.flush();
  const got = chat.items.find((i) => i.Type === "MESSAGE" && typeof i.Content === "string" && i.Content.includes(text));
  assert.equal(got, undefined, `the customer received a message containing ${JSON.stringify(text)}; received:\n${chat.describeItems()}`);
});

/** The agent is still connected to the scenario's chat (not auto-disconnected). */
Then(...requires(["chat agent"], "agent {string} is still in the chat"), async function (this: FlowsimWorld, name: string) {
  const agent = this.agent(name);
  if (agent.standIn) {
    const gone = await agent.standIn.stillInChat();
    assert.equal(gone, undefined, `agent ${name} is no longer in the chat: ${gone}`);
    return;
  }
  const view = await agent.view();
  const contactId = agent.chat().contactId;
  const slot = view.contacts.find((c) => c.contactId === contactId);
  assert.equal(slot?.state, "connected", `agent ${name} is no longer in the chat: ${slot ? `the contact is ${slot.state}` : "the agent no longer holds the contact"} (status ${view.status})`);
  await notReceived(agent.chat(), `agent ${name}`, "left", "AGENT");
});

const TIMER_EVENTS = ["idle", "returned", "auto-disconnection"];

/** These events go to the websockets only: "neither stored in transcripts nor billed". */
Then("the chat transcript has none of the idle, returned or auto-disconnection events", async function (this: FlowsimWorld) {
  const chat = this.chat("customer");
  const transcript = await chat.transcript();
  const stored = transcript.filter((item) => TIMER_EVENTS.some((e) => isEvent(e)(item)));
  assert.deepEqual(
    stored.map((i) => `${i.ContentType} (${i.ParticipantRole})`),
    [],
    `the transcript stores timeout events:\n${transcript.map((i) => `  ${i.Type} ${i.ContentType} ${i.ParticipantRole ?? ""}`).join("\n")}`,
  );
});

// ---- transfers -------------------------------------------------------------------------------

/** A queue quick connect through the instance's "Default queue transfer" flow, offered on that queue. */
Given("a quick connect {string} to the queue {string}", async function (this: FlowsimWorld, name: string, queue: string) {
  if (this.target.name === "staging") return; // staging quick connects are the instance's own
  const { connect, instanceId } = this.target;
  const flows = await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ["QUEUE_TRANSFER"], MaxResults: 100 }));
  const transferFlow = flows.ContactFlowSummaryList?.find((f) => f.Name === "Default queue transfer");
  if (!transferFlow?.Id) throw new InfrastructureError("setup", `the instance has no "Default queue transfer" flow (queue transfer flows: ${flows.ContactFlowSummaryList?.map((f) => f.Name).join(", ") || "none"})`);
  const queueId = this.resource("queue", queue).id;
  const res = await connect.send(
    new CreateQuickConnectCommand({
      InstanceId: instanceId,
      Name: name,
      QuickConnectConfig: { QuickConnectType: "QUEUE", QueueConfig: { QueueId: queueId, ContactFlowId: transferFlow.Id } },
    }),
  );
  await connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: queueId, QuickConnectIds: [res.QuickConnectId!] }));
  this.remember("quick connect", name, { id: res.QuickConnectId!, arn: res.QuickConnectARN });
});
