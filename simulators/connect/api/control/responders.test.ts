import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { controlCall, controlOk, startSdkSim, type SdkSim } from "../testing.js";

let fx: SdkSim;

before(async () => {
  fx = await startSdkSim();
  fx.sim.runtime.addQueue({ name: "Support" });
});

after(async () => {
  await fx.close();
});

test("hours are set by the name of hours of operation, of a queue, or for all", async () => {
  await controlOk(fx.sim, "POST", "/responders/hours", { hours: "Basic Hours", open: false });
  await controlOk(fx.sim, "POST", "/responders/hours", { hours: "Support", open: true });
  await controlOk(fx.sim, "POST", "/responders/hours", { hours: "*", open: true });
});

test("hours that nothing has are refused, naming what there is", async () => {
  const res = await controlCall(fx.sim, "POST", "/responders/hours", { hours: "Basic Hourz", open: false });
  assert.equal(res.status, 404);
  assert.equal(res.body.__type, "ResourceNotFoundException");
  assert.match(res.body.message, /^no hours of operation or queue is named "Basic Hourz" \(hours of operation: "Basic Hours"; queues: .*"Support".*\)$/);
});
