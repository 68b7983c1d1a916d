import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness, pathOf, detailOf, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { TraceStep } from "../trace.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const errorsTo = (next: string, ...types: string[]) => types.map((ErrorType) => ({ NextAction: next, ErrorType }));
const toQueue = { Identifier: "queue", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: errorsTo("full", "QueueAtCapacity").concat(errorsTo("failed", "NoMatchingError")) } };
const full = { Identifier: "full", Type: "MessageParticipant", Parameters: { Text: "full" }, Transitions: { NextAction: "bye" } };
const failed = { Identifier: "failed", Type: "MessageParticipant", Parameters: { Text: "failed" }, Transitions: { NextAction: "bye" } };

function problemsOf(actions: ActionInput[], type = "contactFlow", extra: Record<string, unknown> = {}): string[] {
  const flow = loadFlowDocument(flowDoc(actions, { type, ...extra }), "t.json");
  return flow.problems.filter((p) => p.path !== "Metadata.type").map((p) => `${p.severity} ${p.path}: ${p.message}`);
}

function ends(trace: TraceStep[]): string[] {
  return trace.filter((s): s is Extract<TraceStep, { kind: "flow-end" }> => s.kind === "flow-end").map((s) => `${s.flowName}: ${s.reason}`);
}

function inbound(queueParams: Record<string, unknown>, metadata: Record<string, unknown> = {}) {
  return flowDoc(
    [
      { Identifier: "hook", Type: "UpdateContactEventHooks", Parameters: { EventHooks: { CustomerQueue: "waiting" } }, Transitions: { NextAction: "set", Errors: errorsTo("failed", "NoMatchingError") } },
      { Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: queueParams, Transitions: { NextAction: "queue", Errors: errorsTo("failed", "NoMatchingError") } },
      toQueue,
      full,
      failed,
      bye,
    ],
    { Metadata: { type: "contactFlow", ...metadata } },
  );
}

const waitingFlow = flowDoc(
  [
    { Identifier: "hold-on", Type: "MessageParticipant", Parameters: { Text: "please hold for $.Queue.Name" }, Transitions: { NextAction: "end" } },
    { Identifier: "end", Type: "EndFlowExecution" },
  ],
  { type: "customerQueue" },
);

test("Set working queue then Transfer to queue queues the contact, ends the inbound flow, and starts the customer queue flow", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Sales" });
  h.publish(waitingFlow, "waiting", "CUSTOMER_QUEUE");
  h.publish(inbound({ QueueId: "Sales" }), "inbound");
  const { contact, session } = await h.start("inbound", { channel: "VOICE" });
  assert.equal(contact.state, "QUEUED");
  assert.equal(contact.queue?.name, "Sales");
  assert.equal(contact.targetQueue?.name, "Sales");
  assert.deepEqual(pathOf(session.trace).slice(0, 3), ["hook → Success", "set → Success", "queue → End: queued"]);
  await h.advance(5_000); // the customer queue flow's prompt plays
  assert.deepEqual(ends(session.trace), ["inbound: queued", "waiting: ended"]);
  assert.deepEqual(session.prompts.map((p) => p.text), ["please hold for Sales"]);
  assert.equal(h.runtime.queues.waitingIn(contact.queue!.id).length, 1);
});

test("a queue ARN from another instance resolves by the name the export kept in ActionMetadata", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "BasicQueue" });
  h.publish(waitingFlow, "waiting", "CUSTOMER_QUEUE");
  const foreign = "arn:aws:connect:us-west-2:990999614922:instance/7f18d5d6-8e42-4613-9014-84503d17e7da/queue/48e235a6-546b-43a8-aa4c-9a8d04e45ad1";
  h.publish(inbound({ QueueId: foreign }, { ActionMetadata: { set: { parameters: { QueueId: { displayName: "BasicQueue" } }, queue: { text: "BasicQueue" } } } }), "inbound");
  const { contact } = await h.start("inbound", { channel: "CHAT" });
  assert.equal(contact.queue?.name, "BasicQueue");
});

