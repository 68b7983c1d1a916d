/**
 * Failed or broken: the release gate and the Allure categories tell a product defect
 * (the flow did the wrong thing) from broken infrastructure (the run could not prove
 * anything). The rule, applied by `formatter.ts` to every failed step and hook:
 *
 * - failed: an assertion (`node:assert` `AssertionError`, chai's, Jest's...), the flow
 *   under test was rejected on load/publish (`FlowLoadError`, `InvalidContactFlowException`,
 *   `FlowRefusedError`), or the product refused what the scenario did (`ProductFailure`,
 *   e.g. a message sent into a chat that has ended).
 * - broken: everything else. `InfrastructureError` says so explicitly and carries a kind
 *   the categories sort on; `ScenarioError` is a scenario that names something that does
 *   not exist (a flow, hours, a sentence); unwrapped errors (ECONNREFUSED, credential
 *   errors, a `TypeError` in a step) are broken too, because nothing was shown about the product.
 *
 * So a step that finds a wrong value must use `node:assert` (or `assert.fail`), and code
 * that reaches the target should wrap its calls with `infrastructure()`.
 */

export type InfrastructureKind =
  /** Connection refused/reset, DNS, websocket could not open: the target is not there. */
  | "target-unreachable"
  /** A request to the target or a websocket handshake timed out. */
  | "timeout"
  /** podman/docker/testcontainers could not start or reach the simulator container. */
  | "container"
  /** AWS credentials missing, expired or rejected. */
  | "credentials"
  /** flowsim itself faulted (an engine error, a 500 from the simulator). */
  | "engine"
  /** The target answered but could not serve: throttling, 5xx from AWS. */
  | "target-error"
  /** The harness is misconfigured (a missing instance id, flows not deployed...). */
  | "setup";

export const INFRASTRUCTURE_KINDS: readonly InfrastructureKind[] = [
  "target-unreachable",
  "timeout",
  "container",
  "credentials",
  "engine",
  "target-error",
  "setup",
];

/**
 * Thrown when the run could not reach or drive the target. The kind is written into the
 * message as `[kind]` because Allure categories can only match on the message.
 */
export class InfrastructureError extends Error {
  static {
    // On the prototype (not assigned in the constructor) so the stack header V8 captures
    // at construction already reads "InfrastructureError".
    this.prototype.name = "InfrastructureError";
  }

