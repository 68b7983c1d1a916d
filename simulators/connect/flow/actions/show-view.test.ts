import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, pathOf, said, actionsRun, seedAcwGuide as acwFlow, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { Channel } from "../model.js";
import type { FlowType } from "../flow-types.js";
import type { TraceStep } from "../trace.js";

// ---- seed 000: the after contact work guide, loaded verbatim ------------------------

const SHOW = "e4b91d3f-dda6-4ec8-b51a-57bc96e88c52";

async function startAcw() {
  const h = harness();
  h.publish(
    flowDoc([{ Identifier: "hello", Type: "MessageParticipant", Parameters: { Text: "Hello" }, Transitions: { NextAction: "bye" } }, { Identifier: "bye", Type: "DisconnectParticipant" }], { type: "contactFlow" }),
    "customer-flow",
  );
  const customer = h.runtime.startContact({ channel: "VOICE", flow: "customer-flow", attributes: { tier: "gold" } });
  await h.settle();
  h.publish(acwFlow(), "acw");
  const { contact, session } = await h.start("acw", { channel: "CHAT", relatedContactId: customer.id });
  return { h, customer, contact, session };
}

test("seed 000: the ACW guide flow loads verbatim with no errors", () => {
  const flow = loadFlowDocument(acwFlow(), "acw.json");
  assert.deepEqual(flow.problems.filter((p) => p.severity === "error"), []);
  assert.equal(flow.flowType, "CONTACT_FLOW");
});

test("seed 000: Submit saves the seven answers on the current and the related contact, then disconnects", async () => {
  const { h, customer, contact, session } = await startAcw();
  const waiting = h.runtime.requireSession(contact.id).inputs.waiting();
  assert.equal(waiting.length, 1);
  assert.equal(waiting[0].detail?.viewArn, "arn:aws:connect:eu-central-1:aws:view/after-contact-work:1");
  assert.equal((waiting[0].detail?.viewData as Record<string, unknown>).CustomerName, "Jane Doe");
  assert.equal(waiting[0].timeoutAt, h.clock.now() + 480_000);

  const viewResultData = {
    Category: ["Billing"],
    Driver: ["Late fee"],
    Satisfaction: ["Satisfied"],
    FollowUp: ["No"],
    Resolved: ["Yes"],
    ModifiedSummary: "Customer disputed a late fee; waived.",
    ContactNotes: "Offered autopay enrolment.",
  };
  assert.equal(h.runtime.deliverInput(contact.id, { kind: "view-result", action: "Submit", viewResultData }), true);
  await h.settle();
  const expected = {
    Category: "Billing",
    Driver: "Late fee",
    Satisfaction: "Satisfied",
    FollowUp: "No",
    Resolved: "Yes",
    ModifiedSummary: "Customer disputed a late fee; waived.",
    ContactNotes: "Offered autopay enrolment.",
  };
  assert.deepEqual(contact.attributes, expected);
  assert.deepEqual(customer.attributes, { tier: "gold", ...expected }, "the related contact is the customer's contact");
  assert.deepEqual(contact.views, { Action: "Submit", ViewResultData: viewResultData });
  assert.deepEqual(pathOf(session.trace), [
    `${SHOW} → Condition: Equals Submit`,
    "Save collected data to the current contact → Success",
    "Save collected data to the related contact → Success",
    "930a4e8d-8727-4783-b23a-4c896387a052 → End: disconnected",
  ]);
  assert.equal(contact.state, "ENDED");
});

test("seed 000: Cancel disconnects without saving anything", async () => {
  const { h, customer, contact, session } = await startAcw();
  h.runtime.deliverInput(contact.id, { kind: "view-result", action: "Cancel", viewResultData: { Category: ["Billing"] } });
  await h.settle();
  assert.deepEqual(pathOf(session.trace), [`${SHOW} → Condition: Equals Cancel`, "930a4e8d-8727-4783-b23a-4c896387a052 → End: disconnected"]);
  assert.deepEqual(contact.attributes, {});
  assert.deepEqual(customer.attributes, { tier: "gold" });
  assert.equal(contact.state, "ENDED");
});

test("seed 000: no answer within 480 s takes TimeLimitExceeded to Disconnect", async () => {
  const { h, contact, session } = await startAcw();
  await h.advance(479_999);
  assert.deepEqual(pathOf(session.trace), []);
  assert.equal(contact.state, "IN_FLOW");
  await h.advance(1);
  assert.deepEqual(pathOf(session.trace), [`${SHOW} → Error: TimeLimitExceeded`, "930a4e8d-8727-4783-b23a-4c896387a052 → End: disconnected"]);
  assert.deepEqual(contact.attributes, {});
  assert.equal(contact.state, "ENDED");
});

test("seed 000: an action the flow does not expect says the ShowView error message, then disconnects", async () => {
  const { h, contact, session } = await startAcw();
  h.runtime.deliverInput(contact.id, { kind: "view-result", action: "Weird", viewResultData: {} });
  await h.settle();
  assert.deepEqual(said(session), ["We're sorry, an error occurred with the ShowView block"]);
  assert.deepEqual(actionsRun(session.trace), [SHOW, "6f30b2d7-0f15-44b5-8236-3012afa746b3", "930a4e8d-8727-4783-b23a-4c896387a052"]);
  assert.equal(pathOf(session.trace)[0], `${SHOW} → Error: NoMatchingCondition`);
  assert.equal(contact.state, "ENDED");
});

