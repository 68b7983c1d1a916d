import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { harness, flowDoc, pathOf, said, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument, loadFlowFile } from "../load.js";
import { corpusDir } from "../corpus.js";
import type { TraceStep } from "../trace.js";

const FN = "arn:aws:lambda:us-east-1:123456789012:function:lookup";
const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text: string, next = "bye"): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next } });
const invoke = (id: string, params: Record<string, unknown>, next = "ok", onError = "failed"): ActionInput => ({
  Identifier: id,
  Type: "InvokeLambdaFunction",
  Parameters: { LambdaFunctionARN: FN, InvocationTimeLimitSeconds: "3", ...params },
  Transitions: { NextAction: next, Errors: [{ NextAction: onError, ErrorType: "NoMatchingError" }] },
});

function detailOf(trace: TraceStep[], actionId: string): string {
  const step = trace.find((s) => s.kind === "action" && s.actionId === actionId);
  return step && step.kind === "action" ? step.detail ?? "" : "";
}

function flowWith(...actions: ActionInput[]) {
  const h = harness();
  h.publish(flowDoc([...actions, say("failed", "failed"), bye], { type: "contactFlow" }), "f");
  return h;
}

test("the event carries the contact data and the resolved parameters; the result is readable as $.External and $.LambdaInvocation.ResultData", async () => {
  const h = flowWith(
    invoke("call", {
      LambdaInvocationAttributes: { action: "lookup", who: "$.Attributes.name", form: "$.Attributes.missing" },
      ResponseValidation: { ResponseType: "STRING_MAP" },
    }),
    say("ok", "tier=$.External.tier again=$.LambdaInvocation.ResultData.tier"),
  );
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { tier: "gold" } });
  const { session, contact } = await h.start("f", {
    channel: "VOICE",
    attributes: { name: "Ana" },
    customerEndpoint: { Address: "+15555550100", Type: "TELEPHONE_NUMBER" },
    systemEndpoint: { Address: "+15555550199", Type: "TELEPHONE_NUMBER" },
  });
  assert.deepEqual(said(session), ["tier=gold again=gold"]);
  const [call] = h.runtime.responders.lambdaCalls;
  assert.equal(call.functionArn, FN);
  assert.equal(call.invocationType, "SYNCHRONOUS");
  assert.equal(call.responseType, "STRING_MAP");
  const event = call.event as { Details: { ContactData: Record<string, unknown>; Parameters: Record<string, unknown> }; Name: string };
  assert.equal(event.Name, "ContactFlowEvent");
  assert.deepEqual(event.Details.Parameters, { action: "lookup", who: "Ana", form: "" });
  const data = event.Details.ContactData;
  assert.deepEqual(data.Attributes, { name: "Ana" });
  assert.equal(data.Channel, "VOICE");
  assert.equal(data.ContactId, contact.id);
  assert.equal(data.InitialContactId, contact.id);
  assert.equal(data.PreviousContactId, contact.id);
  assert.equal(data.InitiationMethod, "INBOUND");
  assert.equal(data.InstanceARN, h.runtime.instance.arn);
  assert.equal(data.LanguageCode, "en-US");
  assert.deepEqual(data.CustomerEndpoint, { Address: "+15555550100", Type: "TELEPHONE_NUMBER" });
  assert.deepEqual(data.SystemEndpoint, { Address: "+15555550199", Type: "TELEPHONE_NUMBER" });
  assert.equal(data.Queue, null);
  assert.deepEqual(data.MediaStreams, { Customer: { Audio: null } });
  for (const key of ["Name", "Description", "References", "CustomerId"]) assert.ok(key in data, `ContactData.${key} is sent`);
  assert.match(detailOf(session.trace, "call"), /answered by lambda lookup/);
  assert.match(detailOf(session.trace, "call"), /form: \$\.Attributes\.missing has no value; sent as empty text/);
  assert.equal(contact.external.tier, "gold");
});

