import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../kernel/clock.js";
import { Contact } from "../flow/contact.js";
import { EventBus, type RuntimeEvent } from "./events.js";
import { FlowLogs, FLOW_LOG_LIMITS } from "./flow-logs.js";
import { Runtime } from "./runtime.js";
import { loadFlowDocument } from "../flow/load.js";

function setup(limits = FLOW_LOG_LIMITS) {
  const clock = new VirtualClock();
  const events = new EventBus<RuntimeEvent>();
  const actions = new Map([["Greet", { Parameters: { Text: "Hello" } }]]);
  const logs = new FlowLogs({ clock, events, flowFor: (id) => (id === "f1" ? { arn: "arn:flow/f1", actions } : undefined), arnOf: (id) => `arn:contact-flow/${id}` }, limits);
  const contact = (id: string, logging?: string) => {
    const c = new Contact({ id, arn: `arn:contact/${id}`, channel: "CHAT", initiationMethod: "API", now: clock.now() });
    if (logging) c.behaviours.flowLogging = logging;
    return c;
  };
  const run = (c: Contact, actionId = "Greet", flowId = "f1") =>
    events.emit({ type: "trace", contact: c, step: { kind: "action", at: clock.now(), contactId: c.id, flowId, flowName: "Support", actionId, actionType: "MessageParticipant", branch: "Success" } });
  return { clock, events, logs, contact, run };
}

test("a block run with flow logging on is logged in the service's shape; with it off, nothing", () => {
  const { logs, contact, run } = setup();
  run(contact("quiet"));
  run(contact("c1", "Enabled"));
  run(contact("off", "Disabled"));
  const records = [...logs.read()];
  assert.equal(records.length, 1);
  assert.deepEqual(JSON.parse(records[0].message), {
    ContactId: "c1",
    ContactFlowId: "arn:flow/f1",
    ContactFlowName: "Support",
    ContactFlowModuleType: "PlayPrompt",
    Identifier: "Greet",
    Timestamp: records[0].parsed.Timestamp,
    Parameters: { Text: "Hello", TextToSpeechType: "text" },
  });
  assert.equal(records[0].logStreamName, records[0].parsed.Timestamp.slice(0, 10).replaceAll("-", "/"));
  assert.equal(JSON.parse(records[0].message).ContactFlowId, "arn:flow/f1");
});

test("paging resumes after the last event read", () => {
  const { logs, contact, run } = setup();
  const c = contact("c1", "Enabled");
  for (let i = 0; i < 5; i++) run(c);
  const first = [...logs.read()].slice(0, 2);
  assert.deepEqual([...logs.read(first[1].seq)].map((r) => r.seq), [3, 4, 5]);
});

test("a contact's events go some time after it ends, on the clock", async () => {
  const { clock, events, logs, contact, run } = setup();
  const ended = contact("ended", "Enabled");
  const live = contact("live", "Enabled");
  run(ended);
  run(live);
  events.emit({ type: "contact.ended", contact: ended, reason: "test" });
  await clock.advance(FLOW_LOG_LIMITS.RETAIN_AFTER_END_MS - 1);
  assert.equal(logs.size, 2);
  await clock.advance(1);
  assert.deepEqual([...logs.read()].map((r) => r.contactId), ["live"]);
});

test("on a clock that never moves, only the latest MAX_ENDED_CONTACTS ended contacts keep their events; live ones keep theirs", () => {
  const { events, logs, contact, run } = setup({ ...FLOW_LOG_LIMITS, MAX_ENDED_CONTACTS: 3 });
  const live = contact("live", "Enabled");
  run(live);
  for (let i = 1; i <= 5; i++) {
    const c = contact(`c${i}`, "Enabled");
    run(c);
    run(c);
    events.emit({ type: "contact.ended", contact: c, reason: "test" });
  }
  assert.deepEqual([...new Set([...logs.read()].map((r) => r.contactId))], ["live", "c3", "c4", "c5"]);
  assert.equal(logs.size, 7);
});

test("at most MAX_EVENTS an instance, the oldest going first, however many contacts come and go", () => {
  const { events, logs, contact, run } = setup({ ...FLOW_LOG_LIMITS, MAX_EVENTS: 10 });
  for (let i = 0; i < 1000; i++) {
    const c = contact(`c${i}`, "Enabled");
    run(c);
    run(c);
    if (i % 2) events.emit({ type: "contact.ended", contact: c, reason: "test" });
  }
  assert.equal(logs.size, 10);
  assert.deepEqual([...logs.read()].map((r) => r.contactId), ["c995", "c995", "c996", "c996", "c997", "c997", "c998", "c998", "c999", "c999"]);
  const internals = logs as unknown as { records: unknown[]; ended: unknown[] };
  assert.ok(internals.records.length < 200, `records kept: ${internals.records.length}`);
  assert.ok(internals.ended.length < 200, `ends kept: ${internals.ended.length}`);
});

test("a contact whose events were dropped shows only the ones it logs afterwards", async () => {
  const { clock, events, logs, contact, run } = setup();
  const a = contact("a", "Enabled");
  run(a, "Greet");
  events.emit({ type: "contact.ended", contact: a, reason: "test" });
  await clock.advance(FLOW_LOG_LIMITS.RETAIN_AFTER_END_MS);
  run(a, "Again");
  assert.deepEqual([...logs.read()].map((r) => r.parsed.Identifier), ["Again"]);
});

test("parameters longer than the bound are cut", () => {
  const { logs, contact, events } = setup({ ...FLOW_LOG_LIMITS, MAX_PARAMETER_CHARS: 10 });
  const c = contact("c1", "Enabled");
  events.emit({ type: "trace", contact: c, step: { kind: "action", at: 0, contactId: "c1", flowId: "f1", flowName: "Support", actionId: "Greet", actionType: "MessageParticipant", branch: "Success" } });
  assert.match(String([...logs.read()][0].parsed.Parameters.Truncated), /^\{"Text":"H…$/);
});

test("on a runtime: Set logging behavior turns logging on from its own block, and a transferred segment inherits it", async () => {
  const rt = new Runtime();
  const flow = loadFlowDocument(
    {
      Version: "2019-10-30",
      StartAction: "Quiet",
      Actions: [
        { Identifier: "Quiet", Type: "UpdateContactAttributes", Parameters: { Attributes: { a: "1" } }, Transitions: { NextAction: "Log", Errors: [{ NextAction: "Log", ErrorType: "NoMatchingError" }] } },
        { Identifier: "Log", Type: "UpdateFlowLoggingBehavior", Parameters: { FlowLoggingBehavior: "Enabled" }, Transitions: { NextAction: "Bye" } },
        { Identifier: "Bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
      ],
    },
    "test.json",
    { flowType: "CONTACT_FLOW" },
  );
  const published = rt.publish(flow, { name: "Logged" });
  const contact = rt.startContact({ channel: "TASK", flow: published });
  await rt.whenIdle();
  const logged = [...rt.flowLogs.read()].filter((r) => r.contactId === contact.id).map((r) => r.parsed.Identifier);
  assert.deepEqual(logged, ["Log", "Bye"]);
  assert.equal([...rt.flowLogs.read()][0].parsed.ContactFlowId, published.arn);
  const next = rt.newContact("TASK", "TRANSFER", { previousContactId: contact.id }).contact;
  assert.equal(next.behaviours.flowLogging, "Enabled");
});