test("a foreign queue ARN whose display name matches no queue says which name it tried", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Billing" });
  h.publish(waitingFlow, "waiting", "CUSTOMER_QUEUE");
  const foreign = "arn:aws:connect:us-west-2:990999614922:instance/7f18d5d6-8e42-4613-9014-84503d17e7da/queue/48e235a6-546b-43a8-aa4c-9a8d04e45ad1";
  h.publish(inbound({ QueueId: foreign }, { ActionMetadata: { set: { parameters: { QueueId: { displayName: "Order support" } } } } }), "inbound");
  const { session } = await h.start("inbound", { channel: "CHAT" });
  assert.equal(detailOf(session.trace, "set"), `no queue matches "${foreign}", nor by the display name "Order support" the export keeps for it`);
});

test("a working queue set from an attribute; an unknown queue takes NoMatchingError and says which", async () => {
  const h = harness();
  const q = h.runtime.addQueue({ name: "Billing" });
  h.publish(waitingFlow, "waiting", "CUSTOMER_QUEUE");
  h.publish(inbound({ QueueId: "$.Attributes.queue" }), "inbound");
  const ok = await h.start("inbound", { attributes: { queue: q.arn } });
  assert.equal(ok.contact.queue?.id, q.id);
  const bad = await h.start("inbound", { attributes: { queue: "Nowhere" } });
  assert.deepEqual(pathOf(bad.session.trace).slice(1, 3), ["set → Error: NoMatchingError", "failed → Success"]);
  assert.match(detailOf(bad.session.trace, "set") ?? "", /no queue matches "Nowhere"/);
  assert.equal(bad.contact.state, "ENDED");
});

test("an agent queue that does not exist takes NoMatchingError", async () => {
  const h = harness();
  h.publish(waitingFlow, "waiting", "CUSTOMER_QUEUE");
  h.publish(inbound({ AgentId: "ENTER AGENT NAME" }), "inbound");
  const { session } = await h.start("inbound");
  assert.match(detailOf(session.trace, "set") ?? "", /no agent queue matches "ENTER AGENT NAME"/);
});

test("Transfer to queue without a working queue, into a full queue, and into a disabled queue", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Full", maxContacts: 0 });
  h.runtime.addQueue({ name: "Off", status: "DISABLED" });
  h.publish(flowDoc([toQueue, full, failed, bye], { type: "contactFlow" }), "no-queue");
  const none = await h.start("no-queue");
  assert.deepEqual(pathOf(none.session.trace).slice(0, 2), ["queue → Error: NoMatchingError", "failed → Success"]);
  assert.match(detailOf(none.session.trace, "queue") ?? "", /no working queue is set/);

  h.publish(flowDoc([{ Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "$.Attributes.q" }, Transitions: { NextAction: "queue", Errors: errorsTo("failed", "NoMatchingError") } }, toQueue, full, failed, bye], { type: "contactFlow" }), "to");
  const capacity = await h.start("to", { attributes: { q: "Full" } });
  assert.deepEqual(pathOf(capacity.session.trace).slice(1, 3), ["queue → Error: QueueAtCapacity", "full → Success"]);
  const disabled = await h.start("to", { attributes: { q: "Off" } });
  assert.equal(pathOf(disabled.session.trace)[1], "queue → Error: NoMatchingError");
  assert.match(detailOf(disabled.session.trace, "queue") ?? "", /disabled/);
});

