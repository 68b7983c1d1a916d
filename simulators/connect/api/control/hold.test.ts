import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CreateContactFlowCommand, DescribeContactCommand, StartChatContactCommand, type ConnectClient } from "@aws-sdk/client-connect";
import type { SimulatorHandle } from "../server.js";
import { flowContent, startSdkSim, type SdkSim, controlCall, controlOk } from "../testing.js";
import { addProfile, addUser } from "../../runtime/testing-agents.js";

const MUSIC = "Thanks for holding, your agent will be right back.";
const REMINDER = "Your caller is on hold.";

let fx: SdkSim;
let sim: SimulatorHandle;
let connect: ConnectClient;
let inboundId: string;
let plainId: string;

async function createFlow(name: string, Type: "CONTACT_FLOW" | "CUSTOMER_HOLD" | "AGENT_HOLD", Content: string): Promise<string> {
  const out = await connect.send(new CreateContactFlowCommand({ InstanceId: sim.instanceId, Name: name, Type, Content }));
  return out.ContactFlowId!;
}

const loopPrompts = (text: string, pauseSeconds: number) =>
  flowContent([{ Identifier: "loop", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: text }, { SSML: `<speak><break time="${pauseSeconds}s"/></speak>` }] } }]);

/** An inbound flow that optionally sets the hold hooks, then queues the contact in Support. */
function inbound(queueId: string, hooks: Record<string, string>): string {
  const hookActions = Object.entries(hooks).map(([hook, flowId], i, all) => ({
    Identifier: `hook-${i}`,
    Type: "UpdateContactEventHooks",
    Parameters: { EventHooks: { [hook]: flowId } },
    Transitions: { NextAction: i + 1 < all.length ? `hook-${i + 1}` : "queue", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] },
  }));
  return flowContent([
    ...hookActions,
    { Identifier: "queue", Type: "UpdateContactTargetQueue", Parameters: { QueueId: queueId }, Transitions: { NextAction: "transfer", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    { Identifier: "transfer", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ ErrorType: "QueueAtCapacity", NextAction: "bye" }, { ErrorType: "NoMatchingError", NextAction: "bye" }] } },
    { Identifier: "bye", Type: "DisconnectParticipant" },
  ]);
}

before(async () => {
  fx = await startSdkSim();
  ({ sim, client: connect } = fx);
  const rt = sim.runtime;
  const support = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Desk", queues: [{ queueId: support.id, channel: "VOICE" }, { queueId: support.id, channel: "CHAT" }], concurrency: { VOICE: 1, CHAT: 1 }, anyChannel: ["VOICE", "CHAT"] });
  addUser(rt, { name: "ana", firstName: "Ana", profile });
  const music = await createFlow("Hold music", "CUSTOMER_HOLD", loopPrompts(MUSIC, 20));
  const reminder = await createFlow("Hold reminder", "AGENT_HOLD", loopPrompts(REMINDER, 30));
  inboundId = await createFlow("Inbound with hold flows", "CONTACT_FLOW", inbound(support.id, { CustomerHold: music, AgentHold: reminder }));
  plainId = await createFlow("Inbound", "CONTACT_FLOW", inbound(support.id, {}));
});

after(async () => {
  await fx.close();
});

const control = (method: string, path: string, body?: unknown) => controlCall(sim, method, path, body);
const ok = (method: string, path: string, body?: unknown) => controlOk(sim, method, path, body);

/** A call on `flow` answered by Ana. */
async function answeredCall(flow: string): Promise<string> {
  const { contactId } = await ok("POST", "/calls", { flow, from: "+15555550123" });
  await ok("PUT", "/agents/ana/status", { status: "Available" });
  await ok("POST", `/agents/ana/contacts/${contactId}/accept`);
  // The default agent whisper announces the queue before the call connects.
  await ok("POST", "/clock/advance", { seconds: 5 });
  const ana = await ok("GET", "/agents/ana");
  assert.equal(ana.contacts.find((c: any) => c.contactId === contactId)?.state, "connected");
  return contactId;
}

async function heardByCaller(contactId: string): Promise<string[]> {
  const { prompts } = await ok("GET", `/calls/${contactId}/prompts`);
  return prompts.map((p: any) => p.text ?? p.ssml);
}

