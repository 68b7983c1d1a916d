import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf, said, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text: string, next: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next } });
const loopAction = (id: string, count: unknown, onContinue: string, onDone: string, extra: Record<string, unknown> = {}): ActionInput => ({
  Identifier: id,
  Type: "Loop",
  Parameters: { LoopCount: count },
  Transitions: {
    NextAction: onDone,
    Conditions: [
      { NextAction: onContinue, Condition: { Operator: "Equals", Operands: ["ContinueLooping"] } },
      { NextAction: onDone, Condition: { Operator: "Equals", Operands: ["DoneLooping"] } },
    ],
    ...extra,
  },
});

async function run(actions: ActionInput[], attributes: Record<string, string> = {}) {
  const h = harness();
  h.publish(flowDoc(actions, { type: "contactFlow" }), "f");
  return h.start("f", { channel: "CHAT", attributes });
}

test("a loop of prompts plays LoopCount times, then takes DoneLooping", async () => {
  const { session } = await run([loopAction("loop", "3", "tick", "done"), say("tick", "tick", "loop"), say("done", "done", "bye"), bye]);
  assert.deepEqual(said(session), ["tick", "tick", "tick", "done"]);
  assert.deepEqual(pathOf(session.trace).filter((p) => p.startsWith("loop")), [
    "loop → Condition: Equals ContinueLooping",
    "loop → Condition: Equals ContinueLooping",
    "loop → Condition: Equals ContinueLooping",
    "loop → Condition: Equals DoneLooping",
  ]);
});

test("after DoneLooping the count starts again: a loop entered twice loops its full count twice", async () => {
  const { session } = await run([
    loopAction("inner", "2", "tick", "outer"),
    say("tick", "tick", "inner"),
    loopAction("outer", "1", "inner", "done"),
    say("done", "done", "bye"),
    bye,
  ]);
  assert.deepEqual(said(session), ["tick", "tick", "tick", "tick", "done"]);
});

test("LoopCount 0 takes DoneLooping the first time", async () => {
  const { session } = await run([loopAction("loop", "0", "tick", "done"), say("tick", "tick", "loop"), say("done", "done", "bye"), bye]);
  assert.deepEqual(said(session), ["done"]);
});

test("a dynamic LoopCount is read from the flow data; a value that is not a count takes the Error branch", async () => {
  const actions = [
    loopAction("loop", "$.Attributes.tries", "tick", "done", { Errors: [{ NextAction: "oops", ErrorType: "NoMatchingError" }] }),
    say("tick", "tick", "loop"),
    say("done", "done", "bye"),
    say("oops", "oops", "bye"),
    bye,
  ];
  assert.deepEqual(said((await run(actions, { tries: "2" })).session), ["tick", "tick", "done"]);
  for (const bad of ["two", "101", "1.5", "-1"]) {
    const { session } = await run(actions, { tries: bad });
    assert.deepEqual(said(session), ["oops"], `LoopCount ${bad}`);
    const step = session.trace.find((s) => s.kind === "action" && s.actionId === "loop");
    assert.ok(step && step.kind === "action");
    assert.match(step.detail ?? "", /must be a whole number from 0 to 100/);
  }
  const { session } = await run(actions);
  assert.deepEqual(said(session), ["oops"], "no value at all");
});

function problemsOf(loop: ActionInput): string[] {
  const flow = loadFlowDocument(flowDoc([loop, say("tick", "tick", "bye"), bye], { type: "contactFlow" }), "loop.json");
  return flow.problems.filter((p) => p.severity === "error").map((p) => `${p.path}: ${p.message}`);
}

test("validation: LoopCount range and dynamism, and exactly the ContinueLooping and DoneLooping conditions", () => {
  assert.deepEqual(problemsOf(loopAction("l", "5", "tick", "bye")), []);
  assert.deepEqual(problemsOf(loopAction("l", "$.Attributes.n", "tick", "bye", { Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] })), []);
  assert.match(problemsOf(loopAction("l", "101", "tick", "bye")).join("\n"), /LoopCount \(101 is above the maximum 100\)/);
  assert.match(problemsOf(loopAction("l", "many", "tick", "bye")).join("\n"), /LoopCount \("many" is not an integer\)/);
  assert.match(problemsOf(loopAction("l", "x $.Attributes.n", "tick", "bye")).join("\n"), /LoopCount \(must be static or a single JSONPath/);
  assert.match(problemsOf({ Identifier: "l", Type: "Loop", Parameters: {}, Transitions: { NextAction: "bye" } }).join("\n"), /missing required property. Path: Actions\[0\].Parameters.LoopCount/);

  const noConditions = problemsOf({ Identifier: "l", Type: "Loop", Parameters: { LoopCount: "2" }, Transitions: { NextAction: "bye" } });
  assert.match(noConditions.join("\n"), /Actions\[0\].Transitions.Conditions: .*needs a Condition for Equals ContinueLooping and one for Equals DoneLooping/);

  const onlyContinue = problemsOf({
    Identifier: "l",
    Type: "Loop",
    Parameters: { LoopCount: "2" },
    Transitions: { NextAction: "bye", Conditions: [{ NextAction: "tick", Condition: { Operator: "Equals", Operands: ["ContinueLooping"] } }] },
  });
  assert.match(onlyContinue.join("\n"), /Loop needs a Condition for Equals DoneLooping/);

  const extra = loopAction("l", "2", "tick", "bye");
  extra.Transitions!.Conditions!.push({ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["Done"] } });
  assert.match(problemsOf(extra).join("\n"), /Operands\[0\] \(Loop results are ContinueLooping, DoneLooping; "Done" can never match\)/);

  const repeated = loopAction("l", "2", "tick", "bye");
  repeated.Transitions!.Conditions!.push({ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["DoneLooping"] } });
  assert.match(problemsOf(repeated).join("\n"), /Conditions\[2\] \(a second Condition for Equals DoneLooping can never be taken\)/);

  assert.match(problemsOf(loopAction("l", "2", "tick", "bye", { Errors: [{ NextAction: "bye", ErrorType: "NoMatchingCondition" }] })).join("\n"), /Invalid Action error. Error: NoMatchingCondition/);
});
