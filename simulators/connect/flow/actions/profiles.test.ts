import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, said } from "../../runtime/flow-testing.js";
import { bye, flowWith, profileAction, say } from "../../runtime/profile-flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { ProfileRequest } from "../responders.js";


const GET_ERRORS = ["MultipleFoundError", "NoneFoundError", "NoMatchingError"];

test("GetCustomerProfile in the console's form (PhoneNumber) finds a profile; only the listed fields land in $.Customer, with ProfileId and ProfileARN", async () => {
  const h = flowWith(
    profileAction("get", "GetCustomerProfile", { ProfileRequestData: { PhoneNumber: "$.CustomerEndpoint.Address" }, ProfileResponseData: ["FirstName", "Attributes.tier"] }, "hi", GET_ERRORS),
    say("hi", "Hi $.Customer.FirstName ($.Customer.Attributes.tier) last=[$.Customer.LastName] id=$.Customer.ProfileId arn=$.Customer.ProfileARN"),
  );
  const requests: ProfileRequest[] = [];
  h.runtime.responders.onProfile("GetCustomerProfile", (req) => {
    requests.push(req);
    return { kind: "ok", data: { ProfileId: "p-1", FirstName: "Ana", LastName: "Silva", Attributes: { tier: "gold" } } };
  });
  const { session, contact } = await h.start("f", { channel: "VOICE", customerEndpoint: { Address: "+15555550100", Type: "TELEPHONE_NUMBER" } });
  assert.deepEqual(requests[0].request, { SearchCriteria: [{ IdentifierName: "PhoneNumber", IdentifierValue: "+15555550100" }] });
  const arn = `arn:aws:profile:us-east-1:123456789012:domains/amazon-connect-${h.runtime.instance.id}/profiles/p-1`;
  assert.deepEqual(said(session), [`Hi Ana (gold) last=[] id=p-1 arn=${arn}`]);
  assert.deepEqual(contact.customerProfile, { ProfileId: "p-1", ProfileARN: arn, FirstName: "Ana", Attributes: { tier: "gold" } });
});

test("GetCustomerProfile: nothing found, several found, and a failure take their own branches; the default responder finds nothing", async () => {
  for (const [answer, branch] of [
    [{ kind: "error", errorType: "MultipleFoundError" }, "MultipleFoundError"],
    [{ kind: "error", errorType: "Throttled" }, "NoMatchingError"],
    [undefined, "NoneFoundError"],
  ] as const) {
    const h = flowWith(profileAction("get", "GetCustomerProfile", { ProfileRequestData: { IdentifierName: "_account", IdentifierValue: "A1" }, ProfileResponseData: [] }, "bye", GET_ERRORS));
    if (answer) h.runtime.responders.onProfile("GetCustomerProfile", answer);
    const { session } = await h.start("f");
    assert.deepEqual(said(session), [branch]);
  }
});

