import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, type ActionInput, type Harness } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import { ResponderSet } from "../responder-set.js";
import type { FlowType } from "../flow-types.js";
import type { HoursConfigEntry, HoursResource } from "../../runtime/resources.js";
import type { QueueRef } from "../contact.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: id }, Transitions: { NextAction: "bye" } });
const checkHours = (params: Record<string, unknown> = {}): ActionInput => ({
  Identifier: "hours",
  Type: "CheckHoursOfOperation",
  Parameters: params,
  Transitions: {
    NextAction: "open",
    Conditions: [
      { NextAction: "open", Condition: { Operator: "Equals", Operands: ["True"] } },
      { NextAction: "closed", Condition: { Operator: "Equals", Operands: ["False"] } },
    ],
    Errors: [{ NextAction: "error", ErrorType: "NoMatchingError" }],
  },
});

const nineToFive: HoursConfigEntry[] = (["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"] as const).map((Day) => ({ Day, StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }));

function addHours(h: Harness, id: string, name: string, timeZone: string, config: HoursConfigEntry[] = nineToFive): HoursResource {
  return h.runtime.resources.hours.add({ id, name, arn: h.runtime.resources.arn("operating-hours", id), timeZone, config });
}

/** A harness whose clock starts Monday 2026-01-05 09:00 UTC (04:00 in New York), with a Sales queue on New York 9–5 hours. */
function setUp(params: Record<string, unknown> = {}) {
  const h = harness();
  addHours(h, "hours-ny", "New York office", "America/New_York");
  addHours(h, "hours-utc", "London support", "Europe/London");
  const sales = h.runtime.addQueue({ name: "Sales", hoursOfOperationId: "hours-ny" });
  const noHours = h.runtime.addQueue({ name: "Overflow" });
  h.publish(flowDoc([checkHours(params), say("open"), say("closed"), say("error"), bye], { type: "contactFlow" }), "hours");
  const start = async (queue?: QueueRef, attributes: Record<string, string> = {}) => {
    const contact = h.runtime.startContact({ channel: "CHAT", flow: "hours", attributes });
    contact.targetQueue = queue;
    await h.settle();
    const session = h.runtime.requireSession(contact.id);
    const step = session.trace.find((s) => s.kind === "action" && s.actionId === "hours");
    assert.ok(step && step.kind === "action");
    return { said: said(session), detail: step.detail ?? "", result: step.result };
  };
  return { h, sales, noHours, start };
}

test("without HoursOfOperationId the working queue's hours are evaluated on the simulator clock, in their time zone", async () => {
  const { h, sales, start } = setUp();
  const early = await start(sales);
  assert.deepEqual(early.said, ["closed"], "04:00 in New York");
  assert.match(early.detail, /New York office closed at 2026-01-05T09:00:00.000Z \(schedule of New York office\)/);
  await h.advance(5 * 3600 * 1000);
  assert.deepEqual((await start(sales)).said, ["open"], "09:00 in New York");
  await h.advance(8 * 3600 * 1000);
  assert.deepEqual((await start(sales)).said, ["closed"], "17:00 in New York");
});

test("an empty HoursOfOperationId (as console exports write it) also means the queue's hours", async () => {
  const { h, sales, start } = setUp({ HoursOfOperationId: "" });
  await h.advance(6 * 3600 * 1000);
  assert.deepEqual((await start(sales)).said, ["open"]);
});

test("HoursOfOperationId picks other hours by id, ARN, name or a reference, whatever the queue", async () => {
  for (const ref of ["hours-utc", "London support", "$.Attributes.hoursRef"]) {
    const { h, sales, start } = setUp({ HoursOfOperationId: ref });
    // 09:00 UTC on Monday: open in London, closed in New York.
    const attrs = { hoursRef: `${h.runtime.instance.arn}/operating-hours/hours-utc` };
    assert.deepEqual((await start(sales, attrs)).said, ["open"], ref);
    assert.deepEqual((await start(undefined, attrs)).said, ["open"], `${ref}, no queue needed`);
  }
});

test("no queue, an agent queue, a queue without hours or unknown hours take the Error branch and say why", async () => {
  const { noHours, start } = setUp();
  const none = await start(undefined);
  assert.deepEqual(none.said, ["error"]);
  assert.match(none.detail, /no HoursOfOperationId and the contact has no working queue/);
  const agent = await start({ id: "agent-q", arn: "arn:aws:connect:us-east-1:123456789012:instance/x/queue/agent/u1", name: "", agentId: "u1" });
  assert.deepEqual(agent.said, ["error"]);
  assert.match(agent.detail, /agent queue of u1, and agent queues have no hours of operation/);
  const bare = await start(noHours);
  assert.deepEqual(bare.said, ["error"]);
  assert.match(bare.detail, /queue Overflow has no hours of operation/);

  const unknown = setUp({ HoursOfOperationId: "$.Attributes.hoursRef" });
  const missing = await unknown.start(unknown.sales, { hoursRef: "hours-mars" });
  assert.deepEqual(missing.said, ["error"]);
  assert.match(missing.detail, /no hours of operation matches "hours-mars"/);
});