  constructor(
    readonly kind: InfrastructureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${kind}] ${message}`, options);
  }
}

/**
 * Errors about the product carry no stack: the reader needs what the product said, not
 * the SDK's or the harness's frames (cucumber prints the step's location beside it).
 */
abstract class StacklessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.stack = `${this.name}: ${message}`;
  }
}

/** The product refused what the scenario did, or answered in a way that is itself the verdict. */
export class ProductFailure extends StacklessError {}

/** A flow the target refused on publish, with every problem it listed. */
export class FlowRefusedError extends StacklessError {}

/**
 * The scenario names something the target does not have (a flow, hours, a queue): nothing
 * was shown about the product, and the fix is in the scenario, which the message says.
 */
export class ScenarioError extends StacklessError {}

/** What the formatter knows of a thrown error: cucumber's `exception` (`type` is the constructor name). */
export interface ExceptionInfo {
  type?: string;
  message?: string;
}

// node:assert and chai throw `AssertionError`, Jest `JestAssertionError`, Jasmine `ExpectationFailed`.
const ASSERTION_TYPES = /(AssertionError|ExpectationFailed)$/;
// The flow under test is the product: a flow the validator (or the service) refuses would
// not publish on staging either, so it is a product failure, not infrastructure.
const PRODUCT_REJECTIONS = new Set(["FlowLoadError", "InvalidContactFlowException", "InvalidContactFlowModuleException", "FlowRefusedError", "ProductFailure"]);

/** The Allure status of a failed step or hook. */
export function failureStatus(exception: ExceptionInfo | undefined): "failed" | "broken" {
  const type = exception?.type ?? "";
  if (type === "InfrastructureError") return "broken";
  if (ASSERTION_TYPES.test(type) || PRODUCT_REJECTIONS.has(type)) return "failed";
  // cucumber reports a thrown string as type "Error"; a string is never an assertion.
  return "broken";
}

interface Pattern {
  kind: InfrastructureKind;
  names?: RegExp;
  codes?: RegExp;
  messages?: RegExp;
}

// Order matters: the first pattern that matches names the kind.
const PATTERNS: Pattern[] = [
  {
    kind: "credentials",
    names: /^(CredentialsProviderError|ExpiredToken(Exception)?|UnrecognizedClientException|InvalidSignatureException|InvalidClientTokenId|AccessDeniedException|UnauthorizedException|SignatureDoesNotMatch)$/,
    messages: /Could not load credentials|security token included in the request is (invalid|expired)|Unable to locate credentials|The request signature we calculated does not match/i,
  },
  {
    kind: "container",
    messages: /\b(podman|docker|testcontainers)\b|Could not find a working container runtime/i,
  },
  {
    kind: "timeout",
    names: /^(TimeoutError|RequestTimeout(Exception)?)$/,
    codes: /^(ETIMEDOUT|ESOCKETTIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT|TimeoutError)$/,
    messages: /\bETIMEDOUT\b|\b(connection|socket|request|handshake|opening handshake) (has )?timed out\b/i,
  },
  {
    kind: "target-unreachable",
    codes: /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET)$/,
    messages: /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b|socket hang up|^fetch failed$|Unexpected server response: 5\d\d/i,
  },
  {
    kind: "engine",
    names: /^(EngineError|InternalServiceException|InternalServerError|PebbleEvalError|TemplateError)$/,
  },
  {
    kind: "target-error",
    names: /^(ThrottlingException|TooManyRequestsException|ServiceUnavailableException|ServiceUnavailable|LimitExceededException)$/,
  },
];

function fieldsOf(err: unknown): { name: string; code: string; message: string } {
  if (typeof err !== "object" || err === null) return { name: "", code: "", message: String(err) };
  const e = err as { name?: unknown; code?: unknown; message?: unknown; constructor?: { name?: unknown } };
  const ctor = typeof e.constructor?.name === "string" && e.constructor.name !== "Object" && e.constructor.name !== "Error" ? e.constructor.name : "";
  return {
    name: typeof e.name === "string" && e.name !== "Error" ? e.name : ctor,
    code: typeof e.code === "string" ? e.code : "",
    message: typeof e.message === "string" ? e.message : "",
  };
}

function causesOf(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current !== undefined && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    if (current instanceof AggregateError) chain.push(...current.errors.slice(0, 4));
    current = typeof current === "object" ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

/**
 * Which kind of infrastructure failure an error is (looking through its `cause` chain),
 * or undefined when it is not recognisably one. Assertions are never infrastructure.
 */
export function infrastructureKind(err: unknown): InfrastructureKind | undefined {
  if (err instanceof InfrastructureError) return err.kind;
  const chain = causesOf(err);
  if (chain.some((e) => failureStatus({ type: fieldsOf(e).name }) === "failed")) return undefined;
  for (const p of PATTERNS) {
    for (const e of chain) {
      if (e instanceof InfrastructureError) return e.kind;
      const f = fieldsOf(e);
      if (p.names?.test(f.name) || (f.code && p.codes?.test(f.code)) || (f.message && p.messages?.test(f.message))) return p.kind;
    }
  }
  return undefined;
}

/** The innermost message of a cause chain, for a one-line description. */
function rootMessage(err: unknown): string {
  const chain = causesOf(err);
  const messages = chain.map((e) => fieldsOf(e)).map((f) => (f.code && !f.message.includes(f.code) ? `${f.code} ${f.message}`.trim() : f.message)).filter((m) => m);
  if (messages.length === 0) return String(err);
  const outer = messages[0]!;
  const inner = messages[messages.length - 1]!;
  return outer === inner || outer.includes(inner) ? outer : `${outer} (${inner})`;
}

/** `err` as an InfrastructureError when it is one by kind; undefined otherwise. */
export function asInfrastructureError(err: unknown, doing: string): InfrastructureError | undefined {
  if (err instanceof InfrastructureError) return err;
  const kind = infrastructureKind(err);
  return kind ? new InfrastructureError(kind, `${doing}: ${rootMessage(err)}`, { cause: err }) : undefined;
}

/**
 * Runs `fn` (a call that reaches the target: start a chat, open the websocket, start the
 * container) and rethrows recognised infrastructure failures as InfrastructureError named
 * after what was being done. Anything else (assertions, product errors) passes through.
 */
export async function infrastructure<T>(doing: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asInfrastructureError(err, doing) ?? err;
  }
}