test("load: QueueId and AgentId together, missing required errors, parameters on Transfer to queue, and flow types", () => {
  const set = (params: Record<string, unknown>) => ({ Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: params, Transitions: { NextAction: "queue", Errors: errorsTo("queue", "NoMatchingError") } });
  assert.ok(problemsOf([set({ QueueId: "a", AgentId: "b" }), toQueue, full, failed, bye]).some((p) => p.startsWith("error Actions[0].Parameters: Only one of these properties may be defined. Properties: [QueueId, AgentId]")));
  assert.ok(problemsOf([set({ QueueId: "" }), toQueue, full, failed, bye]).some((p) => p.startsWith("warning Actions[0].Parameters: No queue set")));
  assert.ok(problemsOf([set({ QueueId: "Sales" }), toQueue, full, failed, bye]).every((p) => !p.startsWith("error")));
  assert.ok(problemsOf([set({ QueueId: "Sales", Queue: "x" }), toQueue, full, failed, bye]).some((p) => p.includes("Invalid Action property name. Path: Actions[0].Parameters.Queue")));
  assert.ok(problemsOf([{ ...set({ QueueId: "$.Attributes.q" }), Transitions: { NextAction: "queue" } }, toQueue, full, failed, bye]).some((p) => p.includes("Action is missing required error. Error: NoMatchingError")));

  const onlyError = { Identifier: "queue", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: errorsTo("bye", "NoMatchingError") } };
  assert.ok(problemsOf([onlyError, bye]).some((p) => p.includes("Action is missing required error. Error: QueueAtCapacity")));
  const withQueueId = { ...toQueue, Parameters: { QueueId: "Sales" } };
  assert.ok(problemsOf([withQueueId, full, failed, bye]).some((p) => p.includes("Invalid Action property name. Path: Actions[0].Parameters.QueueId (this action takes no parameters)")));
  const noNext = { Identifier: "queue", Type: "TransferContactToQueue", Transitions: { Errors: errorsTo("bye", "QueueAtCapacity", "NoMatchingError") } };
  assert.deepEqual(problemsOf([noNext, bye]), [], "the success branch ends the flow, so NextAction may be left out");
  assert.ok(problemsOf([{ ...noNext, Transitions: { ...noNext.Transitions, NextAction: "" } }, bye]).some((p) => p.includes("Transitions.NextAction (the branch is not connected")));
  assert.ok(problemsOf([toQueue, full, failed, bye], "customerQueue").some((p) => p.includes("Unsupported block type: TransferContactToQueue is not allowed in a Customer queue flow")));
  assert.ok(problemsOf([set({ QueueId: "Sales" }), toQueue, full, failed, bye], "agentWhisper").some((p) => p.includes("Unsupported block type: UpdateContactTargetQueue")));
});

function queueFlowWithTransfer(target: Record<string, unknown>) {
  return flowDoc(
    [
      { Identifier: "move", Type: "DequeueContactAndTransferToQueue", Parameters: target, Transitions: { Errors: [...errorsTo("stay", "QueueAtCapacity"), ...errorsTo("oops", "NoMatchingError")] } },
      { Identifier: "stay", Type: "MessageParticipant", Parameters: { Text: "still in $.Queue.Name" }, Transitions: { NextAction: "end" } },
      { Identifier: "oops", Type: "MessageParticipant", Parameters: { Text: "cannot move" }, Transitions: { NextAction: "end" } },
      { Identifier: "end", Type: "EndFlowExecution" },
    ],
    { type: "customerQueue" },
  );
}

test("queue-to-queue transfer moves the waiting contact and runs the customer queue flow again, at most 11 times", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Sales" });
  h.runtime.addQueue({ name: "Billing" });
  h.publish(queueFlowWithTransfer({ QueueId: "Billing" }), "waiting", "CUSTOMER_QUEUE");
  h.publish(inbound({ QueueId: "Sales" }), "inbound");
  const { contact, session } = await h.start("inbound", { channel: "VOICE" });
  assert.equal(contact.state, "QUEUED");
  assert.equal(contact.queue?.name, "Billing");
  assert.equal(contact.targetQueue?.name, "Billing");
  assert.equal(contact.behaviours.queueTransfers, 11);
  const queueRuns = session.trace.filter((s) => s.kind === "flow-start" && s.flowName === "waiting");
  assert.equal(queueRuns.length, 12, "the queue flow starts after the first queueing and after each of the 11 transfers");
  const moves = pathOf(session.trace).filter((p) => p.startsWith("move"));
  assert.deepEqual(moves.slice(0, 2), ["move → End: queued", "move → End: queued"]);
  assert.equal(moves.at(-1), "move → Error: NoMatchingError");
  assert.match(detailOf(session.trace.slice().reverse(), "move") ?? "", /at most 12 contacts/);
  assert.deepEqual(session.prompts.at(-1)?.text, "cannot move");
});

