import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { StartChatContactCommand, type ConnectClient } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand, DisconnectParticipantCommand, GetTranscriptCommand, SendEventCommand, SendMessageCommand, type ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import type { SimulatorHandle } from "../server.js";
import { expectError, SocketProbe, startSdkSim, type SdkSim, controlCall, controlOk } from "../testing.js";
import { addProfile, addUser, queueingFlow, requeueOnReturnFlow } from "../../runtime/testing-agents.js";

const READ = "application/vnd.amazonaws.connect.event.message.read";
const JOINED = "application/vnd.amazonaws.connect.event.participant.joined";
const LEFT = "application/vnd.amazonaws.connect.event.participant.left";

let fx: SdkSim;
let sim: SimulatorHandle;
let connect: ConnectClient;
let participant: ConnectParticipantClient;
let inboundId: string;
const sockets: SocketProbe[] = [];

before(async () => {
  fx = await startSdkSim();
  ({ sim, client: connect, participant } = fx);
  const rt = sim.runtime;
  const support = rt.addQueue({ name: "Support" });
  const profile = addProfile(rt, { name: "Chat", queues: [{ queueId: support.id, channel: "CHAT" }], concurrency: { CHAT: 3 } });
  addUser(rt, { name: "ana", firstName: "Ana", profile });
  addUser(rt, { name: "sam", firstName: "Sam", profile });
  inboundId = queueingFlow(rt, "inbound", support.id, { CustomerRemaining: requeueOnReturnFlow(rt, support.id, { name: "after the agent" }).id }).id;
});

after(async () => {
  for (const s of sockets) s.close();
  await fx.close();
});

const control = (method: string, path: string, body?: unknown) => controlCall(sim, method, path, body);
const ok = (method: string, path: string, body?: unknown) => controlOk(sim, method, path, body);

/** CreateParticipantConnection with a websocket, subscribed: what a ChatJS client does. */
async function join(participantToken: string, connectParticipant?: boolean): Promise<{ token: string; socket: SocketProbe }> {
  const out = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant: connectParticipant }));
  const socket = await SocketProbe.subscribed(out.Websocket!.Url!);
  sockets.push(socket);
  await sim.runtime.whenIdle();
  return { token: out.ConnectionCredentials!.ConnectionToken!, socket };
}

/** A chat Ana has accepted, with the customer's and Ana's connections. */
async function liveChat() {
  const chat = await connect.send(new StartChatContactCommand({ InstanceId: sim.instanceId, ContactFlowId: inboundId, ParticipantDetails: { DisplayName: "Carla" } }));
  const customer = await join(chat.ParticipantToken!);
  await ok("PUT", "/agents/ana/status", { status: "Available" });
  await ok("POST", `/agents/ana/contacts/${chat.ContactId}/accept`);
  const me = await ok("GET", `/agents/ana/contacts/${chat.ContactId}/participant`);
  const agent = await join(me.participantToken, true);
  return { contactId: chat.ContactId!, customer, agent };
}

const send = (token: string, Content: string) => participant.send(new SendMessageCommand({ ConnectionToken: token, ContentType: "text/plain", Content }));

