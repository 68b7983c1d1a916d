import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_SHARDS, parseShard, RESULTS_DIR, ShardError, shardArgs, shardFolder, shardOfFolder } from "./shards.mjs";

test("a shard is INDEX/TOTAL with 1 ≤ INDEX ≤ TOTAL ≤ the bound; anything else says what was wrong", () => {
  assert.deepEqual(parseShard("2/4"), { index: 2, total: 4 });
  assert.deepEqual(parseShard("1/1"), { index: 1, total: 1 });
  assert.deepEqual(parseShard(`${MAX_SHARDS}/${MAX_SHARDS}`), { index: MAX_SHARDS, total: MAX_SHARDS });
  for (const bad of ["0/4", "5/4", "1/0", `1/${MAX_SHARDS + 1}`, "2", "2/", "/4", "-1/4", "02/4", "2/4/8", " 2/4", "2 / 4", "a/b", "1.5/4", ""]) {
    assert.throws(
      () => parseShard(bad),
      (e: Error) => e instanceof ShardError && e.message === `--shard must be INDEX/TOTAL with 1 ≤ INDEX ≤ TOTAL ≤ ${MAX_SHARDS} (e.g. 2/4), not "${bad}"`,
      bad,
    );
  }
});

test("a shard's folder name says which shard it holds, and only shard folders parse", () => {
  assert.equal(shardFolder({ index: 2, total: 4 }), "shard-2-of-4");
  assert.deepEqual(shardOfFolder("shard-2-of-4"), { index: 2, total: 4 });
  for (const other of ["shard-2-of-4.zip", "shard-0-of-4", "shard-2of4", "history", "allure-results"]) assert.equal(shardOfFolder(other), undefined, other);
});

test("--shard becomes cucumber's --shard and the shard's results folder; other arguments pass through", () => {
  const expected = ["--tags", "@critical", "--shard", "2/4", "--format-options", JSON.stringify({ resultsDir: `${RESULTS_DIR}/shard-2-of-4` })];
  for (const args of [
    ["--tags", "@critical", "--shard", "2/4"],
    ["--shard=2/4", "--tags", "@critical"],
  ]) {
    assert.deepEqual(shardArgs(args), { shard: { index: 2, total: 4 }, resultsDir: `${RESULTS_DIR}/shard-2-of-4`, cucumberArgs: expected });
  }
  assert.deepEqual(shardArgs(["--tags", "@critical"]), { cucumberArgs: ["--tags", "@critical"] }, "unsharded: nothing added");
  assert.throws(() => shardArgs(["--shard"]), (e: Error) => e instanceof ShardError && e.message === "--shard needs a value: INDEX/TOTAL, e.g. --shard 2/4");
  assert.throws(() => shardArgs(["--shard", "--tags", "@x"]), /--shard needs a value/);
  assert.throws(() => shardArgs(["--shard", "1/4", "--shard=2/4"]), /--shard given 2 times \(1\/4, 2\/4\): a run is one shard/);
  assert.throws(() => shardArgs(["--shard=9/4"]), /not "9\/4"/);
});
