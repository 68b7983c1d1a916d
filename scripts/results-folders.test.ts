import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resultsFolders, ResultsFoldersError } from "./results-folders.js";

/** A temp folder with these subfolders (each holding one result file) and files. */
function tree(t: { after: (fn: () => void) => void }, folders: string[], files: string[] = []): string {
  const root = mkdtempSync(join(tmpdir(), "flowsim-folders-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const folder of folders) {
    mkdirSync(join(root, folder), { recursive: true });
    writeFileSync(join(root, folder, "a-result.json"), "{}");
  }
  for (const file of files) writeFileSync(join(root, file), "{}");
  return root;
}

test("a folder of results stands for itself, a missing one too (its reader says it is missing)", (t) => {
  const root = tree(t, ["results"]);
  assert.deepEqual(resultsFolders([join(root, "results")]).dirs, [join(root, "results")]);
  assert.deepEqual(resultsFolders([join(root, "none")]), { dirs: [join(root, "none")], label: join(root, "none") });
});

test("a folder holding shard folders stands for them, in shard order; other folders in it (history) are not results", (t) => {
  const shards = Array.from({ length: 12 }, (_, i) => `shard-${i + 1}-of-12`);
  const root = tree(t, [...[...shards].reverse(), "history"]);
  const found = resultsFolders([root]);
  assert.deepEqual(found.dirs, shards.map((s) => join(root, s)));
  assert.equal(found.missingShards, undefined);
  assert.match(found.label, /\(12 of 12 shards\)$/);
});

test("shard folders given one by one, from different places (CI artifacts), are one run too; missing shards are named", (t) => {
  const root = tree(t, ["a/shard-1-of-4", "b/shard-3-of-4"]);
  const found = resultsFolders([join(root, "a/shard-1-of-4"), join(root, "b/shard-3-of-4")]);
  assert.deepEqual(found.dirs, [join(root, "a/shard-1-of-4"), join(root, "b/shard-3-of-4")]);
  assert.equal(found.missingShards, "no results folder for shard 2/4, 4/4");
  assert.match(found.label, /\(2 of 4 shards\)$/);
});

test("what cannot be one run is refused, naming the folders", (t) => {
  const root = tree(t, ["run/shard-1-of-2", "run/shard-2-of-2", "other/shard-1-of-4", "again/shard-1-of-2"], []);
  const refused = (given: string[], message: RegExp) => assert.throws(() => resultsFolders(given.map((g) => join(root, g))), (e: Error) => e instanceof ResultsFoldersError && message.test(e.message));
  refused(["run", "run/shard-1-of-2"], /run\/shard-1-of-2 is given twice \(also as .*run\/shard-1-of-2\): its results would count twice$/);
  refused(["run", "other/shard-1-of-4"], /^shard folders of runs split in 2 and 4 cannot be one run: /);
  refused(["run/shard-1-of-2", "again/shard-1-of-2"], /run\/shard-1-of-2 and .*again\/shard-1-of-2 both hold shard 1\/2: its results would count twice$/);
  writeFileSync(join(root, "run", "b-result.json"), "{}");
  refused(["run"], /run holds results of its own and shard folders \(shard-1-of-2, shard-2-of-2\): they are different runs; remove the stale ones$/);
});
