/** `flowsim serve` as a child process of a script (bench, rehearsal): started, and known by its URL once it listens. */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";

const bin = join(dirname(new URL(import.meta.url).pathname), "..", "bin", "flowsim.mjs");

/** Resolves once the server prints its URL; what it prints later goes to stderr, each line after `label`. */
export async function startServe(args: string[], label: string, env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [bin, "serve", "--port", "0", ...args], { env, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const m = /^flowsim listening on (\S+)/.exec(line);
    if (m) {
      lines.on("line", (l) => console.error(`${label}: ${l}`));
      return { url: m[1], child };
    }
  }
  throw new Error(`${label}: flowsim serve stopped before it listened (exit ${child.exitCode})`);
}
