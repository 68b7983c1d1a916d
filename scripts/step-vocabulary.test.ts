import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { END, START, markdown, vocabulary } from "./step-vocabulary.js";

test("every step is used by a feature, and the README's step vocabulary is current", async () => {
  const entries = await vocabulary();
  const unused = entries.filter((e) => !e.example).map((e) => `${e.keyword} ${e.pattern} (${e.file})`);
  assert.deepEqual(unused, [], "steps no feature uses are dead code: use them in a scenario or delete them");
  const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
  assert.equal(section, markdown(entries), "README.md is out of date: run node --import tsx scripts/step-vocabulary.ts --write");
});
