/** Seeding cases with their own numbers: the scenarios name cases by CaseNumber. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../kernel/clock.js";
import { IdGenerator } from "../kernel/ids.js";
import { SalesforceOrg } from "./org.js";

const org = () => new SalesforceOrg({ ids: new IdGenerator("org-seed"), clock: new VirtualClock(Date.UTC(2026, 0, 5)) });

test("a seeded case keeps the CaseNumber it is given; later cases are numbered after the highest", () => {
  const o = org();
  o.seed({ Case: [{ Subject: "Broken widget", CaseNumber: "00001026" }, { Subject: "Next one" }] });
  assert.deepEqual(
    o.records("Case").map((c) => [c.Subject, c.CaseNumber]),
    [
      ["Broken widget", "00001026"],
      ["Next one", "00001027"],
    ],
  );
});

test("without a CaseNumber, cases are numbered from 00001001 as before", () => {
  const o = org();
  o.seed({ Case: [{ Subject: "A" }] });
  assert.equal(o.records("Case")[0].CaseNumber, "00001001");
});

test("a duplicate or non-numeric CaseNumber is refused or ignored; an API write cannot set it", () => {
  const o = org();
  o.seed({ Case: [{ Subject: "A", CaseNumber: "00001026" }] });
  assert.throws(() => o.seed({ Case: [{ Subject: "B", CaseNumber: "00001026" }] }), /DUPLICATE_VALUE|duplicate value found: CaseNumber/);
  o.seed({ Case: [{ Subject: "C", CaseNumber: "CASE-7" }] });
  assert.equal(o.records("Case").find((c) => c.Subject === "C")!.CaseNumber, "00001027", "a number the autonumber cannot produce is not kept");
  assert.throws(() => o.insert("Case", { Subject: "D", CaseNumber: "00009999" }), /Unable to create\/update fields: CaseNumber/);
});
