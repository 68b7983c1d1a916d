import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CreateInstanceCommand, DescribeContactCommand, ListQueuesCommand, SearchContactsCommand, StartChatContactCommand, StopContactCommand } from "@aws-sdk/client-connect";
import { CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { CHAT_FLOW, expectError, startSdkSim, virtualClock, type SdkSim } from "../testing.js";
import { loadOk } from "../../runtime/flow-testing.js";
import type { VirtualClock } from "../../../kernel/clock.js";
import type { Runtime } from "../../runtime/runtime.js";
import type { ApiError } from "../http/errors.js";
import { StrictMode } from "./strict-mode.js";

let fx: SdkSim;
let clock: VirtualClock;
let flowId: string;

before(async () => {
  fx = await startSdkSim({ strict: true });
  clock = virtualClock(fx.sim);
  flowId = publishChatFlow(fx);
});
after(async () => {
  await fx.close();
});

/** The chat flow that greets and waits, so that a chat stays active; its id. */
function publishChatFlow(on: SdkSim): string {
  return on.sim.runtime.publish(loadOk(CHAT_FLOW, "chat.json", { flowType: "CONTACT_FLOW", name: "chat" }), { name: "chat" }).id;
}

const startChat = () => fx.client.send(new StartChatContactCommand({ InstanceId: fx.InstanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: "Customer" } }));

/** Lets every bucket fill up again, so that each test starts from the service's full burst. */
async function refill(): Promise<void> {
  await clock.advance(60_000);
}

/** The calls made at one instant, settled in order: how many succeeded, and the first refusal. */
async function burst(count: number, call: () => Promise<unknown>): Promise<{ passed: number; refused?: Promise<unknown> }> {
  const results = await Promise.allSettled(Array.from({ length: count }, () => call()));
  const refused = results.find((r) => r.status === "rejected");
  return { passed: results.filter((r) => r.status === "fulfilled").length, ...(refused && { refused: Promise.reject((refused as PromiseRejectedResult).reason) }) };
}

async function stopAllChats(): Promise<void> {
  for (const session of fx.sim.runtime.allSessions()) if (!session.contact.ended) await fx.sim.runtime.disconnect(session.contact, "test over");
}

test("StartChatContact: 9 calls in one instant pass up to the burst of 8, the 9th is TooManyRequestsException (429); a fifth of a second later one more passes", async () => {
  await refill();
  const { passed, refused } = await burst(9, startChat);
  assert.equal(passed, 8);
  await expectError(refused!, "TooManyRequestsException", 429, /Too Many Requests/);
  await expectError(startChat(), "TooManyRequestsException", 429);
  await clock.advance(200);
  await startChat();
  await stopAllChats();
});

test("an operation that models ThrottlingException answers with it: DescribeContact at 2 per second, burst 5", async () => {
  await refill();
  const { ContactId } = await startChat();
  const { passed, refused } = await burst(6, () => fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId })));
  assert.equal(passed, 5);
  await expectError(refused!, "ThrottlingException", 429, /Rate exceeded/);
  await clock.advance(500);
  await fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId }));
  await stopAllChats();
});

test("Connect buckets are the account's: calls on a created instance take from the same bucket as the default instance's", async () => {
  await refill();
  const created = await fx.client.send(new CreateInstanceCommand({ IdentityManagementType: "CONNECT_MANAGED", InstanceAlias: "strict-second", InboundCallsEnabled: true, OutboundCallsEnabled: false }));
  const list = (InstanceId: string) => fx.client.send(new ListQueuesCommand({ InstanceId }));
  for (let i = 0; i < 3; i++) await list(fx.InstanceId);
  for (let i = 0; i < 2; i++) await list(created.Id!);
  await expectError(list(created.Id!), "ThrottlingException", 429);
  await expectError(list(fx.InstanceId), "ThrottlingException", 429);
});

test("Participant buckets: CreateParticipantConnection passes 9 at once (its burst) and refuses the 10th with ThrottlingException (429)", async () => {
  await refill();
  const tokens: string[] = [];
  for (let i = 0; i < 10; i++) {
    tokens.push((await startChat()).ParticipantToken!);
    await clock.advance(200);
  }
  const connect = (token: string) => fx.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: token, Type: ["CONNECTION_CREDENTIALS"] }));
  const results = await Promise.allSettled(tokens.map(connect));
  assert.equal(results.filter((r) => r.status === "fulfilled").length, 9);
  const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  await expectError(Promise.reject(refused.reason), "ThrottlingException", 429, /Rate exceeded/);
  await stopAllChats();
});

