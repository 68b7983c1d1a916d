import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime } from "./runtime.js";
import { DEFAULT_FLOWS, DEFAULT_NAMES, installInstanceDefaults, stableId } from "./instance-defaults.js";
import { loadFlowText } from "../flow/load.js";
import { isOpenAt } from "./hours.js";

test("a new instance holds Basic Hours (24/7), BasicQueue and the Basic Routing Profile", () => {
  const rt = new Runtime();
  installInstanceDefaults(rt);
  const hours = rt.resources.hours.find(DEFAULT_NAMES.hours)!;
  assert.equal(hours.config.length, 7);
  for (const at of ["2026-01-04T03:00:00Z", "2026-01-07T23:59:59Z", "2026-01-10T12:00:00Z"]) assert.equal(isOpenAt(hours, Date.parse(at)), true, `open at ${at}`);
  const queue = rt.findQueue(DEFAULT_NAMES.queue)!;
  assert.equal(rt.queueHours(queue)?.id, hours.id);
  const profile = rt.resources.routingProfiles.find(DEFAULT_NAMES.routingProfile)!;
  assert.equal(profile.defaultOutboundQueueId, queue.id);
  assert.deepEqual(profile.queues.map((q) => q.channel), ["VOICE", "CHAT", "TASK"]);
  assert.deepEqual(rt.resources.securityProfiles.all().map((p) => p.name), [...DEFAULT_NAMES.securityProfiles]);
});

test("every default flow publishes cleanly as its type", () => {
  const rt = new Runtime();
  installInstanceDefaults(rt);
  for (const def of DEFAULT_FLOWS) {
    const loaded = loadFlowText(def.content, def.name, { flowType: def.type });
    assert.deepEqual(loaded.problems, [], `${def.name} should load without problems`);
    const published = rt.findFlow(def.name, "flow");
    assert.equal(published?.flowType, def.type, def.name);
  }
});

test("defaults take fixed ids, so the seeded ids of a scenario do not move", () => {
  const plain = new Runtime({ seed: 7 });
  const withDefaults = new Runtime({ seed: 7 });
  installInstanceDefaults(withDefaults);
  assert.equal(withDefaults.ids.uuid(), plain.ids.uuid());
  const again = new Runtime({ seed: 99 });
  installInstanceDefaults(again);
  assert.equal(again.findQueue("BasicQueue")?.id, withDefaults.findQueue("BasicQueue")?.id, "same instance, same default ids");
  assert.equal(withDefaults.findQueue("BasicQueue")?.id, stableId(withDefaults.instance.id, "queue", "BasicQueue"));
  const elsewhere = new Runtime({ instance: { id: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee" } });
  installInstanceDefaults(elsewhere);
  assert.notEqual(elsewhere.findQueue("BasicQueue")?.id, withDefaults.findQueue("BasicQueue")?.id, "another instance, other ids");
});
