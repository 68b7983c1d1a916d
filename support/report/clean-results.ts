/**
 * Every run starts from a clean results folder, so the report and the gate never read a
 * previous run's files with this one's. A run's results are either the folder's own files
 * or, for a sharded run, its `shard-i-of-n` folders (shards.mjs); whatever the report and
 * the gate would read together with this run's results but came from another run goes.
 */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { shardOfFolder, type Shard } from "./shards.mjs";

/** Files a previous run left; `history/` stays (scripts/report.ts replaces it before generating). */
const RESULT_FILE = /(-result\.json|-container\.json|-globals\.json|-attachment(\.[\w-]+)?)$|^(environment\.properties|categories\.json|executor\.json|flow-coverage\.json)$/;

export function cleanResults(dir: string): void {
  mkdirSync(dir, { recursive: true });
  removeStale(dir, () => true);
  const shard = shardOfFolder(basename(dir));
  // The other shards of the same split may be this run's (shards run one after another on
  // one machine); the parent's own results (an unsharded run) and shards of another split are not.
  if (shard) removeStale(dirname(dir), (other) => other.total !== shard.total);
}

function removeStale(dir: string, staleShard: (shard: Shard) => boolean): void {
  for (const name of readdirSync(dir)) {
    const shard = shardOfFolder(name);
    if (shard ? staleShard(shard) : RESULT_FILE.test(name)) rmSync(join(dir, name), { recursive: true, force: true });
  }
}
