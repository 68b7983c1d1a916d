import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestResult, TestResultContainer } from "allure-js-commons";
import { ResultsWriter } from "./results-writer.js";

test("each file lands whole under its own name, in a folder made on the first write; no temporary file is left", () => {
  const dir = join(mkdtempSync(join(tmpdir(), "flowsim-writer-")), "allure-results");
  const writer = new ResultsWriter(dir);
  writer.writeResult({ uuid: "r1", name: "A scenario" } as TestResult);
  writer.writeGroup({ uuid: "g1", children: ["r1"] } as unknown as TestResultContainer);
  writer.writeAttachment("a1-attachment.txt", Buffer.from("heard: Welcome"));
  const source = join(mkdtempSync(join(tmpdir(), "flowsim-writer-src-")), "shot.png");
  writeFileSync(source, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writer.writeAttachmentFromPath("a2-attachment.png", source);
  writer.writeEnvironmentInfo({ target: "sim", clock: "virtual" });
  writer.writeCategoriesDefinitions([{ name: "Product defect" }]);
  assert.deepEqual(readdirSync(dir).sort(), ["a1-attachment.txt", "a2-attachment.png", "categories.json", "environment.properties", "g1-container.json", "r1-result.json"]);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, "r1-result.json"), "utf8")), { uuid: "r1", name: "A scenario" });
  assert.equal(readFileSync(join(dir, "a1-attachment.txt"), "utf8"), "heard: Welcome");
  assert.deepEqual([...readFileSync(join(dir, "a2-attachment.png"))], [0x89, 0x50, 0x4e, 0x47]);
  assert.match(readFileSync(join(dir, "environment.properties"), "utf8"), /^target=sim$/m);
});

test("a write that fails leaves nothing behind and says why", () => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-writer-"));
  const writer = new ResultsWriter(dir);
  assert.throws(() => writer.writeAttachmentFromPath("x.txt", join(dir, "no-such-file")), /ENOENT/);
  assert.deepEqual(readdirSync(dir), []);
});
