import { test } from "node:test";
import assert from "node:assert/strict";
import { loadFlowDocument, loadFlowText, loadFlowFile } from "./load.js";
import { flowDoc } from "../runtime/flow-testing.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const errorsOf = (flow: { problems: { severity: string; action?: string; path: string; message: string }[] }) => flow.problems.filter((p) => p.severity === "error");

test("broken JSON is reported with the file and the line and column", () => {
  const flow = loadFlowText('{\n  "Version": "2019-10-30",\n  "Actions": [,]\n}', "flows/broken.json");
  assert.equal(flow.ok, false);
  const [p] = errorsOf(flow);
  assert.equal(p.path, "$");
  assert.match(p.message, /not valid JSON: .*\(line 3, column 15\)/);
  assert.equal(flow.problems[0].file, "flows/broken.json");
});

test("an unreadable file is an error naming it, not a crash", async () => {
  const flow = await loadFlowFile("/nonexistent/flow.json");
  assert.equal(flow.ok, false);
  assert.match(errorsOf(flow)[0].message, /cannot read the file/);
});

test("the envelope: Version, StartAction, Actions, the 250-action limit", () => {
  const noVersion = loadFlowDocument({ StartAction: "bye", Actions: [bye] }, "a.json", { flowType: "CONTACT_FLOW" });
  assert.match(errorsOf(noVersion)[0].message, /missing required property\. Path: Version/);
  const oldVersion = loadFlowDocument({ Version: "2018-01-01", StartAction: "bye", Actions: [{ ...bye, Parameters: {}, Transitions: {} }] }, "b.json", { flowType: "CONTACT_FLOW" });
  assert.match(errorsOf(oldVersion)[0].message, /the only supported version is "2019-10-30"/);
  const badStart = loadFlowDocument(flowDoc([bye], { StartAction: "nope" }), "c.json", { flowType: "CONTACT_FLOW" });
  assert.match(errorsOf(badStart)[0].message, /Invalid StartAction "nope"/);
  const many = Array.from({ length: 251 }, (_, i) => ({ Identifier: `m${i}`, Type: "DisconnectParticipant" }));
  assert.ok(errorsOf(loadFlowDocument(flowDoc(many), "d.json", { flowType: "CONTACT_FLOW" })).some((p) => /no more than 250 actions/.test(p.message)));
  assert.match(errorsOf(loadFlowDocument([], "e.json"))[0].message, /must be a JSON object/);
});

test("Identifiers: unique, at most 50 characters, no forbidden characters or reserved names", () => {
  const flow = loadFlowDocument(
    flowDoc([
      { Identifier: "a:b", Type: "DisconnectParticipant" },
      { Identifier: "x".repeat(51), Type: "DisconnectParticipant" },
      { Identifier: "constructor", Type: "DisconnectParticipant" },
      { Identifier: "dup", Type: "DisconnectParticipant" },
      { Identifier: "dup", Type: "DisconnectParticipant" },
      { Identifier: "Welcome Prompt — ünïcode ok", Type: "DisconnectParticipant" },
    ]),
    "ids.json",
    { flowType: "CONTACT_FLOW" },
  );
  const messages = errorsOf(flow).map((p) => `${p.path} ${p.message}`);
  assert.equal(messages.length, 4, messages.join("\n"));
  assert.match(messages.join("\n"), /Actions\[0\]\.Identifier .*the character ":" is not allowed/);
  assert.match(messages.join("\n"), /Actions\[1\]\.Identifier .*at most 50 characters/);
  assert.match(messages.join("\n"), /"constructor" is a reserved name/);
  assert.match(messages.join("\n"), /Duplicate action Identifier "dup"/);
});

