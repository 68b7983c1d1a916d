import { test } from "node:test";
import assert from "node:assert/strict";
import { loadWebexFlow } from "./load.js";
import { webexDoc, start, tts, end, hangUp, type TestFlow } from "./testing.js";

function problems(spec: TestFlow | Record<string, unknown>) {
  const doc = "main" in spec ? webexDoc(spec as TestFlow) : spec;
  const r = loadWebexFlow(doc, { file: "t.json" });
  return { r, errors: r.problems.filter((p) => p.severity === "error"), warnings: r.problems.filter((p) => p.severity === "warning") };
}

test("a minimal flow loads; unlinked error ports are fine, an unlinked normal port is a warning", () => {
  const { r, errors, warnings } = problems({ main: [start("Hi"), tts("Hi", "Hello", { default: "Ask" }), { name: "Ask", type: "condition-activity", props: { expression: "{{ 1 == 1 }}" }, to: { true: "End" } }, end()] });
  assert.equal(r.ok, true);
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings.map((w) => [w.action, w.message]), [["Ask", 'output "false" is not linked: the flow stops there (Condition "Ask")']]);
  assert.equal(r.flowType, "WEBEX:FLOW");
});

test("an unknown activity type is rejected by name, id and activityName", () => {
  const { r, errors } = problems({ main: [start("Weird"), { name: "Weird", type: "collect-digits-v9" }] });
  assert.equal(r.ok, false);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].action, "Weird");
  assert.equal(errors[0].actionType, "collect-digits-v9");
  assert.equal(errors[0].path, 'process.activities["Weird-id"].properties.activityName');
  assert.match(errors[0].message, /activity "Weird" \(id Weird-id\) is a "collect-digits-v9", which the simulator does not support/);
});

test("links: unknown ends, ports the source does not have, two links on one port, links across graphs", () => {
  const doc = webexDoc({ main: [start("Hi"), tts("Hi", "Hello", { default: "End" }), end()], handlers: { ContactEnded: "Later" }, events: [end("Later")] });
  const main = (doc.process as { links: unknown[] }).links;
  main.push({ id: "l-ghost", sourceActivityId: "Hi-id", targetActivityId: "ghost", conditionExpr: "error" });
  main.push({ id: "l-port", sourceActivityId: "Hi-id", targetActivityId: "End-id", conditionExpr: "bogus" });
  main.push({ id: "l-twice", sourceActivityId: "Hi-id", targetActivityId: "End-id", conditionExpr: "default" });
  main.push({ id: "l-cross", sourceActivityId: "Hi-id", targetActivityId: "Later-id", conditionExpr: "error" });
  const { errors } = problems(doc);
  assert.deepEqual(
    errors.map((e) => e.message),
    [
      "link l-ghost leads to ghost, which is not an activity of the main flow",
      '"bogus" is not an output of Play Message "Hi" (outputs: default, error)',
      'output "default" of "Hi" has more than one link',
      'link l-cross joins the main flow to "Later" in the event flows: links must stay inside one flow',
    ],
  );
  assert.equal(errors[1].path, "process.links[3].conditionExpr");
});

test("the start activity: none, or more than one, is an error", () => {
  assert.match(problems({ main: [tts("Hi", "x"), end()] }).errors[0].message, /no start activity/);
  const two = problems({ main: [start("End"), { ...start("End"), name: "Second" }, end()] });
  assert.match(two.errors[0].message, /2 start activities/);
});

test("variables: Set Variable and output mappings need declared variables; template names are checked (warnings)", () => {
  const { errors, warnings } = problems({
    variables: [{ name: "known" }],
    main: [
      start("Set"),
      { name: "Set", type: "set-variable", props: { srcVariable: "missing", srcVariableType: "STRING", setTo: "set-to-literal", expr: "{{ known }}" }, to: { out: "Get" } },
      { name: "Get", type: "http-request-v2", props: { authenticated: false, httpRequestUrl: "https://x.test/{{ nobody }}/{{ Get.httpStatusCodes }}", httpRequestMethod: "GET", outputVariableArray: [{ outputVariable: "alsoMissing", jsonPathExp: "$.a" }, { outputVariable: "Select", jsonPathExp: "" }] }, to: { default: "End" } },
      end(),
    ],
  });
  assert.deepEqual(
    errors.map((e) => [e.action, e.message]),
    [
      ["Set", 'variable "missing" is not declared in the flow\'s variables (Set Variable "Set")'],
      ["Get", 'output variable "alsoMissing" is not declared in the flow\'s variables (HTTP Request "Get")'],
    ],
  );
  assert.deepEqual(
    warnings.map((w) => w.message),
    ['"nobody" is neither a declared variable nor an activity or event output; it renders empty', 'activity "Get" has no output "httpStatusCodes" (outputs: httpStatusCode, httpResponseBody, httpResponseHeaders); it renders empty'],
  );
});

