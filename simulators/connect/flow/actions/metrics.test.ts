import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, bySeverity, type ActionInput, type Harness } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { MetricsRequest, QueueMetrics } from "../responders.js";
import type { FlowType } from "../flow-types.js";
import type { QueueRef } from "../contact.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text = id): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: "bye" } });
const agents = (a: Partial<QueueMetrics["agents"]>): QueueMetrics["agents"] => ({ Online: 0, Available: 0, Staffed: 0, AfterContactWork: 0, Busy: 0, Missed: 0, NonProductive: 0, ...a });

const getMetrics = (params: Record<string, unknown> = {}): ActionInput => ({
  Identifier: "get",
  Type: "GetMetricData",
  Parameters: params,
  Transitions: { NextAction: "report", Errors: [{ NextAction: "error", ErrorType: "NoMatchingError" }] },
});
const report = say("report", "name=$.Metrics.Queue.Name size=$.Metrics.Queue.Size oldest=$.Metrics.Queue.OldestContactAge online=$.Metrics.Agents.Online.Count available=$.Metrics.Agents.Available.Count position=$.Metrics.Contact.PositionInQueue");

function checkMetric(metric: string, operator: string, operand: string, params: Record<string, unknown> = {}): ActionInput {
  return {
    Identifier: "check",
    Type: "CheckMetricData",
    Parameters: { MetricType: metric, ...params },
    Transitions: {
      NextAction: "no",
      Conditions: [{ NextAction: "yes", Condition: { Operator: operator, Operands: [operand] } }],
      Errors: [
        { NextAction: "no", ErrorType: "NoMatchingCondition" },
        { NextAction: "error", ErrorType: "NoMatchingError" },
      ],
    },
  };
}

/** A Sales queue with two callers waiting: one since the start, one since 20 s later. */
async function setUp(first: ActionInput): Promise<{ h: Harness; sales: QueueRef; run: (queue?: QueueRef, attributes?: Record<string, string>) => Promise<{ said: string[]; detail: string; result?: string }> }> {
  const h = harness();
  const sales = h.runtime.addQueue({ name: "Sales" });
  h.runtime.addQueue({ name: "Empty" });
  h.publish(flowDoc([{ Identifier: "hold", Type: "EndFlowExecution" }], { type: "contactFlow" }), "idle");
  h.publish(flowDoc([first, report, say("yes"), say("no"), say("error"), bye], { type: "contactFlow" }), "metrics");
  for (let i = 0; i < 2; i++) {
    const waiting = h.runtime.startContact({ channel: "VOICE", flow: "idle" });
    await h.runtime.enqueue(waiting, sales);
    await h.advance(20_000);
  }
  const run = async (queue?: QueueRef, attributes: Record<string, string> = {}) => {
    const contact = h.runtime.startContact({ channel: "CHAT", flow: "metrics", attributes });
    contact.targetQueue = queue;
    await h.settle();
    const session = h.runtime.requireSession(contact.id);
    const step = session.trace.find((s) => s.kind === "action" && s.actionId === first.Identifier);
    assert.ok(step && step.kind === "action");
    return { said: said(session), detail: step.detail ?? "", result: step.result };
  };
  return { h, sales, run };
}

test("GetMetricData loads the working queue's live figures into $.Metrics", async () => {
  const { run, sales } = await setUp(getMetrics());
  const out = await run(sales);
  assert.deepEqual(out.said, ["name=Sales size=2 oldest=40 online=0 available=0 position="]);
  assert.match(out.detail, /Sales: 2 in queue, oldest 40 s; agents online 0, available 0, staffed 0 \(default\)/);
});

test("GetMetricData: a scenario's metrics override the live figures, and QueueChannel reaches the responder", async () => {
  const { h, run, sales } = await setUp(getMetrics({ QueueChannel: "$.Attributes.channel" }));
  h.runtime.responders.setMetrics("Sales", { agents: agents({ Online: 3, Available: 1, Staffed: 2 }), contact: { PositionInQueue: 4 } });
  const seen: MetricsRequest[] = [];
  const responders = h.runtime.responders;
  const original = responders.metrics.bind(responders);
  responders.metrics = async (req) => {
    seen.push(req);
    return original(req);
  };
  assert.deepEqual((await run(sales, { channel: "Chat" })).said, ["name=Sales size=2 oldest=40 online=3 available=1 position=4"]);
  assert.equal(seen[0].channel, "CHAT");
  const bad = await run(sales, { channel: "Email" });
  assert.deepEqual(bad.said, ["error"]);
  assert.match(bad.detail, /QueueChannel "Email" is neither Voice nor Chat/);
});

test("GetMetricData: QueueId by name or reference; unknown queues, agent queues and no queue take the Error branch", async () => {
  const byName = await setUp(getMetrics({ QueueId: "$.Attributes.q" }));
  assert.deepEqual((await byName.run(undefined, { q: "Sales" })).said, ["name=Sales size=2 oldest=40 online=0 available=0 position="]);
  assert.deepEqual((await byName.run(byName.sales, { q: "Empty" })).said, ["name=Empty size=0 oldest=0 online=0 available=0 position="], "QueueId wins over the working queue");
  const unknown = await byName.run(undefined, { q: "Nowhere" });
  assert.deepEqual(unknown.said, ["error"]);
  assert.match(unknown.detail, /no queue matches "Nowhere"/);

  const agent = await setUp(getMetrics({ AgentId: "agent-7" }));
  const a = await agent.run(agent.sales);
  assert.deepEqual(a.said, ["error"]);
  assert.match(a.detail, /no agent queue for agent "agent-7"/);

  const none = await setUp(getMetrics());
  const n = await none.run(undefined);
  assert.deepEqual(n.said, ["error"]);
  assert.match(n.detail, /no QueueId or AgentId and the contact has no working queue/);
});

