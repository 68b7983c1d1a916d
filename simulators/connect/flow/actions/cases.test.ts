import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { CaseRequest } from "../responders.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text: string, next = "bye"): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next } });
const caseAction = (id: string, type: string, params: Record<string, unknown>, next: string, errors: string[]): ActionInput => ({
  Identifier: id,
  Type: type,
  Parameters: params,
  Transitions: { NextAction: next, Errors: errors.map((e) => ({ NextAction: `on-${e}`, ErrorType: e })) },
});
const errorSays = ["NoMatchingError", "ContactNotLinked", "MultipleFound", "NoneFound"].map((e) => say(`on-${e}`, `${e} case=[$.Case.case_id]`));
const GET_ERRORS = ["NoMatchingError", "ContactNotLinked", "MultipleFound", "NoneFound"];

function flowWith(...actions: ActionInput[]) {
  const h = harness();
  h.publish(flowDoc([...actions, ...errorSays, bye], { type: "contactFlow" }), "f");
  return h;
}

test("CreateCase sends the template and resolved fields; the new case fills $.Case; linking records the case on the contact", async () => {
  const h = flowWith(
    caseAction("create", "CreateCase", { LinkContactToCase: "true", CaseTemplateId: "tpl-1", ContactToLink: "Current", CaseRequestFields: { title: "Call from $.CustomerEndpoint.Address", status: "open", summary: "$.Attributes.missing" } }, "done", ["ContactNotLinked", "NoMatchingError"]),
    say("done", "case $.Case.case_id: $.Case.title"),
  );
  const requests: CaseRequest[] = [];
  h.runtime.responders.onCase("CreateCase", (req) => {
    requests.push(req);
    return { kind: "ok", data: { case_id: "c-1", ...req.fields } };
  });
  const { session, contact } = await h.start("f", { channel: "VOICE", customerEndpoint: { Address: "+15555550100", Type: "TELEPHONE_NUMBER" } });
  assert.deepEqual(said(session), ["case c-1: Call from +15555550100"]);
  assert.deepEqual(requests[0], { operation: "CreateCase", fields: { title: "Call from +15555550100", status: "open" }, templateId: "tpl-1", linkContact: true });
  assert.deepEqual(contact.behaviours.linkedCaseIds, ["c-1"]);
});

test("ContactNotLinked: the case is stored, then the partial-success branch is taken; without linking it cannot happen", async () => {
  const h = flowWith(caseAction("create", "CreateCase", { LinkContactToCase: "true", CaseTemplateId: "tpl-1" }, "bye", ["ContactNotLinked", "NoMatchingError"]));
  h.runtime.responders.onCase("CreateCase", { kind: "ok", data: { case_id: "c-2" }, contactLinked: false });
  const { session, contact } = await h.start("f");
  assert.deepEqual(said(session), ["ContactNotLinked case=[c-2]"]);
  assert.equal(contact.behaviours.linkedCaseIds, undefined);

  const h2 = flowWith(caseAction("create", "CreateCase", { LinkContactToCase: "false", CaseTemplateId: "tpl-1" }, "done", ["NoMatchingError"]), say("done", "created $.Case.case_id"));
  h2.runtime.responders.onCase("CreateCase", { kind: "ok", data: { case_id: "c-3" }, contactLinked: false });
  const run2 = await h2.start("f");
  assert.deepEqual(said(run2.session), ["created c-3"]);
});

test("GetCase keeps only the CaseResponseFields; nothing found, several found and failures take their branches", async () => {
  const h = flowWith(
    caseAction("get", "GetCase", { LinkContactToCase: "false", GetLastUpdatedCase: "true", CustomerId: "$.Attributes.cust", CaseRequestFields: { status: "open" }, CaseResponseFields: ["case_id", "status"] }, "done", GET_ERRORS),
    say("done", "$.Case.case_id is $.Case.status title=[$.Case.title]"),
  );
  const requests: CaseRequest[] = [];
  h.runtime.responders.onCase("GetCase", (req) => {
    requests.push(req);
    return { kind: "ok", data: { case_id: "c-9", status: "open", title: "Broken" } };
  });
  const { session } = await h.start("f", { attributes: { cust: "cust-1" } });
  assert.deepEqual(said(session), ["c-9 is open title=[]"]);
  assert.deepEqual(requests[0], { operation: "GetCase", fields: { status: "open" }, customerId: "cust-1", lastUpdated: true, linkContact: false, responseFields: ["case_id", "status"] });

  for (const [answer, said1] of [
    [undefined, "NoneFound case=[]"],
    [{ kind: "error", errorType: "MultipleFound" }, "MultipleFound case=[]"],
    [{ kind: "error", errorType: "Throttled" }, "NoMatchingError case=[]"],
    [{ kind: "error", errorType: "ContactNotLinked" }, "NoMatchingError case=[]"],
  ] as const) {
    const hx = flowWith(caseAction("get", "GetCase", { LinkContactToCase: "false", CaseRequestFields: { title: "x" } }, "bye", GET_ERRORS));
    if (answer) hx.runtime.responders.onCase("GetCase", answer);
    const run = await hx.start("f");
    assert.deepEqual(said(run.session), [said1]);
  }
});

