/**
 * FilterLogEvents over an instance's flow logs (runtime/flow-logs.ts), as CloudWatch Logs
 * answers it: events of the log group in time order (streams interleaved), filtered by
 * streams, a time window and a filter pattern, at most `limit` (and 1 MB) a page, the rest
 * behind `nextToken`.
 *
 * Decisions:
 * - Every member CloudWatch Logs documents is read; one flowsim does not implement
 *   (`unmask`) or does not know is an InvalidParameterException naming it.
 * - `interleaved` is accepted and changes nothing: the service has interleaved results
 *   always since 2019 and documents the member as deprecated.
 * - `nextToken` is the position after the last event of the page, for that log group;
 *   a token of another group, or one flowsim did not hand out, is refused.
 */
import { ApiError } from "../http/errors.js";
import { Shape } from "../http/shape.js";
import type { FlowLogs } from "../../runtime/flow-logs.js";
import { FilterPatternError, parseFilterPattern } from "./filter-pattern.js";

export const logsErrors = {
  invalidParameter: (message: string) => new ApiError(400, "InvalidParameterException", message),
  resourceNotFound: (message = "The specified log group does not exist.") => new ApiError(400, "ResourceNotFoundException", message),
};

/** CloudWatch Logs' bounds: a page holds at most 10,000 events and 1 MB. */
export const FILTER_LIMITS = { MAX_EVENTS: 10_000, MAX_PAGE_BYTES: 1024 * 1024, MAX_STREAM_NAMES: 100, MAX_TOKEN_CHARS: 2048 };

const KNOWN = new Set(["logGroupName", "logGroupIdentifier", "logStreamNames", "logStreamNamePrefix", "startTime", "endTime", "filterPattern", "nextToken", "limit", "interleaved", "unmask"]);
const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;

export interface FilterRequest {
  /** The log group as the request names it (name or ARN), resolved to its name. */
  group: string;
  body: Record<string, unknown>;
}

/** The log group a FilterLogEvents request names: `logGroupName` or `logGroupIdentifier` (a name or an ARN), exactly one. */
export function logGroupOf(body: Record<string, unknown>): string {
  const s = new Shape(body, logsErrors.invalidParameter);
  const name = s.string("logGroupName", { min: 1, max: 512, pattern: GROUP_NAME });
  const identifier = s.string("logGroupIdentifier", { min: 1, max: 2048 });
  s.check();
  if (name !== undefined && identifier !== undefined) throw logsErrors.invalidParameter("LogGroupName and LogGroupIdentifier are mutually exclusive parameters.");
  if (name !== undefined) return name;
  if (identifier === undefined) throw logsErrors.invalidParameter("Either LogGroupName or LogGroupIdentifier must be specified.");
  // arn:aws:logs:<region>:<account>:log-group:<name>[:*]
  const arn = /^arn:aws[a-z-]*:logs:[^:]*:[^:]*:log-group:([^:]+)(?::\*)?$/.exec(identifier);
  const group = arn ? arn[1] : identifier;
  if (!GROUP_NAME.test(group)) throw logsErrors.invalidParameter(`The log group identifier is not a log group name or ARN: ${identifier.slice(0, 100)}`);
  return group;
}

export function filterLogEvents(logs: FlowLogs, { group, body }: FilterRequest): Record<string, unknown> {
  for (const key of Object.keys(body)) {
    if (key === "unmask") throw logsErrors.invalidParameter("unmask is not supported by flowsim: flow logs carry no masked data");
    if (!KNOWN.has(key)) throw logsErrors.invalidParameter(`Unknown parameter ${key.slice(0, 100)} in FilterLogEvents`);
  }
  const s = new Shape(body, logsErrors.invalidParameter);
  const streams = s.array("logStreamNames", { min: 1, max: FILTER_LIMITS.MAX_STREAM_NAMES });
  const prefix = s.string("logStreamNamePrefix", { min: 1, max: 512 });
  const startTime = s.number("startTime", { min: 0, integer: true });
  const endTime = s.number("endTime", { min: 0, integer: true });
  const pattern = s.string("filterPattern", { max: 1024 });
  const token = s.string("nextToken", { min: 1, max: FILTER_LIMITS.MAX_TOKEN_CHARS });
  const limit = s.number("limit", { min: 1, max: FILTER_LIMITS.MAX_EVENTS, integer: true }) ?? FILTER_LIMITS.MAX_EVENTS;
  s.boolean("interleaved");
  s.check();
  if (streams?.some((n) => typeof n !== "string" || n.length < 1 || n.length > 512)) throw logsErrors.invalidParameter("Each of logStreamNames must be a string of 1 to 512 characters.");
  if (streams && prefix !== undefined) throw logsErrors.invalidParameter("logStreamNames and logStreamNamePrefix are mutually exclusive parameters.");
  if (startTime !== undefined && endTime !== undefined && endTime < startTime) throw logsErrors.invalidParameter("endTime must not be before startTime.");
  let match;
  try {
    match = parseFilterPattern(pattern);
  } catch (err) {
    if (err instanceof FilterPatternError) throw logsErrors.invalidParameter(`Invalid filter pattern: ${err.message}`);
    throw err;
  }
  const streamSet = streams ? new Set(streams as string[]) : undefined;
  const after = token === undefined ? 0 : positionIn(token, group);

  const events: Record<string, unknown>[] = [];
  let bytes = 0;
  let last = after;
  let more = false;
  for (const r of logs.read(after)) {
    if (streamSet && !streamSet.has(r.logStreamName)) continue;
    if (prefix !== undefined && !r.logStreamName.startsWith(prefix)) continue;
    if ((startTime !== undefined && r.timestamp < startTime) || (endTime !== undefined && r.timestamp > endTime)) continue;
    if (!match(r.message, r.parsed)) continue;
    const size = Buffer.byteLength(r.message) + 26;
    if (events.length >= limit || bytes + size > FILTER_LIMITS.MAX_PAGE_BYTES) {
      more = true;
      break;
    }
    events.push({ logStreamName: r.logStreamName, timestamp: r.timestamp, message: r.message, ingestionTime: r.ingestionTime, eventId: r.eventId });
    bytes += size;
    last = r.seq;
  }
  const searched = streamSet ? [...streamSet] : logs.streams().filter((n) => prefix === undefined || n.startsWith(prefix));
  return {
    events,
    searchedLogStreams: searched.map((logStreamName) => ({ logStreamName, searchedCompletely: !more })),
    ...(more && { nextToken: tokenFor(group, last) }),
  };
}

function tokenFor(group: string, seq: number): string {
  return Buffer.from(JSON.stringify({ g: group, s: seq })).toString("base64url");
}

function positionIn(token: string, group: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const p = parsed as { g?: unknown; s?: unknown } | undefined;
  if (!p || typeof p !== "object" || p.g !== group || !Number.isSafeInteger(p.s) || (p.s as number) < 0) throw logsErrors.invalidParameter("The specified nextToken is invalid.");
  return p.s as number;
}