test("CheckMetricData staffing: NumberGreaterThan 0 on the agent figures; the False branch is NoMatchingCondition", async () => {
  const { h, run, sales } = await setUp(checkMetric("NumberOfAgentsStaffed", "NumberGreaterThan", "0"));
  const empty = await run(sales);
  assert.deepEqual(empty.said, ["no"]);
  assert.equal(empty.result, "0");
  h.runtime.responders.setMetrics("*", { agents: agents({ Staffed: 2, Online: 2 }) });
  const staffed = await run(sales);
  assert.deepEqual(staffed.said, ["yes"]);
  assert.equal(staffed.result, "2");
  assert.match(staffed.detail, /NumberOfAgentsStaffed of Sales: 2 \(metrics \*\)/);
});

test("CheckMetricData queue status: contacts in queue, and time in queue compared in milliseconds", async () => {
  const size = await setUp(checkMetric("NumberOfContactsInQueue", "NumberGreaterOrEqualTo", "2"));
  const s = await size.run(size.sales);
  assert.deepEqual(s.said, ["yes"]);
  assert.equal(s.result, "2");

  const age = await setUp(checkMetric("OldestContactInQueueAgeSeconds", "NumberGreaterThan", "30000"));
  const old = await age.run(age.sales);
  assert.deepEqual(old.said, ["yes"], "40 s is more than the console's 30 s (30000)");
  assert.equal(old.result, "40000");
  assert.match(old.detail, /OldestContactInQueueAgeSeconds of Sales: 40000 ms \(40 s\)/);
  age.h.runtime.responders.setMetrics("Sales", { queue: { Name: "Sales", ARN: age.sales.arn, Size: 1, OldestContactAge: 20 } });
  assert.deepEqual((await age.run(age.sales)).said, ["no"], "20 s is not");
});

function problems(action: ActionInput, type: FlowType = "CONTACT_FLOW") {
  const flow = loadFlowDocument(flowDoc([action, report, say("yes"), say("no"), say("error"), bye]), "metrics.json", { flowType: type });
  return bySeverity(flow.problems.filter((p) => p.path.startsWith("Actions[0]")));
}

test("validation of CheckMetricData: static metric, NumberGreaterThan 0 only for staffing, Conditions required, QueueId or AgentId", () => {
  assert.equal(problems(checkMetric("NumberOfAgentsAvailable", "NumberGreaterThan", "0")).errors, "");
  assert.equal(problems(checkMetric("NumberOfContactsInQueue", "NumberLessThan", "10", { QueueId: "$.External.queueArn" })).errors, "");
  assert.match(problems(checkMetric("NumberOfAgentsOnline", "NumberGreaterThan", "2")).errors, /Conditions\[0\].Condition .*for NumberOfAgentsOnline the only supported condition is NumberGreaterThan 0/);
  assert.match(problems(checkMetric("NumberOfAgentsOnline", "Equals", "0")).errors, /only supported condition is NumberGreaterThan 0/);
  assert.match(problems(checkMetric("NumberOfContactsInQueue", "TextContains", "1")).errors, /CheckMetricData supports only Equals, NumberGreaterThan/);
  assert.match(problems(checkMetric("$.Attributes.metric", "NumberGreaterThan", "0")).errors, /MetricType \(must be defined statically/);
  assert.match(problems(checkMetric("AgentsAvailable", "NumberGreaterThan", "0")).errors, /MetricType \("AgentsAvailable" is not one of NumberOfAgentsAvailable/);
  assert.match(problems(checkMetric("NumberOfContactsInQueue", "NumberGreaterThan", "3", { QueueId: "q", AgentId: "a" })).errors, /Only one of these properties may be defined. Properties: \[QueueId, AgentId\]/);
  assert.match(problems(checkMetric("NumberOfContactsInQueue", "NumberGreaterThan", "3", { Queue: "q" })).errors, /Invalid Action property name. Path: Actions\[0\].Parameters.Queue/);
  const noConditions = checkMetric("OldestContactInQueueAgeSeconds", "NumberGreaterThan", "1");
  delete noConditions.Transitions!.Conditions;
  assert.match(problems(noConditions).errors, /CheckMetricData needs at least one Condition/);
  assert.match(problems(checkMetric("OldestContactInQueueAgeSeconds", "NumberGreaterThan", "300")).warnings, /compared in milliseconds .* for 300 seconds write "300000"/);
  assert.equal(problems(checkMetric("OldestContactInQueueAgeSeconds", "NumberGreaterThan", "300000")).warnings, "");
  assert.match(problems(checkMetric("NumberOfAgentsStaffed", "NumberGreaterThan", "0"), "AGENT_WHISPER").errors, /Unsupported block type: CheckMetricData/);
});

test("validation of GetMetricData: QueueChannel Voice or Chat, no conditions, every flow type", () => {
  assert.equal(problems(getMetrics({ QueueChannel: "Voice" })).errors, "");
  assert.equal(problems(getMetrics({ QueueChannel: "$.Attributes.ch" }), "CUSTOMER_HOLD").errors, "");
  assert.match(problems(getMetrics({ QueueChannel: "Task" })).errors, /QueueChannel \("Task" is not one of Voice, Chat\)/);
  assert.match(problems(getMetrics({ QueueId: "a", AgentId: "b" })).errors, /Only one of these properties may be defined/);
  const withConditions = getMetrics();
  withConditions.Transitions!.Conditions = [{ NextAction: "yes", Condition: { Operator: "Equals", Operands: ["1"] } }];
  assert.match(problems(withConditions).errors, /Action does not support conditions/);
});
