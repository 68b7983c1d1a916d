import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { lint } from "./lint.js";
import { runCommand } from "./command.js";
import { capture } from "./testing.js";
import { hostileDocument } from "../connect/flow/hostile-flows.js";
import { knownTypes } from "../connect/flow/registry.js";
import { FLOW_TYPES } from "../connect/flow/flow-types.js";

const TYPES = knownTypes();

/** What a file of flow exports can hold: a hostile document, broken or truncated JSON, or a Webex-looking shape. */
const fileText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...TYPES).chain((t) => hostileDocument(t, TYPES)).map((doc) => JSON.stringify(doc) ?? "") },
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v).slice(0, -1)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ process: { activities: v, links: v }, eventFlows: v })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ nodes: [v], edges: [v] })),
);

test("flowsim lint reports on any file of flow content and never crashes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "flowsim-lint-hostile-"));
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fileText, { minLength: 1, maxLength: 4 }), fc.option(fc.constantFrom(...FLOW_TYPES), { nil: undefined }), fc.boolean(), async (texts, type, json) => {
        const files = texts.map((text, i) => {
          const file = join(dir, `f${i}.json`);
          writeFileSync(file, text);
          return file;
        });
        const { io, out, err } = capture();
        const code = await runCommand(lint, [...files, ...(type ? ["--type", type] : []), ...(json ? ["--json"] : [])], io);
        assert.ok(code === 0 || code === 1, `exit code ${code}: ${err.join("\n")}`);
        assert.deepEqual(err, []);
        if (json) assert.equal((JSON.parse(out.join("\n")) as unknown[]).length, files.length);
        else assert.match(out.at(-1) ?? "", new RegExp(`^${files.length} files?: `));
      }),
      { numRuns: 60 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
