/**
 * The HTTP side of the simulator: CORS, bounded bodies, JSON parsing, routing to the
 * Connect, Participant and control-plane handlers, and AWS-shaped errors. Whatever a
 * client sends, the answer is a 4xx or a 200 — never a crash, and a 5xx only for a
 * flowsim bug (logged).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { ApiError, errorBody } from "./errors.js";
import { Router, runRawHandlers, type RawHandler, type Reply, type Request } from "./router.js";
import { parseJsonBody } from "./json-body.js";
import { parseRequestTarget } from "./request-target.js";

/** Larger than any valid request (flow content is capped at 256,000 characters). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface ServiceDefinition {
  name: string;
  /** Paths this service answers, by prefix. */
  matches(path: string): boolean;
  /** Finds the operation (every instance has the same routes, so any instance's router finds it). */
  router: Router;
  /** The router whose handler serves the request: that of the instance the request belongs to. */
  pick?(request: Request, operation: string): Router;
  /**
   * Pages in a browser may call it from another origin. Only the Participant API: ChatJS
   * runs in customers' pages. Never the control plane, which would let any page open in a
   * developer's browser drive a simulator on 127.0.0.1.
   */
  crossOrigin?: boolean;
  /** Error type for malformed JSON in this service's dialect. */
  badRequestType: string;
  /** 500 error type in this service's dialect. */
  internalErrorType: string;
}

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
  "access-control-expose-headers": "x-amzn-errortype,x-amzn-requestid,date",
  "access-control-max-age": "600",
};

/** Answers with a JSON body; `headers` and then `more` add to (or replace) the JSON headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers?: Readonly<Record<string, string>>, more?: Readonly<Record<string, string>>): void {
  if (res.headersSent) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  // Built by assignment rather than by spreading: every answer of the server comes through here.
  const all: Record<string, string> = text ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) } : { "content-length": "0" };
  for (const extra of [headers, more]) if (extra) for (const name in extra) all[name] = extra[name];
  res.writeHead(status, all);
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError, requestId: string, cors: boolean): void {
  sendJson(res, err.status, errorBody(err), { ...(cors ? CORS_HEADERS : {}), "x-amzn-errortype": err.errorType, "x-amzn-requestid": requestId });
}

/** Reads the whole body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new ApiError(413, "RequestEntityTooLargeException", `The request body is larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => !failed && resolve(Buffer.concat(chunks)));
    req.on("error", (err) => !failed && reject(err));
  });
}

export class HttpServices {
  private services: ServiceDefinition[] = [];
  private raw: RawHandler[] = [];
  private crossOriginRaw: ((path: string) => boolean)[] = [];

  addService(service: ServiceDefinition): this {
    this.services.push(service);
    return this;
  }

  /**
   * Handlers that take a request before the AWS services (mock S3 uploads, Salesforce, health).
   * `crossOrigin` names the paths a browser may reach from a page (chat attachments, which
   * ChatJS uploads and downloads): their preflights get the CORS grant.
   */
  addRawHandler(handler: RawHandler, crossOrigin?: (path: string) => boolean): this {
    this.raw.push(handler);
    if (crossOrigin) this.crossOriginRaw.push(crossOrigin);
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    let cors = false;
    try {
      const target = parseRequestTarget(req.url);
      if (!target) throw new ApiError(400, "BadRequestException", `The request target is not a path: ${JSON.stringify((req.url ?? "").slice(0, 200))}`);
      const service = this.services.find((s) => s.matches(target.pathname));
      cors = service?.crossOrigin === true || this.crossOriginRaw.some((allows) => allows(target.pathname));
      if (req.method === "OPTIONS") {
        // A preflight gets the CORS grant only where cross-origin calls are allowed; elsewhere the browser refuses the call.
        res.writeHead(204, cors ? { ...CORS_HEADERS, "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*" } : {});
        res.end();
        return;
      }
      const taken = runRawHandlers(this.raw, req, res);
      if (taken === true || (taken !== false && (await taken))) return;
      if (!service) throw new ApiError(404, "UnknownOperationException", `No operation matches ${req.method} ${target.pathname}`);
      const found = service.router.match(req.method ?? "GET", target.pathname);
      if (!found) throw new ApiError(404, "UnknownOperationException", `No ${service.name} operation matches ${req.method} ${target.pathname}`);
      if ("methodMismatch" in found) throw new ApiError(405, "UnknownOperationException", `${req.method} is not allowed on ${target.pathname}`);
      if ("malformed" in found) throw new ApiError(400, service.badRequestType, `The ${found.malformed} in the path is not valid percent-encoding`);
      let body: Record<string, unknown> = {};
      if (found.route.json !== false) {
        const buf = await readBody(req);
        if (buf.length > 0) body = parseJsonBody(buf.toString("utf8"), service.badRequestType);
      }
      const request: Request = { method: req.method ?? "GET", path: target.pathname, labels: found.labels, query: target.searchParams, headers: req.headers, body, raw: req, requestId };
      const router = service.pick?.(request, found.route.operation) ?? service.router;
      // Same routes, same labels: only the handler (which closes over its instance) differs.
      const chosen = router === service.router ? found : router.match(request.method, target.pathname);
      if (!chosen || !("route" in chosen)) throw new ApiError(404, "UnknownOperationException", `No ${service.name} operation matches ${req.method} ${target.pathname}`);
      let reply: Reply | void;
      try {
        reply = await chosen.route.handler(request);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        console.error(`flowsim: ${service.name} ${chosen.route.operation} failed:`, err);
        throw new ApiError(500, service.internalErrorType, `flowsim failed on ${chosen.route.operation}: ${(err as Error)?.message ?? String(err)}`);
      }
      sendJson(res, reply?.status ?? 200, reply?.body ?? {}, cors ? { ...CORS_HEADERS, "x-amzn-requestid": requestId } : { "x-amzn-requestid": requestId }, reply?.headers);
    } catch (err) {
      if (err instanceof ApiError) return sendError(res, err, requestId, cors);
      console.error("flowsim: request failed:", err);
      sendError(res, new ApiError(500, "InternalServiceException", (err as Error)?.message ?? String(err)), requestId, cors);
    }
  }
}
