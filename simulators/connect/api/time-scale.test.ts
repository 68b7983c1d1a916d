import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateInstanceCommand } from "@aws-sdk/client-connect";
import { startSdkSim } from "./testing.js";
import { ScaledClock } from "../../kernel/scaled-clock.js";

const health = async (endpoint: string, instanceId?: string) => (await (await fetch(`${endpoint}/_flowsim/health${instanceId ? `?instanceId=${instanceId}` : ""}`)).json()) as Record<string, unknown>;

test("a simulator on a scaled real clock reports its scale, and the instances it creates run on the same kind of clock", async () => {
  const fx = await startSdkSim({ clock: "real", timeScale: 60 });
  try {
    assert.ok(fx.sim.runtime.clock instanceof ScaledClock);
    assert.deepEqual([(await health(fx.sim.endpoint)).clock, (await health(fx.sim.endpoint)).timeScale], ["real", 60]);
    const created = await fx.client.send(new CreateInstanceCommand({ IdentityManagementType: "CONNECT_MANAGED", InstanceAlias: "scaled", InboundCallsEnabled: true, OutboundCallsEnabled: false }));
    const clock = fx.sim.instances.get(created.Id!)!.runtime.clock;
    assert.ok(clock instanceof ScaledClock && clock.scale === 60);
    assert.equal((await health(fx.sim.endpoint, created.Id)).timeScale, 60);
  } finally {
    await fx.close();
  }
});

test("health gives a plain real clock the scale 1 and a virtual clock none", async () => {
  for (const [clock, scale] of [["real", 1], ["virtual", undefined]] as const) {
    const fx = await startSdkSim({ clock });
    try {
      assert.equal((await health(fx.sim.endpoint)).timeScale, scale);
    } finally {
      await fx.close();
    }
  }
});
