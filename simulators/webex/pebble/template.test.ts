import { test } from "node:test";
import assert from "node:assert/strict";
import { compileTemplate, renderTemplate, evaluateTemplate, TemplateError } from "./template.js";
import { Namespace } from "./values.js";
import type { PebbleScope } from "./evaluate.js";

const NOW = Date.UTC(2026, 0, 5, 14, 30, 15, 250);

function scope(vars: Record<string, unknown>, namespaces: Namespace[] = [], strict = false): PebbleScope {
  return {
    lookup(name) {
      if (name in vars) return vars[name];
      return namespaces.find((n) => n.label.toLowerCase() === name.toLowerCase());
    },
    now: () => NOW,
    strict,
  };
}

function render(source: string, vars: Record<string, unknown> = {}, namespaces: Namespace[] = []): string {
  const { template, problems } = compileTemplate(source);
  assert.deepEqual(problems, [], `unexpected problems for ${source}`);
  return renderTemplate(template, scope(vars, namespaces));
}

function value(source: string, vars: Record<string, unknown> = {}, namespaces: Namespace[] = []): unknown {
  const { template, problems } = compileTemplate(source);
  assert.deepEqual(problems, []);
  return evaluateTemplate(template, scope(vars, namespaces));
}

const start = new Namespace("NewPhoneContact");
start.set("ANI", "+14155551212");
start.set("DNIS", "+18005550100");
start.set("InteractionId", "int-1");

test("expressions seen in the corpus render as Pebble would", () => {
  assert.equal(render('{{ NewPhoneContact.ANI | replace({"+1":""}) }}', {}, [start]), "4155551212");
  assert.equal(render('{{NewPhoneContact.ANI | replace({"+":""})}}', {}, [start]), "14155551212");
  assert.equal(render("{{NewPhoneContact.ANI|slice(1)}}", {}, [start]), "14155551212");
  assert.equal(render("{{NewPhoneContact.ANI |  urlencode }}", {}, [start]), "%2B14155551212");
  assert.equal(render("wxcc_{{NewPhoneContact.interactionId}}", {}, [start]), "wxcc_int-1", "output names are case-insensitive");
  assert.equal(render('{{ "english" }}'), "english");
  assert.equal(
    render('{{"(" + (aniTenDigit | slice(0,3)) + ")" + " " + (aniTenDigit | slice(3,6)) + "-" + (aniTenDigit | slice(6,10)) }}', { aniTenDigit: "4155551212" }),
    "(415) 555-1212",
  );
  assert.equal(render("{{SCV_VoiceCallRecordId}};{{SCV_VendorCallKey}}", { SCV_VoiceCallRecordId: "0LQ1", SCV_VendorCallKey: null }), "0LQ1;", "null renders as nothing");
  assert.equal(render("{{ missing }}"), "", "an unknown name renders as nothing outside strict mode");
});

test("comparisons, boolean logic and precedence", () => {
  const http = new Namespace("GetIdentity");
  http.set("httpStatusCode", 200);
  assert.equal(value("{{GetIdentity.httpStatusCode==200}}", {}, [http]), true);
  assert.equal(value("{{ GetIdentity.httpStatusCode == 404 }}", {}, [http]), false);
  assert.equal(value("{{Status=='complete'}}", { Status: "complete" }), true);
  assert.equal(value('{{ CustomerID == "NA" }}', { CustomerID: "003x" }), false);
  assert.equal(value('{{ total == "3" }}', { total: 3 }), false, "Pebble does not equate a number with text");
  assert.equal(value("{{ a > 2 and b < 5 or not c }}", { a: 3, b: 9, c: false }), true);
  assert.equal(value("{{ 1 + 2 * 3 }}", {}), 7);
  assert.equal(value("{{ (1 + 2) * 3 }}", {}), 9);
  assert.equal(value("{{ count + 1 >= 3 }}", { count: 2 }), true);
  assert.equal(value("{{ x != null }}", { x: "a" }), true);
  assert.equal(value("{{ x is null }}", {}), true);
  assert.equal(value("{{ x is not empty }}", { x: "y" }), true);
  assert.equal(value("{{ 'a' ~ 1 ~ true }}", {}), "a1true");
  assert.equal(value("{{ name | default('caller') | upper }}", { name: "" }), "CALLER");
  assert.equal(value("{{ list contains 'b' }}", { list: ["a", "b"] }), true);
  assert.equal(value("{{ ok ? 'yes' : 'no' }}", { ok: "TRUE" }), "yes");
});

