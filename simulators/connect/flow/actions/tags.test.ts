import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness, pathOf, said, problemsOf, detailOf, type ActionInput } from "../../runtime/flow-testing.js";

const bye = { Identifier: "bye", Type: "DisconnectParticipant" };
const failed = { Identifier: "failed", Type: "MessageParticipant", Parameters: { Text: "failed" }, Transitions: { NextAction: "bye" } };
const tag = (Tags: unknown, next = "bye", id = "tag") => ({ Identifier: id, Type: "TagContact", Parameters: { Tags }, Transitions: { NextAction: next, Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } });
const untag = (TagKeys: unknown, type = "UntagContact", next = "bye") => ({ Identifier: "untag", Type: type, Parameters: { TagKeys }, Transitions: { NextAction: next, Errors: [{ NextAction: "failed", ErrorType: "NoMatchingError" }] } });

test("tags are set with dynamic keys and values, read back through $.Tags, and removed (both spellings of UntagContact)", async () => {
  const h = harness();
  const show = { Identifier: "show", Type: "MessageParticipant", Parameters: { Text: "dept=$.Tags.Department tier=$.Tags.Tier" }, Transitions: { NextAction: "untag" } };
  h.publish(flowDoc([tag({ Department: "$.Attributes.dept", "$.Attributes.key": "gold" }, "show"), show, untag(["Tier", "NotThere"]), failed, bye], { type: "contactFlow" }), "untag");
  const { contact, session } = await h.start("untag", { channel: "TASK", attributes: { dept: "Billing", key: "Tier" } });
  assert.deepEqual(said(session), ["dept=Billing tier=gold"]);
  assert.deepEqual(contact.tags, { Department: "Billing" });
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "untag");
  assert.deepEqual(step?.kind === "action" ? step.changes : undefined, [{ scope: "Tags", key: "Tier", from: "gold", to: undefined }]);

  h.publish(flowDoc([tag({ Department: "x" }, "untag"), untag(["Department"], "UnTagContact"), failed, bye], { type: "contactFlow" }), "docs-spelling");
  const docs = await h.start("docs-spelling");
  assert.deepEqual(docs.contact.tags, {});
});

test("all or nothing: a system key or a seventh user tag sets no tag at all", async () => {
  const h = harness();
  h.publish(flowDoc([tag({ One: "1", Two: "2", Three: "3", Four: "4", Five: "5" }, "more", "first"), tag({ "$.Attributes.k1": "x", "$.Attributes.k2": "y" }, "bye", "more"), failed, bye], { type: "contactFlow" }), "seven");
  const seven = await h.start("seven", { attributes: { k1: "Six", k2: "Seven" } });
  assert.deepEqual(pathOf(seven.session.trace).slice(0, 2), ["first → Success", "more → Error: NoMatchingError"]);
  assert.match(detailOf(seven.session.trace, "more") ?? "", /7 user-defined tags, over 6; no tag was set/);
  assert.deepEqual(Object.keys(seven.contact.tags), ["One", "Two", "Three", "Four", "Five"]);
  const six = await h.start("seven", { attributes: { k1: "Six", k2: "One" } });
  assert.deepEqual(Object.keys(six.contact.tags).length, 6, "replacing an existing tag does not count twice");

  h.publish(flowDoc([tag({ Ok: "yes", "$.Attributes.k": "v" }), failed, bye], { type: "contactFlow" }), "system");
  const system = await h.start("system", { attributes: { k: "aws:connect:x" } });
  assert.match(detailOf(system.session.trace, "tag") ?? "", /aws:connect:x is a system tag/);
  assert.deepEqual(system.contact.tags, {});
});

test("load: tag limits, system tags and static tag keys", () => {
  const errors = (a: ActionInput) => problemsOf([a, failed, bye]).filter((p) => p.startsWith("error"));
  assert.deepEqual(errors(tag({ a: "1", b: "$.Attributes.b" })), []);
  assert.match(errors(tag({ a: "1", b: "2", c: "3", d: "4", e: "5", f: "6", g: "7" })).join("\n"), /More than 6 tags in Parameters.Tags/);
  assert.match(errors(tag({})).join("\n"), /at least one tag is needed/);
  assert.match(errors(tag({ "aws:connect:foo": "x" })).join("\n"), /system tags and cannot be changed/);
  assert.match(errors(tag({ k: "v".repeat(257) })).join("\n"), /tag values are at most 256 characters/);
  assert.match(errors(tag("$.Attributes.tags")).join("\n"), /must be defined statically/);
  assert.match(errors({ ...tag({ a: "1" }), Transitions: { NextAction: "bye" } }).join("\n"), /Action is missing required error. Error: NoMatchingError/);

  assert.deepEqual(errors(untag(["a", "b"])), []);
  assert.deepEqual(errors(untag(["a"], "UnTagContact")), []);
  assert.match(errors(untag([])).join("\n"), /at least one tag key is needed/);
  assert.match(errors(untag(["$.Attributes.k"])).join("\n"), /TagKeys\[0\] \(must be defined statically/);
  assert.match(errors(untag(["aws:connect:x"])).join("\n"), /system tags prefixed with "aws:" cannot be removed/);
  assert.match(errors(untag("a")).join("\n"), /TagKeys \(must be a list\)/);
  assert.deepEqual(problemsOf([tag({ a: "1" }), failed, bye], "customerHold").filter((p) => p.startsWith("error Actions[0]")), [], "every flow type");
});
