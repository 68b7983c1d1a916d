import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness, pathOf, problemsOf, detailOf } from "../../runtime/flow-testing.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const failed = { Identifier: "failed", Type: "MessageParticipant", Parameters: { Text: "failed" }, Transitions: { NextAction: "bye" } };
const hookAction = (params: Record<string, unknown>, id = "hook", next = "bye") => ({ Identifier: id, Type: "UpdateContactEventHooks", Parameters: params, Transitions: { NextAction: next, Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } });

const queueFlow = flowDoc([{ Identifier: "hi", Type: "MessageParticipant", Parameters: { Text: "in queue" }, Transitions: { NextAction: "end" } }, { Identifier: "end", Type: "EndFlowExecution" }], { type: "customerQueue" });
const whisperFlow = flowDoc([{ Identifier: "end", Type: "EndFlowExecution" }], { type: "agentWhisper" });

test("a hook is set to the flow's id, by name, by JSONPath, or by a foreign ARN and the name the export kept", async () => {
  const h = harness();
  const cq = h.publish(queueFlow, "Sample queue customer", "CUSTOMER_QUEUE");
  const whisper = h.publish(whisperFlow, "cbAgentCallBackWhisper", "AGENT_WHISPER");
  const foreign = "arn:aws:connect:us-east-1:953784105530:instance/5cafc98e-41fc-47e3-a3be-e8a5404a0e9d/contact-flow/6500011f-5a75-42cb-a33c-6dfb20b786d9";
  h.publish(
    flowDoc([hookAction({ EventHooks: { CustomerQueue: "$.Attributes.queueFlow" } }, "cq", "aw"), hookAction({ EventHooks: { AgentWhisper: foreign } }, "aw"), failed, bye], {
      Metadata: { type: "contactFlow", ActionMetadata: { aw: { parameters: { EventHooks: { AgentWhisper: { displayName: "cbAgentCallBackWhisper" } } }, contactFlow: { text: "cbAgentCallBackWhisper", id: foreign } } } },
    }),
    "inbound",
  );
  const { contact, session } = await h.start("inbound", { attributes: { queueFlow: "Sample queue customer" } });
  assert.deepEqual(pathOf(session.trace), ["cq → Success", "aw → Success", "bye → End: disconnected"]);
  assert.deepEqual(contact.eventHooks, { CustomerQueue: cq.id, AgentWhisper: whisper.id });
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "cq");
  assert.deepEqual(step?.kind === "action" ? step.changes : undefined, [{ scope: "EventHooks", key: "CustomerQueue", from: undefined, to: cq.id }]);
});

test("an unknown flow, or a flow of the wrong type, takes NoMatchingError and leaves the hook unset", async () => {
  const h = harness();
  h.publish(flowDoc([bye], { type: "contactFlow" }), "plain inbound");
  h.publish(flowDoc([hookAction({ EventHooks: { CustomerQueue: "$.Attributes.f" } }), failed, bye], { type: "contactFlow" }), "inbound");
  const unknown = await h.start("inbound", { attributes: { f: "%CustomerQueueFlowArn%" } });
  assert.equal(pathOf(unknown.session.trace)[0], "hook → Error: NoMatchingError");
  assert.match(detailOf(unknown.session.trace, "hook") ?? "", /no published flow matches "%CustomerQueueFlowArn%"/);
  const wrongType = await h.start("inbound", { attributes: { f: "plain inbound" } });
  assert.match(detailOf(wrongType.session.trace, "hook") ?? "", /flow plain inbound \(Inbound flow\) cannot run for the CustomerQueue hook, which takes a Customer queue flow/);
  assert.deepEqual(wrongType.contact.eventHooks, {});
});

test("DisableExecution turns a hook off, and setting the hook again turns it back on", async () => {
  const h = harness();
  h.runtime.addQueue({ name: "Sales" });
  h.publish(queueFlow, "waiting", "CUSTOMER_QUEUE");
  const setQueue = { Identifier: "set", Type: "UpdateContactTargetQueue", Parameters: { QueueId: "Sales" }, Transitions: { NextAction: "queue", Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } };
  const toQueue = { Identifier: "queue", Type: "TransferContactToQueue", Transitions: { NextAction: "bye", Errors: [{ NextAction: "failed", ErrorType: "QueueAtCapacity" }, { NextAction: "failed", ErrorType: "NoMatchingError" }] } };
  const disable = hookAction({ EventHooks: { CustomerQueue: "waiting" }, EventHooksConfiguration: { CustomerQueue: { DisableExecution: "true" } } }, "off", "set");
  h.publish(flowDoc([hookAction({ EventHooks: { CustomerQueue: "waiting" } }, "on", "off"), disable, setQueue, toQueue, failed, bye], { type: "contactFlow" }), "disabled");
  const off = await h.start("disabled", { channel: "VOICE" });
  assert.equal(off.contact.state, "QUEUED");
  assert.deepEqual(off.contact.disabledHooks, { CustomerQueue: true });
  assert.deepEqual(off.session.prompts, [], "the customer queue flow does not run while disabled");

  const enable = hookAction({ EventHooks: { CustomerQueue: "waiting" }, EventHooksConfiguration: { CustomerQueue: { DisableExecution: "false" } } }, "on-again", "set");
  h.publish(flowDoc([{ ...disable, Transitions: { NextAction: "on-again", Errors: disable.Transitions.Errors } }, enable, setQueue, toQueue, failed, bye], { type: "contactFlow" }), "re-enabled");
  const on = await h.start("re-enabled", { channel: "VOICE" });
  assert.deepEqual(on.contact.disabledHooks, {});
  assert.deepEqual(on.session.prompts.map((p) => p.text), ["in queue"]);
});

