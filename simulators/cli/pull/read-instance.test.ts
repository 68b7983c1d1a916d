import { test } from "node:test";
import assert from "node:assert/strict";
import { listAll } from "./read-instance.js";

test("listAll follows NextToken to the last page and keeps every item in order", async () => {
  const pages: Record<string, { Items: number[]; NextToken?: string }> = { first: { Items: [1, 2], NextToken: "b" }, b: { Items: [], NextToken: "c" }, c: { Items: [3] } };
  const asked: (string | undefined)[] = [];
  const items = await listAll(
    async (token) => {
      asked.push(token);
      return pages[token ?? "first"];
    },
    (page) => page.Items,
  );
  assert.deepEqual(items, [1, 2, 3]);
  assert.deepEqual(asked, [undefined, "b", "c"]);
});