test("hours with an unknown time zone take the Error branch instead of failing the engine", async () => {
  const { h, start } = setUp({ HoursOfOperationId: "broken" });
  addHours(h, "broken", "Broken hours", "Mars/Olympus_Mons");
  const result = await start(undefined);
  assert.deepEqual(result.said, ["error"]);
  assert.match(result.detail, /hours of operation Broken hours: unknown time zone "Mars\/Olympus_Mons"/);
});

test("a scenario rule overrides the schedule, by hours name or queue", async () => {
  const { h, sales, start } = setUp();
  h.runtime.responders.setHours("New York office", true);
  const forced = await start(sales);
  assert.deepEqual(forced.said, ["open"]);
  assert.match(forced.detail, /\(hours New York office open\)/);
  h.runtime.responders.setHours("Sales", false);
  await h.advance(6 * 3600 * 1000);
  assert.deepEqual((await start(sales)).said, ["closed"]);
  h.runtime.responders.reset();
  assert.deepEqual((await start(sales)).said, ["open"], "after reset the schedule answers again");
});

test("a rule for the queue does not answer for other hours named by HoursOfOperationId", async () => {
  const { h, sales, start } = setUp({ HoursOfOperationId: "London support" });
  h.runtime.responders.setHours("Sales", false);
  const out = await start(sales);
  assert.deepEqual(out.said, ["open"]);
  assert.match(out.detail, /\(schedule of London support\)/);
});

test("the responder default is open only when no schedule is known", async () => {
  const r = new ResponderSet();
  const hours = { id: "h", arn: "arn:h", name: "H" };
  assert.equal(await r.hoursOpen({ hours, at: 0 }), true);
  assert.equal(r.lastSource("hours"), "default");
  r.useHoursSchedule((req) => (req.hours?.id === "h" ? false : undefined));
  assert.equal(await r.hoursOpen({ hours, at: 0 }), false);
  assert.equal(r.lastSource("hours"), "schedule of H");
  assert.equal(await r.hoursOpen({ hours: { ...hours, id: "other" }, at: 0 }), true);
  assert.equal(r.lastSource("hours"), "default");
  r.reset();
  assert.equal(await r.hoursOpen({ hours, at: 0 }), false, "the schedule describes the instance and survives reset");
});

function errorsOf(action: ActionInput, type: FlowType = "CONTACT_FLOW"): string {
  const flow = loadFlowDocument(flowDoc([action, say("open"), say("closed"), say("error"), bye]), "hours.json", { flowType: type });
  return flow.problems.filter((p) => p.severity === "error").map((p) => `${p.path}: ${p.message}`).join("\n");
}

test("validation: exactly the True and False conditions, NoMatchingError only, no hold or whisper flows", () => {
  assert.equal(errorsOf(checkHours()), "");
  assert.equal(errorsOf(checkHours({ HoursOfOperationId: "$.Attributes.hours" })), "");
  assert.match(errorsOf(checkHours({ HoursOfOperationId: "hours-$.Attributes.x" })), /HoursOfOperationId \(must be static or a single JSONPath/);
  assert.match(errorsOf(checkHours({ Hours: "x" })), /Invalid Action property name. Path: Actions\[0\].Parameters.Hours/);

  const onlyTrue = checkHours();
  onlyTrue.Transitions!.Conditions = onlyTrue.Transitions!.Conditions!.slice(0, 1);
  assert.match(errorsOf(onlyTrue), /CheckHoursOfOperation needs a Condition for Equals False/);
  const none = checkHours();
  delete none.Transitions!.Conditions;
  assert.match(errorsOf(none), /Transitions.Conditions .*needs a Condition for Equals True and one for Equals False/);
  const other = checkHours();
  other.Transitions!.Conditions!.push({ NextAction: "open", Condition: { Operator: "Equals", Operands: ["Open"] } });
  assert.match(errorsOf(other), /CheckHoursOfOperation results are True, False; "Open" can never match/);

  const noMatching = checkHours();
  noMatching.Transitions!.Errors!.push({ NextAction: "error", ErrorType: "NoMatchingCondition" });
  assert.match(errorsOf(noMatching), /Invalid Action error. Error: NoMatchingCondition/);
  const noError = checkHours();
  delete noError.Transitions!.Errors;
  assert.match(errorsOf(noError), /missing required error. Error: NoMatchingError/);

  assert.match(errorsOf(checkHours(), "AGENT_WHISPER"), /Unsupported block type: CheckHoursOfOperation/);
  assert.match(errorsOf(checkHours(), "CUSTOMER_HOLD"), /Unsupported block type: CheckHoursOfOperation/);
  assert.equal(errorsOf(checkHours(), "CUSTOMER_QUEUE"), "");
});