test("hold flows can only be set for calls", async () => {
  const h = harness();
  const hold = h.publish(flowDoc([{ Identifier: "end", Type: "EndFlowExecution" }], { type: "customerHold" }), "hold music", "CUSTOMER_HOLD");
  h.publish(flowDoc([hookAction({ EventHooks: { CustomerHold: "hold music" } }), failed, bye], { type: "contactFlow" }), "inbound");
  const voice = await h.start("inbound", { channel: "VOICE" });
  assert.equal(voice.contact.eventHooks.CustomerHold, hold.id);
  const chat = await h.start("inbound", { channel: "CHAT" });
  assert.equal(pathOf(chat.session.trace)[0], "hook → Error: NoMatchingError");
  assert.match(detailOf(chat.session.trace, "hook") ?? "", /hold flows apply to voice contacts/);
});

test("load: exactly one known hook with a value; real exports' placeholders load", () => {
  const load = (params: Record<string, unknown>, type = "contactFlow") => problemsOf([hookAction(params), failed, bye], type);
  const errors = (params: Record<string, unknown>) => load(params).filter((p) => p.startsWith("error"));
  assert.deepEqual(load({ EventHooks: { AgentWhisper: "%AgentWhisperFlowArn%" }, EventHooksConfiguration: { AgentWhisper: { DisableExecution: "false" } } }), []);
  assert.deepEqual(load({ EventHooks: { CustomerWhisper: "{{contactFlows.RulesEngineCustomerWhisper.arn}}" } }), []);
  assert.deepEqual(load({ EventHooks: { CustomerQueue: "$.External.ACME_customer_queue" } }), []);
  assert.match(errors({ EventHooks: {} }).join("\n"), /Invalid contact flow format: .*EventHooks is empty/);
  assert.match(errors({ EventHooks: { CustomerQueue: "a", AgentWhisper: "b" } }).join("\n"), /only one entry may be present/);
  assert.match(errors({ EventHooks: { CustomerDisconnect: "a" } }).join("\n"), /Invalid Action property name. Path: Actions\[0\].Parameters.EventHooks.CustomerDisconnect \(not an event hook/);
  assert.match(errors({ EventHooks: { AgentWhisper: "" } }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.EventHooks.AgentWhisper/);
  assert.match(errors({ EventHooks: { "$.Attributes.hook": "x" } }).join("\n"), /event hook keys must be defined statically/);
  assert.match(errors({ EventHooks: { AgentWhisper: "Hello $.Attributes.x" } }).join("\n"), /must be static or a single JSONPath/);
  assert.match(errors({ EventHooks: { AgentWhisper: "w" }, EventHooksConfiguration: { Whisper: { DisableExecution: "true" } } }).join("\n"), /EventHooksConfiguration.Whisper \(not an event hook/);
  assert.match(errors({ EventHooks: { AgentWhisper: "w" }, EventHooksConfiguration: { AgentWhisper: { DisableExecution: "maybe" } } }).join("\n"), /"maybe" is not "True" or "False"/);
  assert.match(load({ EventHooks: { AgentWhisper: "w" }, EventHooksConfiguration: { CustomerWhisper: { DisableExecution: "true" } } }).join("\n"), /warning .*the configuration is ignored/);
  assert.match(errors({ Hooks: {} }).join("\n"), /Action is missing required property. Path: Actions\[0\].Parameters.EventHooks/);
});

test("load: the admin guide's narrower flow types per hook are warnings", () => {
  const warnings = (hook: string, type: string) => problemsOf([hookAction({ EventHooks: { [hook]: "f" } }), failed, bye], type).filter((p) => p.startsWith("warning Actions[0]"));
  assert.match(warnings("CustomerQueue", "customerQueue").join("\n"), /CustomerQueue hook in a Customer queue flow: the admin guide allows the block that sets it only in Inbound flow, Transfer to agent flow, Transfer to queue flow/);
  assert.equal(warnings("AgentWhisper", "customerQueue").length, 0);
  assert.equal(warnings("AgentWhisper", "agentHold").length, 1);
  assert.equal(warnings("CustomerHold", "outboundWhisper").length, 0);
  assert.equal(warnings("CustomerRemaining", "customerHold").length, 0);
  assert.equal(warnings("CustomerQueue", "contactFlow").length, 0);
});
