import { test } from "node:test";
import assert from "node:assert/strict";
import { dial as dialOnly, pathOf, said, start, tts, end, hangUp, type TestActivity, type TestFlow } from "../testing.js";
import type { StartCallOptions } from "../runtime/call.js";

/** Starts the call and lets every prompt and timer run out. */
async function dial(flow: TestFlow, options: StartCallOptions = {}) {
  const r = await dialOnly(flow, options);
  await r.call.runUntilIdle();
  return r;
}

const setVar = (name: string, variable: string, expr: string, type = "STRING", to: Record<string, string> = {}): TestActivity => ({
  name,
  type: "set-variable",
  props: { srcVariable: variable, srcVariableType: type, setTo: "set-to-literal", expr },
  to,
});

test("Set Variable converts to the declared type; setVariablesArray sets several; a value that does not convert takes the error port", async () => {
  const { call } = await dial({
    variables: [{ name: "flag", type: "BOOLEAN", value: "True" }, { name: "count", type: "INTEGER", value: "1" }, { name: "digits" }, { name: "label" }],
    main: [
      start("Many"),
      {
        name: "Many",
        type: "set-variable",
        props: {
          setVariablesArray: [
            { setTo: "set-to-literal", srcVariableType: "BOOLEAN", srcVariable: "flag", expr: "False", literal: "False" },
            { setTo: "set-to-literal", srcVariableType: "INTEGER", srcVariable: "count", expr: "{{ count + 1 }}" },
            { setTo: "set-to-literal", srcVariableType: "STRING", srcVariable: "digits", expr: "{{ NewPhoneContact.ANI | replace({'+1': ''}) }}" },
          ],
        },
        to: { out: "Bad" },
      },
      setVar("Bad", "count", "{{ digits }}x", "INTEGER", { out: "Unused", error: "Say" }),
      setVar("Unused", "label", "never"),
      tts("Say", "flag {{ flag }}, count {{ count }}, digits {{ digits }}", { default: "Bye" }),
      hangUp(),
    ],
  });
  assert.deepEqual(said(call), ["flag false, count 2, digits 4085550100"]);
  assert.deepEqual(pathOf(call), ["NewPhoneContact → out", "Many → out", "Bad → error (error)", "Say → default", "Bye ■ disconnect"]);
  const many = call.trace.find((s) => s.kind === "activity" && s.name === "Many");
  assert.ok(many?.kind === "activity");
  assert.deepEqual(many.changes, [
    { name: "flag", from: true, to: false },
    { name: "count", from: 1, to: 2 },
    { name: "digits", from: null, to: "4085550100" },
  ]);
  const bad = call.trace.find((s) => s.kind === "activity" && s.name === "Bad");
  assert.ok(bad?.kind === "activity");
  assert.match(bad.error!, /cannot set count is INTEGER: "4085550100x" is not a whole number/);
  assert.equal((await call.ended).reason, "disconnected by Bye");
});

test("Condition takes true/false, a non-boolean result takes error; Case matches text exactly, else default", async () => {
  const flow = (expression: string) => ({
    variables: [{ name: "tier", value: "gold" }, { name: "n", type: "INTEGER", value: "2" }],
    main: [
      start("Check"),
      { name: "Check", type: "condition-activity", props: { expression }, to: { true: "Yes", false: "No", error: "Oops" } },
      tts("Yes", "yes", { default: "Which" }),
      tts("No", "no", { default: "Which" }),
      tts("Oops", "oops", { default: "Which" }),
      { name: "Which", type: "case-statement", props: { expression: "{{ tier }}", menuLinks: ["0", "1"], menuLinks_input: ["silver", "gold"] }, to: { "0": "Silver", "1": "Gold", default: "Other" } },
      tts("Silver", "silver", { default: "Bye" }),
      tts("Gold", "gold", { default: "Bye" }),
      tts("Other", "other", { default: "Bye" }),
      hangUp(),
    ],
  });
  assert.deepEqual(said((await dial(flow("{{ n >= 2 }}"))).call), ["yes", "gold"]);
  assert.deepEqual(said((await dial(flow("{{ tier == 'GOLD' }}"))).call), ["no", "gold"]);
  assert.deepEqual(said((await dial(flow("{{ tier }}"))).call), ["oops", "gold"]);
  const { call } = await dial({ ...flow("true"), variables: [{ name: "tier", value: "Gold" }, { name: "n", value: "1" }] });
  assert.deepEqual(said(call), ["yes", "other"], "case values match exactly (case-sensitive)");
});

