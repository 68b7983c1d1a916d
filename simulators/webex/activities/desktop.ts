/** What reaches the agent desktop: Screen Pop, and Start Media Stream (real-time media for integrations). */
import { ActivityError, mapTemplates, textTemplate, type ActivitySpec } from "./types.js";
import { isFailure } from "../runtime/responders.js";

const TARGETS = ["sameBrowserTab", "newBrowserTab", "insideDesktop"];

export const screenPop: ActivitySpec = {
  names: ["screen-pop"],
  title: "Screen Pop",
  ports: () => ["default"],
  errorPorts: [],
  templates: (p) => [...textTemplate(p, "screenPopUrl"), ...mapTemplates(p, "queryParameters")],
  validate(a, v) {
    if (typeof a.props.screenPopUrl !== "string" || a.props.screenPopUrl === "") v.error("no screenPopUrl", "screenPopUrl");
    const t = a.props.target;
    if (t !== undefined && t !== null && !TARGETS.includes(t as string)) v.warning(`target "${String(t)}" is not one of ${TARGETS.join(", ")}`, "target");
  },
  async run(ctx) {
    const p = ctx.activity.props;
    const baseUrl = ctx.render("screenPopUrl");
    const queryParameters = Object.fromEntries(Object.keys((p.queryParameters as Record<string, unknown>) ?? {}).filter((k) => ctx.hasTemplate(`queryParameters.${k}`)).map((k) => [k, ctx.render(`queryParameters.${k}`)]));
    const query = Object.entries(queryParameters).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
    const url = !query ? baseUrl : baseUrl.includes("?") ? `${baseUrl}${baseUrl.endsWith("?") || baseUrl.endsWith("&") ? "" : "&"}${query}` : `${baseUrl}?${query}`;
    ctx.host.recordScreenPop({
      flow: ctx.run.label,
      activity: ctx.activity.name,
      at: ctx.host.clock.now(),
      url,
      baseUrl,
      queryParameters,
      label: typeof p.screenPopDesktopLabel === "string" ? p.screenPopDesktopLabel : undefined,
      target: typeof p.target === "string" ? p.target : undefined,
      agentId: ctx.host.agentId,
    });
    return { port: "default", detail: url };
  },
};

export const startMediaStream: ActivitySpec = {
  names: ["start-media-stream"],
  title: "Start Media Stream",
  ports: () => ["default", "failure"],
  errorPorts: ["failure"],
  async run(ctx) {
    const answer = ctx.host.responders.mediaStream({ activity: ctx.activity.name });
    if (isFailure(answer)) throw new ActivityError(answer.description, "failure");
    ctx.host.recordMediaStream({ flow: ctx.run.label, activity: ctx.activity.name, at: ctx.host.clock.now() });
    return { port: "default" };
  },
};

export const definitions = [screenPop, startMediaStream];