test("queue-to-queue transfer into a full queue leaves the contact where it was", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Sales" });
  h.runtime.addQueue({ name: "Full", maxContacts: 0 });
  h.publish(queueFlowWithTransfer({ QueueId: "Full" }), "waiting", "CUSTOMER_QUEUE");
  h.publish(inbound({ QueueId: "Sales" }), "inbound");
  const { contact, session } = await h.start("inbound", { channel: "VOICE" });
  assert.equal(contact.queue?.name, "Sales");
  assert.deepEqual(session.prompts.map((p) => p.text), ["still in Sales"]);
  assert.equal(contact.behaviours.queueTransfers, undefined);
});

test("load: DequeueContactAndTransferToQueue only in customer queue flows, with both required errors", () => {
  const move = { Identifier: "move", Type: "DequeueContactAndTransferToQueue", Parameters: { QueueId: "Billing" }, Transitions: { Errors: errorsTo("end", "QueueAtCapacity", "NoMatchingError") } };
  const end = { Identifier: "end", Type: "EndFlowExecution" };
  assert.deepEqual(problemsOf([move, end], "customerQueue"), []);
  assert.ok(problemsOf([move, end], "contactFlow").some((p) => p.includes("Unsupported block type: DequeueContactAndTransferToQueue")));
  assert.ok(problemsOf([{ ...move, Transitions: { Errors: errorsTo("end", "NoMatchingError") } }, end], "customerQueue").some((p) => p.includes("missing required error. Error: QueueAtCapacity")));
  assert.ok(problemsOf([{ ...move, Parameters: {} }, end], "customerQueue").some((p) => p.startsWith("warning Actions[0].Parameters: No destination queue")));
});

test("Change routing priority / age sets priority or the queue-time adjustment", async () => {
  const h = harness();
  h.publish(
    flowDoc(
      [
        { Identifier: "prio", Type: "UpdateContactRoutingBehavior", Parameters: { QueuePriority: "2" }, Transitions: { NextAction: "age" } },
        { Identifier: "age", Type: "UpdateContactRoutingBehavior", Parameters: { QueueTimeAdjustmentSeconds: "-30" }, Transitions: { NextAction: "bye" } },
        bye,
      ],
      { type: "contactFlow" },
    ),
    "inbound",
  );
  const { contact, session } = await h.start("inbound", { channel: "TASK" });
  assert.equal(contact.queuePriority, 2);
  assert.equal(contact.queueTimeAdjustmentSeconds, -30);
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "prio");
  assert.deepEqual(step?.kind === "action" ? step.changes : undefined, [{ scope: "Routing", key: "QueuePriority", from: "5", to: "2" }]);
});

test("load: routing behaviour takes exactly one static option, a valid priority, and no errors", () => {
  const rb = (params: Record<string, unknown>, transitions: Record<string, unknown> = { NextAction: "bye" }) => [{ Identifier: "rb", Type: "UpdateContactRoutingBehavior", Parameters: params, Transitions: transitions }, bye];
  assert.deepEqual(problemsOf(rb({ QueuePriority: "5" })), []);
  assert.ok(problemsOf(rb({ QueuePriority: "5", QueueTimeAdjustmentSeconds: "10" })).some((p) => p.includes("Only one of these properties may be defined. Properties: [QueuePriority, QueueTimeAdjustmentSeconds]")));
  assert.ok(problemsOf(rb({})).some((p) => p.includes("Action is missing required property") && p.includes("QueuePriority, QueueTimeAdjustmentSeconds")));
  assert.ok(problemsOf(rb({ QueuePriority: "0" })).some((p) => p.includes("0 is below the minimum 1")));
  assert.ok(problemsOf(rb({ QueuePriority: "9223372036854775808" })).some((p) => p.includes("9223372036854775807")));
  assert.ok(problemsOf(rb({ QueuePriority: "$.Attributes.p" })).some((p) => p.includes("must be defined statically")));
  assert.ok(problemsOf(rb({ RoutingProficiencies: [] })).some((p) => p.includes("Invalid Action property name. Path: Actions[0].Parameters.RoutingProficiencies")));
  assert.ok(problemsOf(rb({ QueuePriority: "5" }, { NextAction: "bye", Errors: errorsTo("bye", "NoMatchingError") })).some((p) => p.includes("Invalid Action error. Error: NoMatchingError")));
  assert.ok(problemsOf(rb({ QueuePriority: "5" }), "customerQueue").some((p) => p.startsWith("warning Actions[0].Type")));
  assert.ok(problemsOf(rb({ QueuePriority: "5" }), "customerHold").some((p) => p.startsWith("error Actions[0].Type: Unsupported block type")));
});

