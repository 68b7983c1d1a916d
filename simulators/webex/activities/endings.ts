/**
 * Activities that end the flow's hold on the call: End Flow (the flow stops, the call
 * stays), Disconnect Contact, Blind/Bridged Transfer, and Go To (hand-off).
 */
import { ActivityError, numberProp, stringProp, textTemplate, type ActivityContext, type ActivitySpec } from "./types.js";
import { isFailure } from "../runtime/responders.js";
import type { TransferRecord } from "../runtime/host.js";

/** Notes a transfer the activity made (or tried) for the call's record. */
function recordTransfer(ctx: ActivityContext, kind: TransferRecord["kind"], destination: string, outcome: TransferRecord["outcome"]): void {
  ctx.host.recordTransfer({ activity: ctx.activity.name, at: ctx.host.clock.now(), kind, destination, outcome });
}

/** What Blind and Bridged Transfer share: a number to dial (transfertodn) and a failure port with its outputs. */
const TRANSFER_TO_NUMBER = {
  ports: () => ["failure"],
  errorPorts: ["failure"],
  outputs: ["FailureCode", "FailureDescription"],
  templates: (p: Record<string, unknown>) => textTemplate(p, "transfertodn"),
} satisfies Partial<ActivitySpec>;

export const endFlow: ActivitySpec = {
  names: ["end"],
  title: "End Flow",
  ports: () => [],
  errorPorts: [],
  async run() {
    return { end: "end-flow" };
  },
};

export const disconnect: ActivitySpec = {
  names: ["disconnect-contact"],
  title: "Disconnect Contact",
  ports: () => [],
  errorPorts: [],
  async run() {
    return { end: "disconnect" };
  },
};

export const blindTransfer: ActivitySpec = {
  names: ["blind-transfer"],
  title: "Blind Transfer",
  ...TRANSFER_TO_NUMBER,
  validate(a, v) {
    if (!stringProp(a.props, "transfertodn")) v.error("no destination number (transfertodn is empty)", "transfertodn");
  },
  async run(ctx) {
    const dn = ctx.render("transfertodn");
    const answer = ctx.host.responders.blindTransfer({ dn, activity: ctx.activity.name });
    if (isFailure(answer)) {
      ctx.setOutputs({ FailureCode: answer.failureCode, FailureDescription: answer.description });
      recordTransfer(ctx, "blind", dn, "failed");
      throw new ActivityError(`transfer to ${dn}: ${answer.description}`, "failure");
    }
    recordTransfer(ctx, "blind", dn, "transferred");
    return { end: "transferred", detail: dn };
  },
};

// A bridged call stays up after the flow lets go of it; only a failure comes back to the flow.
export const bridgedTransfer: ActivitySpec = {
  names: ["bridged-transfer"],
  title: "Bridged Transfer",
  ...TRANSFER_TO_NUMBER,
  validate(a, v) {
    if (!stringProp(a.props, "transfertodn")) v.error("no destination number (transfertodn is empty)", "transfertodn");
    const t = numberProp(a.props, "timeout");
    if (t !== undefined && !(t > 0)) v.error(`timeout "${String(a.props.timeout)}" must be a positive number of seconds`, "timeout");
  },
  async run(ctx) {
    const dn = ctx.render("transfertodn");
    const timeoutMs = (numberProp(ctx.activity.props, "timeout") ?? 30) * 1000;
    const answer = ctx.host.responders.bridgedTransfer({ dn, timeoutMs, activity: ctx.activity.name });
    if (!answer.answered) {
      await ctx.sleep(answer.afterMs ?? timeoutMs, `${ctx.activity.name} (ringing ${dn})`);
      ctx.setOutputs({ FailureCode: 1, FailureDescription: answer.reason });
      recordTransfer(ctx, "bridged", dn, "failed");
      throw new ActivityError(`bridged transfer to ${dn}: ${answer.reason}`, "failure");
    }
    recordTransfer(ctx, "bridged", dn, "bridged");
    return { end: "bridged", detail: dn };
  },
};

// No real export of Go To was found; the shape follows the toolkit (activityName "hand-off", property handOffFlow).
export const goTo: ActivitySpec = {
  names: ["hand-off"],
  title: "Go To",
  ports: () => ["error"],
  errorPorts: ["error"],
  outputs: ["FailureCode", "FailureDescription"],
  templates: (p) => textTemplate(p, "handOffFlow"),
  graphs: ["main"],
  validate(a, v) {
    if (!stringProp(a.props, "handOffFlow")) v.error("no destination (handOffFlow is empty)", "handOffFlow");
  },
  async run(ctx) {
    const destination = ctx.render("handOffFlow");
    const answer = ctx.host.responders.goTo({ destination, activity: ctx.activity.name });
    if (answer !== "ok") {
      ctx.setOutputs({ FailureCode: 1, FailureDescription: answer.error });
      throw new ActivityError(answer.error);
    }
    recordTransfer(ctx, "goto", destination, "transferred");
    return { end: "handed-off", detail: destination };
  },
};

export const definitions = [endFlow, disconnect, blindTransfer, bridgedTransfer, goTo];
