/** Small pieces every Connect handler uses: the instance check, timestamps, paging. */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";

/** Connect timestamps are epoch seconds as JSON numbers (an ISO string breaks the SDK). */
export function epochSeconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

/** The simulator has one instance; any other id is not found, as on a real account. */
export function requireInstance(api: ApiContext, instanceId: string | undefined): void {
  const inst = api.runtime.instance;
  if (!instanceId) throw connectErrors.invalidParameter("1 validation error detected: Value null at 'instanceId' failed to satisfy constraint: Member must not be null");
  if (instanceId !== inst.id && instanceId !== inst.arn) throw connectErrors.resourceNotFound(`Instance not found: ${instanceId}`);
}

/** Pages a list with an opaque NextToken (the offset, base64). */
export function page<T>(items: T[], nextToken: string | null | undefined, maxResults: number | undefined, defaultMax = 100): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken) {
    const decoded = Number(Buffer.from(nextToken, "base64url").toString("utf8"));
    if (!Number.isInteger(decoded) || decoded < 0) throw connectErrors.invalidParameter(`Invalid NextToken: ${nextToken}`);
    start = decoded;
  }
  const max = maxResults ?? defaultMax;
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString("base64url") : undefined;
  return { items: slice, nextToken: next };
}

/** Reads an integer query parameter, rejecting junk the way the service does. */
export function queryInt(value: string | null, name: string, min: number, max: number): number | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw connectErrors.invalidParameter(`1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must have value between ${min} and ${max}`);
  return n;
}