const criteria = (RoutingCriteria: unknown, id = "rc", type = "UpdateContactRoutingCriteria") => ({
  Identifier: id,
  Type: type,
  Parameters: { RoutingCriteria },
  Transitions: { NextAction: "bye", Errors: errorsTo("failed", "NoMatchingError") },
});

test("Set routing criteria stores proficiency and preferred-agent steps, JSONPaths resolved", async () => {
  const h = harness();
  const steps = [
    {
      Expression: {
        AndExpression: [
          { AttributeCondition: { Name: "Language", Value: "English", ProficiencyLevel: "4.0", ComparisonOperator: "NumberGreaterOrEqualTo" } },
          { AttributeCondition: { Name: "Technology", Value: "$.Attributes.tech", ProficiencyLevel: 2, ComparisonOperator: "NumberGreaterOrEqualTo" } },
        ],
      },
      Expiry: { DurationInSeconds: "30" },
    },
    { Expression: { AttributeCondition: { ComparisonOperator: "Match", MatchCriteria: { AgentsCriteria: { AgentIds: ["$.Attributes.agent"] } } } } },
  ];
  h.publish(flowDoc([criteria({ Steps: steps }), failed, bye], { type: "contactFlow" }), "inbound");
  const { contact } = await h.start("inbound", { attributes: { tech: "AWS Kinesis", agent: "agent-7" } });
  const stored = contact.behaviours.routingCriteria as { Steps: any[] };
  assert.equal(stored.Steps[0].Expression.AndExpression[1].AttributeCondition.Value, "AWS Kinesis");
  assert.deepEqual(stored.Steps[1].Expression.AttributeCondition.MatchCriteria.AgentsCriteria.AgentIds, ["agent-7"]);
  assert.deepEqual(stored.Steps[0].Expiry, { DurationInSeconds: "30" });

  const missing = await h.start("inbound", { attributes: { tech: "AWS Kinesis" } });
  assert.equal(pathOf(missing.session.trace)[0], "rc → Error: NoMatchingError");
  assert.match(detailOf(missing.session.trace, "rc") ?? "", /MatchCriteria/);
  assert.equal(missing.contact.behaviours.routingCriteria, undefined);
});

test("routing steps may come whole from an attribute; the docs' spelling UpdateRoutingCriteria is accepted", async () => {
  const h = harness();
  h.publish(flowDoc([criteria({ Steps: "$.Attributes.steps" }, "rc", "UpdateRoutingCriteria"), failed, bye], { type: "contactFlow" }), "inbound");
  const steps = [{ Expression: { AttributeCondition: { Name: "Skill", Value: "Billing", ProficiencyLevel: 3, ComparisonOperator: "NumberGreaterOrEqualTo" } } }];
  const ok = await h.start("inbound", { attributes: { steps: JSON.stringify(steps) } });
  assert.deepEqual((ok.contact.behaviours.routingCriteria as { Steps: unknown }).Steps, steps);
  const bad = await h.start("inbound", { attributes: { steps: JSON.stringify([{ Expression: { AttributeCondition: { Name: "Skill", Value: "Billing", ProficiencyLevel: 9, ComparisonOperator: "NumberGreaterOrEqualTo" } } }]) } });
  assert.match(detailOf(bad.session.trace, "rc") ?? "", /proficiency levels are 1.0/);
});

