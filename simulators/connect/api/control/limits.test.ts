import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSimulator, type SimulatorHandle } from "../server.js";
import { controlCall, controlOk, virtualClock } from "../testing.js";

let sim: SimulatorHandle;

before(async () => {
  sim = await startSimulator({ port: 0 });
});

after(async () => {
  await sim.close();
});

async function stillAnswers(): Promise<void> {
  assert.equal((await fetch(`${sim.endpoint}/_flowsim/health`)).status, 200);
  const clock = await controlOk(sim, "GET", "/clock");
  assert.match(clock.now, /^\d{4}-/);
}

test("numbers past what the simulator can represent are 400s, and the server answers as before", async () => {
  const started = virtualClock(sim).now();
  const cases: [string, string, unknown, RegExp][] = [
    ["POST", "/clock/advance", { ms: 1e300 }, /'ms' failed to satisfy constraint: Member must have value less than or equal to 31622400000/],
    ["POST", "/clock/advance", { minutes: 1e300 }, /'minutes'/],
    ["POST", "/clock/advance", { to: "+275760-09-13T00:00:00.000Z" }, /an advance is at most 31622400000 ms/],
    ["POST", "/clock/advance", { to: "2001-01-01T00:00:00Z" }, /cannot move the clock back/],
    ["POST", "/clock/run-until-idle", { limitSeconds: 1e300 }, /'limitSeconds'/],
    ["POST", "/webex/clock/advance", { seconds: 1e308 }, /'seconds'/],
    ["PUT", "/routing", { offerTimeoutSeconds: 1e308 }, /at most 86400/],
    ["PUT", "/routing", { offerTimeoutSeconds: { CHAT: 1e308 } }, /CHAT .* at most 86400/],
    ["POST", "/responders/lambda", { function: "slow", result: {}, delaySeconds: 1e308 }, /'delaySeconds'/],
    ["POST", "/responders/phone-transfer", { phoneNumber: "*", outcome: "completed", durationSeconds: 1e308 }, /'durationSeconds'/],
  ];
  for (const [method, path, body, message] of cases) {
    const res = await controlCall(sim, method, path, body);
    assert.deepEqual([res.status, res.body.message.match(message) !== null], [400, true], `${method} ${path} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
    await stillAnswers();
  }
  assert.equal(virtualClock(sim).now(), started, "no refused move moved the clock");
  assert.deepEqual((await controlOk(sim, "GET", "/routing")).offerTimeoutSeconds, { VOICE: 20, CHAT: 20, TASK: 20, EMAIL: 20 });
});

test("the Connect and the Webex clock routes advancing at once take turns on the one clock: every move succeeds", async () => {
  const started = virtualClock(sim).now();
  const moves = Array.from({ length: 6 }, (_, i) => controlCall(sim, "POST", i % 2 ? "/webex/clock/advance" : "/clock/advance", { minutes: 1 }));
  const answers = await Promise.all(moves);
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200, 200], JSON.stringify(answers.map((a) => a.body)));
  assert.equal(virtualClock(sim).now(), started + 6 * 60_000);
});