test("each invocation replaces $.External; the default responder answers {} and says so", async () => {
  const h = flowWith(
    invoke("first", {}, "second"),
    invoke("second", { LambdaFunctionARN: "{{lambdaFunctions.connectupdatestate.arn}}" }),
    say("ok", "tier=[$.External.tier]"),
  );
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { tier: "gold" } });
  const { session } = await h.start("f");
  assert.deepEqual(said(session), ["tier=[]"]);
  assert.match(detailOf(session.trace, "second"), /default responder/);
  assert.equal(h.runtime.responders.lambdaCalls[1].functionArn, "{{lambdaFunctions.connectupdatestate.arn}}");
});

test("the function runs on the clock; one that runs past InvocationTimeLimitSeconds times out into the Error branch at the limit", async () => {
  const h = flowWith(invoke("slow", {}), say("ok", "ok"));
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { x: "1" }, delayMs: 5000 });
  const { session } = await h.start("f");
  assert.deepEqual(said(session), [], "still waiting for the function");
  await h.advance(2999);
  assert.deepEqual(said(session), []);
  await h.advance(1);
  assert.deepEqual(said(session), ["failed"]);
  assert.match(detailOf(session.trace, "slow"), /timed out/);
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "slow");
  assert.ok(step && step.kind === "action" && step.waitedMs === 3000);
});

test("a function that answers within the limit continues after its run time", async () => {
  const h = flowWith(invoke("call", {}), say("ok", "got $.External.x"));
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { x: "1" }, delayMs: 1500 });
  const { session } = await h.start("f");
  await h.advance(1499);
  assert.deepEqual(said(session), []);
  await h.advance(1);
  assert.deepEqual(said(session), ["got 1"]);
});

test("errors are retried up to three times within the time limit; a function that keeps failing takes the Error branch", async () => {
  let calls = 0;
  const h = flowWith(invoke("call", {}), say("ok", "ok after $.External.attempt"));
  h.runtime.responders.onLambda("lookup", () => (++calls < 3 ? { kind: "error", message: "throttled" } : { kind: "ok", result: { attempt: String(calls) } }));
  const { session } = await h.start("f");
  assert.deepEqual(said(session), ["ok after 3"]);
  assert.match(detailOf(session.trace, "call"), /attempt 1 failed \(throttled\); retrying/);

  const h2 = flowWith(invoke("call", {}), say("ok", "ok"));
  h2.runtime.responders.onLambda("lookup", { kind: "error", message: "boom" });
  const run2 = await h2.start("f");
  assert.deepEqual(said(run2.session), ["failed"]);
  assert.equal(h2.runtime.responders.lambdaCalls.length, 4);
  assert.match(detailOf(run2.session.trace, "call"), /failed after 4 attempts: boom/);
});

test("retries stop when the time limit is used up", async () => {
  const h = flowWith(invoke("call", {}), say("ok", "ok"));
  h.runtime.responders.onLambda("lookup", { kind: "error", message: "slow failure", delayMs: 2000 });
  const { session } = await h.start("f");
  await h.advance(3000);
  assert.deepEqual(said(session), ["failed"]);
  assert.equal(h.runtime.responders.lambdaCalls.length, 2, "the second attempt runs into the 3 s limit");
  assert.match(detailOf(session.trace, "call"), /timed out/);
});

test("STRING_MAP takes flat strings (numbers and booleans become text); nested values are not understood", async () => {
  const h = flowWith(invoke("call", { ResponseValidation: { ResponseType: "STRING_MAP" } }), say("ok", "n=$.External.n b=$.External.b"));
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { n: 5, b: true } });
  const { session } = await h.start("f");
  assert.deepEqual(said(session), ["n=5 b=true"]);

  const h2 = flowWith(invoke("call", { ResponseValidation: { ResponseType: "STRING_MAP" } }), say("ok", "ok"));
  h2.runtime.responders.onLambda("lookup", { kind: "ok", result: { order: { id: "7" } } });
  const run2 = await h2.start("f");
  assert.deepEqual(said(run2.session), ["failed"]);
  assert.match(detailOf(run2.session.trace, "call"), /response not understood: order is a nested object/);
});

