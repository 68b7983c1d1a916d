/**
 * | Method | Path | Body | Answer |
 * |---|---|---|---|
 * | GET | /_flowsim/clock | | `{kind, now, nowMs, pending:[{dueAt, label}]}` |
 * | POST | /_flowsim/clock/advance | `{seconds}` or `{minutes}` or `{ms}` or `{to: ISO time}` | `{now, fired:[{dueAt,label}]}` |
 * | POST | /_flowsim/clock/run-until-idle | `{limitSeconds?}` (default 7 days) | `{now, fired, idle}` |
 *
 * One move goes at most 366 days ahead, never past the end of year 9999, and fires at most
 * 100,000 timers (then it stops where it got to); beyond that the answer is 400. Moves from
 * several clients (this route and the Webex one share the clock) run one after another.
 */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { VirtualClock, isoTime } from "../../../kernel/clock.js";
import { MAX_ADVANCE_MS } from "../../../kernel/clock-limits.js";
import { controlError } from "./errors.js";
import { advanceMs, movingTheClock } from "./durations.js";

function virtual(api: ApiContext): VirtualClock {
  const clock = api.runtime.clock;
  if (!(clock instanceof VirtualClock)) throw controlError.conflict("the simulator runs on the real clock: time cannot be moved (start it with --clock virtual)");
  return clock;
}

const timers = (list: { dueAt: number; label: string }[]) => list.map((t) => ({ dueAt: isoTime(t.dueAt), label: t.label }));

export function clockRoutes(api: ApiContext): Route[] {
  return [
    {
      method: "GET",
      pattern: "/_flowsim/clock",
      operation: "GetClock",
      handler: () => {
        const clock = api.runtime.clock;
        return { body: { kind: clock.kind, now: isoTime(clock.now()), nowMs: clock.now(), pending: clock instanceof VirtualClock ? timers(clock.pending()) : [] } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/clock/advance",
      operation: "AdvanceClock",
      handler: async (req) => {
        const clock = virtual(api);
        const v = new Shape(req.body, controlError.badRequest);
        const ms = advanceMs(v);
        const to = v.string("to");
        v.check();
        if ((ms === undefined) === (to === undefined)) throw controlError.badRequest("give exactly one of ms, seconds, minutes or to");
        let target: number | undefined;
        if (to !== undefined) {
          target = Date.parse(to);
          if (Number.isNaN(target)) throw controlError.badRequest(`"to" is not a date-time: ${to}`);
        }
        const result = await movingTheClock(() => (target === undefined ? clock.advance(ms!) : clock.advanceTo(target)));
        return { body: { now: isoTime(result.now), fired: timers(result.fired) } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/clock/run-until-idle",
      operation: "RunUntilIdle",
      handler: async (req) => {
        const clock = virtual(api);
        const v = new Shape(req.body, controlError.badRequest);
        const limit = v.number("limitSeconds", { min: 0, max: MAX_ADVANCE_MS / 1000 });
        v.check();
        const result = await movingTheClock(() => clock.runUntilIdle(limit === undefined ? undefined : limit * 1000));
        return { body: { now: isoTime(result.now), fired: timers(result.fired), idle: result.idle } };
      },
    },
  ];
}
