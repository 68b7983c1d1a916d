/** restJson1 routing: `METHOD /path/{Label}/...` → handler with decoded labels and query. */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface Request {
  method: string;
  path: string;
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Parsed JSON body ({} when empty). */
  body: Record<string, unknown>;
  raw: IncomingMessage;
  /** Unique per request, echoed as x-amzn-RequestId. */
  requestId: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: Request) => Promise<Reply | void> | Reply | void;

export interface Route {
  method: string;
  pattern: string;
  /** Name for logs and errors (the API operation). */
  operation: string;
  handler: Handler;
  /** Parse the body as JSON (default true). */
  json?: boolean;
}

interface Compiled extends Route {
  regex: RegExp;
  names: string[];
}

/** Patterns compiled once per process: every instance builds its routers from the same few hundred. */
const compiledPatterns = new Map<string, { regex: RegExp; names: string[] }>();

function compile(pattern: string): { regex: RegExp; names: string[] } {
  let compiled = compiledPatterns.get(pattern);
  if (!compiled) {
    const names: string[] = [];
    const source = pattern
      .split("/")
      .map((seg) => {
        const m = /^\{(\w+)\+?\}$/.exec(seg);
        if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(m[1]);
        return seg.endsWith("+}") ? "(.+)" : "([^/]+)";
      })
      .join("/");
    compiled = { regex: new RegExp(`^${source}$`), names };
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

export class Router {
  private routes: Compiled[] = [];

  add(route: Route): this {
    this.routes.push({ ...route, ...compile(route.pattern) });
    return this;
  }

  /** The routes, in the order they are tried. */
  list(): Route[] {
    return this.routes.map(({ regex: _regex, names: _names, ...route }) => route);
  }

  addAll(routes: Route[]): this {
    for (const r of routes) this.add(r);
    return this;
  }

  /**
   * The route for a request, with its labels; `methodMismatch` when only the method is wrong;
   * `malformed` names a label whose percent-escapes do not decode (`%E0%A4%A`).
   */
  match(method: string, path: string): { route: Route; labels: Record<string, string> } | { methodMismatch: true } | { malformed: string } | undefined {
    let pathMatched = false;
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      const labels: Record<string, string> = {};
      for (const [i, n] of r.names.entries()) {
        try {
          labels[n] = decodeURIComponent(m[i + 1]);
        } catch {
          return { malformed: n };
        }
      }
      return { route: r, labels };
    }
    return pathMatched ? { methodMismatch: true } : undefined;
  }
}

export type RawHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * Runs raw handlers in order until one takes the request (true). Synchronous as long as they
 * answer synchronously: every request passes the raw handlers before the AWS routes, and
 * awaiting each one would cost every SendMessage a promise and a microtask per handler.
 */
export function runRawHandlers(handlers: readonly RawHandler[], req: IncomingMessage, res: ServerResponse, from = 0): boolean | Promise<boolean> {
  for (let i = from; i < handlers.length; i++) {
    const taken = handlers[i](req, res);
    if (taken === true) return true;
    if (taken !== false) return taken.then((t) => t || runRawHandlers(handlers, req, res, i + 1));
  }
  return false;
}
