import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanResults } from "./clean-results.js";

/** A results folder as runs leave it: a run's own files, shard folders, history, and a file that is no result. */
function folder(t: { after: (fn: () => void) => void }, shards: string[]): string {
  const dir = join(mkdtempSync(join(tmpdir(), "flowsim-clean-")), "allure-results");
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "history"), { recursive: true });
  writeFileSync(join(dir, "history", "history.json"), "{}");
  for (const name of ["a-result.json", "b-container.json", "c-globals.json", "d-attachment.svg", "environment.properties", "categories.json", "notes.txt"]) writeFileSync(join(dir, name), "{}");
  for (const shard of shards) {
    mkdirSync(join(dir, shard));
    writeFileSync(join(dir, shard, "e-result.json"), "{}");
  }
  return dir;
}

test("an unsharded run removes the last run's files and every shard folder; history and other files stay", (t) => {
  const dir = folder(t, ["shard-1-of-4", "shard-2-of-2"]);
  cleanResults(dir);
  assert.deepEqual(readdirSync(dir).sort(), ["history", "notes.txt"]);
  assert.deepEqual(readdirSync(join(dir, "history")), ["history.json"]);
});

test("a shard's run empties its folder, and removes the unsharded run's files and the shards of another split", (t) => {
  const dir = folder(t, ["shard-1-of-4", "shard-3-of-4", "shard-1-of-2"]);
  cleanResults(join(dir, "shard-3-of-4"));
  assert.deepEqual(readdirSync(dir).sort(), ["history", "notes.txt", "shard-1-of-4", "shard-3-of-4"]);
  assert.deepEqual(readdirSync(join(dir, "shard-1-of-4")), ["e-result.json"], "a sibling shard of the same split may be this run's");
  assert.deepEqual(readdirSync(join(dir, "shard-3-of-4")), []);
});

test("a missing folder is created, with its parents", (t) => {
  const dir = join(mkdtempSync(join(tmpdir(), "flowsim-clean-")), "reports", "allure-results", "shard-2-of-4");
  t.after(() => rmSync(join(dir, "..", "..", ".."), { recursive: true, force: true }));
  cleanResults(dir);
  assert.deepEqual(readdirSync(dir), []);
});
