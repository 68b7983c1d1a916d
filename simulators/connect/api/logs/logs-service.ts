/**
 * The CloudWatch Logs API subset the simulator serves, so that a client reading an
 * instance's flow logs (the staging target's flow-logs driver) works against a simulator
 * standing in for the service: FilterLogEvents and DescribeLogGroups, on the AWS JSON 1.1
 * protocol (`POST /`, `X-Amz-Target: Logs_20140328.<Operation>`), on the same port as the
 * Connect API. Each instance has one log group, `/aws/connect/<instance alias>`, as Amazon
 * Connect names it.
 *
 * Decisions: the group exists for every instance, as if flow logs were enabled on each
 * (the instance setting is not simulated; a flow still logs only where it turns logging on).
 * Errors are 400s in the protocol's shape (`__type`, `message`); nothing a client sends
 * makes a 5xx.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { ApiError, errorBody } from "../http/errors.js";
import { readBody, sendJson } from "../http/service.js";
import { parseJsonBody } from "../http/json-body.js";
import { parseRequestTarget } from "../http/request-target.js";
import { Shape } from "../http/shape.js";
import type { InstanceRegistry } from "../instance-registry.js";
import type { SimInstance } from "../instance.js";
import type { StrictMode } from "../strict/strict-mode.js";
import { filterLogEvents, logGroupOf, logsErrors } from "./filter-log-events.js";
import { flowLogGroupOf } from "../../runtime/flow-logs.js";

export const LOGS_TARGET_PREFIX = "Logs_20140328.";
const CONTENT_TYPE = "application/x-amz-json-1.1";
/** A FilterLogEvents or DescribeLogGroups request is small; anything bigger is not one. */
const MAX_LOGS_BODY_BYTES = 64 * 1024;


/** Takes `POST /` requests whose X-Amz-Target names CloudWatch Logs; leaves every other request alone. */
export function logsHandler(registry: InstanceRegistry, strict?: StrictMode): (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean> {
  return (req, res) => {
    const header = req.headers["x-amz-target"];
    const target = Array.isArray(header) ? header[0] : header;
    if (req.method !== "POST" || !target?.startsWith(LOGS_TARGET_PREFIX) || parseRequestTarget(req.url)?.pathname !== "/") return false;
    return answer(registry, strict, target.slice(LOGS_TARGET_PREFIX.length), req, res).then(() => true);
  };
}

async function answer(registry: InstanceRegistry, strict: StrictMode | undefined, operation: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const headers = { "content-type": CONTENT_TYPE, "x-amzn-requestid": requestId };
  try {
    // `--strict`: throttled per account before anything is read, as the service's gateway does; only operations served have a bucket.
    if (strict && (operation === "FilterLogEvents" || operation === "DescribeLogGroups")) {
      try {
        strict.throttleLogs(operation);
      } catch (err) {
        req.resume();
        throw err;
      }
    }
    const text = (await readBody(req, MAX_LOGS_BODY_BYTES)).toString("utf8");
    const body = text.trim() === "" ? {} : parseJsonBody(text, "SerializationException");
    const reply = operate(registry, operation, body);
    sendJson(res, 200, reply, headers);
  } catch (err) {
    const e = err instanceof ApiError ? err : new ApiError(500, "ServiceUnavailableException", (err as Error)?.message ?? String(err));
    if (!(err instanceof ApiError)) console.error(`flowsim: CloudWatch Logs ${operation.slice(0, 60)} failed:`, err);
    // The JSON 1.1 clients read the error's name from `__type` (errorBody sets it) or this header.
    sendJson(res, e.status, errorBody(e), headers, { "x-amzn-errortype": e.errorType });
  }
}

function operate(registry: InstanceRegistry, operation: string, body: Record<string, unknown>): Record<string, unknown> {
  switch (operation) {
    case "FilterLogEvents": {
      const group = logGroupOf(body);
      const instance = instanceOf(registry, group);
      if (!instance) throw logsErrors.resourceNotFound();
      const { logGroupName: _n, logGroupIdentifier: _i, ...rest } = body;
      return filterLogEvents(instance.runtime.flowLogs, { group, body: rest });
    }
    case "DescribeLogGroups":
      return describeLogGroups(registry, body);
    default:
      throw new ApiError(400, "UnknownOperationException", `flowsim serves FilterLogEvents and DescribeLogGroups of CloudWatch Logs, not ${operation.slice(0, 100)}`);
  }
}

function instanceOf(registry: InstanceRegistry, group: string): SimInstance | undefined {
  return registry.list().find((i) => flowLogGroupOf(i.runtime.resources.profile.alias) === group);
}

/** DescribeLogGroups with `logGroupNamePrefix` and `limit` (1–50); every group fits one page, so there is never a nextToken. */
function describeLogGroups(registry: InstanceRegistry, body: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(body)) {
    if (key !== "logGroupNamePrefix" && key !== "limit") throw logsErrors.invalidParameter(`${key.slice(0, 100)} is not supported by flowsim's DescribeLogGroups (logGroupNamePrefix and limit are)`);
  }
  const s = new Shape(body, logsErrors.invalidParameter);
  const prefix = s.string("logGroupNamePrefix", { min: 1, max: 512 });
  const limit = s.number("limit", { min: 1, max: 50, integer: true }) ?? 50;
  s.check();
  const groups = registry
    .list()
    .map((i) => ({ instance: i, name: flowLogGroupOf(i.runtime.resources.profile.alias) }))
    .filter((g) => prefix === undefined || g.name.startsWith(prefix))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (groups.length > limit) throw logsErrors.invalidParameter(`More than ${limit} log groups match; flowsim does not page DescribeLogGroups: narrow logGroupNamePrefix`);
  return {
    logGroups: groups.map(({ instance, name }) => {
      const { region, accountId } = instance.runtime.instance;
      const arn = `arn:aws:logs:${region}:${accountId}:log-group:${name}`;
      return { logGroupName: name, creationTime: instance.runtime.resources.profile.createdTime, arn: `${arn}:*`, logGroupArn: arn, storedBytes: 0, metricFilterCount: 0, logGroupClass: "STANDARD" };
    }),
  };
}
