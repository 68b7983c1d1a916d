/**
 * The Webex side of a scenario — its calls and the Salesforce org — and the evidence the
 * report gets for it: every HTTP exchange the flows made (attached in the step that caused
 * them, and all of them at the end), and per call the path through the flow, the prompts
 * and the screen pops. Imported by `steps/webex.steps.ts`; its After hook is defined after
 * the one in `hooks.ts`, so it runs before that one disposes of the target.
 */
import { After } from "@cucumber/cucumber";
import type { FlowsimWorld } from "./world.js";
import type { ControlPlane } from "./drivers/control.js";
import { SalesforceOrg } from "./drivers/salesforce.js";
import type { WebexCaller } from "./drivers/webex-caller.js";
import { attach, httpAttachments } from "./report/attachments.js";
import { InfrastructureError } from "./report/errors.js";
import { renderWebexTrace } from "./report/webex-trace.js";
import { scenarioState } from "./scenario-state.js";

export interface WebexScenario {
  control: ControlPlane;
  org: SalesforceOrg;
  /** Calls in the order they were made; the last one is "the call". */
  calls: WebexCaller[];
  /** How many exchanges of each call have been attached already. */
  attached: Map<string, number>;
}

const scenarios = scenarioState((world): WebexScenario => {
  const control = world.target.control;
  if (!control) throw new InfrastructureError("setup", "Webex calls and the Salesforce org exist only on the simulator (there is no Webex staging target): the step must declare that it needs the simulator (requires in support/capabilities.ts)");
  return { control, org: new SalesforceOrg(control), calls: [], attached: new Map() };
});

export function webexScenario(world: FlowsimWorld): WebexScenario {
  return scenarios.of(world);
}

/** "The call": the scenario's latest Webex call. */
export function currentCall(world: FlowsimWorld): WebexCaller {
  const call = scenarios.peek(world)?.calls.at(-1);
  if (!call) throw new Error('no Webex call in this scenario yet; add "When a caller from "+1..." calls the Webex entry point "...""');
  return call;
}

/** Attaches the exchanges the call made since the last time (to the step that is running). */
export async function attachNewExchanges(world: FlowsimWorld, call: WebexCaller): Promise<void> {
  const s = webexScenario(world);
  const all = await call.httpExchanges();
  const seen = s.attached.get(call.callId) ?? 0;
  if (all.length <= seen) return;
  s.attached.set(call.callId, all.length);
  await attach(world, httpAttachments(all.slice(seen), "Salesforce requests in this step"));
}

After({ name: "attach the Webex calls and their Salesforce exchanges" }, async function (this: FlowsimWorld) {
  const s = scenarios.peek(this);
  if (!s || !this.target) return;
  for (const [i, call] of s.calls.entries()) {
    const label = s.calls.length > 1 ? ` ${i + 1}` : "";
    try {
      const [view, prompts, screenPops, trace, http] = await Promise.all([call.view(), call.prompts(), call.screenPops(), call.trace(), call.httpExchanges()]);
      await attach(this, [
        { fileName: `webex call${label} - flow path.txt`, mediaType: "text/plain", content: renderWebexTrace(trace) },
        { fileName: `webex call${label}.json`, mediaType: "application/json", content: `${JSON.stringify({ ...view, prompts, screenPops }, null, 2)}\n` },
        ...httpAttachments(http, `webex call${label} - Salesforce HTTP exchanges`),
      ]);
    } catch (err) {
      await this.attach(`The Webex call ${call.callId} could not be read back: ${(err as Error).message}`, { mediaType: "text/plain", fileName: `webex call${label} - evidence missing.txt` });
    }
  }
});