/** The ids SearchContacts finds among the chats of the last hour. */
async function searchChats(on: SdkSim, now: number): Promise<(string | undefined)[]> {
  const out = await on.client.send(new SearchContactsCommand({ InstanceId: on.InstanceId, TimeRange: { Type: "INITIATION_TIMESTAMP", StartTime: new Date(now - 3_600_000), EndTime: new Date(now) }, SearchCriteria: { Channels: ["CHAT"] } }));
  return (out.Contacts ?? []).map((c) => c.Id);
}

test("SearchContacts misses a contact started a moment ago and finds it 2 s later; DescribeContact sees it at once", async () => {
  await refill();
  const { ContactId } = await startChat();
  assert.equal((await fx.client.send(new DescribeContactCommand({ InstanceId: fx.InstanceId, ContactId }))).Contact?.Id, ContactId);
  assert.ok(!(await searchChats(fx, clock.now())).includes(ContactId), "a search right after the start must miss the contact");
  // SearchContacts' own bucket (0.5 per second, burst 1) is empty until 2 s have passed.
  await expectError(searchChats(fx, clock.now()), "ThrottlingException", 429);
  await clock.advance(2000);
  assert.ok((await searchChats(fx, clock.now())).includes(ContactId), "after the delay the search finds it");
  await stopAllChats();
});

test("the consistency delay is a setting: at 10 s a search 2 s after the start still misses the contact", async () => {
  const slow = await startSdkSim({ strict: { consistencyDelayMs: 10_000 } });
  try {
    const slowClock = virtualClock(slow.sim);
    const { ContactId } = await slow.client.send(new StartChatContactCommand({ InstanceId: slow.InstanceId, ContactFlowId: publishChatFlow(slow), ParticipantDetails: { DisplayName: "Customer" } }));
    await slowClock.advance(2000);
    assert.ok(!(await searchChats(slow, slowClock.now())).includes(ContactId));
    await slowClock.advance(8000);
    assert.ok((await searchChats(slow, slowClock.now())).includes(ContactId));
  } finally {
    await slow.close();
  }
});

test("an instance holds at most 100 active chats: the 101st StartChatContact is LimitExceededException (429); ending one makes room", async () => {
  await refill();
  await stopAllChats();
  const started: string[] = [];
  for (let i = 0; i < 100; i++) {
    await clock.advance(200);
    started.push((await startChat()).ContactId!);
  }
  await clock.advance(200);
  await expectError(startChat(), "LimitExceededException", 429, /100 concurrent active chat contacts/);
  await fx.client.send(new StopContactCommand({ InstanceId: fx.InstanceId, ContactId: started[0] }));
  await clock.advance(200);
  await startChat();
  await stopAllChats();
});

test("without strict mode nothing is throttled", async () => {
  const plain = await startSdkSim();
  try {
    const results = await Promise.all(Array.from({ length: 12 }, () => plain.client.send(new ListQueuesCommand({ InstanceId: plain.InstanceId }))));
    assert.equal(results.length, 12);
  } finally {
    await plain.close();
  }
});

test("an instance holds at most 2500 active tasks: StartTaskContact beyond them is ServiceQuotaExceededException (402)", async () => {
  const strict = new StrictMode({}, () => 0);
  const sessions = (count: number) => Array.from({ length: count }, () => ({ contact: { channel: "TASK", ended: false } }));
  let active = 2499;
  const runtime = { allSessions: () => sessions(active) } as unknown as Runtime;
  const [route] = strict.connectRoutes([{ method: "PUT", pattern: "/contact/task", operation: "StartTaskContact", handler: () => ({ body: { ContactId: "task" } }) }], runtime);
  const request = {} as Parameters<typeof route.handler>[0];
  assert.deepEqual(await route.handler(request), { body: { ContactId: "task" } });
  active = 2500;
  assert.throws(() => route.handler(request), (err: ApiError) => err.status === 402 && err.errorType === "ServiceQuotaExceededException" && /2500 concurrent active task/.test(err.message));
});