test("CreateCustomerProfile sends the request fields (custom attributes as a map) and stores the new ProfileId", async () => {
  const h = flowWith(
    profileAction("create", "CreateCustomerProfile", { ProfileRequestData: { FirstName: "Sample", PhoneNumber: "$.CustomerEndpoint.Address", "Attributes.Language": "pt" }, ProfileResponseData: ["FirstName", "Attributes.Language"] }, "made"),
    say("made", "made $.Customer.ProfileId for $.Customer.FirstName in $.Customer.Attributes.Language"),
  );
  const { session, contact } = await h.start("f", { channel: "VOICE", customerEndpoint: { Address: "+15555550100", Type: "TELEPHONE_NUMBER" } });
  const id = String(contact.customerProfile.ProfileId);
  assert.match(id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(said(session), [`made ${id} for Sample in pt`]);
  assert.equal(contact.customerProfile.PhoneNumber, undefined, "PhoneNumber is not in ProfileResponseData");
});

test("UpdateCustomerProfile updates the profile found earlier; without one it takes the Error branch", async () => {
  const h = flowWith(
    profileAction("get", "GetCustomerProfile", { ProfileRequestData: { EmailAddress: "a@example.com" }, ProfileResponseData: ["FirstName"] }, "update", GET_ERRORS),
    profileAction("update", "UpdateCustomerProfile", { ProfileRequestData: { MailingCity: "$.Attributes.city" }, ProfileResponseData: ["MailingCity", "FirstName"] }, "done"),
    say("done", "$.Customer.FirstName now in $.Customer.MailingCity"),
  );
  const updates: ProfileRequest[] = [];
  h.runtime.responders.onProfile("GetCustomerProfile", { kind: "ok", data: { ProfileId: "p-9", FirstName: "Rui" } });
  h.runtime.responders.onProfile("UpdateCustomerProfile", (req) => {
    updates.push(req);
    return { kind: "ok", data: {} };
  });
  const { session } = await h.start("f", { attributes: { city: "Porto" } });
  assert.deepEqual(said(session), ["Rui now in Porto"]);
  assert.deepEqual(updates[0].request, { ProfileId: "p-9", MailingCity: "Porto" });

  const h2 = flowWith(profileAction("update", "UpdateCustomerProfile", { ProfileRequestData: { FirstName: "X" } }, "bye"));
  const run2 = await h2.start("f");
  assert.deepEqual(said(run2.session), ["NoMatchingError"]);
});

test("a different profile replaces $.Customer: fields of the previous customer do not linger", async () => {
  const h = flowWith(
    profileAction("get1", "GetCustomerProfile", { ProfileRequestData: { AccountNumber: "1" }, ProfileResponseData: ["FirstName", "LastName"] }, "get2", GET_ERRORS),
    profileAction("get2", "GetCustomerProfile", { ProfileRequestData: { AccountNumber: "2" }, ProfileResponseData: ["FirstName"] }, "done", GET_ERRORS),
    say("done", "$.Customer.FirstName [$.Customer.LastName]"),
  );
  h.runtime.responders.onProfile("GetCustomerProfile", (req) => {
    const account = (req.request.SearchCriteria as { IdentifierValue: string }[])[0].IdentifierValue;
    return { kind: "ok", data: account === "1" ? { ProfileId: "p-1", FirstName: "Ana", LastName: "Silva" } : { ProfileId: "p-2", FirstName: "Rui", LastName: "Costa" } };
  });
  const { session } = await h.start("f");
  assert.deepEqual(said(session), ["Rui []"]);
});

test("AssociateContactToCustomerProfile sends ProfileId and ContactId", async () => {
  const h = flowWith(profileAction("assoc", "AssociateContactToCustomerProfile", { ProfileRequestData: { ProfileId: "p-1", ContactId: "$.ContactId" }, ProfileResponseData: [] }, "done"), say("done", "linked"));
  const requests: ProfileRequest[] = [];
  h.runtime.responders.onProfile("AssociateContactToCustomerProfile", (req) => {
    requests.push(req);
    return { kind: "ok", data: {} };
  });
  const { session, contact } = await h.start("f");
  assert.deepEqual(said(session), ["linked"]);
  assert.deepEqual(requests[0].request, { ProfileId: "p-1", ContactId: contact.id });
});

test("request values over 255 characters, and more than 14,000 characters of Customer data, take the Error branch", async () => {
  const h = flowWith(profileAction("create", "CreateCustomerProfile", { ProfileRequestData: { FirstName: "$.Attributes.long" }, ProfileResponseData: ["FirstName"] }, "bye"));
  const { session } = await h.start("f", { attributes: { long: "x".repeat(256) } });
  assert.deepEqual(said(session), ["NoMatchingError"]);

  const h2 = flowWith(profileAction("get", "GetCustomerProfile", { ProfileRequestData: { PhoneNumber: "+1" }, ProfileResponseData: ["AdditionalInformation"] }, "bye", GET_ERRORS));
  h2.runtime.responders.onProfile("GetCustomerProfile", { kind: "ok", data: { ProfileId: "p", AdditionalInformation: "y".repeat(14_001) } });
  const run2 = await h2.start("f");
  assert.deepEqual(said(run2.session), ["NoMatchingError"]);
  assert.deepEqual(run2.contact.customerProfile, {});
});

test("load: request and response field names per action, GetCustomerProfile's search forms, required keys", () => {
  const load = (type: string, params: Record<string, unknown>, errors = ["NoMatchingError"]) =>
    loadFlowDocument(flowDoc([{ Identifier: "p", Type: type, Parameters: params, Transitions: { NextAction: "bye", Errors: errors.map((e) => ({ NextAction: "bye", ErrorType: e })) } }, bye]), "t.json");
  const errorsOf = (flow: ReturnType<typeof load>) => flow.problems.filter((p) => p.severity === "error").map((p) => `${p.path}: ${p.message}`).join("\n");

  assert.equal(errorsOf(load("CreateCustomerProfile", { ProfileRequestData: { FirstName: "a", BillingPostalCode: "1", "Attributes.x": "$.Attributes.y" }, ProfileResponseData: ["ShippingCity", "Attributes.x"] })), "");
  assert.match(errorsOf(load("CreateCustomerProfile", { ProfileRequestData: { Nickname: "a" } })), /Invalid Action property name\. Path: Actions\[0\]\.Parameters\.ProfileRequestData\.Nickname/);
  assert.match(errorsOf(load("CreateCustomerProfile", { ProfileRequestData: { FirstName: "a" }, ProfileResponseData: ["Shoe"] })), /ProfileResponseData\[0\].*"Shoe" is not a response field/);
  assert.match(errorsOf(load("CreateCustomerProfile", { ProfileResponseData: [] })), /missing required property\. Path: Actions\[0\]\.Parameters\.ProfileRequestData/);
  const bogus = load("CreateCustomerProfile", { ProfileRequestData: { FirstName: "$.Bogus.x" } });
  assert.equal(errorsOf(bogus), "");
  assert.ok(bogus.problems.some((p) => p.severity === "warning" && p.path === "Actions[0].Parameters.ProfileRequestData.FirstName" && /\$\.Bogus is not one/.test(p.message)));

  assert.equal(errorsOf(load("GetCustomerProfile", { ProfileRequestData: { SearchCriteria: [{ IdentifierName: "_phone", IdentifierValue: "1" }, { IdentifierName: "_email", IdentifierValue: "a@b.c" }], LogicalOperator: "OR" } }, GET_ERRORS)), "");
  assert.match(errorsOf(load("GetCustomerProfile", { ProfileRequestData: {} }, GET_ERRORS)), /requires either IdentifierName and IdentifierValue, or SearchCriteria/);
  assert.match(errorsOf(load("GetCustomerProfile", { ProfileRequestData: { PhoneNumber: "1", EmailAddress: "a" } }, GET_ERRORS)), /LogicalOperator.*several search identifiers/);
  assert.match(errorsOf(load("GetCustomerProfile", { ProfileRequestData: { IdentifierName: "_phone" } }, GET_ERRORS)), /requires either IdentifierName and IdentifierValue/);
  assert.match(
    errorsOf(load("GetCustomerProfile", { ProfileRequestData: { SearchCriteria: Array.from({ length: 6 }, (_, i) => ({ IdentifierName: `k${i}`, IdentifierValue: "v" })), LogicalOperator: "AND" } }, GET_ERRORS)),
    /at most 5 search identifiers/,
  );
  assert.equal(errorsOf(load("GetCustomerProfile", { ProfileRequestData: { IdentifierName: "_phone", IdentifierValue: "1" } }, GET_ERRORS)), "");
  assert.match(errorsOf(load("GetCustomerProfile", { ProfileRequestData: { PhoneNumber: "1" } }, ["NoMatchingError", "Bogus"])), /Invalid Action error\. Error: Bogus/);

  assert.match(errorsOf(load("AssociateContactToCustomerProfile", { ProfileRequestData: { ProfileId: "p" } })), /ProfileRequestData\.ContactId/);
  assert.match(errorsOf(load("AssociateContactToCustomerProfile", { ProfileRequestData: { ProfileId: "p", ContactId: "c" }, ProfileResponseData: ["FirstName"] })), /returns no fields/);
});
