/** Contact tags: add (TagContact) and remove (UntagContact), all or nothing. */
import type { ActionDefinition } from "../action.js";
import { findReferences } from "../jsonpath.js";
import { isObject } from "./util.js";

/** "You can create up to 6 user-defined tags" */
export const MAX_USER_TAGS = 6;
const MAX_KEY = 128;
const MAX_VALUE = 256;
const isSystemKey = (key: string) => key.toLowerCase().startsWith("aws:");
const isStatic = (s: string) => findReferences(s).length === 0;

export const tagContact: ActionDefinition = {
  type: "TagContact",
  family: "contact",
  params: { Tags: { dynamism: "static", kind: "map", required: true, values: { dynamism: "any", kind: "string" } } },
  // The page lists no errors; the console writes NoMatchingError and the service requires it.
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  validate(action, v) {
    const tags = action.Parameters.Tags;
    if (!isObject(tags)) return;
    const at = `${v.path}.Parameters.Tags`;
    const keys = Object.keys(tags);
    if (keys.length === 0) v.problems.error(at, `Invalid Action property value. Path: ${at} (at least one tag is needed)`, action);
    if (keys.length > MAX_USER_TAGS) v.problems.error(at, `More than ${MAX_USER_TAGS} tags in Parameters.Tags (${keys.length} given)`, action);
    for (const key of keys) {
      if (!isStatic(key)) continue;
      if (isSystemKey(key)) v.problems.error(`${at}.${key}`, `Invalid Action property value. Path: ${at}.${key} (tags prefixed with "aws:" are system tags and cannot be changed)`, action);
      else if (key.length > MAX_KEY) v.problems.error(`${at}.${key}`, `Invalid Action property value. Path: ${at}.${key} (tag keys are at most ${MAX_KEY} characters)`, action);
      const value = tags[key];
      if (typeof value === "string" && isStatic(value) && value.length > MAX_VALUE) v.problems.error(`${at}.${key}`, `Invalid Action property value. Path: ${at}.${key} (tag values are at most ${MAX_VALUE} characters)`, action);
    }
  },
  async run(ctx) {
    const c = ctx.contact;
    const resolved: [string, string][] = [];
    for (const [rawKey, rawValue] of Object.entries(ctx.params.Tags as Record<string, unknown>)) {
      const key = ctx.text(rawKey) ?? "";
      const value = ctx.text(rawValue) ?? "";
      if (key === "" || key.length > MAX_KEY) return { kind: "error", errorType: "NoMatchingError", detail: `tag key ${JSON.stringify(key)} must have 1 to ${MAX_KEY} characters; no tag was set` };
      if (isSystemKey(key)) return { kind: "error", errorType: "NoMatchingError", detail: `tag ${key} is a system tag and cannot be changed; no tag was set` };
      if (value.length > MAX_VALUE) return { kind: "error", errorType: "NoMatchingError", detail: `the value of tag ${key} has ${value.length} characters, over ${MAX_VALUE}; no tag was set` };
      resolved.push([key, value]);
    }
    const userKeys = new Set(Object.keys(c.tags).filter((k) => !isSystemKey(k)));
    for (const [key] of resolved) userKeys.add(key);
    if (userKeys.size > MAX_USER_TAGS) return { kind: "error", errorType: "NoMatchingError", detail: `the contact would have ${userKeys.size} user-defined tags, over ${MAX_USER_TAGS}; no tag was set` };
    for (const [key, value] of resolved) {
      ctx.changed("Tags", key, c.tags[key], value);
      c.tags[key] = value;
    }
    return { kind: "next" };
  },
};

export const untagContact: ActionDefinition = {
  type: "UntagContact",
  // The docs page spells it UnTagContact; the service accepts UntagContact.
  aliases: ["UnTagContact"],
  family: "contact",
  params: { TagKeys: { dynamism: "static", kind: "array", required: true, items: { dynamism: "static", kind: "string" } } },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  validate(action, v) {
    const keys = action.Parameters.TagKeys;
    if (!Array.isArray(keys)) return;
    const at = `${v.path}.Parameters.TagKeys`;
    if (keys.length === 0) v.problems.error(at, `Invalid Action property value. Path: ${at} (at least one tag key is needed)`, action);
    keys.forEach((k, i) => {
      if (typeof k !== "string") return;
      if (k === "") v.problems.error(`${at}[${i}]`, `Invalid Action property value. Path: ${at}[${i}] (an empty tag key)`, action);
      if (isSystemKey(k)) v.problems.error(`${at}[${i}]`, `Invalid Action property value. Path: ${at}[${i}] (system tags prefixed with "aws:" cannot be removed)`, action);
    });
  },
  async run(ctx) {
    const c = ctx.contact;
    for (const key of ctx.params.TagKeys as string[]) {
      if (!(key in c.tags)) continue;
      ctx.changed("Tags", key, c.tags[key], undefined);
      delete c.tags[key];
    }
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [tagContact, untagContact];
