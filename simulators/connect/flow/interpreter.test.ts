import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf, said, actionsRun, loadOk } from "../runtime/flow-testing.js";
import { selectTransition } from "./interpreter.js";
import type { FlowAction } from "./model.js";

const disconnect = { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };

test("transition selection: error by ErrorType, then NoMatchingError; conditions in order, then NoMatchingCondition", () => {
  const action: FlowAction = {
    Identifier: "a",
    Type: "Compare",
    Parameters: {},
    Transitions: {
      NextAction: "next",
      Conditions: [
        { NextAction: "c1", Condition: { Operator: "TextStartsWith", Operands: ["A"] } },
        { NextAction: "c2", Condition: { Operator: "Equals", Operands: ["AB"] } },
      ],
      Errors: [
        { NextAction: "e-cap", ErrorType: "QueueAtCapacity" },
        { NextAction: "e-any", ErrorType: "NoMatchingError" },
        { NextAction: "e-nomatch", ErrorType: "NoMatchingCondition" },
      ],
    },
  };
  assert.equal(selectTransition(action, { kind: "result", value: "AB" }).next, "c1", "first true condition wins, in array order");
  assert.equal(selectTransition(action, { kind: "result", value: "B" }).next, "e-nomatch");
  assert.equal(selectTransition(action, { kind: "error", errorType: "QueueAtCapacity" }).next, "e-cap");
  assert.equal(selectTransition(action, { kind: "error", errorType: "InputTimeLimitExceeded" }).next, "e-any");
  assert.equal(selectTransition(action, { kind: "next" }).next, "next");
});