test("load: routing criteria shapes", () => {
  const load = (rc: unknown) => problemsOf([criteria(rc), failed, bye]).filter((p) => p.startsWith("error"));
  const cond = (c: Record<string, unknown>) => ({ Steps: [{ Expression: { AttributeCondition: { Name: "Skill", Value: "Billing", ComparisonOperator: "NumberGreaterOrEqualTo", ProficiencyLevel: "3", ...c } } }] });
  assert.deepEqual(load(cond({})), []);
  // The corpus' preferred-agent step (voicemail-express VMXExampleTaskFlow).
  assert.deepEqual(load({ Steps: [{ Expression: { AttributeCondition: { ComparisonOperator: "Match", MatchCriteria: { AgentsCriteria: { AgentIds: ["$.Attributes.vmx3_preferred_agent_id"] } } } } }] }), []);
  assert.deepEqual(load({ Steps: [{ Expression: { AttributeCondition: { Name: "Skill", Value: "Billing", ComparisonOperator: "Range", Range: { MinProficiencyLevel: 2, MaxProficiencyLevel: 4 } } } }] }), []);
  assert.match(load(cond({ ProficiencyLevel: "7" })).join("\n"), /ProficiencyLevel \(proficiency levels are 1.0/);
  assert.match(load(cond({ ComparisonOperator: "Equals" })).join("\n"), /"Equals" is not one of NumberGreaterOrEqualTo, Match, Range/);
  assert.match(load(cond({ Name: "" })).join("\n"), /Name \(a string of 1 to 64 characters\)/);
  assert.match(load({ Steps: [] }).join("\n"), /a non-empty list of routing steps/);
  assert.match(load({ Steps: [{ Expression: { AttributeCondition: {}, AndExpression: [] } }] }).join("\n"), /exactly one of AttributeCondition, NotAttributeCondition, AndExpression, OrExpression/);
  assert.match(load({ Steps: [{ Expression: { AndExpression: [] } }] }).join("\n"), /a non-empty list of expressions/);
  assert.match(load({ ...cond({}), Steps: [{ ...cond({}).Steps[0], Expiry: { DurationInSeconds: "$.Attributes.d" } }] }).join("\n"), /can be set only statically/);
  assert.match(load({ Steps: [{ ...cond({}).Steps[0], Priority: 1 }] }).join("\n"), /Invalid Action property name. Path: Actions\[0\].Parameters.RoutingCriteria.Steps\[0\].Priority/);
  assert.match(load({}).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.RoutingCriteria.Steps/);
  assert.match(load("$.Attributes.rc").join("\n"), /must be defined statically/);
  assert.ok(problemsOf([criteria(cond({})), failed, bye], "agentWhisper").some((p) => p.includes("Unsupported block type")));
});

test("Transfer to agent ends a voice transfer flow; chat is refused and it is terminal", async () => {
  const h = harness();
  h.publish(flowDoc([{ Identifier: "agent", Type: "TransferContactToAgent" }], { type: "agentTransfer" }), "to-agent", "AGENT_TRANSFER");
  const voice = await h.start("to-agent", { channel: "VOICE" });
  assert.deepEqual(ends(voice.session.trace), ["to-agent: transferred"]);
  const chat = await h.start("to-agent", { channel: "CHAT" });
  assert.deepEqual(pathOf(chat.session.trace), ["agent → Error: NoMatchingError (no branch)"]);
  assert.deepEqual(ends(chat.session.trace), ["to-agent: unhandled-error"]);

  assert.ok(problemsOf([{ Identifier: "agent", Type: "TransferContactToAgent" }], "contactFlow").some((p) => p.includes("Unsupported block type: TransferContactToAgent")));
  assert.ok(problemsOf([{ Identifier: "agent", Type: "TransferContactToAgent", Transitions: { NextAction: "agent" } }], "queueTransfer").some((p) => p.includes("Action does not support transitions")));
});
