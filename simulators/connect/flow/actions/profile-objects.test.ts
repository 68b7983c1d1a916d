import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, said } from "../../runtime/flow-testing.js";
import { bye, flowWith, profileAction, say } from "../../runtime/profile-flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { ProfileRequest } from "../responders.js";


test("GetCustomerProfileObject stores the object id and the listed fields under the object type; other types' fields are skipped", async () => {
  const h = flowWith(
    profileAction(
      "obj",
      "GetCustomerProfileObject",
      { ProfileRequestData: { ProfileId: "$.Attributes.pid", ObjectType: "Asset", UseLatest: "true" }, ProfileResponseData: ["AssetStatus", "AssetAttributes.color", "OrderStatus"] },
      "done",
      ["NoneFoundError", "NoMatchingError"],
    ),
    say("done", "$.Customer.Asset.AssetId is $.Customer.Asset.Status and $.Customer.Asset.Attributes.color, order=[$.Customer.Order.Status]"),
  );
  const requests: ProfileRequest[] = [];
  h.runtime.responders.onProfile("GetCustomerProfileObject", (req) => {
    requests.push(req);
    return { kind: "ok", data: { AssetId: "a-7", Status: "active", Attributes: { color: "red" } } };
  });
  const { session } = await h.start("f", { attributes: { pid: "p-1" } });
  assert.deepEqual(requests[0].request, { ProfileId: "p-1", ObjectType: "Asset", UseLatest: true });
  assert.deepEqual(said(session), ["a-7 is active and red, order=[]"]);
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "obj");
  assert.ok(step && step.kind === "action");
  assert.match(step.detail ?? "", /OrderStatus belongs to Order objects, not Asset; not stored/);
});

test("GetCalculatedAttributesForCustomerProfile stores the listed calculated attributes; the default responder finds none", async () => {
  const h = flowWith(
    profileAction("calc", "GetCalculatedAttributesForCustomerProfile", { ProfileRequestData: { ProfileId: "p-1" }, ProfileResponseData: ["CalculatedAttributes._frequent_caller"] }, "done", ["NoneFoundError", "NoMatchingError"]),
    say("done", "frequent=$.Customer.CalculatedAttributes._frequent_caller"),
  );
  h.runtime.responders.onProfile("GetCalculatedAttributesForCustomerProfile", { kind: "ok", data: { _frequent_caller: "true", _average_hold_time: "30" } });
  const { session, contact } = await h.start("f");
  assert.deepEqual(said(session), ["frequent=true"]);
  assert.deepEqual(contact.customerProfile, { CalculatedAttributes: { _frequent_caller: "true" } });

  const h2 = flowWith(profileAction("calc", "GetCalculatedAttributesForCustomerProfile", { ProfileRequestData: { ProfileId: "p-1" } }, "bye", ["NoneFoundError", "NoMatchingError"]));
  const run2 = await h2.start("f");
  assert.deepEqual(said(run2.session), ["NoneFoundError"]);
});

test("load: GetCustomerProfileObject needs ProfileId, and UseLatest or an identifier; GetCalculatedAttributesForCustomerProfile takes only calculated attributes", () => {
  const load = (type: string, params: Record<string, unknown>, errors = ["NoMatchingError"]) =>
    loadFlowDocument(flowDoc([{ Identifier: "p", Type: type, Parameters: params, Transitions: { NextAction: "bye", Errors: errors.map((e) => ({ NextAction: "bye", ErrorType: e })) } }, bye]), "t.json");
  const errorsOf = (flow: ReturnType<typeof load>) => flow.problems.filter((p) => p.severity === "error").map((p) => `${p.path}: ${p.message}`).join("\n");

  assert.match(errorsOf(load("GetCustomerProfileObject", { ProfileRequestData: { ProfileId: "p", ObjectType: "Asset" } }, ["NoneFoundError", "NoMatchingError"])), /either UseLatest, or IdentifierName and IdentifierValue/);
  assert.match(errorsOf(load("GetCustomerProfileObject", { ProfileRequestData: { ProfileId: "p", ObjectType: "Asset", UseLatest: "true" } })), /missing required error\. Error: NoneFoundError/);
  assert.match(errorsOf(load("GetCustomerProfileObject", { ProfileRequestData: { ObjectType: "Asset", UseLatest: "true" } }, ["NoneFoundError", "NoMatchingError"])), /ProfileRequestData\.ProfileId/);
  assert.match(errorsOf(load("GetCalculatedAttributesForCustomerProfile", { ProfileRequestData: { ProfileId: "p" }, ProfileResponseData: ["FirstName"] })), /"FirstName" is not a response field/);
});
