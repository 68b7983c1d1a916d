/**
 * A request body as the handlers may read it: a JSON object, nested no deeper than any
 * Connect or Participant shape goes, without `__proto__` keys. Handlers copy and merge what
 * they are given (attributes, tags, segment attributes); a `__proto__` key would be swallowed
 * by those copies and a deep one would overflow the stack of anything that walks it, so both
 * are refused here, once, with the path that holds them.
 */
import { ApiError } from "./errors.js";

/** Deeper than any shape the APIs take (segment attributes, the deepest, nest a handful of levels). */
export const MAX_JSON_DEPTH = 64;

export function parseJsonBody(text: string, badRequestType: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, badRequestType, `Unable to parse the request body as JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ApiError(400, badRequestType, "The request body must be a JSON object");
  const problem = shapeProblem(parsed);
  if (problem) throw new ApiError(400, badRequestType, problem);
  return parsed as Record<string, unknown>;
}

/** Walks the value without recursion (the depth is what is being checked). */
function shapeProblem(root: object): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: "$", depth: 1 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > MAX_JSON_DEPTH) return `The request body is nested deeper than ${MAX_JSON_DEPTH} levels (at ${path})`;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === "__proto__") return `The key "__proto__" is not allowed (at ${path})`;
      stack.push({ value: (value as Record<string, unknown>)[key], path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}
