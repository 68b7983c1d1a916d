/**
 * Tags by ARN (TagResource, UntagResource, ListTagsForResource): the instance and every
 * resource of it that carries tags.
 */
import { syncDefinitions } from "./flow-catalog.js";
import { Refusal } from "./refusals.js";
import type { Runtime } from "./runtime.js";

interface Tagged {
  arn: string;
  tags?: Record<string, string>;
}

/** The live tag map of the resource with this ARN. */
export function tagsOf(rt: Runtime, arn: string): Record<string, string> {
  if (arn === rt.instance.arn) return rt.resources.profile.tags;
  syncDefinitions(rt, "flow");
  syncDefinitions(rt, "module");
  const r = rt.resources;
  const stores: { all(): Tagged[] }[] = [r.flowDefinitions, r.moduleDefinitions, r.queues, r.hours, r.routingProfiles, r.users, r.quickConnects, r.taskTemplates];
  for (const store of stores) {
    const found = store.all().find((x) => x.arn === arn);
    if (found) return (found.tags ??= {});
  }
  throw new Refusal("not-found", `No taggable resource has the ARN ${arn}`);
}

export function tagResource(rt: Runtime, arn: string, tags: Record<string, string>, maxTags = 50): void {
  const current = tagsOf(rt, arn);
  const merged = { ...current, ...tags };
  if (Object.keys(merged).length > maxTags) throw new Refusal("invalid", `A resource holds at most ${maxTags} tags; this would make ${Object.keys(merged).length}`);
  Object.assign(current, tags);
}

export function untagResource(rt: Runtime, arn: string, keys: string[]): void {
  const current = tagsOf(rt, arn);
  for (const key of keys) delete current[key];
}
