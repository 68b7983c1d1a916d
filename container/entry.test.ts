// The image runs one esbuild bundle of entry.ts with no node_modules beside it. What works
// under tsx can still break there (a name the bundle's banner declares twice, a module
// loaded in a way esbuild cannot follow), and only the container profile would show it, late
// and only where a container engine runs. So: bundle as the Dockerfile does, start the bundle
// from a folder of its own, and ask it for its health.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..");

/** The Dockerfile's esbuild command, its arguments as the shell would split them. */
function dockerfileBundleArgs(): string[] {
  const dockerfile = readFileSync(join(ROOT, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const run = /^RUN node node_modules\/esbuild\/bin\/esbuild (.+)$/m.exec(dockerfile);
  assert.ok(run, "the Dockerfile bundles the server with esbuild");
  return [...run[1].matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

test("the image's bundle starts on its own and answers its health check", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-bundle-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, "flowsim.mjs");
  const args = dockerfileBundleArgs().map((a) => (a.startsWith("--outfile=") ? `--outfile=${outfile}` : a));
  const built = spawnSync(join(ROOT, "node_modules", ".bin", "esbuild"), ["--log-level=error", ...args], { cwd: ROOT, encoding: "utf8" });
  assert.equal(built.status, 0, built.stderr);

  const server = spawn(process.execPath, [outfile, "serve", "--port", "0"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  t.after(() => server.kill("SIGTERM"));
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bundle did not say where it listens within 20 s:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk;
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    server.stdout.on("data", read);
    server.stderr.on("data", read);
    server.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the bundle exited with ${code} before listening:\n${output}`));
    });
  });
  const health = await fetch(`${url}/_flowsim/health`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { status: string }).status, "ok");
});
