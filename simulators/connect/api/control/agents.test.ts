import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { GetContactAttributesCommand, StartChatContactCommand, type ConnectClient } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetTranscriptCommand, SendMessageCommand, type ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import type { SimulatorHandle } from "../server.js";
import { pollingConnection, startSdkSim, type SdkSim, controlCall, controlOk } from "../testing.js";
import { loadFlowDocument } from "../../flow/load.js";
import { addProfile, addUser, queueingFlow, queueTransferFlow } from "../../runtime/testing-agents.js";
import { seedAcwGuide } from "../../runtime/flow-testing.js";

let fx: SdkSim;
let sim: SimulatorHandle;
let connect: ConnectClient;
let participant: ConnectParticipantClient;
let inboundId: string;

/** Seed 000's ACW guide, verbatim. */
function seedAcwFlow() {
  return loadFlowDocument(seedAcwGuide(), "seed-000.json");
}

before(async () => {
  fx = await startSdkSim();
  ({ sim, client: connect, participant } = fx);
  const rt = sim.runtime;
  const support = rt.addQueue({ name: "Support" });
  const billing = rt.addQueue({ name: "Billing" });
  addUser(rt, { name: "ana", firstName: "Ana", profile: addProfile(rt, { name: "Front", queues: [{ queueId: support.id, channel: "CHAT" }], concurrency: { CHAT: 1 } }) });
  addUser(rt, { name: "ben", profile: addProfile(rt, { name: "Back", queues: [{ queueId: billing.id, channel: "CHAT" }], concurrency: { CHAT: 1 } }) });
  const guide = rt.publish(seedAcwFlow(), { name: "Sample after contact work flow" });
  inboundId = queueingFlow(rt, "inbound", support.id, { DisconnectAgentUI: guide.id }).id;
  const transfer = queueTransferFlow(rt, "xfer");
  const qc = rt.ids.uuid();
  rt.resources.quickConnects.add({ id: qc, arn: rt.resources.arn("transfer-destination", qc), name: "To billing", type: "QUEUE", queue: { queueId: billing.id, contactFlowId: transfer.id }, tags: {} });
});

after(async () => {
  await fx.close();
});

const control = (method: string, path: string, body?: unknown) => controlCall(sim, method, path, body);
const ok = (method: string, path: string, body?: unknown) => controlOk(sim, method, path, body);

/** A chat whose customer is connected (polling), so its flow has queued it; `customerToken` is the customer's connection token. */
async function startChat() {
  const chat = await connect.send(new StartChatContactCommand({ InstanceId: sim.instanceId, ContactFlowId: inboundId, ParticipantDetails: { DisplayName: "Carla" } }));
  return { ...chat, customerToken: await pollingConnection(fx, chat.ParticipantToken!) };
}

test("an agent over the control plane: Available → offer → accept → chats through the real Participant API → leaves → ACW guide (seed 000) → submit → complete", async () => {
  const chat = await startChat();
  let ana = await ok("PUT", "/agents/ana/status", { status: "Available" });
  assert.equal(ana.status, "Available");
  assert.deepEqual(ana.contacts.map((c: any) => [c.contactId, c.channel, c.state]), [[chat.ContactId, "CHAT", "offered"]]);
  assert.ok(Date.parse(ana.contacts[0].expiresAt) > Date.parse(ana.contacts[0].offeredAt));

  ana = await ok("POST", `/agents/ana/contacts/${chat.ContactId}/accept`);
  assert.equal(ana.contacts[0].state, "connected");
  const me = await ok("GET", `/agents/ana/contacts/${chat.ContactId}/participant`);
  assert.equal(me.displayName, "Ana");
  const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: me.participantToken, ConnectParticipant: true, Type: ["CONNECTION_CREDENTIALS"] }));
  const agentToken = conn.ConnectionCredentials!.ConnectionToken!;
  await participant.send(new SendMessageCommand({ ConnectionToken: agentToken, ContentType: "text/plain", Content: "Hi Carla, Ana here" }));
  const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: chat.customerToken, SortOrder: "ASCENDING", MaxResults: 100 }));
  assert.ok(transcript.Transcript!.some((i) => i.ParticipantRole === "AGENT" && i.Content === "Hi Carla, Ana here"));

  // The agent leaves through the Participant API, as a real agent client would.
  await participant.send(new DisconnectParticipantCommand({ ConnectionToken: agentToken }));
  await sim.runtime.whenIdle();
  ana = await ok("GET", "/agents/ana");
  assert.equal(ana.contacts[0].state, "acw");
  assert.equal(ana.guides.length, 1, "ACW started the DisconnectAgentUI guide");
  const guide = ana.guides[0];
  assert.equal(guide.relatedContactId, chat.ContactId);
  assert.equal(guide.waiting[0].viewArn, "arn:aws:connect:eu-central-1:aws:view/after-contact-work:1");

  ana = await ok("POST", `/agents/ana/guides/${guide.contactId}/submit`, { viewResultData: { Category: ["Billing"], Driver: ["Card"], Satisfaction: ["Satisfied"], FollowUp: ["No"], Resolved: ["Yes"], ModifiedSummary: "s", ContactNotes: "n" } });
  assert.deepEqual(ana.guides, []);
  const attributes = await connect.send(new GetContactAttributesCommand({ InstanceId: sim.instanceId, InitialContactId: chat.ContactId! }));
  assert.deepEqual(attributes.Attributes, { Category: "Billing", Driver: "Card", Satisfaction: "Satisfied", FollowUp: "No", Resolved: "Yes", ModifiedSummary: "s", ContactNotes: "n" });

  ana = await ok("POST", `/agents/ana/contacts/${chat.ContactId}/complete`);
  assert.deepEqual(ana.contacts, []);
});

