import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime } from "./runtime.js";
import { createFlow, deleteFlow, describeFlow, listFlows, sha256, updateFlowContent, updateFlowMetadata } from "./flow-catalog.js";
import { FlowContentRefusal, Refusal } from "./refusals.js";
import { loadFlowText } from "../flow/load.js";

const doc = (actions: object[], extra: object = {}) => JSON.stringify({ Version: "2019-10-30", StartAction: (actions[0] as { Identifier: string }).Identifier, ...extra, Actions: actions });
const hello = doc([
  { Identifier: "hi", Type: "MessageParticipant", Parameters: { Text: "Hi" }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
  { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
]);
/** The error branch of "hi" is connected to nothing. */
const dangling = doc([
  { Identifier: "hi", Type: "MessageParticipant", Parameters: { Text: "Hi" }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "" }] } },
  { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
]);

function refusal<T extends Error>(fn: () => unknown, type: new (...args: never[]) => T): T {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${type.name}`);
}

test("a PUBLISHED flow runs: the runtime finds it by id, ARN and name, with the content as sent", () => {
  const rt = new Runtime();
  const view = createFlow(rt, "flow", { name: "Hello", type: "CONTACT_FLOW", content: hello, tags: { team: "a" } });
  const id = view.definition.id;
  assert.equal(rt.findFlow(id, "flow")?.name, "Hello");
  assert.equal(rt.findFlow(view.definition.arn, "flow")?.id, id);
  assert.equal(rt.findFlow("Hello", "flow")?.id, id);
  assert.equal(view.status, "PUBLISHED");
  assert.equal(view.content, hello);
  assert.equal(view.sha256, sha256(hello));
  assert.deepEqual(view.definition.tags, { team: "a" });
});

test("a SAVED flow is stored unvalidated and does not run until published", () => {
  const rt = new Runtime();
  const view = createFlow(rt, "flow", { name: "Draft", type: "CONTACT_FLOW", content: dangling, status: "SAVED" });
  assert.equal(rt.findFlow(view.definition.id, "flow"), undefined, "a draft is not runnable");
  assert.equal(describeFlow(rt, "flow", view.definition.id).status, "SAVED", "never published: the bare id shows the draft");
  const err = refusal(() => updateFlowContent(rt, "flow", view.definition.id, { content: dangling }), FlowContentRefusal);
  assert.equal(err.problems.length, 1);
  assert.match(err.problems[0], /^Action hi \(MessageParticipant\): Invalid Action property value\. Path: Actions\[0\]\.Transitions\.Errors\[0\]\.NextAction/);
  updateFlowContent(rt, "flow", view.definition.id, { content: hello });
  assert.equal(rt.findFlow(view.definition.id, "flow")?.name, "Draft");
  assert.equal(describeFlow(rt, "flow", view.definition.id).status, "PUBLISHED");
});

test("publishing names every error, and a refused flow leaves nothing behind", () => {
  const rt = new Runtime();
  const content = doc([
    { Identifier: "loop", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: "wait" }] }, Transitions: {} },
    { Identifier: "hi", Type: "MessageParticipant", Parameters: { Text: "Hi" }, Transitions: { NextAction: "" } },
  ]);
  const err = refusal(() => createFlow(rt, "flow", { name: "Bad", type: "CONTACT_FLOW", content }), FlowContentRefusal);
  assert.equal(err.kind, "flow");
  assert.ok(err.problems.some((m) => m.startsWith("Action loop (MessageParticipantIteratively): Unsupported block type") && m.endsWith(". Path: Actions[0].Type")), err.problems.join("\n"));
  assert.ok(err.problems.some((m) => m.startsWith("Action hi (MessageParticipant):") && m.includes("Actions[1].Transitions.NextAction")), err.problems.join("\n"));
  assert.equal(rt.findFlow("Bad", "flow"), undefined);
  assert.ok(!listFlows(rt, "flow").some((d) => d.name === "Bad"));
});

test("seed 001: a flow exported as one type cannot be created as another", () => {
  const rt = new Runtime();
  const queueFlow = doc([{ Identifier: "end", Type: "EndFlowExecution", Parameters: {}, Transitions: {} }], { Metadata: { type: "customerQueue" } });
  const err = refusal(() => createFlow(rt, "flow", { name: "Q", type: "CONTACT_FLOW", content: queueFlow }), FlowContentRefusal);
  assert.match(err.problems.join("\n"), /cannot be imported as an Inbound flow: a flow of one type cannot be imported as another\. Path: Metadata\.type$/);
  assert.equal(createFlow(rt, "flow", { name: "Q", type: "CUSTOMER_QUEUE", content: queueFlow }).definition.type, "CUSTOMER_QUEUE");
});

test("$SAVED: a draft of a published flow is kept aside while the published content keeps running", () => {
  const rt = new Runtime();
  const { definition } = createFlow(rt, "flow", { name: "Live", type: "CONTACT_FLOW", content: hello });
  const running = rt.findFlow(definition.id, "flow");
  updateFlowContent(rt, "flow", `${definition.id}:$SAVED`, { content: dangling });
  assert.equal(rt.findFlow(definition.id, "flow"), running, "the published flow is untouched");
  assert.equal(describeFlow(rt, "flow", definition.id).content, hello);
  assert.equal(describeFlow(rt, "flow", definition.id).status, "PUBLISHED");
  const draft = describeFlow(rt, "flow", `${definition.arn}:$SAVED`);
  assert.equal(draft.content, dangling);
  assert.equal(draft.status, "SAVED");
  assert.equal(listFlows(rt, "flow").find((d) => d.id === definition.id)?.status, "SAVED");
  assert.throws(() => describeFlow(rt, "flow", `${definition.id}:3`), (e: unknown) => e instanceof Refusal && e.kind === "not-found" && /version 3/.test(e.message));
});

test("names are unique; a rename reaches the running flow", () => {
  const rt = new Runtime();
  const a = createFlow(rt, "flow", { name: "A", type: "CONTACT_FLOW", content: hello }).definition;
  createFlow(rt, "flow", { name: "B", type: "CONTACT_FLOW", content: hello });
  assert.throws(() => createFlow(rt, "flow", { name: "A", type: "CONTACT_FLOW", content: hello }), (e: unknown) => e instanceof Refusal && e.kind === "duplicate");
  assert.throws(() => updateFlowMetadata(rt, "flow", a.id, { name: "B" }), (e: unknown) => e instanceof Refusal && e.kind === "duplicate");
  updateFlowMetadata(rt, "flow", a.id, { name: "A2", description: "renamed", state: "ARCHIVED" });
  assert.equal(rt.findFlow("A2", "flow")?.id, a.id);
  assert.notEqual(rt.findFlow("A", "flow")?.id, a.id);
  assert.equal(describeFlow(rt, "flow", a.id).definition.state, "ARCHIVED");
  assert.ok(rt.findFlow(a.id, "flow"), "archived flows keep running");
});

test("flows published outside the API are listed and described, and a replacement refreshes them", () => {
  const rt = new Runtime();
  const first = rt.publish(loadFlowText(hello, "folder/x.json", { flowType: "CONTACT_FLOW", name: "Folder flow" }), { name: "Folder flow" });
  const listed = listFlows(rt, "flow").find((d) => d.id === first.id);
  assert.equal(listed?.status, "PUBLISHED");
  assert.equal(JSON.parse(describeFlow(rt, "flow", first.id).content).StartAction, "hi");
  const other = doc([{ Identifier: "only", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }]);
  rt.publish(loadFlowText(other, "folder/x.json", { flowType: "CONTACT_FLOW" }), { id: first.id, name: "Folder flow" });
  assert.equal(JSON.parse(describeFlow(rt, "flow", first.id).content).StartAction, "only");
});

test("modules: the Settings member becomes the document's Settings, errors come as module problems", () => {
  const rt = new Runtime();
  const content = doc([{ Identifier: "ret", Type: "EndFlowModuleExecution", Parameters: {}, Transitions: {} }]);
  const settings = JSON.stringify({ InputParameters: [], OutputParameters: [], Transitions: [{ DisplayName: "Success", ReferenceName: "Success", Description: "" }] });
  const { definition } = createFlow(rt, "module", { name: "Mod", content, settings });
  const running = rt.findFlow(definition.id, "module");
  assert.equal(running?.kind, "module");
  assert.deepEqual((running?.doc as unknown as { Settings: unknown }).Settings, JSON.parse(settings));
  assert.equal(describeFlow(rt, "module", definition.id).content, content, "the content reads back as sent");
  const bad = refusal(() => createFlow(rt, "module", { name: "Mod2", content, settings: "{not json" }), FlowContentRefusal);
  assert.equal(bad.kind, "module");
  assert.match(bad.problems[0], /^Settings is not valid JSON/);
  const transfer = doc([{ Identifier: "agent", Type: "TransferContactToAgent", Parameters: {}, Transitions: {} }]);
  const notInModules = refusal(() => createFlow(rt, "module", { name: "Mod3", content: transfer, settings }), FlowContentRefusal);
  assert.match(notInModules.problems[0], /^Action agent \(TransferContactToAgent\): Unsupported block type.*\. Path: Actions\[0\]\.Type$/);
});

test("deleting a flow withdraws it from the runtime", () => {
  const rt = new Runtime();
  const { definition } = createFlow(rt, "flow", { name: "Gone", type: "CONTACT_FLOW", content: hello });
  deleteFlow(rt, "flow", definition.arn);
  assert.equal(rt.findFlow(definition.id, "flow"), undefined);
  assert.throws(() => describeFlow(rt, "flow", definition.id), (e: unknown) => e instanceof Refusal && e.kind === "not-found");
});
