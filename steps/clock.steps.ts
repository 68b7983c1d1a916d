/** Time: the virtual clock on a simulator (instant), real waiting on staging. */
import { When } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import { waitNeeds } from "../support/capabilities-rules.js";
import type { FlowsimWorld } from "../support/world.js";

import { ms } from "../support/durations.js";

// "more" reads better after an earlier wait ("When 2 more minutes pass").
When(...requires(waitNeeds, "{int} (more ){word} pass(es)"), async function (this: FlowsimWorld, amount: number, unit: string) {
  await this.target.advance(ms(amount, unit));
});

When(...requires(waitNeeds, "the customer stays silent for {int} (more ){word}"), async function (this: FlowsimWorld, amount: number, unit: string) {
  await this.target.advance(ms(amount, unit));
});

When(...requires((args) => ["chat agent", ...waitNeeds(args)], "agent {string} stays idle for {int} (more ){word}"), async function (this: FlowsimWorld, _name: string, amount: number, unit: string) {
  await this.target.advance(ms(amount, unit));
});