test("templates that do not parse and JSONPaths that do not parse are errors at their property", () => {
  const { errors } = problems({
    variables: [{ name: "v" }],
    main: [start("Get"), { name: "Get", type: "http-request-v2", props: { authenticated: false, httpRequestUrl: "https://x.test/{{ v | shout }}", httpRequestMethod: "GET", outputVariableArray: [{ outputVariable: "v", jsonPathExp: "$.a[" }] }, to: { default: "End" } }, end()],
  });
  assert.deepEqual(
    errors.map((e) => e.path),
    ['process.activities["Get-id"].properties.httpRequestUrl', 'process.activities["Get-id"].properties.outputVariableArray[0].jsonPathExp'],
  );
  assert.match(errors[0].message, /unknown filter "shout"/);
});

test("properties the simulator does not model are rejected by name", () => {
  const { errors } = problems({
    main: [
      start("Q"),
      { name: "Q", type: "queue-contact", props: { queueRadioGroup: "staticQueue", destination: "q1", skills: [{ name: "Spanish" }], toggleAgentAvailability: true }, to: { default: "End" } },
      { name: "Up", type: "http-request-v2", props: { authenticated: false, httpRequestUrl: "https://x.test", httpRequestMethod: "POST", httpRequestBodyFiles: [{ name: "a.wav" }], contentType: "XML" }, to: { default: "End" } },
      end(),
    ],
  });
  assert.deepEqual(
    errors.map((e) => e.path.split(".").pop()),
    ["skills", "toggleAgentAvailability", "contentType", "httpRequestBodyFiles"],
  );
});

test("event handlers: onEvents must point at event nodes; unknown events are warnings; event-only activities stay out of the main flow", () => {
  const doc = webexDoc({ main: [start("End"), end()], handlers: { AgentContactAssigned: "Pop", MadeUpEvent: "Done" }, events: [{ name: "Pop", type: "screen-pop", props: { screenPopUrl: "https://crm.test/{{AgentAnswered.AgentID}}" }, to: { default: "Done" } }, end("Done")] });
  const onEvents = (doc.eventFlows as { eventsMap: { GLOBAL_EVENTS: { onEvents: Record<string, string> } } }).eventsMap.GLOBAL_EVENTS.onEvents;
  onEvents.ContactEnded = "Pop-id";
  const { errors, warnings } = problems(doc);
  assert.deepEqual(errors.map((e) => e.message), ['onEvents "ContactEnded" points at Pop-id, which is not an event node of GLOBAL_EVENTS']);
  assert.ok(warnings.some((w) => /unknown event "MadeUpEvent"/.test(w.message)));
  assert.ok(!warnings.some((w) => /AgentAnswered/.test(w.message)), "AgentAnswered.AgentID is an event output inside its handler");
});

test("other shapes: the template wrapper, process-only, FlowIR, activity bags, and non-Webex JSON", () => {
  const inner = webexDoc({ main: [start("End"), end()] });
  const wrapped = loadWebexFlow({ category: "x", name: "T", flowType: "FLOW", flow: JSON.stringify(inner) });
  assert.equal(wrapped.ok, true);
  assert.equal(wrapped.shape, "template");
  const broken = loadWebexFlow({ category: "x", flow: "{not json" });
  assert.match(broken.problems[0].message, /"flow" string is not JSON/);
  const processOnly = loadWebexFlow({ process: inner.process, variables: [] });
  assert.deepEqual([processOnly.ok, processOnly.shape], [true, "process-only"]);
  const flowir = loadWebexFlow({ name: "x", nodes: [], edges: [] });
  assert.deepEqual([flowir.ok, flowir.flowType], [false, "WEBEX:FLOWIR"]);
  const bag = loadWebexFlow({ activities: { a: { id: "a", name: "Menu", group: "enum-gateway", properties: { activityName: "ivr-menu", menuLinks: ["1", "1"], promptsTts: [{ value: "x" }], toggle: true } } } });
  assert.equal(bag.flowType, "WEBEX:ACTIVITIES");
  assert.deepEqual(bag.problems.map((p) => p.message), ["not a flow export: the file holds activity objects only (no process.links, no start activity, no event flows); its activities are checked but it cannot be run", 'menu option "1" appears twice (Menu "Menu")']);
  assert.match(loadWebexFlow({ Version: "2019-10-30", Actions: [] }).problems[0].message, /not a Webex Contact Center Flow Designer export/);
  assert.match(loadWebexFlow("{oops").problems[0].message, /^not JSON/);
});

test("variable defaults are typed (BOOLEAN \"True\", INTEGER \"0\", JSON text); an unusable default is a warning", () => {
  const { r, warnings } = problems({
    variables: [
      { name: "flag", type: "BOOLEAN", value: "True" },
      { name: "n", type: "INTEGER", value: "0" },
      { name: "doc", type: "JSON", value: '{"a":1}' },
      { name: "bad", type: "INTEGER", value: "lots" },
    ],
    main: [start("Bye"), hangUp()],
  });
  const vars = r.flow!.variables;
  assert.deepEqual([vars.get("flag")!.initial, vars.get("n")!.initial, vars.get("doc")!.initial, vars.get("bad")!.initial], [true, 0, { a: 1 }, null]);
  assert.match(warnings[0].message, /default of INTEGER variable "bad" is not usable/);
});
