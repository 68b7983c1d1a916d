import { test } from "node:test";
import assert from "node:assert/strict";
import { dial, pathOf, said, start, tts, hangUp, T0, type TestActivity } from "../testing.js";

const menu = (props: Record<string, unknown> = {}, to: Record<string, string> = {}): TestActivity => ({
  name: "Main",
  type: "ivr-menu",
  props: { toggle: true, promptsTts: [{ type: "tts", value: "Press 1 for sales, 2 for support." }], menuLinks: ["1", "2"], menuLinks_input: ["Sales", "Support"], entryTimeout: 5, interruptible: true, ...props },
  to: { "1": "Sales", "2": "Support", timeout: "NoInput", invalid: "Wrong", ...to },
});

const menuFlow = (props: Record<string, unknown> = {}) => ({
  main: [start("Main"), menu(props), tts("Sales", "sales, you chose {{ Main.OptionEntered }}", { default: "Bye" }), tts("Support", "support", { default: "Bye" }), tts("NoInput", "no input", { default: "Bye" }), tts("Wrong", "wrong key {{ Main.OptionEntered }}", { default: "Bye" }), hangUp()],
});

test("Menu: the prompt takes time by word count; a key after it picks the port and sets OptionEntered", async () => {
  const { call, clock } = await dial(menuFlow());
  assert.deepEqual(said(call), ["Press 1 for sales, 2 for support."]);
  await call.advance(2_800);
  assert.equal(call.prompts[0].playedMs, 2_800, "7 words at 2.5 words per second");
  assert.equal(call.pressKeys("1"), true);
  await call.whenIdle();
  assert.deepEqual(said(call), ["Press 1 for sales, 2 for support.", "sales, you chose 1"]);
  assert.equal(clock.now() - T0, 2_800);
});

test("Menu: an interruptible prompt stops at the first key; a non-interruptible one ignores keys until it ends", async () => {
  const barge = await dial(menuFlow());
  await barge.call.advance(1_000);
  assert.equal(barge.call.pressKeys("2"), true);
  await barge.call.whenIdle();
  assert.equal(barge.call.prompts[0].interrupted, "key");
  assert.deepEqual(pathOf(barge.call).slice(1, 2), ["Main → 2"]);

  const strict = await dial(menuFlow({ interruptible: false }));
  await strict.call.advance(1_000);
  assert.equal(strict.call.pressKeys("2"), false, "nobody listens while the prompt plays");
  await strict.call.advance(1_800);
  assert.equal(strict.call.prompts.length, 1);
  await strict.call.advance(5_000);
  assert.deepEqual(said(strict.call).slice(1), ["no input"], "the lost key does not count");
});

test("Menu: no key within entryTimeout takes timeout; a key that is not an option takes invalid", async () => {
  const quiet = await dial(menuFlow());
  await quiet.call.advance(2_800 + 4_999);
  assert.equal(quiet.call.prompts.length, 1);
  await quiet.call.advance(1);
  assert.deepEqual(said(quiet.call).slice(1), ["no input"]);

  const wrong = await dial(menuFlow());
  await wrong.call.advance(3_000);
  wrong.call.pressKeys("9");
  await wrong.call.whenIdle();
  assert.deepEqual(said(wrong.call).slice(1), ["wrong key 9"]);
});

test("Menu: looping back to itself stops at the self-loop limit (100) and takes the error path", async () => {
  const { call } = await dial({ main: [start("Main"), menu({ entryTimeout: 1 }, { timeout: "Main", error: "Sorry" }), tts("Sales", "s"), tts("Support", "s"), tts("Wrong", "w"), tts("Sorry", "too many tries", { default: "Bye" }), hangUp()] });
  await call.runUntilIdle();
  assert.equal(call.prompts.filter((p) => p.activity === "Main").length, 101, "the first time plus 100 loops");
  assert.deepEqual(said(call).at(-1), "too many tries");
  const last = pathOf(call).find((p) => p.startsWith("Main → error"));
  assert.ok(last);
  const step = call.trace.findLast((s) => s.kind === "activity" && s.name === "Main");
  assert.ok(step?.kind === "activity" && /self-loop limit reached: Menu "Main" already ran 101 times \(limit: 100 loops\)/.test(step.error ?? ""));
});

test("Play Message: audio files last audioFileMs unless listed; speakingRate speeds up speech", async () => {
  const { call } = await dial(
    {
      main: [
        start("A"),
        { name: "A", type: "play-message", props: { toggle: false, prompts: [{ type: "audioFile", value: "welcome.wav" }, { type: "audioFile", value: "other.wav" }] }, to: { default: "B" } },
        { name: "B", type: "play-message", props: { toggle: true, speakingRate: "2", promptsTts: [{ type: "tts", value: "one two three four five six seven eight nine ten" }] }, to: { default: "Bye" } },
        hangUp(),
      ],
    },
    { policy: { audioDurationsMs: { "welcome.wav": 4_000 } } },
  );
  await call.runUntilIdle();
  assert.deepEqual(call.prompts.map((p) => [p.value, p.at - T0, p.playedMs]), [
    ["welcome.wav", 0, 4_000],
    ["other.wav", 4_000, 30_000],
    ["one two three four five six seven eight nine ten", 34_000, 2_000],
  ]);
});

test("Play Music: a duration plays that long; no duration (or -1) plays until something interrupts the flow", async () => {
  const timed = await dial({ main: [start("M"), { name: "M", type: "play-music", props: { prompt: "jazz.wav", audioRadioGroup: "staticAudio", duration: "45" }, to: { default: "Bye" } }, hangUp()] });
  await timed.call.runUntilIdle();
  assert.deepEqual([timed.call.prompts[0].kind, timed.call.prompts[0].playedMs, (await timed.call.ended).reason], ["music", 45_000, "disconnected by Bye"]);

  const forever = await dial({ main: [start("M"), { name: "M", type: "play-music", props: { prompt: "jazz.wav", audioRadioGroup: "staticAudio", duration: -1 }, to: { default: "M" } }] });
  assert.equal(await forever.call.runUntilIdle(), true, "no timer: the music just plays");
  await forever.clock.advance(3_600_000);
  assert.equal(forever.call.prompts.length, 1);
  await forever.call.hangUp();
  assert.deepEqual([forever.call.prompts[0].interrupted, forever.call.prompts[0].playedMs], ["flow", 3_600_000]);
});
