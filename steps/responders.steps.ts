/** Answers for the systems outside Connect that flows call (simulator only). */
import { Given, type DataTable } from "@cucumber/cucumber";
import { requires } from "../support/capabilities.js";
import type { FlowsimWorld } from "../support/world.js";
import { ListHoursOfOperationsCommand } from "@aws-sdk/client-connect";
import { infrastructure, InfrastructureError, ScenarioError } from "../support/report/errors.js";
import { notFound } from "../support/nearest.js";

function control(world: FlowsimWorld) {
  if (!world.target.control) throw new InfrastructureError("setup", "responders exist only on the simulator (the step must declare what it needs: requires in support/capabilities.ts)");
  return world.target.control;
}

Given(...requires(["programmed answers"], "the Lambda {string} returns:"), async function (this: FlowsimWorld, fn: string, table: DataTable) {
  await control(this).post("/responders/lambda", { function: fn, result: table.rowsHash() });
});

Given(...requires(["programmed answers"], "the Lambda {string} fails with {string}"), async function (this: FlowsimWorld, fn: string, message: string) {
  await control(this).post("/responders/lambda", { function: fn, error: message });
});

Given(...requires(["programmed answers"], "the Lambda {string} takes {int} seconds"), async function (this: FlowsimWorld, fn: string, seconds: number) {
  await control(this).post("/responders/lambda", { function: fn, result: {}, delaySeconds: seconds });
});

Given(...requires(["programmed answers"], "the Lex bot recognises {string} as the intent {string}"), async function (this: FlowsimWorld, utterance: string, intent: string) {
  await control(this).post("/responders/lex", { utterance, intent });
});

Given(...requires(["programmed answers"], "the Lex bot recognises {string} as the intent {string} with the slots:"), async function (this: FlowsimWorld, utterance: string, intent: string, table: DataTable) {
  await control(this).post("/responders/lex", { utterance, intent, slots: table.rowsHash() });
});

/** Open or closed whatever their schedule says; a name the instance lacks stops the scenario with the nearest one. */
Given(...requires(["programmed answers"], "the hours of operation {string} are {word}"), async function (this: FlowsimWorld, hours: string, state: string) {
  if (state !== "open" && state !== "closed") throw new ScenarioError(`hours are open or closed, not "${state}"`);
  try {
    await control(this).post("/responders/hours", { hours, open: state === "open" });
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    const { connect, instanceId } = this.target;
    const listed = await infrastructure("listing the hours of operation", () => connect.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId })));
    const names = (listed.HoursOfOperationSummaryList ?? []).flatMap((h) => (h.Name ? [h.Name] : []));
    throw new ScenarioError(notFound("hours of operation", hours, names, "the instance has"), { cause: err });
  }
});