async function finish(contactId: string): Promise<void> {
  await ok("POST", `/agents/ana/contacts/${contactId}/leave`);
  await ok("POST", `/agents/ana/contacts/${contactId}/complete`);
}

test("hold and resume over the control plane: the caller hears the hold music, the agent its reminder; DescribeContact reports the agent's hold time", async () => {
  const contactId = await answeredCall(inboundId);
  const before = (await heardByCaller(contactId)).length;
  let ana = await ok("POST", `/agents/ana/contacts/${contactId}/hold`);
  let slot = ana.contacts.find((c: any) => c.contactId === contactId);
  assert.equal(slot.hold.customer, true);
  assert.equal(slot.hold.agent, true);
  assert.deepEqual(slot.heard.map((p: any) => p.text), [REMINDER]);
  assert.deepEqual((await heardByCaller(contactId)).slice(before), [MUSIC]);

  await ok("POST", "/clock/advance", { seconds: 90 });
  const looped = (await heardByCaller(contactId)).filter((t) => t === MUSIC).length;
  assert.ok(looped >= 3, `the hold music loops (heard ${looped} times in 90 s)`);
  assert.ok(!(await heardByCaller(contactId)).includes(REMINDER), "the agent's reminder never reaches the caller");

  ana = await ok("POST", `/agents/ana/contacts/${contactId}/resume`);
  slot = ana.contacts.find((c: any) => c.contactId === contactId);
  assert.equal(slot.hold, undefined);
  assert.equal(slot.state, "connected");
  const atResume = (await heardByCaller(contactId)).length;
  await ok("POST", "/clock/advance", { minutes: 5 });
  assert.equal((await heardByCaller(contactId)).length, atResume, "nothing plays after resume");

  const { Contact } = await connect.send(new DescribeContactCommand({ InstanceId: sim.instanceId, ContactId: contactId }));
  assert.equal(Contact?.AgentInfo?.AgentInitiatedHoldDuration, 90);
  await finish(contactId);
});

test("without hold flows set, the instance's Default customer hold and Default agent hold play", async () => {
  const contactId = await answeredCall(plainId);
  const ana = await ok("POST", `/agents/ana/contacts/${contactId}/hold`);
  assert.deepEqual(ana.contacts.find((c: any) => c.contactId === contactId).heard.map((p: any) => p.text), ["The customer is on hold."]);
  assert.equal((await heardByCaller(contactId)).at(-1), "You are on hold. Please stay on the line.");
  const { Contact } = await connect.send(new DescribeContactCommand({ InstanceId: sim.instanceId, ContactId: contactId }));
  assert.equal(Contact?.AgentInfo?.AgentInitiatedHoldDuration, 0, "on hold since just now");
  await finish(contactId);
});

test("hold refusals: chats cannot be held, nor a call that is not on hold resumed; unknown agents and contacts are 404", async () => {
  const contactId = await answeredCall(plainId);
  let res = await control("POST", `/agents/ana/contacts/${contactId}/resume`);
  assert.equal(res.status, 409);
  assert.equal(res.body.__type, "ConflictException");
  assert.match(res.body.message, /is not on hold/);
  await ok("POST", `/agents/ana/contacts/${contactId}/hold`);
  res = await control("POST", `/agents/ana/contacts/${contactId}/hold`);
  assert.equal(res.status, 409);
  assert.match(res.body.message, /already on hold/);
  res = await control("POST", `/agents/nobody/contacts/${contactId}/hold`);
  assert.equal(res.status, 404);
  res = await control("POST", "/agents/ana/contacts/no-such-contact/hold");
  assert.equal(res.status, 404);
  assert.equal(res.body.__type, "ResourceNotFoundException");
  await finish(contactId);

  const chat = await connect.send(new StartChatContactCommand({ InstanceId: sim.instanceId, ContactFlowId: plainId, ParticipantDetails: { DisplayName: "Carla" } }));
  await ok("POST", "/clock/advance", { minutes: 5 }); // nobody connects: the flow starts at the connect deadline
  await ok("POST", `/agents/ana/contacts/${chat.ContactId}/accept`);
  res = await control("POST", `/agents/ana/contacts/${chat.ContactId}/hold`);
  assert.equal(res.status, 400);
  assert.equal(res.body.__type, "ValidationException");
  assert.match(res.body.message, /only calls can be put on hold/);
});