test("transfer with a quick connect: the chat goes to the other queue and its agent", async () => {
  await ok("PUT", "/agents/ben/status", { status: "Available" });
  const chat = await startChat();
  await ok("POST", `/agents/ana/contacts/${chat.ContactId}/accept`);
  const out = await ok("POST", `/agents/ana/contacts/${chat.ContactId}/transfer`, { quickConnect: "To billing" });
  assert.deepEqual(out, { contactId: chat.ContactId, transfer: { state: "succeeded", detail: out.transfer.detail } });
  const ana = await ok("GET", "/agents/ana");
  assert.equal(ana.contacts[0].state, "acw");
  const ben = await ok("GET", "/agents/ben");
  assert.deepEqual(ben.contacts.map((c: any) => [c.contactId, c.state, c.queue.name]), [[chat.ContactId, "offered", "Billing"]]);
  await ok("POST", `/agents/ben/contacts/${chat.ContactId}/reject`);
  await ok("POST", `/agents/ana/contacts/${chat.ContactId}/complete`);
});

test("an offer left ringing is missed on the virtual clock; setting a status clears Missed", async () => {
  await ok("PUT", "/routing", { offerTimeoutSeconds: { CHAT: 5 } });
  assert.deepEqual((await ok("GET", "/routing")).offerTimeoutSeconds, { VOICE: 20, CHAT: 5, TASK: 20, EMAIL: 20 });
  const chat = await startChat();
  assert.equal((await ok("GET", "/agents/ana")).contacts[0].contactId, chat.ContactId);
  await ok("POST", "/clock/advance", { seconds: 5 });
  const ana = await ok("GET", "/agents/ana");
  assert.equal(ana.error.name, "Missed");
  assert.deepEqual(ana.contacts, []);
  const cleared = await ok("PUT", "/agents/ana/status", { status: "Available" });
  assert.equal(cleared.error, undefined);
  assert.equal(cleared.contacts[0].contactId, chat.ContactId, "offered again");
});

test("control errors are 4xx with a message", async () => {
  const cases: [string, string, unknown, number, RegExp][] = [
    ["GET", "/agents/nobody", undefined, 404, /no user nobody/],
    ["PUT", "/agents/ana/status", {}, 400, /status/],
    ["PUT", "/agents/ana/status", { status: "Sleeping" }, 404, /no agent status Sleeping/],
    ["POST", "/agents/ana/contacts/nope/accept", undefined, 404, /holds no contact nope/],
    ["POST", "/agents/ana/contacts/nope/transfer", {}, 400, /quickConnect/],
    ["GET", "/agents/ana/contacts/nope/participant", undefined, 404, /holds no contact/],
    ["POST", "/agents/ana/guides/nope/submit", {}, 404, /no guide nope/],
    ["PUT", "/routing", { offerTimeoutSeconds: -1 }, 400, /offerTimeoutSeconds/],
    ["PUT", "/routing", { offerTimeoutSeconds: { FAX: 3 } }, 400, /FAX/],
  ];
  for (const [method, path, body, status, message] of cases) {
    const res = await control(method, path, body);
    assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(res.body)}`);
    assert.match(res.body.message, message);
  }
  const ana = await ok("GET", "/agents/ana");
  const offered = ana.contacts.find((c: any) => c.state === "offered");
  await ok("POST", `/agents/ana/contacts/${offered.contactId}/accept`);
  const twice = await control("POST", `/agents/ana/contacts/${offered.contactId}/accept`);
  assert.equal(twice.status, 409);
  assert.match(twice.body.message, /not ringing/);
  const notAcw = await control("POST", `/agents/ana/contacts/${offered.contactId}/complete`);
  assert.equal(notAcw.status, 409);
});
