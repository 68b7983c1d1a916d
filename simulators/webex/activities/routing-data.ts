/** Business Hours and the virtual agents (Dialogflow legacy and CCAI voice): answers come from responders. */
import { ActivityError, mapTemplates, stringProp, textTemplate, type ActivitySpec } from "./types.js";
import { toText } from "../pebble/values.js";

export const businessHours: ActivitySpec = {
  names: ["business-hours"],
  title: "Business Hours",
  ports: () => ["workingHours", "holidays", "override", "default", "error"],
  errorPorts: ["error"],
  outputs: ["WorkingHoursShift_Name", "Holidays_Name", "Overrides_Name", "Status"],
  validate(a, v) {
    const p = a.props;
    if (p.businessHoursRadioGroup === "variableBusinessHours") {
      if (!stringProp(p, "businessHoursVariable")) v.error("variable business hours without businessHoursVariable", "businessHoursVariable");
    } else if (!stringProp(p, "businessHoursId")) v.error("no schedule (businessHoursId is empty)", "businessHoursId");
  },
  async run(ctx) {
    const p = ctx.activity.props;
    const id = p.businessHoursRadioGroup === "variableBusinessHours" ? toText(ctx.read(p.businessHoursVariable as string)) : (p.businessHoursId as string);
    const r = ctx.host.responders.businessHours({ id, at: ctx.host.clock.now(), activity: ctx.activity.name });
    if ("error" in r) throw new ActivityError(r.error);
    ctx.setOutputs({ WorkingHoursShift_Name: r.shiftName ?? "", Holidays_Name: r.holidayName ?? "", Overrides_Name: r.overrideName ?? "", Status: r.port });
    return { port: r.port, detail: r.shiftName ?? r.holidayName ?? r.overrideName };
  },
};

export const virtualAgent: ActivitySpec = {
  names: ["ivr-virtualassistant", "ivr-virtualassistantvoice"],
  title: "Virtual Agent",
  ports: () => ["ENDED", "ESCALATE", "error"],
  errorPorts: ["error"],
  outputs: ["MetaData"],
  templates: (p) => [...mapTemplates(p, "botParameters"), ...textTemplate(p, "eventData")],
  validate(a, v) {
    if (!stringProp(a.props, "connector")) v.error("no virtual agent connector", "connector");
  },
  async run(ctx) {
    const p = ctx.activity.props;
    const parameters =
      p.botParameters && typeof p.botParameters === "object"
        ? Object.fromEntries(Object.keys(p.botParameters as object).filter((k) => ctx.hasTemplate(`botParameters.${k}`)).map((k) => [k, ctx.render(`botParameters.${k}`)]))
        : ctx.hasTemplate("eventData")
          ? ctx.render("eventData")
          : undefined;
    const answer = await ctx.host.responders.virtualAgent({ activity: ctx.activity.name, activityName: ctx.activity.activityName, connector: stringProp(p, "connector"), parameters });
    if ("error" in answer) throw new ActivityError(answer.error);
    if (answer.said?.length) await ctx.host.play(answer.said.map((value) => ({ kind: "tts" as const, value })), { flow: ctx.run.label, activity: ctx.activity.name, signal: ctx.signal });
    if (answer.durationMs) await ctx.sleep(answer.durationMs, `${ctx.activity.name} (virtual agent conversation)`);
    ctx.setOutputs({ MetaData: JSON.stringify(answer.metaData ?? {}) });
    return { port: answer.outcome };
  },
};

export const definitions = [businessHours, virtualAgent];