test("JSON responses may nest; a response that is not an object, or over 32 KB, takes the Error branch", async () => {
  const h = flowWith(invoke("call", { ResponseValidation: { ResponseType: "JSON" } }), say("ok", "city=$.External.address.city"));
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { address: { city: "Lisbon" } } });
  const { session } = await h.start("f");
  assert.deepEqual(said(session), ["city=Lisbon"]);

  for (const [result, why] of [
    [["a", "b"], /not an object/],
    [{ blob: "x".repeat(33 * 1024) }, /over the 32 KB limit/],
  ] as const) {
    const hx = flowWith(invoke("call", { ResponseValidation: { ResponseType: "JSON" } }), say("ok", "ok"));
    hx.runtime.responders.onLambda("lookup", { kind: "ok", result });
    const run = await hx.start("f");
    assert.deepEqual(said(run.session), ["failed"]);
    assert.match(detailOf(run.session.trace, "call"), why);
  }
});

test("ASYNCHRONOUS returns at once with an InvocationId; the result is loaded when the function finishes", async () => {
  const h = harness();
  h.publish(
    flowDoc(
      [
        invoke("start", { InvocationType: "ASYNCHRONOUS", InvocationTimeLimitSeconds: "30" }, "now"),
        say("now", "id=$.LambdaInvocation.InvocationId status=[$.External.status]", "wait"),
        { Identifier: "wait", Type: "Wait", Parameters: { TimeLimitSeconds: "20" }, Transitions: { NextAction: "later", Conditions: [{ NextAction: "later", Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: "later", ErrorType: "NoMatchingError" }] } },
        say("later", "status=[$.External.status]"),
        say("failed", "failed"),
        bye,
      ],
      { type: "contactFlow" },
    ),
    "f",
  );
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { status: "done" }, delayMs: 10_000 });
  const { session, contact } = await h.start("f");
  const id = contact.lambdaInvocationId;
  assert.match(id ?? "", /^[0-9a-f-]{36}$/);
  assert.equal(said(session)[0], `id=${id} status=[]`);
  await h.advance(20_000);
  assert.equal(said(session)[1], "status=[done]");
  assert.ok(session.trace.some((s) => s.kind === "note" && /result loaded into \$\.External \(status=done\)/.test(s.detail)));
});

const waitThen = (id: string, seconds: string, next: string): ActionInput => ({
  Identifier: id,
  Type: "Wait",
  Parameters: { TimeLimitSeconds: seconds },
  Transitions: { NextAction: next, Conditions: [{ NextAction: next, Condition: { Operator: "Equals", Operands: ["WaitCompleted"] } }], Errors: [{ NextAction: next, ErrorType: "NoMatchingError" }] },
});

