import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const failed = { Identifier: "failed", Type: "MessageParticipant", Parameters: { Text: "could not save" }, Transitions: { NextAction: "bye" } };
const set = (Identifier: string, Attributes: Record<string, string>, extra: Record<string, unknown> = {}, next = "bye") => ({
  Identifier,
  Type: "UpdateContactAttributes",
  Parameters: { Attributes, ...extra },
  Transitions: { NextAction: next, Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] },
});

test("Set contact attributes writes resolved values; an empty or missing value removes the key", async () => {
  const h = harness();
  h.publish(flowDoc([set("a", { greeting: "Hi $.Attributes.name", phone: "$.CustomerEndpoint.Address", drop: "", gone: "$.Attributes.nope" }), failed, bye], { type: "contactFlow" }), "f");
  const { contact, session } = await h.start("f", { channel: "VOICE", attributes: { name: "Ana", drop: "old", gone: "old" }, customerEndpoint: { Address: "+15550100", Type: "TELEPHONE_NUMBER" } });
  assert.deepEqual(contact.attributes, { name: "Ana", greeting: "Hi Ana", phone: "+15550100" });
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "a");
  assert.ok(step && step.kind === "action");
  assert.match(step.detail ?? "", /gone: \$\.Attributes\.nope has no value/);
});

test("Related writes to the contact this one is related to, else to one new related copy", async () => {
  const h = harness();
  h.publish(flowDoc([set("r1", { k: "v1" }, { TargetContact: "Related" }, "r2"), set("r2", { k2: "v2" }, { TargetContact: "Related" }), failed, bye], { type: "contactFlow" }), "rel");
  const customer = await h.start("rel", { channel: "CHAT" });
  const guide = await h.start("rel", { channel: "CHAT", relatedContactId: customer.contact.id });
  assert.deepEqual(h.runtime.findContact(customer.contact.id)!.attributes, { k: "v1", k2: "v2" }, "the guide wrote to the customer contact");
  assert.deepEqual(guide.contact.attributes, {});
  const copyId = h.runtime.session(customer.contact.id)!.relatedCopyId!;
  assert.ok(copyId, "the first contact had no related contact, so one copy was made");
  assert.equal(h.runtime.findContact(copyId)!.relatedContactId, customer.contact.id);
});

test("attributes are set all or none: over 32 KB takes the Error branch and nothing changes", async () => {
  const h = harness();
  h.publish(flowDoc([set("big", { small: "x", huge: "$.Attributes.blob" }), failed, bye], { type: "contactFlow" }), "big");
  const { contact, session } = await h.start("big", { channel: "CHAT", attributes: { blob: "y".repeat(17_000) } });
  assert.deepEqual(Object.keys(contact.attributes), ["blob"]);
  assert.deepEqual(pathOf(session.trace).slice(0, 1), ["big → Error: NoMatchingError"]);
});

test("attribute keys may not contain $ or .; TargetContact must be static", () => {
  const flow = loadFlowDocument(flowDoc([set("k", { "bad.key": "x" }, { TargetContact: "$.Attributes.t" }), failed, bye], { type: "contactFlow" }), "keys.json");
  const messages = flow.problems.filter((p) => p.severity === "error").map((p) => p.message);
  assert.ok(messages.some((m) => /attribute key "bad.key" contains/.test(m)), messages.join("\n"));
  assert.ok(messages.some((m) => /TargetContact \(must be defined statically/.test(m)), messages.join("\n"));
});

test("flow attributes live in one flow execution; Connect-defined fields are set with UpdateContactData", async () => {
  const h = harness();
  h.publish(
    flowDoc([
      { Identifier: "fa", Type: "UpdateFlowAttributes", Parameters: { FlowAttributes: { card: { Value: "$.Attributes.card" }, plain: "text" } }, Transitions: { NextAction: "data" } },
      { Identifier: "data", Type: "UpdateContactData", Parameters: { Name: "Callback for $.FlowAttributes.card", LanguageCode: "de-DE", References: { ticket: { Type: "URL", Value: "https://t/$.FlowAttributes.plain" } } }, Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } },
      bye,
    ], { type: "contactFlow" }),
    "data",
  );
  const { contact } = await h.start("data", { channel: "TASK", attributes: { card: "4242" } });
  assert.equal(contact.name, "Callback for 4242");
  assert.equal(contact.languageCode, "de-DE");
  assert.deepEqual(contact.references.ticket, { Type: "URL", Value: "https://t/text" });
});