// ---- ShowView on its own ------------------------------------------------------------

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const endpoint = (id: string): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: `at ${id}: [$.Views.Action]` }, Transitions: { NextAction: "bye" } });
const equals = (operand: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } });
const viewAction = (params: Record<string, unknown> = {}): ActionInput => ({
  Identifier: "view",
  Type: "ShowView",
  Parameters: {
    ViewResource: { Id: "form", Version: "Latest" },
    InvocationTimeLimitSeconds: 60,
    ViewData: {
      Heading: "Claim for $.Attributes.name",
      Phone: "$.CustomerEndpoint.Address",
      Missing: "$.Attributes.nothing",
      AttributeBar: [{ Label: "Tier", Value: "$.Attributes.tier" }],
      Sections: "[{\"Heading\": \"$.Attributes.name\"}]",
      Count: 3,
    },
    ...params,
  },
  Transitions: {
    NextAction: "error",
    Conditions: [equals("Next", "next"), equals("Back", "back")],
    Errors: [
      { ErrorType: "NoMatchingCondition", NextAction: "nomatch" },
      { ErrorType: "NoMatchingError", NextAction: "error" },
      { ErrorType: "TimeLimitExceeded", NextAction: "timeout" },
    ],
  },
});
const viewFlow = (params: Record<string, unknown> = {}) => flowDoc([viewAction(params), ...["next", "back", "nomatch", "timeout", "error"].map(endpoint), bye], { type: "contactFlow" });

async function startView(params: Record<string, unknown> = {}, channel: Channel = "CHAT", attributes: Record<string, string> = { name: "Ana", tier: "gold", limit: "90" }) {
  const h = harness();
  h.publish(viewFlow(params), "flow");
  const started = await h.start("flow", { channel, attributes, customerEndpoint: { Address: "+14155550100", Type: "TELEPHONE_NUMBER" } });
  return { h, ...started };
}

const stepOf = (trace: TraceStep[], id: string) => {
  const step = trace.find((s) => s.kind === "action" && s.actionId === id);
  assert.ok(step && step.kind === "action", `no step ${id}`);
  return step;
};

test("ViewData is resolved at every depth and handed to the view with its ARN", async () => {
  const { h, contact } = await startView();
  const [waiting] = h.runtime.requireSession(contact.id).inputs.waiting();
  assert.deepEqual(waiting.accept, ["view-result"]);
  assert.equal(waiting.detail?.viewArn, "arn:aws:connect:us-east-1:aws:view/form");
  assert.deepEqual(waiting.detail?.viewData, {
    Heading: "Claim for Ana",
    Phone: "+14155550100",
    Missing: "",
    AttributeBar: [{ Label: "Tier", Value: "gold" }],
    Sections: "[{\"Heading\": \"Ana\"}]",
    Count: 3,
  });
  assert.equal(waiting.detail?.sensitive, false);
});

test("every branch: the action picks the condition; unknown actions → NoMatchingCondition; no action → NoMatchingError", async () => {
  const cases: [string, string][] = [
    ["Next", "view → Condition: Equals Next"],
    ["Back", "view → Condition: Equals Back"],
    ["Step", "view → Error: NoMatchingCondition"],
    ["", "view → Error: NoMatchingError"],
  ];
  for (const [action, branch] of cases) {
    const { h, contact, session } = await startView();
    h.runtime.deliverInput(contact.id, { kind: "view-result", action, viewResultData: { FormData: { claim: "lost bag" } } });
    await h.settle();
    assert.equal(pathOf(session.trace)[0], branch, action);
    if (action === "Next") {
      assert.deepEqual(contact.views, { Action: "Next", ViewResultData: { FormData: { claim: "lost bag" } } });
      assert.equal(said(session).at(-1), "at next: [Next]");
    }
  }
});

test("the time limit: a literal number, or a JSONPath; just short of it the view still waits", async () => {
  const literal = await startView();
  await literal.h.advance(59_999);
  assert.deepEqual(pathOf(literal.session.trace), []);
  await literal.h.advance(1);
  assert.equal(pathOf(literal.session.trace)[0], "view → Error: TimeLimitExceeded");

  const dynamic = await startView({ InvocationTimeLimitSeconds: "$.Attributes.limit" });
  await dynamic.h.advance(89_999);
  assert.deepEqual(pathOf(dynamic.session.trace), []);
  await dynamic.h.advance(1);
  assert.equal(pathOf(dynamic.session.trace)[0], "view → Error: TimeLimitExceeded");

  const broken = await startView({ InvocationTimeLimitSeconds: "$.Attributes.nothing" });
  assert.equal(pathOf(broken.session.trace)[0], "view → Error: NoMatchingError");
});

