import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";

test("an inbound flow that ends before queueing ends the contact; a whisper flow's end leaves it alone", async () => {
  const h = harness();
  h.publish(flowDoc([{ Identifier: "end", Type: "EndFlowExecution" }], { type: "contactFlow" }), "inbound-end");
  const { contact } = await h.start("inbound-end");
  assert.equal(contact.state, "ENDED");
  assert.equal(contact.disconnectReason, "the flow ended before the contact was queued");
});

test("terminal actions take no transitions; EndFlowModuleExecution only in modules; End flow warns in inbound flows", () => {
  const terminal = loadFlowDocument(flowDoc([{ Identifier: "d", Type: "DisconnectParticipant", Transitions: { NextAction: "d" } }], { type: "contactFlow" }), "t.json");
  assert.match(terminal.problems[0].message, /^Action does not support transitions\. Path: Actions\[0\]\.Transitions/);
  const ret = loadFlowDocument(flowDoc([{ Identifier: "r", Type: "EndFlowModuleExecution" }], { type: "contactFlow" }), "r.json");
  assert.match(ret.problems[0].message, /Unsupported block type: EndFlowModuleExecution is not allowed in an Inbound flow/);
  const end = loadFlowDocument(flowDoc([{ Identifier: "e", Type: "EndFlowExecution" }], { type: "contactFlow" }), "e.json");
  assert.equal(end.ok, true);
  assert.equal(end.problems[0].severity, "warning");
});

test("Disconnect is refused in hold flows, allowed in inbound, queue and transfer flows, a warning in whisper flows", () => {
  const disconnect = (type: string) => loadFlowDocument(flowDoc([{ Identifier: "bye", Type: "DisconnectParticipant" }], { type }), "d.json");
  for (const type of ["customerHold", "agentHold"]) {
    const flow = disconnect(type);
    assert.equal(flow.ok, false, type);
    assert.match(flow.problems.find((p) => p.severity === "error")?.message ?? "", /Unsupported block type: DisconnectParticipant is not allowed in an? (Customer|Agent) hold flow/);
  }
  for (const type of ["contactFlow", "customerQueue", "agentTransfer", "queueTransfer"]) assert.deepEqual(disconnect(type).problems, [], type);
  for (const type of ["customerWhisper", "agentWhisper", "outboundWhisper"]) {
    const flow = disconnect(type);
    assert.equal(flow.ok, true, type);
    assert.deepEqual(flow.problems.map((p) => p.severity), ["warning"], type);
  }
});