test("transitions: every target exists and no branch is left unconnected", () => {
  const flow = loadFlowDocument(
    flowDoc([
      { Identifier: "say", Type: "MessageParticipant", Parameters: { Text: "hi" }, Transitions: { NextAction: "", Errors: [{ NextAction: "ghost", ErrorType: "NoMatchingError" }] } },
      bye,
    ]),
    "t.json",
    { flowType: "CONTACT_FLOW" },
  );
  const problems = errorsOf(flow);
  assert.deepEqual(
    problems.map((p) => [p.action, p.path]),
    [
      ["say", "Actions[0].Transitions.NextAction"],
      ["say", "Actions[0].Transitions.Errors[0].NextAction"],
    ],
  );
  assert.match(problems[0].message, /^Invalid Action property value\. Path: Actions\[0\]\.Transitions\.NextAction \(the branch is not connected/);
  assert.match(problems[1].message, /no action has the Identifier "ghost"/);
  const missingNext = loadFlowDocument(flowDoc([{ Identifier: "say", Type: "MessageParticipant", Parameters: { Text: "hi" }, Transitions: {} }, bye]), "n.json", { flowType: "CONTACT_FLOW" });
  assert.match(errorsOf(missingNext)[0].message, /Action is missing required property\. Path: Actions\[0\]\.Transitions\.NextAction/);
});

test("errors and conditions must fit the action type; unknown parameters are rejected by name", () => {
  const flow = loadFlowDocument(
    flowDoc([
      {
        Identifier: "say",
        Type: "MessageParticipant",
        Parameters: { Text: "hi", Voice: "Joanna" },
        Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "QueueAtCapacity" }], Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["1"] } }] },
      },
      bye,
    ]),
    "x.json",
    { flowType: "CONTACT_FLOW" },
  );
  const messages = errorsOf(flow).map((p) => p.message);
  assert.ok(messages.some((m) => m.startsWith("Invalid Action error. Error: QueueAtCapacity, Path: Actions[0]")), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("Action does not support conditions. Path: Actions[0].Transitions.Conditions")), messages.join("\n"));
  assert.ok(messages.some((m) => m.startsWith("Invalid Action property name. Path: Actions[0].Parameters.Voice")), messages.join("\n"));
});

test("the flow type: declared, from Metadata.type, from a module's Settings, or inferred with a warning", () => {
  const declared = loadFlowDocument(flowDoc([bye], { type: "customerQueue" }), "q.json", { flowType: "CONTACT_FLOW" });
  assert.match(errorsOf(declared)[0].message, /This is a Customer queue flow .* cannot be imported as an Inbound flow/);
  assert.equal(loadFlowDocument(flowDoc([bye], { type: "agentWhisper" }), "w.json").flowType, "AGENT_WHISPER");
  const module = loadFlowDocument(flowDoc([{ Identifier: "r", Type: "EndFlowModuleExecution" }], { Settings: { InputParameters: [], OutputParameters: [], Transitions: [] } }), "m.json");
  assert.equal(module.flowType, "MODULE");
  assert.equal(module.kind, "module");
  const inferred = loadFlowDocument(
    flowDoc([{ Identifier: "loop", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: "hold" }] }, Transitions: {} }]),
    "hold.json",
  );
  assert.equal(inferred.ok, true);
  assert.equal(inferred.flowType, "CUSTOMER_QUEUE");
  assert.equal(inferred.flowTypeSource, "inferred");
  assert.ok(inferred.problems.some((p) => p.severity === "warning" && /validated as a Customer queue flow/.test(p.message)));
});

test("deployment placeholders are opaque strings, not errors", () => {
  const flow = loadFlowDocument(
    flowDoc([
      { Identifier: "jump", Type: "TransferToFlow", Parameters: { ContactFlowId: "{{contactFlows.Main.arn}}" }, Transitions: { NextAction: "lambda", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      { Identifier: "lambda", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: "${lambda_arn}", InvocationTimeLimitSeconds: "3" }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      bye,
    ]),
    "p.json",
    { flowType: "CONTACT_FLOW" },
  );
  assert.deepEqual(errorsOf(flow), []);
});
