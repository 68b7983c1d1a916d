/**
 * What the resource-administration handlers (instances, flows, queues, routing
 * profiles, users, quick connects, task templates) share: turning the runtime's refusals
 * into the exceptions each operation documents, tags, and list replies.
 */
import type { ApiContext } from "../context.js";
import { ApiError, connectErrors } from "../http/errors.js";
import type { Request } from "../http/router.js";
import type { Shape } from "../http/shape.js";
import { FlowContentRefusal, PropertyRefusal, Refusal } from "../../runtime/refusals.js";
import { page, queryInt, requireInstance } from "./common.js";

export interface RefusalMapping {
  /** Operations without InvalidParameterException in their @throws answer rule violations with InvalidRequestException. */
  invalid?: "parameter" | "request";
}

/** Runs a runtime operation; a refusal becomes the operation's documented exception. */
export function admit<T>(fn: () => T, mapping: RefusalMapping = {}): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof Refusal) {
      switch (err.kind) {
        case "not-found":
          throw connectErrors.resourceNotFound(err.message);
        case "duplicate":
          throw connectErrors.duplicate(err.message);
        case "in-use":
          throw connectErrors.invalidRequest(err.message);
        case "invalid":
          throw mapping.invalid === "request" ? connectErrors.invalidRequest(err.message) : connectErrors.invalidParameter(err.message);
      }
    }
    if (err instanceof FlowContentRefusal) {
      const problems = err.problems.map((message) => ({ message }));
      // The two exceptions spell their member differently: `problems` for flows, `Problems` for modules.
      throw err.kind === "module" ? new ApiError(400, "InvalidContactFlowModuleException", "The flow module is not valid.", { Problems: problems }) : connectErrors.invalidContactFlow(problems);
    }
    if (err instanceof PropertyRefusal) {
      throw connectErrors.propertyValidation(
        `${err.properties.length} propert${err.properties.length === 1 ? "y is" : "ies are"} not valid: ${err.message}`,
        err.properties.map((p) => ({ PropertyPath: p.path, Reason: p.reason, Message: p.message })),
      );
    }
    throw err;
  }
}

/** Tag keys as the service allows them: 1-128 characters, not starting with "aws:". */
export const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const MAX_TAGS = 50;

/** Reads a tag map (`Tags` on create requests, `tags` on TagResource) with its limits. */
export function readTags(s: Shape, member: string, opts: { required?: boolean } = {}): Record<string, string> | undefined {
  const tags = s.stringMap(member, { required: opts.required, maxValue: 256, keyPattern: TAG_KEY });
  const count = tags ? Object.keys(tags).length : 0;
  if (tags && count > MAX_TAGS) s.violation(`Value at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must have at most ${MAX_TAGS} entries`);
  if (opts.required && tags && count === 0) s.violation(`Value at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must have at least 1 entry`);
  return tags;
}

/** The instance check every operation starts with. */
export function instanceOf(api: ApiContext, req: Request): void {
  requireInstance(api, req.labels.InstanceId);
}

/** One page of a list, read from the `nextToken` / `maxResults` query. */
export function listPage<T>(req: Request, items: T[], limits: { max: number; default?: number }): { items: T[]; nextToken?: string } {
  const maxResults = queryInt(req.query.get("maxResults"), "maxResults", 1, limits.max);
  const token = req.query.get("nextToken");
  // Only a token this server handed out is accepted; junk would otherwise decode to the first page.
  if (token !== null && Buffer.from(Buffer.from(token, "base64url").toString("utf8")).toString("base64url") !== token) throw connectErrors.invalidParameter(`Invalid NextToken: ${token}`);
  return page(items, token, maxResults, limits.default ?? Math.min(100, limits.max));
}

/** One query value checked against an enum; `member` is the name the service's message gives it. */
export function queryEnum<T extends string>(req: Request, name: string, allowed: readonly T[], member = name): T | null {
  const value = req.query.get(name);
  if (value !== null && !(allowed as readonly string[]).includes(value)) throw connectErrors.invalidParameter(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`);
  return value as T | null;
}

/** Repeated query values checked against an enum (`contactFlowTypes=A&contactFlowTypes=B`). */
export function queryEnums<T extends string>(req: Request, name: string, allowed: readonly T[], max = allowed.length): T[] {
  const values = req.query.getAll(name);
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length) throw connectErrors.invalidParameter(`1 validation error detected: Value '[${values.join(", ")}]' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`);
  if (values.length > max) throw connectErrors.invalidParameter(`1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must have length less than or equal to ${max}`);
  return values as T[];
}
