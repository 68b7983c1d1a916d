/** Every activity type the simulator runs, by `properties.activityName`. Anything else is rejected at load time by name. */
import type { Activity } from "../model.js";
import type { ActivitySpec } from "./types.js";
import * as startAndEvents from "./start-and-events.js";
import * as variables from "./variables.js";
import * as http from "./http-request.js";
import * as branching from "./branching.js";
import * as media from "./media.js";
import * as queue from "./queue.js";
import * as desktop from "./desktop.js";
import * as endings from "./endings.js";
import * as routingData from "./routing-data.js";

const ALL: ActivitySpec[] = [startAndEvents, variables, http, branching, media, queue, desktop, endings, routingData].flatMap((m) => m.definitions);

export const ACTIVITIES: ReadonlyMap<string, ActivitySpec> = new Map(ALL.flatMap((s) => s.names.map((n) => [n, s] as const)));

export function activitySpec(activityName: string): ActivitySpec | undefined {
  return ACTIVITIES.get(activityName);
}

/** What a loaded activity does: loading rejects every activity whose name has no spec. */
export function specOf(activity: Activity): ActivitySpec {
  const spec = activitySpec(activity.activityName);
  if (!spec) throw new Error(`activity "${activity.name}" is a "${activity.activityName}", which has no spec: it cannot have come from loadWebexFlow`);
  return spec;
}
