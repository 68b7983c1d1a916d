/**
 * The folders `npm run report` and `npm run gate` read as one run. Each `--results` folder
 * either holds a run's result files itself, or holds the `shard-i-of-n` folders of a sharded
 * run (support/report/shards.mjs), which then stand in its place. Shard folders may also be
 * given one by one.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { shardOfFolder, type Shard } from "../support/report/shards.mjs";

export class ResultsFoldersError extends Error {}

export interface ResultsFolders {
  /** Folders that hold result files, a parent's shard folders in shard order. */
  dirs: string[];
  /** What was read, for a headline: the folders given, and how many shards they hold. */
  label: string;
  /** Set when shards of the split have no folder: their scenarios are not in these results. */
  missingShards?: string;
}

export function resultsFolders(given: readonly string[]): ResultsFolders {
  const dirs = given.flatMap(expand);
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    const earlier = seen.get(resolve(dir));
    if (earlier !== undefined) throw new ResultsFoldersError(`${dir} is given twice (also as ${earlier}): its results would count twice`);
    seen.set(resolve(dir), dir);
  }
  const shards = dirs.flatMap((dir) => {
    const shard = shardOfFolder(basename(dir));
    return shard ? [{ dir, ...shard }] : [];
  });
  const label = given.map(shown).join(", ");
  if (shards.length === 0) return { dirs, label };

  const totals = [...new Set(shards.map((s) => s.total))];
  if (totals.length > 1) throw new ResultsFoldersError(`shard folders of runs split in ${totals.join(" and ")} cannot be one run: ${shards.map((s) => s.dir).join(", ")}`);
  const total = totals[0]!;
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const other = byIndex.get(s.index);
    if (other !== undefined) throw new ResultsFoldersError(`${other} and ${s.dir} both hold shard ${s.index}/${total}: its results would count twice`);
    byIndex.set(s.index, s.dir);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  return {
    dirs,
    label: `${label} (${byIndex.size} of ${total} shards)`,
    missingShards: missing.length ? `no results folder for shard ${missing.map((i) => `${i}/${total}`).join(", ")}` : undefined,
  };
}

/** A folder as the reader knows it: relative to the working directory when inside it, else as given. */
function shown(dir: string): string {
  const inside = relative(process.cwd(), resolve(dir));
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : dir;
}

/** A folder holding shard folders stands for them; any other path stands for itself (its caller says when it is missing). */
function expand(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [dir];
  const entries = readdirSync(dir, { withFileTypes: true });
  const shards = entries
    .filter((e) => e.isDirectory() && shardOfFolder(e.name))
    .map((e) => ({ name: e.name, ...(shardOfFolder(e.name) as Shard) }))
    .sort((a, b) => a.total - b.total || a.index - b.index);
  if (shards.length === 0) return [dir];
  // The formatter removes the one kind when a run writes the other, so both at once were put there by hand.
  if (entries.some((e) => e.isFile() && e.name.endsWith("-result.json"))) {
    throw new ResultsFoldersError(`${dir} holds results of its own and shard folders (${shards.map((s) => s.name).join(", ")}): they are different runs; remove the stale ones`);
  }
  return shards.map((s) => join(dir, s.name));
}