test("UpdateCase sends the case id and fields and refreshes $.Case when it holds that case; an empty CaseId takes the Error branch", async () => {
  const h = flowWith(
    caseAction("create", "CreateCase", { LinkContactToCase: "false", CaseTemplateId: "tpl", CaseRequestFields: { status: "open" } }, "update", ["NoMatchingError"]),
    caseAction("update", "UpdateCase", { LinkContactToCase: "false", CaseId: "$.Case.case_id", CaseRequestFields: { status: "closed" } }, "done", ["NoMatchingError"]),
    say("done", "$.Case.case_id is $.Case.status"),
  );
  const requests: CaseRequest[] = [];
  h.runtime.responders.onCase("UpdateCase", (req) => {
    requests.push(req);
    return { kind: "ok", data: { ...req.fields } };
  });
  const { session, contact } = await h.start("f");
  const id = String(contact.caseData.case_id);
  assert.deepEqual(said(session), [`${id} is closed`]);
  assert.deepEqual(requests[0], { operation: "UpdateCase", fields: { status: "closed" }, caseId: id, linkContact: false });

  const h2 = flowWith(caseAction("update", "UpdateCase", { LinkContactToCase: "true", CaseId: "$.Attributes.none" }, "bye", ["ContactNotLinked", "NoMatchingError"]));
  const run2 = await h2.start("f");
  assert.deepEqual(said(run2.session), ["NoMatchingError case=[]"]);
});

test("load: required parameters, ContactToLink, a GetCase with no search, and the ContactNotLinked branch against LinkContactToCase", () => {
  const load = (type: string, params: Record<string, unknown>, errors: string[]) =>
    loadFlowDocument(flowDoc([{ Identifier: "c", Type: type, Parameters: params, Transitions: { NextAction: "bye", Errors: errors.map((e) => ({ NextAction: "bye", ErrorType: e })) } }, bye]), "t.json");
  const messages = (flow: ReturnType<typeof load>, severity: "error" | "warning") => flow.problems.filter((p) => p.severity === severity).map((p) => `${p.path}: ${p.message}`).join("\n");

  assert.equal(messages(load("CreateCase", { LinkContactToCase: "true", CaseTemplateId: "t", ContactToLink: "Current", CaseRequestFields: { title: "$.Attributes.t" } }, ["ContactNotLinked", "NoMatchingError"]), "error"), "");
  assert.match(messages(load("CreateCase", { LinkContactToCase: "true" }, ["NoMatchingError"]), "error"), /missing required property\. Path: Actions\[0\]\.Parameters\.CaseTemplateId/);
  assert.match(messages(load("CreateCase", { CaseTemplateId: "t" }, ["NoMatchingError"]), "error"), /Parameters\.LinkContactToCase/);
  assert.match(messages(load("CreateCase", { LinkContactToCase: "yes", CaseTemplateId: "t" }, ["NoMatchingError"]), "error"), /"yes" is not "True" or "False"/);
  assert.match(messages(load("CreateCase", { LinkContactToCase: "false", CaseTemplateId: "t", ContactToLink: "Related" }, ["NoMatchingError"]), "error"), /ContactToLink.*"Related" is not one of Current/);
  assert.match(messages(load("CreateCase", { LinkContactToCase: "$.Attributes.link", CaseTemplateId: "t" }, ["NoMatchingError"]), "error"), /must be defined statically/);
  assert.match(messages(load("GetCase", { LinkContactToCase: "false" }, GET_ERRORS), "error"), /GetCase searches by CustomerId or by CaseRequestFields/);
  assert.match(messages(load("UpdateCase", { LinkContactToCase: "false" }, ["NoMatchingError"]), "error"), /Parameters\.CaseId/);
  assert.match(messages(load("UpdateCase", { LinkContactToCase: "false", CaseId: "x" }, ["NoneFound"]), "error"), /Invalid Action error\. Error: NoneFound/);

  assert.match(messages(load("UpdateCase", { LinkContactToCase: "true", CaseId: "x" }, ["NoMatchingError"]), "warning"), /No ContactNotLinked branch/);
  assert.match(messages(load("UpdateCase", { LinkContactToCase: "false", CaseId: "x" }, ["ContactNotLinked", "NoMatchingError"]), "warning"), /never taken/);
});