test("an asynchronous result is dropped when a later invocation started, or when it runs past its limit", async () => {
  const h = flowWith(
    invoke("async", { InvocationType: "ASYNCHRONOUS", InvocationTimeLimitSeconds: "10" }, "sync"),
    invoke("sync", { LambdaFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:other" }, "wait"),
    waitThen("wait", "30", "ok"),
    say("ok", "from=$.External.from"),
  );
  h.runtime.responders.onLambda("lookup", { kind: "ok", result: { from: "async" }, delayMs: 5000 });
  h.runtime.responders.onLambda("other", { kind: "ok", result: { from: "sync" } });
  const { session } = await h.start("f");
  await h.advance(30_000);
  assert.deepEqual(said(session), ["from=sync"]);
  assert.ok(session.trace.some((s) => s.kind === "note" && /finished after a later Lambda invocation; its result is not loaded/.test(s.detail)));

  const h2 = flowWith(invoke("async", { InvocationType: "ASYNCHRONOUS", InvocationTimeLimitSeconds: "10" }, "wait"), waitThen("wait", "30", "ok"), say("ok", "from=[$.External.from]"));
  h2.runtime.responders.onLambda("lookup", { kind: "ok", result: { from: "async" }, delayMs: 15_000 });
  const run2 = await h2.start("f");
  await h2.advance(30_000);
  assert.deepEqual(said(run2.session), ["from=[]"]);
  assert.ok(run2.session.trace.some((s) => s.kind === "note" && /timed out after 10 s; no result is loaded/.test(s.detail)));
});

test("load: time limits (1..8 synchronous, up to 60 asynchronous, static integers), response types, required error branch", () => {
  const load = (params: Record<string, unknown>, errors = [{ NextAction: "bye", ErrorType: "NoMatchingError" }]) =>
    loadFlowDocument(flowDoc([{ Identifier: "call", Type: "InvokeLambdaFunction", Parameters: { LambdaFunctionARN: FN, ...params }, Transitions: { NextAction: "bye", Errors: errors } }, bye]), "t.json");
  const errorsOf = (flow: ReturnType<typeof load>) => flow.problems.filter((p) => p.severity === "error").map((p) => `${p.path}: ${p.message}`);

  assert.deepEqual(errorsOf(load({ InvocationTimeLimitSeconds: "8", ResponseValidation: { ResponseType: "JSON" } })), []);
  assert.deepEqual(errorsOf(load({ InvocationTimeLimitSeconds: "60", InvocationType: "ASYNCHRONOUS" })), []);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "9" })).join("\n"), /Actions\[0\]\.Parameters\.InvocationTimeLimitSeconds: .*at most 8 seconds/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "61", InvocationType: "ASYNCHRONOUS" })).join("\n"), /61 is above the maximum 60/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "0" })).join("\n"), /0 is below the minimum 1/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "2.5" })).join("\n"), /not an integer/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "$.Attributes.t" })).join("\n"), /must be defined statically/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "3", InvocationType: "LATER" })).join("\n"), /"LATER" is not one of SYNCHRONOUS, ASYNCHRONOUS/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "3", ResponseValidation: { ResponseType: "XML" } })).join("\n"), /ResponseType/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "3", Timeout: "3" })).join("\n"), /Invalid Action property name\. Path: Actions\[0\]\.Parameters\.Timeout/);
  assert.match(errorsOf(load({ InvocationTimeLimitSeconds: "3" }, [])).join("\n"), /missing required error\. Error: NoMatchingError/);
  const noLimit = load({});
  assert.deepEqual(errorsOf(noLimit), []);
  assert.ok(noLimit.problems.some((p) => p.severity === "warning" && p.path === "Actions[0].Parameters.InvocationTimeLimitSeconds"));
});

test("every InvokeLambdaFunction in the corpus loads, placeholders such as {{lambdaFunctions.X.arn}} included", { skip: corpusDir() ? false : "no corpus" }, async () => {
  const dir = join(corpusDir()!, "connect");
  let seen = 0;
  const errors: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
    const flow = await loadFlowFile(join(dir, file));
    seen += flow.doc.Actions.filter((a) => a.Type === "InvokeLambdaFunction").length;
    for (const p of flow.problems) if (p.severity === "error" && p.actionType === "InvokeLambdaFunction") errors.push(`${file}: ${p.path}: ${p.message}`);
  }
  assert.ok(seen >= 100, `expected 100+ Lambda actions in the corpus, saw ${seen}`);
  assert.deepEqual(errors, []);
});

test("the flow path shows the success branch after a Lambda answered", async () => {
  const h = flowWith(invoke("call", {}), say("ok", "ok"));
  const { session } = await h.start("f");
  assert.deepEqual(pathOf(session.trace), ["call → Success", "ok → Success", "bye → End: disconnected"]);
});
