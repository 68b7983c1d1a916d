/**
 * The Lambda functions an instance may invoke: AssociateLambdaFunction,
 * DisassociateLambdaFunction, ListLambdaFunctions. The simulator invokes no Lambda (flows get
 * the answers programmed for them), so the list is bookkeeping a deployment pipeline writes
 * and `flowsim pull` reads to map function names to ARNs.
 *
 * Decisions where the service is silent: an ARN associated twice is kept once (the call
 * succeeds); disassociating one that is not associated is ResourceNotFoundException.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { page, queryInt, requireInstance } from "./common.js";

// arn:aws:lambda:<region>:<account>:function:<name>[:<alias or version>], as the API's pattern allows.
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9_-]{1,64}(:(\$LATEST|[a-zA-Z0-9_-]+))?$/;
/** The service's limit on functions per instance. */
const MAX_FUNCTIONS = 50;

function functionArn(value: string | undefined, where: string): string {
  if (!value) throw connectErrors.invalidParameter(`1 validation error detected: Value null at '${where}' failed to satisfy constraint: Member must not be null`);
  if (value.length > 140 || !FUNCTION_ARN.test(value)) throw connectErrors.invalidParameter(`1 validation error detected: Value '${value.slice(0, 200)}' at '${where}' failed to satisfy constraint: Member must be a Lambda function ARN`);
  return value;
}

export function lambdaFunctionsRoutes(api: ApiContext): Route[] {
  const associated = () => api.runtime.resources.lambdaFunctions;
  return [
    {
      method: "PUT",
      pattern: "/instance/{InstanceId}/lambda-function",
      operation: "AssociateLambdaFunction",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const arn = shape.string("FunctionArn", { required: true, max: 140 });
        shape.string("ClientToken", { max: 500 });
        shape.check();
        requireInstance(api, req.labels.InstanceId);
        const valid = functionArn(arn, "functionArn");
        if (!associated().has(valid) && associated().size >= MAX_FUNCTIONS) throw connectErrors.quotaExceeded(`An instance may have at most ${MAX_FUNCTIONS} Lambda functions`);
        associated().add(valid);
        return { body: {} };
      },
    },
    {
      method: "DELETE",
      pattern: "/instance/{InstanceId}/lambda-function",
      operation: "DisassociateLambdaFunction",
      handler: (req) => {
        requireInstance(api, req.labels.InstanceId);
        const arn = functionArn(req.query.get("functionArn") ?? undefined, "functionArn");
        if (!associated().delete(arn)) throw connectErrors.resourceNotFound(`The Lambda function ${arn} is not associated with the instance`);
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/instance/{InstanceId}/lambda-functions",
      operation: "ListLambdaFunctions",
      handler: (req) => {
        requireInstance(api, req.labels.InstanceId);
        const max = queryInt(req.query.get("maxResults"), "maxResults", 1, 25);
        const { items, nextToken } = page([...associated()], req.query.get("nextToken"), max, 25);
        return { body: { LambdaFunctions: items, NextToken: nextToken } };
      },
    },
  ];
}
