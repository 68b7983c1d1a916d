import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { IndexedHeap } from "./indexed-heap.js";

interface Item {
  key: number;
  id: number;
}

const before = (a: Item, b: Item) => a.key < b.key || (a.key === b.key && a.id < b.id);

test("whatever is pushed, deleted or moved, items come out in order and the rest stay", () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant("push" as const), key: fc.integer({ min: 0, max: 20 }) }),
    fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant("move" as const), pick: fc.nat(), key: fc.integer({ min: 0, max: 20 }) }),
    fc.record({ kind: fc.constant("pop" as const) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
      const heap = new IndexedHeap<Item>(before);
      const model: Item[] = [];
      let id = 0;
      for (const o of ops) {
        if (o.kind === "push") {
          const item = { key: o.key, id: id++ };
          heap.push(item);
          model.push(item);
        } else if (o.kind === "pop") {
          model.sort((a, b) => (before(a, b) ? -1 : 1));
          assert.equal(heap.pop(), model.shift());
        } else if (model.length > 0) {
          const item = model[o.pick % model.length];
          if (o.kind === "delete") {
            assert.equal(heap.delete(item), true);
            model.splice(model.indexOf(item), 1);
            assert.equal(heap.has(item), false);
          } else {
            item.key = o.key;
            heap.update(item);
          }
        }
        assert.equal(heap.size, model.length);
      }
      const sorted = [...model].sort((a, b) => (before(a, b) ? -1 : 1));
      assert.deepEqual(heap.sorted(), sorted);
      assert.deepEqual(Array.from({ length: sorted.length }, () => heap.pop()), sorted);
    }),
    { numRuns: 300 },
  );
});

test("an item is held once: pushing it again is refused, deleting a stranger is false", () => {
  const heap = new IndexedHeap<Item>(before);
  const item = { key: 1, id: 1 };
  heap.push(item);
  assert.throws(() => heap.push(item), /already in the heap/);
  assert.equal(heap.delete({ key: 1, id: 1 }), false);
});

test("ordered() walks the items in the order they would come out, without taking any out", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 100 }), fc.nat(120), (keys, take) => {
      const heap = new IndexedHeap<Item>(before);
      keys.forEach((key, id) => heap.push({ key, id }));
      const walked: Item[] = [];
      for (const item of heap.ordered()) {
        if (walked.length === take) break;
        walked.push(item);
      }
      assert.deepEqual(walked, heap.sorted().slice(0, take));
      assert.equal(heap.size, keys.length);
    }),
  );
});
