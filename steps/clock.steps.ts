/** Time: the virtual clock on a simulator (instant), real waiting on staging. */
import { When } from "@cucumber/cucumber";
import type { FlowsimWorld } from "../support/world.js";

const UNIT_MS: Record<string, number> = { second: 1000, seconds: 1000, minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000 };

function ms(amount: number, unit: string): number {
  const per = UNIT_MS[unit];
  if (per === undefined) throw new Error(`unknown time unit "${unit}" (seconds, minutes, hours)`);
  return amount * per;
}

// "more" reads better after an earlier wait ("When 2 more minutes pass").
When("{int} (more ){word} pass(es)", async function (this: FlowsimWorld, amount: number, unit: string) {
  await this.target.advance(ms(amount, unit));
});

When("the customer stays silent for {int} (more ){word}", async function (this: FlowsimWorld, amount: number, unit: string) {
  await this.target.advance(ms(amount, unit));
});

When("agent {string} stays idle for {int} (more ){word}", async function (this: FlowsimWorld, _name: string, amount: number, unit: string) {
  await this.target.advance(ms(amount, unit));
});
