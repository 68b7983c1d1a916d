import { test } from "node:test";
import assert from "node:assert/strict";
import { tagMetadata } from "./tags.js";

test("@critical and friends become the severity label; the most severe wins", () => {
  assert.deepEqual(tagMetadata(["@critical"]).labels, [{ name: "severity", value: "critical" }]);
  assert.deepEqual(tagMetadata(["@minor", "@blocker", "@critical"]).labels, [{ name: "severity", value: "blocker" }]);
  assert.deepEqual(tagMetadata(["@severity:Minor"]).labels, [{ name: "severity", value: "minor" }]);
  assert.deepEqual(tagMetadata(["@severity:bogus", "@wip"]).labels, []);
});

test("@issue:N and @tms:N become links only when a URL template is configured", () => {
  assert.deepEqual(tagMetadata(["@issue:4"]).links, []);
  assert.deepEqual(tagMetadata(["@issue:4", "@issue:4"], { issueUrlTemplate: "https://tracker.example/issues/%s" }).links, [
    { type: "issue", url: "https://tracker.example/issues/4", name: "4" },
  ]);
  assert.deepEqual(tagMetadata(["@tms:QA-7"], { tmsUrlTemplate: "https://tms.example/cases" }).links, [{ type: "tms", url: "https://tms.example/cases/QA-7", name: "QA-7" }]);
  // a value is URL-encoded into the template
  assert.equal(tagMetadata(["@issue:a b"], { issueUrlTemplate: "https://t/%s" }).links[0]!.url, "https://t/a%20b");
});

test("@sim-only, @staging-only and name:value tags become labels", () => {
  assert.deepEqual(tagMetadata(["@sim-only", "@owner:qa-team", "@story:callback", "@epic:chat"]).labels, [
    { name: "layer", value: "simulator" },
    { name: "owner", value: "qa-team" },
    { name: "story", value: "callback" },
    { name: "epic", value: "chat" },
  ]);
  assert.deepEqual(tagMetadata(["@staging-only"]).labels, [{ name: "layer", value: "staging" }]);
  assert.deepEqual(tagMetadata(["@owner:"]).labels, []);
});
