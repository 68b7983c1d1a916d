import { test } from "node:test";
import assert from "node:assert/strict";
import { checkE164Entry, checkLocalEntry } from "./phone-numbers.js";

const e164 = (r: ReturnType<typeof checkLocalEntry>) => (r.valid ? r.e164 : `invalid: ${r.why}`);

test("local numbers: trunk prefix, bare national number or country code all give the same E.164", () => {
  assert.equal(e164(checkLocalEntry("4155550100", "US")), "+14155550100");
  assert.equal(e164(checkLocalEntry("14155550100", "us")), "+14155550100");
  assert.equal(e164(checkLocalEntry("02071234567", "GB")), "+442071234567");
  assert.equal(e164(checkLocalEntry("2071234567", "GB")), "+442071234567");
  assert.equal(e164(checkLocalEntry("442071234567", "GB")), "+442071234567");
  assert.equal(e164(checkLocalEntry("0412345678", "AU")), "+61412345678");
  assert.equal(e164(checkLocalEntry("89161234567", "RU")), "+79161234567");
  // Italy keeps its leading 0 in international form.
  assert.equal(e164(checkLocalEntry("0612345678", "IT")), "+390612345678");
});

test("local numbers: wrong lengths, North American codes starting 0 or 1, and unknown countries are invalid", () => {
  assert.match(e164(checkLocalEntry("415555010", "US")), /national number there has 10 digits/);
  assert.match(e164(checkLocalEntry("0155550100", "US")), /invalid/);
  assert.match(e164(checkLocalEntry("4150550100", "US")), /invalid/, "exchange codes start with 2-9");
  assert.match(e164(checkLocalEntry("00412345678", "AU")), /invalid/);
  assert.match(e164(checkLocalEntry("12*45", "US")), /not all digits/);
  assert.match(e164(checkLocalEntry("4155550100", "ZZ")), /no numbering plan for country ZZ/);
});

test("international entry: 8 to 15 digits after an implied +, never starting with 0", () => {
  assert.equal(e164(checkE164Entry("14155550100")), "+14155550100");
  assert.equal(e164(checkE164Entry("12345678")), "+12345678");
  assert.match(e164(checkE164Entry("1234567")), /7 digits/);
  assert.match(e164(checkE164Entry("1234567890123456")), /16 digits/);
  assert.match(e164(checkE164Entry("04155550100")), /never 0/);
  assert.match(e164(checkE164Entry("")), /not all digits/);
});