test("a timeout leaves no stale answer from an earlier view", async () => {
  const first = viewAction();
  first.Identifier = "first";
  first.Transitions = { ...first.Transitions, Conditions: [equals("Next", "view"), equals("Back", "back")] };
  const h = harness();
  h.publish(flowDoc([first, viewAction(), ...["next", "back", "nomatch", "timeout", "error"].map(endpoint), bye], { type: "contactFlow" }), "flow");
  const { contact, session } = await h.start("flow", { channel: "CHAT" });
  h.runtime.deliverInput(contact.id, { kind: "view-result", action: "Next", viewResultData: { a: 1 } });
  await h.settle();
  await h.advance(60_000);
  assert.deepEqual(pathOf(session.trace).slice(0, 2), ["first → Condition: Equals Next", "view → Error: TimeLimitExceeded"]);
  assert.deepEqual(said(session), ["at timeout: []"]);
  assert.deepEqual(contact.views, {});
});

test("sensitive responses stay out of the trace", async () => {
  const { h, contact, session } = await startView({ SensitiveDataConfiguration: { HideResponseOn: ["TRANSCRIPT"] } });
  assert.equal(h.runtime.requireSession(contact.id).inputs.waiting()[0].detail?.sensitive, true);
  h.runtime.deliverInput(contact.id, { kind: "view-result", action: "Next", viewResultData: { card: "4111" } });
  await h.settle();
  const change = stepOf(session.trace, "view").changes?.find((c) => c.key === "ViewResultData");
  assert.equal(change?.to, "(hidden: SensitiveDataConfiguration)");
  assert.doesNotMatch(JSON.stringify(session.trace), /4111/);
  assert.deepEqual(contact.views.ViewResultData, { card: "4111" }, "the flow itself can still read it");
});

test("views render only on chat: voice and task contacts take NoMatchingError explaining guides", async () => {
  for (const channel of ["VOICE", "TASK"] as const) {
    const { session } = await startView({}, channel);
    assert.equal(pathOf(session.trace)[0], "view → Error: NoMatchingError", channel);
    assert.match(stepOf(session.trace, "view").detail ?? "", /separate chat contact/);
  }
});

// ---- validation -------------------------------------------------------------------

function problemsOf(params: Record<string, unknown>, flowType?: FlowType, errors?: { ErrorType: string; NextAction: string }[]) {
  const action = viewAction(params);
  if (errors) action.Transitions = { ...action.Transitions, Errors: errors };
  const doc = flowDoc([action, ...["next", "back", "nomatch", "timeout", "error"].map(endpoint), bye], flowType ? {} : { type: "contactFlow" });
  return loadFlowDocument(JSON.parse(JSON.stringify(doc)), "v.json", { flowType }).problems.filter((p) => p.action === "view");
}
const errorsOf = (params: Record<string, unknown>, flowType?: FlowType, errors?: { ErrorType: string; NextAction: string }[]) => problemsOf(params, flowType, errors).filter((p) => p.severity === "error").map((p) => p.message);

test("validation: parameters", () => {
  assert.deepEqual(errorsOf({}), []);
  assert.deepEqual(errorsOf({ InvocationTimeLimitSeconds: "480", ViewResource: { Id: "arn:aws:connect:eu-central-1:aws:view/after-contact-work:1" } }), []);
  assert.ok(errorsOf({ ViewResource: undefined }).some((m) => /missing required property. Path: Actions\[0\].Parameters.ViewResource/.test(m)));
  assert.ok(errorsOf({ ViewResource: { Version: "1" } }).some((m) => /Parameters.ViewResource.Id/.test(m)));
  assert.ok(errorsOf({ InvocationTimeLimitSeconds: undefined }).some((m) => /Parameters.InvocationTimeLimitSeconds/.test(m)));
  assert.ok(errorsOf({ InvocationTimeLimitSeconds: "undefined" }).some((m) => /"undefined" is not an integer/.test(m)));
  assert.ok(errorsOf({ InvocationTimeLimitSeconds: "Wait $.Attributes.limit" }).some((m) => /single JSONPath/.test(m)));
  assert.ok(errorsOf({ SensitiveDataConfiguration: { HideResponseOn: ["EMAIL"] } }).some((m) => /not one of TRANSCRIPT/.test(m)));
  assert.ok(errorsOf({ ViewData: "x" }).some((m) => /must be an object/.test(m)));
});

test("validation: all three errors are required; only inbound flows (customer queue warns)", () => {
  assert.ok(errorsOf({}, undefined, [{ ErrorType: "NoMatchingError", NextAction: "error" }, { ErrorType: "NoMatchingCondition", NextAction: "nomatch" }]).some((m) => /missing required error. Error: TimeLimitExceeded/.test(m)));
  assert.ok(errorsOf({}, "AGENT_TRANSFER").some((m) => /Unsupported block type: ShowView/.test(m)));
  assert.deepEqual(errorsOf({}, "CUSTOMER_QUEUE"), []);
  assert.ok(problemsOf({}, "CUSTOMER_QUEUE").some((p) => p.severity === "warning" && /admin guide and the block's own UI note allow inbound flows only/.test(p.message)));
});
