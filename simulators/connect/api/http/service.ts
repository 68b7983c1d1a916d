/**
 * The HTTP side of the simulator: CORS, bounded bodies, JSON parsing, routing to the
 * Connect, Participant and control-plane handlers, and AWS-shaped errors. Whatever a
 * client sends, the answer is a 4xx or a 200 — never a crash, and a 5xx only for a
 * flowsim bug (logged).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { ApiError, errorBody } from "./errors.js";
import { Router, type RawHandler, type Reply, type Request } from "./router.js";

/** Larger than any valid request (flow content is capped at 256,000 characters). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface ServiceDefinition {
  name: string;
  /** Paths this service answers, by prefix. */
  matches(path: string): boolean;
  router: Router;
  /** Error type for malformed JSON in this service's dialect. */
  badRequestType: string;
  /** 500 error type in this service's dialect. */
  internalErrorType: string;
}

const CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET,POST,PUT,PATCH,DELETE,OPTIONS",
  "access-control-expose-headers": "x-amzn-errortype,x-amzn-requestid,date",
  "access-control-max-age": "600",
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...(text ? { "content-type": "application/json" } : {}),
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError, requestId: string): void {
  sendJson(res, err.status, errorBody(err), { "x-amzn-errortype": err.errorType, "x-amzn-requestid": requestId });
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

  addService(service: ServiceDefinition): this {
    this.services.push(service);
    return this;
  }

  /** Handlers that take a request before the AWS services (mock S3 uploads, Salesforce, health). */
  addRawHandler(handler: RawHandler): this {
    this.raw.push(handler);
    return this;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      if (req.method === "OPTIONS") {
        res.writeHead(204, { ...CORS_HEADERS, "access-control-allow-headers": req.headers["access-control-request-headers"] ?? "*" });
        res.end();
        return;
      }
      for (const handler of this.raw) if (await handler(req, res)) return;
      const url = new URL(req.url ?? "/", "http://simulator.invalid");
      const service = this.services.find((s) => s.matches(url.pathname));
      if (!service) throw new ApiError(404, "UnknownOperationException", `No operation matches ${req.method} ${url.pathname}`);
      const found = service.router.match(req.method ?? "GET", url.pathname);
      if (!found) throw new ApiError(404, "UnknownOperationException", `No ${service.name} operation matches ${req.method} ${url.pathname}`);
      if ("methodMismatch" in found) throw new ApiError(405, "UnknownOperationException", `${req.method} is not allowed on ${url.pathname}`);
      let body: Record<string, unknown> = {};
      if (found.route.json !== false) {
        const buf = await readBody(req);
        if (buf.length > 0) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(buf.toString("utf8"));
          } catch (err) {
            throw new ApiError(400, service.badRequestType, `Unable to parse the request body as JSON: ${(err as Error).message}`);
          }
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ApiError(400, service.badRequestType, "The request body must be a JSON object");
          body = parsed as Record<string, unknown>;
        }
      }
      const request: Request = { method: req.method ?? "GET", path: url.pathname, labels: found.labels, query: url.searchParams, headers: req.headers, body, raw: req, requestId };
      let reply: Reply | void;
      try {
        reply = await found.route.handler(request);
      } catch (err) {
        if (err instanceof ApiError) throw err;
        console.error(`flowsim: ${service.name} ${found.route.operation} failed:`, err);
        throw new ApiError(500, service.internalErrorType, `flowsim failed on ${found.route.operation}: ${(err as Error)?.message ?? String(err)}`);
      }
      sendJson(res, reply?.status ?? 200, reply?.body ?? {}, { "x-amzn-requestid": requestId, ...reply?.headers });
    } catch (err) {
      if (err instanceof ApiError) return sendError(res, err, requestId);
      console.error("flowsim: request failed:", err);
      sendError(res, new ApiError(500, "InternalServiceException", (err as Error)?.message ?? String(err)), requestId);
    }
  }
}