test("filters: split, join, length, slice, escape, trim, lower/upper, index and attribute access", () => {
  assert.deepEqual(value("{{ 'a,b,,c,,' | split(',') }}"), ["a", "b", "", "c"], "Java split drops trailing empty strings");
  assert.equal(render("{{ 'a-b-c' | split('-') | join('+') }}"), "a+b+c");
  assert.equal(value("{{ 'hello' | length }}"), 5);
  assert.equal(value("{{ items | length }}", { items: [1, 2, 3] }), 3);
  assert.deepEqual(value("{{ items | slice(1, 3) }}", { items: [1, 2, 3] }), [2, 3]);
  assert.equal(render("{{ note | escape('json') }}", { note: 'say "hi"\n' }), 'say \\"hi\\"\\n');
  assert.equal(render("{{ s | e('html') }}", { s: "<b>&" }), "&lt;b&gt;&amp;");
  assert.equal(render("{{ '  x ' | trim | upper }}{{ 'Y' | lower }}"), "Xy");
  assert.equal(render("{{ rec.records[0].Name }} / {{ rec['records'][0]['Id'] }}", { rec: { records: [{ Name: "Acme", Id: "001" }] } }), "Acme / 001");
  assert.equal(render("{{ obj }}", { obj: { a: [1, "x"] } }), '{"a":[1,"x"]}', "maps print as JSON");
});

test("failures are errors at render time: slice out of range, text compared with <, unknown names in strict mode", () => {
  const slice = compileTemplate("{{ s | slice(6, 10) }}").template;
  assert.throws(() => renderTemplate(slice, scope({ s: "12345" })), (e: Error) => e instanceof TemplateError && /out of range/.test(e.message));
  const lt = compileTemplate("{{ a < 3 }}").template;
  assert.throws(() => renderTemplate(lt, scope({ a: "2" })), /needs two numbers/);
  const strict = compileTemplate("{{ nope }}").template;
  assert.throws(() => renderTemplate(strict, scope({}, [], true)), /"nope" is not defined/);
});

test("now() prints like a Java ZonedDateTime and the date filter formats and parses Java patterns", () => {
  assert.equal(render("{{ now() }}"), "2026-01-05T14:30:15.250Z[UTC]");
  assert.equal(render("{{now() | replace({'[UTC]': ''})}}"), "2026-01-05T14:30:15.250Z");
  assert.equal(render('{{ now() | date("yyyy-MM-dd HH:mm:ss", existingFormat="yyyy-MM-dd\'T\'HH:mm:ss.SSS\'Z\'", timeZone="America/New_York") }}'), "2026-01-05 09:30:15");
  assert.equal(render('{{ appointment_date | date("MM-dd-yyyy", existingFormat="yyyy-MM-dd") }}', { appointment_date: "2026-03-09" }), "03-09-2026");
  assert.equal(render('{{ appointment_time | date("h:mm a", existingFormat="hh:mm:ss")  }}', { appointment_time: "15:05:00" }), "3:05 PM");
  const bad = compileTemplate('{{ d | date("MM-dd-yyyy", existingFormat="yyyy-MM-dd") }}').template;
  assert.throws(() => renderTemplate(bad, scope({ d: "NA" })), /Unparseable date/);
});

test("a stray bracket is repaired with a warning under the default policy and fails at run time under 'runtime'", () => {
  const src = "/query?q=SELECT+id+WHERE+Phone+LIKE+%27%25{{[phoneNumber}}%25%27";
  const repaired = compileTemplate(src);
  assert.equal(repaired.problems.length, 1);
  assert.equal(repaired.problems[0].severity, "warning");
  assert.match(repaired.problems[0].message, /stray bracket in \{\{\[phoneNumber\}\}: read as \{\{phoneNumber\}\}/);
  assert.equal(renderTemplate(repaired.template, scope({ phoneNumber: "4155551212" })), "/query?q=SELECT+id+WHERE+Phone+LIKE+%27%254155551212%25%27");

  const runtime = compileTemplate(src, "runtime");
  assert.equal(runtime.problems[0].severity, "warning");
  assert.ok(runtime.template.broken);
  assert.throws(() => renderTemplate(runtime.template, scope({ phoneNumber: "1" })), TemplateError);
});

test("syntax errors, unknown filters and tags are load-time errors naming the placeholder", () => {
  for (const [src, why] of [
    ["{{ a + }}", /does not parse/],
    ["{{ a | nosuch }}", /unknown filter "nosuch"/],
    ["{{ nosuch() }}", /unknown function "nosuch\(\)"/],
    ["Hello {{ name", /unclosed placeholder/],
    ["{% if a %}x{% endif %}", /tags/],
  ] as const) {
    const { problems } = compileTemplate(src);
    assert.equal(problems.length, 1, src);
    assert.equal(problems[0].severity, "error", src);
    assert.match(problems[0].message, why, src);
  }
});

test("references list the names a template reads, for load-time checks", () => {
  const { template } = compileTemplate("{{ NewPhoneContact.ANI | replace({'+1': ''}) }} {{ caseId }} {{ rec.records[0].Name }}");
  assert.deepEqual(template.references, [{ name: "NewPhoneContact", attr: "ANI" }, { name: "caseId" }, { name: "rec", attr: "records" }]);
});