test("Parse reads a JSON variable (or an activity output) with JSONPaths; invalid JSON goes to OnGlobalError", async () => {
  const base = (input: string) => ({
    variables: [{ name: "record", value: input }, { name: "first" }, { name: "city" }, { name: "tags" }],
    main: [
      start("Parse"),
      { name: "Parse", type: "parse-activity", props: { inputVariable: "record", contentType: "JSON", outputVariableArray: [{ outputVariable: "first", jsonPathExp: "$.name.first" }, { outputVariable: "city", jsonPathExp: "address.city" }, { outputVariable: "tags", jsonPathExp: "$.tags[*]" }] }, to: { default: "Say" } },
      tts("Say", "{{ first }} from {{ city }} {{ tags }}", { default: "Bye" }),
      hangUp(),
    ],
    handlers: { GlobalErrorHandling: "Sorry" },
    events: [tts("Sorry", "sorry", { default: "Drop" }), hangUp("Drop")],
  });
  const { call } = await dial(base('{"name":{"first":"Ana"},"address":{"city":"Lima"},"tags":["a","b"]}'));
  assert.deepEqual(said(call), ['Ana from Lima ["a","b"]'], "a list result is stored as JSON text");
  const bad = await dial(base("{oops"));
  assert.deepEqual(said(bad.call), ["sorry"]);
  assert.deepEqual(bad.call.errors.map((e) => e.activity), ["Parse"]);
  const summary = await bad.call.ended;
  assert.equal(summary.reason, "disconnected by Drop (GlobalErrorHandling)");
});

test("OnGlobalError: an unlinked error port runs the handler, which shares the flow variables; without a handler the call is dropped, or stays (policy)", async () => {
  const flow = (withHandler: boolean) => ({
    variables: [{ name: "step", value: "start" }],
    main: [start("Mark"), setVar("Mark", "step", "checking", "STRING", { out: "Check" }), { name: "Check", type: "condition-activity", props: { expression: "{{ step }}" }, to: { true: "Bye", false: "Bye" } }, hangUp()],
    ...(withHandler ? { handlers: { GlobalErrorHandling: "Sorry" }, events: [tts("Sorry", "failed at {{ step }}", { default: "Done" }), end("Done")] } : {}),
  });
  const handled = await dial(flow(true));
  assert.deepEqual(said(handled.call), ["failed at checking"]);
  assert.equal(handled.call.status, "ivr", "the handler ended with End Flow: the call stays");
  assert.equal(pathOf(handled.call).at(-1), 'Check ✕ the expression gave "checking", not true or false');

  const dropped = await dial(flow(false));
  const summary = await dropped.call.ended;
  assert.match(summary.reason, /^dropped: unhandled error in Check/);
  assert.ok(dropped.call.trace.some((s) => s.kind === "event" && s.event === "GlobalErrorHandling" && !s.handled));

  const stays = await dial(flow(false), { policy: { unhandledError: "stay" } });
  assert.equal(stays.call.status, "ivr");
  assert.equal(stays.call.errors.length, 1);
});

test("a loop of activities that take no time is stopped as a runaway loop", async () => {
  const { call } = await dial({
    variables: [{ name: "n", type: "INTEGER", value: "0" }],
    main: [start("Inc"), setVar("Inc", "n", "{{ n + 1 }}", "INTEGER", { out: "Again" }), { name: "Again", type: "condition-activity", props: { expression: "{{ n > -1 }}" }, to: { true: "Inc", false: "Inc" } }],
  });
  const summary = await call.ended;
  assert.match(summary.reason, /dropped: unhandled error in .*: 1000 activities ran without time passing: a runaway loop/);
  assert.ok((call.variables.n as number) >= 499);
});

test("jsonPathNoMatch policy: keep the value (default) or set it empty", async () => {
  const flow = {
    variables: [{ name: "doc", value: '{"a":1}' }, { name: "b", value: "before" }],
    main: [start("P"), { name: "P", type: "parse-activity", props: { inputVariable: "doc", outputVariableArray: [{ outputVariable: "b", jsonPathExp: "$.b" }] }, to: { default: "Say" } }, tts("Say", "[{{ b }}]", { default: "Bye" }), hangUp()],
  };
  assert.deepEqual(said((await dial(flow)).call), ["[before]"]);
  assert.deepEqual(said((await dial(flow, { policy: { jsonPathNoMatch: "empty" } })).call), ["[]"]);
});