test("a supervisor monitors a chat over the real Participant API, barges in, and leaves", async () => {
  const { contactId, customer, agent } = await liveChat();
  const monitor = await ok("POST", `/agents/sam/contacts/${contactId}/monitor`);
  assert.equal(monitor.mode, "silent");
  assert.equal(monitor.displayName, "Sam");
  const sam = await join(monitor.participantToken, true);
  let view = await ok("GET", "/agents/sam");
  assert.deepEqual(view.monitoring.map((m: any) => [m.contactId, m.participantId, m.mode]), [[contactId, monitor.participantId, "silent"]]);

  // The supervisor sees both sides and the transcript; nobody sees the supervisor.
  await send(customer.token, "My invoice is wrong");
  const fromAgent = await send(agent.token, "Let me check that for you");
  await sam.socket.waitForItem((i) => i.Content === "My invoice is wrong" && i.ParticipantRole === "CUSTOMER");
  await sam.socket.waitForItem((i) => i.Content === "Let me check that for you" && i.ParticipantRole === "AGENT");
  const transcript = await participant.send(new GetTranscriptCommand({ ConnectionToken: sam.token, SortOrder: "ASCENDING", MaxResults: 100 }));
  assert.ok(transcript.Transcript!.some((i) => i.Content === "My invoice is wrong"));
  assert.ok(!transcript.Transcript!.some((i) => i.ParticipantRole === "SUPERVISOR"), "no trace of the supervisor in the transcript");
  await expectError(send(sam.token, "Hello?"), "AccessDeniedException", 403);
  // Receipts still work with a silent supervisor: the customer's read receipt reaches the agent.
  await participant.send(new SendEventCommand({ ConnectionToken: customer.token, ContentType: READ, Content: JSON.stringify({ messageId: fromAgent.Id }) }));
  await agent.socket.waitForItem((i) => i.Type === "MESSAGEMETADATA");

  // Barging in: everyone sees the supervisor join; the customer gets its message.
  view = await ok("POST", `/agents/sam/contacts/${contactId}/barge`);
  assert.equal(view.monitoring[0].mode, "barge");
  const joined = await customer.socket.waitForItem((i) => i.ContentType === JOINED && i.ParticipantRole === "SUPERVISOR");
  assert.equal(joined.ParticipantId, monitor.participantId);
  await agent.socket.waitForItem((i) => i.ContentType === JOINED && i.ParticipantRole === "SUPERVISOR");
  await send(sam.token, "Hi Carla, I'm Sam, Ana's team lead. I'll make sure this gets fixed.");
  const said = await customer.socket.waitForItem((i) => i.ParticipantRole === "SUPERVISOR" && i.Type === "MESSAGE");
  assert.equal(said.DisplayName, "Sam");
  assert.match(said.Content ?? "", /team lead/);
  // "Using the SendEvent API for message receipts when a supervisor is barged-in will result in a conflict exception."
  await expectError(
    participant.send(new SendEventCommand({ ConnectionToken: customer.token, ContentType: READ, Content: JSON.stringify({ messageId: fromAgent.Id }) })),
    "ConflictException",
    409,
    /supervisor is barged in/,
  );

  // Leaving: the chat goes on, the supervisor's connection no longer works.
  view = await ok("POST", `/agents/sam/contacts/${contactId}/stop-monitoring`);
  assert.deepEqual(view.monitoring, []);
  await customer.socket.waitForItem((i) => i.ContentType === LEFT && i.ParticipantRole === "SUPERVISOR");
  await expectError(send(sam.token, "Bye"), "AccessDeniedException", 403);
  await send(customer.token, "Thank you both");
  await agent.socket.waitForItem((i) => i.Content === "Thank you both");
  await ok("POST", `/agents/ana/contacts/${contactId}/leave`);
  await ok("POST", `/agents/ana/contacts/${contactId}/complete`);
});

test("a supervisor leaving with DisconnectParticipant stops monitoring; a silent one leaves unseen", async () => {
  const { contactId, customer } = await liveChat();
  const monitor = await ok("POST", `/agents/sam/contacts/${contactId}/monitor`);
  const sam = await join(monitor.participantToken);
  await participant.send(new DisconnectParticipantCommand({ ConnectionToken: sam.token }));
  await sim.runtime.whenIdle();
  await sam.socket.waitForItem((i) => i.ContentType === LEFT && i.ParticipantId === monitor.participantId);
  assert.deepEqual((await ok("GET", "/agents/sam")).monitoring, []);
  await send(customer.token, "Still there?");
  await customer.socket.waitForItem((i) => i.Content === "Still there?");
  assert.ok(!customer.socket.items().some((i) => i.ParticipantRole === "SUPERVISOR"), "the customer never saw the supervisor");
  await ok("POST", `/agents/ana/contacts/${contactId}/leave`);
  await ok("POST", `/agents/ana/contacts/${contactId}/complete`);
});

test("monitoring refusals: a call, a chat without an agent, the chat's own agent, twice; barging without monitoring", async () => {
  const { contactId } = await liveChat();
  let res = await control("POST", `/agents/ana/contacts/${contactId}/monitor`);
  assert.equal(res.status, 409);
  assert.match(res.body.message, /is the agent on chat/);
  await ok("POST", `/agents/sam/contacts/${contactId}/monitor`);
  res = await control("POST", `/agents/sam/contacts/${contactId}/monitor`);
  assert.equal(res.status, 409);
  assert.equal(res.body.__type, "ConflictException");
  res = await control("POST", `/agents/ana/contacts/${contactId}/barge`);
  assert.equal(res.status, 404);
  assert.match(res.body.message, /does not monitor chat/);
  res = await control("POST", `/agents/ana/contacts/${contactId}/stop-monitoring`);
  assert.equal(res.status, 404);
  res = await control("POST", "/agents/sam/contacts/no-such-contact/monitor");
  assert.equal(res.status, 404);
  res = await control("POST", `/agents/nobody/contacts/${contactId}/monitor`);
  assert.equal(res.status, 404);

  const waiting = await connect.send(new StartChatContactCommand({ InstanceId: sim.instanceId, ContactFlowId: inboundId, ParticipantDetails: { DisplayName: "Dora" } }));
  await join(waiting.ParticipantToken!);
  res = await control("POST", `/agents/sam/contacts/${waiting.ContactId}/monitor`);
  assert.equal(res.status, 409);
  assert.match(res.body.message, /no agent is in chat/);

  const { contactId: callId } = await ok("POST", "/calls", { flow: inboundId, from: "+15555550123" });
  res = await control("POST", `/agents/sam/contacts/${callId}/monitor`);
  assert.equal(res.status, 400);
  assert.equal(res.body.__type, "ValidationException");
});
