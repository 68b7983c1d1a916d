/**
 * The run's facts for Allure's Environment panel (`environment.properties`): which target,
 * which endpoint or instance, which versions. Never credentials: keys that name a secret
 * are dropped and values are scrubbed (see redact.ts).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isSecretKey, redactText, redactUrl } from "./redact.js";

/** The checkout this library belongs to: versions are those of the harness, wherever cucumber runs. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Packages whose versions decide how the wire behaves; shown when installed. */
export const REPORTED_PACKAGES = [
  "@aws-sdk/client-connect",
  "@aws-sdk/client-connectparticipant",
  "amazon-connect-chatjs",
  "ws",
  "@cucumber/cucumber",
  "allure-cucumberjs",
] as const;

export interface RunFacts {
  /** `sim`, `server`, `container` or `staging`. */
  target?: string;
  /** The URL the SDK clients talk to (the simulator's, or a regional AWS endpoint). */
  endpoint?: string;
  /** The Amazon Connect instance id (an id, not a credential). */
  instanceId?: string;
  region?: string;
  /** Anything else worth showing; secret-named keys are dropped. */
  [key: string]: string | undefined;
}

function readVersion(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/** The commit under test: CI's variable when set, else `git rev-parse`, marked when the tree has changes. */
export function gitCommit(cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromCi = env.GITHUB_SHA ?? env.CI_COMMIT_SHA ?? env.GIT_COMMIT ?? env.BUILD_SOURCEVERSION;
  if (fromCi) return fromCi;
  try {
    const run = (args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
    const commit = run(["rev-parse", "HEAD"]);
    const dirty = run(["status", "--porcelain", "--untracked-files=no"]) !== "";
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    // Not a git checkout, or no commit yet: the panel simply has no commit line.
    return undefined;
  }
}

/** Facts with secret-named keys dropped and values scrubbed: what may be shown. */
export function safeFacts(facts: RunFacts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (typeof value !== "string" || value === "" || isSecretKey(key)) continue;
    out[key] = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : redactText(value);
  }
  return out;
}

/**
 * The media type of a cucumber attachment that carries run facts from the World to the
 * formatter (see `reportRunFacts` in attachments.ts); the formatter merges it into the
 * environment instead of attaching it.
 */
export const RUN_FACTS_MEDIA_TYPE = "application/vnd.flowsim.run-facts+json";

const MAX_VALUES = 3;

/**
 * Adds facts learnt during the run. A fact that differs between scenarios (a simulator
 * on a new port each time) lists its distinct values rather than pretending there was one.
 */
export function mergeFacts(info: Record<string, string>, facts: RunFacts, seen: Map<string, string[]>): void {
  for (const [key, value] of Object.entries(safeFacts(facts))) {
    const values = seen.get(key) ?? [];
    if (!values.includes(value)) values.push(value);
    seen.set(key, values);
    info[key] = values.length > MAX_VALUES ? `${values.slice(0, MAX_VALUES).join(", ")}, ... (${values.length} values)` : values.join(", ");
  }
}

/**
 * The facts a run is reported with, taken from `facts` and, where a fact is not given,
 * from the variables the targets read: `FLOWSIM_TARGET`, `FLOWSIM_URL` (a running
 * server), `FLOWSIM_STAGING_INSTANCE_ID`, `FLOWSIM_STAGING_REGION` (else `AWS_REGION`).
 * Versions and the commit are read from `root` (default: this checkout).
 */
export function environmentInfo(options: { root?: string; facts?: RunFacts; env?: NodeJS.ProcessEnv } = {}): Record<string, string> {
  const cwd = options.root ?? PROJECT_ROOT;
  const env = options.env ?? process.env;
  const info = safeFacts({
    target: env.FLOWSIM_TARGET,
    endpoint: env.FLOWSIM_URL,
    instanceId: env.FLOWSIM_STAGING_INSTANCE_ID,
    region: env.FLOWSIM_STAGING_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    ...Object.fromEntries(Object.entries(options.facts ?? {}).filter(([, v]) => v !== undefined)),
  });
  const flowsim = readVersion(join(cwd, "package.json"));
  if (flowsim) info.flowsim = flowsim;
  info.node = process.version;
  info.os = `${process.platform} ${process.arch}`;
  for (const name of REPORTED_PACKAGES) {
    const version = readVersion(join(cwd, "node_modules", name, "package.json"));
    if (version) info[name] = version;
  }
  const commit = gitCommit(cwd, env);
  if (commit) info.commit = commit;
  return info;
}
