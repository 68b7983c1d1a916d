/**
 * Shards: one run of the features split into TOTAL parts that run apart (one CI job each).
 * Shard INDEX of TOTAL writes its Allure results to reports/allure-results/shard-INDEX-of-TOTAL/,
 * so that `npm run report` and `npm run gate` find every part of the run in one place.
 *
 * Which scenarios a shard runs is cucumber-js's own `--shard`: scenario number k (from 0,
 * in cucumber's order) goes to shard k mod TOTAL + 1. That order is the same on every
 * machine: cucumber sorts the feature files it finds by path (plain code-unit order, no
 * locale) and takes each file's scenarios in the order they are written. (Only shards on
 * Windows and on POSIX mixed could disagree: `\` and `/` sort differently against a name
 * like `a2/` beside `a/`.) Any tag or name filter applies before sharding, so every shard
 * must be given the same filters.
 *
 * Plain JavaScript because scripts/e2e.mjs runs under plain node, without tsx.
 */

export const RESULTS_DIR = "reports/allure-results";

/** More shards than this buys nothing on these machines: each one pays cucumber's and the support code's start-up. */
export const MAX_SHARDS = 32;

const SHARD_FOLDER = /^shard-([1-9]\d*)-of-([1-9]\d*)$/;

export class ShardError extends Error {}

/** @typedef {{ index: number; total: number }} Shard */

/**
 * @param {string} text `INDEX/TOTAL`, e.g. `2/4`
 * @returns {Shard}
 */
export function parseShard(text) {
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(text);
  const shard = match ? { index: Number(match[1]), total: Number(match[2]) } : undefined;
  if (!shard || shard.index > shard.total || shard.total > MAX_SHARDS) {
    throw new ShardError(`--shard must be INDEX/TOTAL with 1 ≤ INDEX ≤ TOTAL ≤ ${MAX_SHARDS} (e.g. 2/4), not "${text}"`);
  }
  return shard;
}

/** @param {Shard} shard */
export const shardFolder = (shard) => `shard-${shard.index}-of-${shard.total}`;

/**
 * The shard whose results a folder named `name` holds, if it is a shard folder.
 * @param {string} name a folder's base name
 * @returns {Shard | undefined}
 */
export function shardOfFolder(name) {
  const match = SHARD_FOLDER.exec(name);
  return match ? { index: Number(match[1]), total: Number(match[2]) } : undefined;
}

/**
 * Takes `--shard INDEX/TOTAL` (or `--shard=INDEX/TOTAL`) out of e2e's arguments and returns
 * the cucumber-js arguments that run that shard into its results folder. The folder goes
 * through the formatter's options: cucumber merges `--format-options` into the profile's.
 * @param {string[]} args
 * @returns {{ shard?: Shard; resultsDir?: string; cucumberArgs: string[] }}
 */
export function shardArgs(args) {
  /** @type {string[]} */
  const given = [];
  /** @type {string[]} */
  const rest = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === "--shard") {
      const value = args[i + 1];
      if (value === undefined || value.startsWith("--")) throw new ShardError("--shard needs a value: INDEX/TOTAL, e.g. --shard 2/4");
      given.push(value);
      i += 1;
    } else if (arg.startsWith("--shard=")) given.push(arg.slice("--shard=".length));
    else rest.push(arg);
  }
  if (given.length > 1) throw new ShardError(`--shard given ${given.length} times (${given.join(", ")}): a run is one shard`);
  if (given.length === 0) return { cucumberArgs: rest };
  const shard = parseShard(given[0]);
  const resultsDir = `${RESULTS_DIR}/${shardFolder(shard)}`;
  return { shard, resultsDir, cucumberArgs: [...rest, "--shard", `${shard.index}/${shard.total}`, "--format-options", JSON.stringify({ resultsDir })] };
}
