/**
 * | Method | Path | Body | Answer |
 * |---|---|---|---|
 * | GET | /_flowsim/clock | | `{kind, now, nowMs, pending:[{dueAt, label}]}` |
 * | POST | /_flowsim/clock/advance | `{seconds}` or `{minutes}` or `{ms}` or `{to: ISO time}` | `{now, fired:[{dueAt,label}]}` |
 * | POST | /_flowsim/clock/run-until-idle | `{limitSeconds?}` (default 7 days) | `{now, fired, idle}` |
 */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { VirtualClock, isoTime } from "../../../kernel/clock.js";
import { controlError } from "./errors.js";

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
        const ms = v.number("ms", { min: 0 });
        const seconds = v.number("seconds", { min: 0 });
        const minutes = v.number("minutes", { min: 0 });
        const to = v.string("to");
        v.check();
        const given = [ms, seconds, minutes, to].filter((x) => x !== undefined).length;
        if (given !== 1) throw controlError.badRequest("give exactly one of ms, seconds, minutes or to");
        let result;
        if (to !== undefined) {
          const target = Date.parse(to);
          if (Number.isNaN(target)) throw controlError.badRequest(`"to" is not a date-time: ${to}`);
          if (target < clock.now()) throw controlError.badRequest(`cannot move the clock back to ${to} (now ${isoTime(clock.now())})`);
          result = await clock.advanceTo(target);
        } else {
          result = await clock.advance(ms ?? (seconds !== undefined ? seconds * 1000 : minutes! * 60_000));
        }
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
        const limit = v.number("limitSeconds", { min: 0 });
        v.check();
        const result = await clock.runUntilIdle(limit === undefined ? undefined : limit * 1000);
        return { body: { now: isoTime(result.now), fired: timers(result.fired), idle: result.idle } };
      },
    },
  ];
}
