import { test } from "node:test";
import assert from "node:assert/strict";
import { parseContent } from "./parse.js";
import { loadTestCase } from "./load.js";
import { chatEntry, check, content, dtmf, endTest, message, mockError, mockResult, observation, override, started, testStarts, voiceEntry } from "./fixtures.js";
import { MAX_CONTENT_CHARS, MAX_OBSERVATIONS } from "./limits.js";

type Json = Record<string, unknown>;

/** Problems as `severity path [identifier]: message`. */
function problemsOf(doc: unknown, entry?: Json): string[] {
  const loaded = entry ? loadTestCase({ EntryPoint: entry, Content: doc }, "t.json").problems : parseContent(doc, { source: "t.json" }).problems;
  return loaded.map((p) => `${p.severity} ${p.path}${p.action ? ` [${p.action}]` : ""}: ${p.message}`);
}

const only = (...observations: Json[]) => content(observations);
const start = (actions: Json[]) => only(observation("start", testStarts(), actions));

function expectProblem(doc: unknown, pattern: RegExp, entry?: Json): void {
  const problems = problemsOf(doc, entry);
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got:\n${problems.join("\n")}`);
}

test("a valid test case has no problems, and its actions come in NextAction order", () => {
  const doc = only(observation("a", message("Hello"), [{ ...endTest("z") }, check("c", "$.Attributes.x", "Equals", "1", "z")]));
  const parsed = parseContent(doc, { source: "t.json" });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parsed.document?.observations[0].actions.map((a) => a.id), ["c", "z"]);
  assert.deepEqual(parsed.document?.starting, ["a"]);
});

test("each problem names the identifier, the JSON path and the reason", () => {
  const [problem] = parseContent(only(observation("menu", message("Hi"), [check("q", "$.Queue.Name", "Like", "x")])), { source: "t.json" }).problems;
  assert.deepEqual(problem, { severity: "error", file: "t.json", path: "Observations[0].Actions[0].Parameters.Operator", message: 'Operator "Like" is not one of Equals, TextStartsWith, TextEndsWith, TextContains, NumberGreaterThan, NumberGreaterOrEqualTo, NumberLessThan, NumberLessOrEqualTo, Exists', action: "q", actionType: "Assert" });
});

test("content: JSON, size, Version, observations", () => {
  expectProblem("{not json", /error Content: Content is not valid JSON/);
  expectProblem("x".repeat(MAX_CONTENT_CHARS + 1), /error Content: Content is 256001 characters long; it must be 1 to 256000/);
  expectProblem({ ...only(observation("a", testStarts())), Version: "2017-01-01" }, /error Content.Version: Version "2017-01-01" is not one of 2019-10-30, 2025-06-21/);
  assert.deepEqual(problemsOf({ ...only(observation("a", testStarts(), [endTest()])), Version: "2025-06-21" }).map((p) => p.split(":")[0]), ["warning Content.Version"]);
  expectProblem({ Version: "2019-10-30", Observations: [] }, /error Content.Observations: a test case needs at least one observation/);
  expectProblem({ Version: "2019-10-30", Observations: new Array(MAX_OBSERVATIONS + 1).fill(0) }, /holds 1001 items; flowsim accepts at most 1000/);
  expectProblem({ ...only(observation("a", testStarts())), Steps: [] }, /error Content.Steps: unknown property Steps/);
});

test("observations: identifiers, transitions, a start, Usage", () => {
  expectProblem(only(observation("a", testStarts()), observation("a", message("x"))), /error Observations\[1\].Identifier \[a\]: two observations are called "a"/);
  expectProblem(only(observation("a", testStarts(), [], ["b"])), /NextObservations names "b", which is not an observation/);
  expectProblem(only(observation("a", testStarts(), [], ["b"]), observation("b", message("x"), [], ["a"])), /no observation is active at the start/);
  expectProblem(only({ ...observation("a", testStarts()), Usage: { Type: "EXACTLY", Times: 1 } }), /Usage.Type is case-sensitive: write Exactly/);
  expectProblem(only({ ...observation("a", testStarts()), Usage: { Type: "AtLeast", Times: 1 } }), /Usage AtLeast is not supported: its run-time meaning is not documented/);
  expectProblem(only({ Identifier: "a", Event: testStarts() }), /error Observations\[0\].Actions \[a\]: Actions is missing/);
});

test("events: types, actor, message properties, flow actions", () => {
  expectProblem(only(observation("a", { Identifier: "e", Type: "AgentConnected", Actor: "Agent", Properties: {} })), /unknown event type "AgentConnected"/);
  expectProblem(only(observation("a", { Identifier: "e", Type: "MessageReceived", Actor: "Agent", Properties: { Text: "x", MatchingCriteria: { Type: "Inclusion" } } })), /Actor "Agent" is not supported/);
  expectProblem(only(observation("a", { Identifier: "e", Type: "MessageReceived", Actor: "System", Properties: { Text: "x" } })), /MatchingCriteria is missing/);
  expectProblem(only(observation("a", { Identifier: "e", Type: "MessageReceived", Actor: "System", Properties: { Text: "x", MatchingCriteria: "Similarity" } })), /not a bare string \(the service would never match this event\)/);
  expectProblem(only(observation("a", { Identifier: "e", Type: "MessageReceived", Actor: "System", MatchingCriteria: "Similarity", Properties: { Text: "x" } })), /MatchingCriteria belongs inside Properties/);
  expectProblem(only(observation("a", { Identifier: "e", Type: "MessageReceived", Actor: "System", Properties: { Text: "x", SSML: "<speak>x</speak>", MatchingCriteria: { Type: "Similarity" } } })), /mutually exclusive; this event gives Text, SSML/);
  expectProblem(only(observation("a", started("DisconnectParticipant", { x: "y" }))), /Invalid action type for FlowActionStarted event: "DisconnectParticipant"/);
  expectProblem(only(observation("a", started("InvokeLambdaFunction", {}))), /InvalidFlowActionParametersProblem/);
  expectProblem(only(observation("a", { Identifier: "e", Type: "FlowActionCompleted", Actor: "System", Properties: { ActionType: "CheckHoursOfOperation", ActionParameters: { HoursOfOperationId: "h" } } })), /Invalid action type for FlowActionCompleted event/);
  expectProblem(only(observation("a", { Type: "TestInitiated", Actor: "System", Properties: {} })), /Observations\[0\].Event.Identifier .*Identifier is missing/);
});

test("actions: types, parameters, checks, instructions", () => {
  expectProblem(start([{ Identifier: "x", Type: "EndTest", Parameters: {} }]), /unknown action type "EndTest" \(flowsim supports SendInstruction, OverrideSystemBehavior, Assert, TestControl\)/);
  expectProblem(start([{ Identifier: "x", Type: "TestControl", ActionType: "TestControl", Parameters: { ActionType: "TestControl", Command: { Type: "EndTest" } } }]), /unknown property ActionType .*ActionType belongs inside Parameters/);
  expectProblem(start([{ Identifier: "x", Type: "TestControl", Parameters: { ActionType: "SendInstruction", Command: { Type: "EndTest" } } }]), /Parameters.ActionType "SendInstruction" must repeat the action Type "TestControl"/);
  expectProblem(start([{ Identifier: "x", Type: "Assert", Parameters: { ActionType: "Assert", Namespace: "$.Channel", Operator: "Equals", Operand: "VOICE" } }]), /Assert is the one action whose Parameters do not repeat its Type/);
  expectProblem(start([check("x", "$.Queue.Name", "Equals")]), /Invalid operand parameter for AssertAction: Equals needs an Operand/);
  expectProblem(start([check("x", "$.FlowAttributes.step", "Equals", "1")]), /\$\.FlowAttributes cannot be checked in a test case/);
  expectProblem(start([check("x", "Queue.Name", "Equals", "1")]), /is not one JSONPath such as \$\.Attributes\.name/);
  expectProblem(start([check("x", "$.Attributes.n", "NumberGreaterThan", "ten")]), /NumberGreaterThan needs a decimal number as its Operand/);
  expectProblem(start([check("x", "$.Attributes.n", "Exists")]), /warning .*the service is reported to refuse Exists/);
  expectProblem(start([dtmf("x", "12a")]), /Value must be 1 to 30 keys from 0-9, \* and #/);
  expectProblem(start([{ Identifier: "x", Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Customer", Instruction: { Type: "TextInput", Properties: { Value: "hi" } } } }]), /unknown instruction type "TextInput"/);
  expectProblem(start([{ Identifier: "x", Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Agent", Instruction: { Type: "Disconnect" } } }]), /Actor "Agent" is not supported: only the Customer's instructions are documented/);
  expectProblem(start([{ Identifier: "x", Type: "SendInstruction", Parameters: { ActionType: "SendInstruction", Actor: "Customer", Instruction: { Type: "Utterance", Properties: { Text: "hi" } } } }]), /warning .*refuse Text and SSML here and to require Value/);
  expectProblem(start([dtmf("x", "1")]), /error Observations\[0\].Actions\[0\].Parameters.Instruction.Type \[x\]: DTMF input is not supported for Chat entry point/, chatEntry("f"));
});

test("actions: NextAction chains", () => {
  expectProblem(start([check("x", "$.Channel", "Equals", "VOICE", "nope")]), /NextAction "nope" is not an action of observation "start"/);
  expectProblem(start([check("x", "$.Channel", "Equals", "VOICE", "y"), check("y", "$.Channel", "Equals", "VOICE", "x")]), /form a loop/);
  expectProblem(start([check("x", "$.Channel", "Equals", "VOICE"), endTest("y")]), /warning .*no NextAction leads to "y"; it runs after the chain/);
});

test("overrides: strategies and responses per flow action", () => {
  const queue = { QueueId: "q" };
  expectProblem(start([override("o", "TransferContactToQueue", queue, mockResult({ Value: "x" }))]), /the mock of TransferContactToQueue can only be an Error/);
  expectProblem(start([override("o", "TransferContactToQueue", queue, mockError("TimeLimitExceeded"))]), /Value "TimeLimitExceeded" is not one of QueueAtCapacity, NoMatchingError/);
  expectProblem(start([override("o", "InvokeLambdaFunction", { LambdaFunctionARN: "f" }, mockResult({ LoadedData: "{oops" }))]), /LoadedData is not valid JSON/);
  expectProblem(start([override("o", "InvokeLambdaFunction", { LambdaFunctionARN: "f" }, mockResult({ LoadedData: { a: 1 } }))]), /LoadedData must be a string holding serialized JSON/);
  expectProblem(start([override("o", "InvokeLambdaFunction", { LambdaFunctionARN: "f" }, mockError("NoMatchingError", 9999))]), /DelaySeconds must be a number of seconds from 0 to 300/);
  expectProblem(start([override("o", "ConnectParticipantWithLexBot", { LexV2Bot: { AliasArn: "a" } }, mockResult({ LoadedData: '{"Slots":{}}' }))]), /a Lex mock's LoadedData needs IntentName/);
  expectProblem(start([override("o", "CheckHoursOfOperation", { HoursOfOperationId: "h" }, mockResult({ Value: "InHours" }))]), /warning .*refuse MockResponse on CheckHoursOfOperation/);
  expectProblem(start([override("o", "GetCustomerProfile", { x: "y" }, mockError("NoMatchingError"))]), /this flow action cannot be overridden: "GetCustomerProfile"/);
  expectProblem(start([override("o", "DequeueContactAndTransferToQueue", queue, mockError("QueueAtCapacity"))]), /warning .*spells this override "DequeueAndTransferToQueue"/);
});

test("entry points and initialization data", () => {
  const doc = start([endTest()]);
  const problems = (entry: unknown, init?: unknown) => loadTestCase({ EntryPoint: entry, InitializationData: init, Content: doc }, "t.json").problems.map((p) => `${p.severity} ${p.path}: ${p.message}`);
  assert.deepEqual(problems(undefined), ["error EntryPoint: EntryPoint (a test case runs from a voice call or a chat) is missing"]);
  assert.deepEqual(problems({ Type: "VOICE_CALL", VoiceCallEntryPointParameters: { FlowId: "f", DestinationPhoneNumber: "+15550199", SourcePhoneNumber: "+15550100" } }), ["error EntryPoint.VoiceCallEntryPointParameters: Must specify either FlowId or phone numbers"]);
  assert.deepEqual(problems({ Type: "VOICE_CALL", VoiceCallEntryPointParameters: { DestinationPhoneNumber: "+15550199" } }), ["error EntryPoint.VoiceCallEntryPointParameters: Missing mandatory parameter SourcePhoneNumber (the caller's number)"]);
  assert.match(problems({ Type: "VOICE_CALL", VoiceCallEntryPointParameters: { FlowId: "f", SourcePhoneNumber: "555-0100" } })[0], /SourcePhoneNumber "555-0100" is not a phone number in E.164 form/);
  assert.deepEqual(problems({ Type: "TASK" }), ['error EntryPoint.Type: Type "TASK" is not one of VOICE_CALL, CHAT']);
  assert.deepEqual(problems(voiceEntry("f"), "{oops"), [`error InitializationData: InitializationData must be a valid JSON string: ${(() => { try { JSON.parse("{oops"); } catch (e) { return (e as Error).message; } })()}`]);
  assert.deepEqual(problems(voiceEntry("f"), '{"lang":"en"}'), ['warning InitializationData: lang is ignored, as the service ignores them: attributes go in {"Attributes": {...}, "SegmentAttributes": {}}']);
  assert.deepEqual(problems(voiceEntry("f"), '{"Attributes":{"n":1}}'), ["error InitializationData.Attributes.n: contact attribute values are strings, not 1"]);
  assert.deepEqual(problems(chatEntry("f"), '{"Attributes":{"n":"1"},"SegmentAttributes":{"s":{"ValueString":"x"}}}'), []);
});

test("a queue transfer observed without any EndTest is a warning: live, a real agent could answer", () => {
  const problems = problemsOf(only(observation("t", started("TransferContactToQueue", { QueueId: "q" }))));
  assert.deepEqual(problems, ["warning Observations[0] [t]: no EndTest: on the live service the contact reaches the queue, and a real agent may answer it"]);
});