test("a chat contact runs messages, attributes and a Compare branch, and the trace records the path", async () => {
  const h = harness();
  h.publish(
    flowDoc(
      [
        { Identifier: "hello", Type: "MessageParticipant", Parameters: { Text: "Hi $.Attributes.name, welcome" }, Transitions: { NextAction: "set" } },
        { Identifier: "set", Type: "UpdateContactAttributes", Parameters: { Attributes: { tier: "gold", channel: "$.Channel" }, TargetContact: "Current" }, Transitions: { NextAction: "check", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        {
          Identifier: "check",
          Type: "Compare",
          Parameters: { ComparisonValue: "$.Attributes.tier" },
          Transitions: {
            NextAction: "bye",
            Conditions: [{ NextAction: "vip", Condition: { Operator: "Equals", Operands: ["gold"] } }],
            Errors: [{ NextAction: "bye", ErrorType: "NoMatchingCondition" }],
          },
        },
        { Identifier: "vip", Type: "MessageParticipant", Parameters: { Text: "You are $.Attributes.tier via $.Attributes.channel." }, Transitions: { NextAction: "bye" } },
        disconnect,
      ],
      { type: "contactFlow" },
    ),
    "inbound",
  );
  const { contact, session } = await h.start("inbound", { channel: "CHAT", attributes: { name: "Ana" } });
  assert.deepEqual(said(session), ["Hi Ana, welcome", "You are gold via CHAT."]);
  assert.deepEqual(pathOf(session.trace), ["hello → Success", "set → Success", "check → Condition: Equals gold", "vip → Success", "bye → End: disconnected"]);
  assert.deepEqual(contact.attributes, { name: "Ana", tier: "gold", channel: "CHAT" });
  assert.equal(contact.state, "ENDED");
  const setStep = session.trace.find((s) => s.kind === "action" && s.actionId === "set");
  assert.ok(setStep && setStep.kind === "action");
  assert.deepEqual(setStep.changes, [
    { scope: "Attributes", key: "tier", from: undefined, to: "gold" },
    { scope: "Attributes", key: "channel", from: undefined, to: "CHAT" },
  ]);
});

test("an error with no matching branch stops the flow and says why; the inbound contact ends", async () => {
  const h = harness();
  h.publish(
    flowDoc([{ Identifier: "say", Type: "MessageParticipant", Parameters: { SSML: "<speak>hi</speak>" }, Transitions: { NextAction: "bye" } }, disconnect], { type: "contactFlow" }),
    "voice-only",
  );
  const { contact, session } = await h.start("voice-only", { channel: "CHAT" });
  const end = session.trace.find((s) => s.kind === "flow-end");
  assert.ok(end && end.kind === "flow-end");
  assert.equal(end.reason, "unhandled-error");
  assert.match(end.detail ?? "", /^MessageParticipant raised NoMatchingError \(.+\) and has no NoMatchingError branch$/);
  assert.equal(contact.state, "ENDED");
});

test("TransferToFlow jumps to the other flow and drops flow attributes; contact attributes carry over", async () => {
  const h = harness();
  h.publish(
    flowDoc(
      [
        { Identifier: "fa", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { local: { Value: "x" } } }, Transitions: { NextAction: "ca" } },
        { Identifier: "ca", Type: "UpdateContactAttributes", Parameters: { Attributes: { shared: "$.FlowAttributes.local" } }, Transitions: { NextAction: "jump", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        { Identifier: "jump", Type: "TransferToFlow", Parameters: { ContactFlowId: "second" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        disconnect,
      ],
      { type: "contactFlow" },
    ),
    "first",
  );
  h.publish(
    flowDoc(
      [
        { Identifier: "say", Type: "MessageParticipant", Parameters: { Text: "local=[$.FlowAttributes.local] shared=[$.Attributes.shared]" }, Transitions: { NextAction: "bye" } },
        disconnect,
      ],
      { type: "contactFlow" },
    ),
    "second",
  );
  const { session } = await h.start("first");
  assert.deepEqual(said(session), ["local=[] shared=[x]"]);
  assert.deepEqual(actionsRun(session.trace), ["fa", "ca", "jump", "say", "bye"]);
});

test("InvokeFlowModule runs the module and returns; module flow attributes stay inside it", async () => {
  const h = harness();
  h.publish(
    flowDoc(
      [
        { Identifier: "m-fa", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { inModule: { Value: "yes" } } }, Transitions: { NextAction: "m-say" } },
        { Identifier: "m-say", Type: "MessageParticipant", Parameters: { Text: "in module: caller flow attr=[$.FlowAttributes.callerOnly]" }, Transitions: { NextAction: "ret" } },
        { Identifier: "ret", Type: "EndFlowModuleExecution" },
      ],
      { Settings: { InputParameters: [], OutputParameters: [], Transitions: [] } },
    ),
    "greeting-module",
    "MODULE",
  );
  h.publish(
    flowDoc(
      [
        { Identifier: "fa", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { callerOnly: { Value: "c" } } }, Transitions: { NextAction: "call" } },
        { Identifier: "call", Type: "InvokeFlowModule", Parameters: { FlowModuleId: "greeting-module" }, Transitions: { NextAction: "after", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
        { Identifier: "after", Type: "MessageParticipant", Parameters: { Text: "back: module attr=[$.FlowAttributes.inModule] mine=[$.FlowAttributes.callerOnly]" }, Transitions: { NextAction: "bye" } },
        disconnect,
      ],
      { type: "contactFlow" },
    ),
    "main",
  );
  const { session } = await h.start("main");
  assert.deepEqual(said(session), ["in module: caller flow attr=[]", "back: module attr=[] mine=[c]"]);
});

test("a flow that loops without ever waiting is stopped with a clear reason instead of hanging", async () => {
  const h = harness();
  h.publish(
    flowDoc(
      [
        {
          Identifier: "again",
          Type: "Compare",
          Parameters: { ComparisonValue: "$.Channel" },
          Transitions: { NextAction: "again", Conditions: [{ NextAction: "again", Condition: { Operator: "Equals", Operands: ["CHAT"] } }], Errors: [{ NextAction: "again", ErrorType: "NoMatchingCondition" }] },
        },
      ],
      { type: "contactFlow" },
    ),
    "spin",
  );
  const { contact, session } = await h.start("spin");
  const end = session.trace.find((s) => s.kind === "flow-end");
  assert.ok(end && end.kind === "flow-end");
  assert.equal(end.reason, "unhandled-error");
  assert.match(end.detail ?? "", /loops without waiting/);
  assert.equal(contact.state, "ENDED");
  assert.deepEqual(session.engineErrors, []);
});

test("flows with errors refuse to run", () => {
  assert.throws(() => loadOk(flowDoc([{ Identifier: "x", Type: "PlayPrompt" }])), /Invalid Action type. Type: PlayPrompt/);
});
