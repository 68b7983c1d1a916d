/**
 * The run's facts for Allure's Environment panel (`environment.properties`): which target,
 * which endpoint or instance, which versions. Never credentials: keys that name a secret
 * are dropped and values are scrubbed (see redact.ts).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isSecretKey, redactText, redactUrl } from "./redact.js";

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

/**
 * The facts a run is reported with, taken from `facts` and, where a fact is not given,
 * from the `FLOWSIM_TARGET`, `FLOWSIM_ENDPOINT`, `FLOWSIM_INSTANCE_ID` and `AWS_REGION`
 * variables.
 */
export function environmentInfo(options: { cwd?: string; facts?: RunFacts; env?: NodeJS.ProcessEnv } = {}): Record<string, string> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const facts: RunFacts = {
    target: env.FLOWSIM_TARGET,
    endpoint: env.FLOWSIM_ENDPOINT,
    instanceId: env.FLOWSIM_INSTANCE_ID,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
    ...Object.fromEntries(Object.entries(options.facts ?? {}).filter(([, v]) => v !== undefined)),
  };
  const info: Record<string, string> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (value === undefined || value === "" || isSecretKey(key)) continue;
    info[key] = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : redactText(value);
  }
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
