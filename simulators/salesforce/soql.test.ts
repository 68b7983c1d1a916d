import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../kernel/clock.js";
import { IdGenerator } from "../kernel/ids.js";
import { SalesforceOrg } from "./org.js";
import { compileQuery, loadSoqlParser, runQuery } from "./soql.js";
import { SalesforceError } from "./errors.js";

function org() {
  const o = new SalesforceOrg({ ids: new IdGenerator("soql"), clock: new VirtualClock(Date.UTC(2026, 0, 5, 9)) });
  const refs = o.seed({
    Account: [
      { "@ref": "acme", Name: "Acme Corp", Phone: "4155551212", Industry: "Energy" },
      { "@ref": "globex", Name: "Globex", Phone: "(415) 555-1212" },
      { "@ref": "initech", Name: "Initech", Phone: null },
    ],
    Contact: [
      { "@ref": "john", FirstName: "John", LastName: "Smith", Phone: "4155551212", AccountId: { $ref: "acme" } },
      { "@ref": "jane", FirstName: "Jane", LastName: "Doe", Phone: "2125550000", AccountId: { $ref: "globex" } },
    ],
    Case: [
      { Subject: "Broken widget", Priority: "High", ContactId: { $ref: "john" }, AccountId: { $ref: "acme" } },
      { Subject: "Billing", Status: "Closed", ContactId: { $ref: "john" } },
    ],
  });
  return { o, refs };
}

await loadSoqlParser();

const q = (o: SalesforceOrg, soql: string) => runQuery(o, compileQuery(o, soql), "v52.0");

function sfErr(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SalesforceError, `expected a SalesforceError, got ${String(e)}`);
    assert.equal(e.status, 400);
    assert.equal(e.items[0].errorCode, code);
    assert.match(e.items[0].message, message);
    return true;
  });
}

test("the flow's queries: case-insensitive field names in, canonical names out, attributes first, SELECT order", () => {
  const { o, refs } = org();
  const accounts = q(o, "SELECT id,name,phone from Account WHERE Phone LIKE '%4155551212%'");
  assert.deepEqual(accounts, [{ attributes: { type: "Account", url: `/services/data/v52.0/sobjects/Account/${refs.acme}` }, Id: refs.acme, Name: "Acme Corp", Phone: "4155551212" }]);
  assert.deepEqual(Object.keys(accounts[0]), ["attributes", "Id", "Name", "Phone"]);
  const contacts = q(o, "SELECT id,Name FROM Contact WHERE Phone LIKE '%4155551212%'");
  assert.deepEqual(contacts.map((c) => c.Name), ["John Smith"], "Name is derived from FirstName and LastName");
  const cases = q(o, `SELECT Id,CaseNumber,ContactId,accountId,Subject,Priority,Description FROM Case WHERE ContactId='${refs.john}'`);
  assert.equal(cases.length, 2);
  assert.deepEqual(Object.keys(cases[0]), ["attributes", "Id", "CaseNumber", "ContactId", "AccountId", "Subject", "Priority", "Description"]);
  assert.equal(cases[0].CaseNumber, "00001001");
  assert.equal(cases[0].AccountId, refs.acme);
});

test("LIKE is case-insensitive with % and _ wildcards; a formatted phone number does not match the digits", () => {
  const { o } = org();
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Name LIKE 'acme%'").map((r) => r.Name), ["Acme Corp"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Name LIKE 'Glo_ex'").map((r) => r.Name), ["Globex"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Phone LIKE '%4155551212%'").map((r) => r.Name), ["Acme Corp"], "(415) 555-1212 is not found by its digits");
});

test("=, !=, IN, NOT IN, null, booleans, AND/OR/NOT with parentheses, ORDER BY with NULLS, LIMIT, OFFSET", () => {
  const { o, refs } = org();
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Name = 'GLOBEX'").map((r) => r.Name), ["Globex"], "= on text ignores case");
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Phone = null").map((r) => r.Name), ["Initech"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Phone != null AND Name != 'Acme Corp'").map((r) => r.Name), ["Globex"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Name IN ('Initech', 'Acme Corp')").map((r) => r.Name), ["Acme Corp", "Initech"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE Name NOT IN ('Initech', 'Acme Corp')").map((r) => r.Name), ["Globex"]);
  assert.deepEqual(q(o, "SELECT Subject FROM Case WHERE IsClosed = false").map((r) => r.Subject), ["Broken widget"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE (Name = 'Globex' OR Industry = 'Energy') AND NOT Name LIKE 'G%'").map((r) => r.Name), ["Acme Corp"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account WHERE NOT (Name = 'Globex' OR Name = 'Initech')").map((r) => r.Name), ["Acme Corp"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account ORDER BY Phone ASC NULLS LAST, Name DESC").map((r) => r.Name), ["Globex", "Acme Corp", "Initech"]);
  assert.deepEqual(q(o, "SELECT Name FROM Account ORDER BY Name DESC LIMIT 2 OFFSET 1").map((r) => r.Name), ["Globex", "Acme Corp"]);
  assert.deepEqual(q(o, `SELECT Id FROM Contact WHERE Id = '${refs.john.slice(0, 15)}'`).map((r) => r.Id), [refs.john], "a 15-character id finds the record");
});

test("parent relationships nest records; an empty reference gives null", () => {
  const { o } = org();
  const rows = q(o, "SELECT Name, Account.Name FROM Contact WHERE Account.Industry = 'Energy'");
  assert.equal(rows.length, 1);
  assert.deepEqual((rows[0].Account as Record<string, unknown>).Name, "Acme Corp");
  assert.equal(((rows[0].Account as Record<string, unknown>).attributes as Record<string, unknown>).type, "Account");
  const cases = q(o, "SELECT Subject, Account.Name FROM Case ORDER BY Subject");
  assert.equal(cases[0].Account, null, "the Billing case has no account");
});

test("errors: MALFORMED_QUERY quotes the SOQL with a caret; INVALID_FIELD, INVALID_TYPE; an invalid id in a filter", () => {
  const { o } = org();
  sfErr(() => compileQuery(o, "SELEC Id FROM Account"), "MALFORMED_QUERY", /^\nSELEC Id FROM Account\n\^\nERROR at Row:1:Column:1\nunexpected token: SELEC$/);
  sfErr(() => compileQuery(o, "SELECT Id FROM Account WHERE Name = 'a' AND Phone = 'b' OR Industry = 'c'"), "MALFORMED_QUERY", /unexpected token: OR/);
  sfErr(() => compileQuery(o, "SELECT Id, Foo FROM Account"), "INVALID_FIELD", /^\nSELECT Id, Foo FROM Account\n {11}\^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'/);
  sfErr(() => compileQuery(o, "SELECT Id FROM Acount"), "INVALID_TYPE", /sObject type 'Acount' is not supported/);
  sfErr(() => compileQuery(o, "SELECT Id FROM Case WHERE ContactId='null'"), "INVALID_QUERY_FILTER_OPERATOR", /invalid ID field: null/);
  sfErr(() => compileQuery(o, "SELECT Comments FROM Case"), "INVALID_FIELD", /No such column 'Comments' on entity 'Case'/);
  sfErr(() => compileQuery(o, "SELECT COUNT(Id) FROM Case"), "MALFORMED_QUERY", /not supported by the flowsim Salesforce mock/);
});
