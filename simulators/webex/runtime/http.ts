/**
 * Real HTTP for the HTTP Request activity, with Webex's rules: a connector supplies the
 * base URL and the credentials (OAuth 2.0 password or client-credentials grant, token
 * cached until a 401, then fetched again and the request replayed once); every
 * completed response counts, whatever its status; only 5xx is retried; a timeout (on
 * the simulator clock), a refused connection or a failed token request is a failure
 * the flow cannot branch on (it goes to OnGlobalError). Every exchange is recorded.
 */
import type { Clock } from "../../kernel/clock.js";

export interface OAuth2Auth {
  type: "oauth2";
  tokenUrl: string;
  grantType: "password" | "client_credentials";
  clientId: string;
  clientSecret: string;
  username?: string;
  password?: string;
  scope?: string;
}

export type ConnectorAuth = OAuth2Auth | { type: "basic"; username: string; password: string } | { type: "bearer"; token: string } | { type: "none" };

export interface ConnectorConfig {
  /** Resource domain URL; `httpRequestPath` is appended to it. */
  baseUrl: string;
  auth?: ConnectorAuth;
}

export interface HttpExchange {
  seq: number;
  /** Simulator time the request started. */
  at: number;
  flow: string;
  activity: string;
  /** `request` for the activity's own call, `token` for the connector's OAuth request. */
  purpose: "request" | "token";
  attempt: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  /** Why no response came back (connection refused, timeout, aborted). */
  error?: string;
  /** Simulator-clock duration (0 on a virtual clock unless it was advanced meanwhile). */
  durationMs: number;
  /** Wall-clock duration. */
  elapsedMs: number;
}

export interface HttpRequest {
  flow: string;
  activity: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Retries after a 5xx response (on top of the first attempt). */
  retries: number;
  connectorId?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  attempts: number;
}

export class HttpFailure extends Error {
  constructor(
    message: string,
    readonly kind: "connection" | "timeout" | "auth" | "config",
  ) {
    super(message);
    this.name = "HttpFailure";
  }
}

export interface HttpClientOptions {
  clock: Clock;
  connectors: Record<string, ConnectorConfig>;
  retryDelayMs: number;
  redactSecrets: boolean;
  onExchange(exchange: HttpExchange): void;
  /** Wraps real I/O so the call knows when it is waiting on the network. */
  io<T>(p: Promise<T>): Promise<T>;
  fetch?: typeof fetch;
}

const SECRET_FIELDS = new Set(["password", "client_secret", "access_token", "refresh_token"]);

function mask(value: string): string {
  return value.length <= 4 ? "••••" : `••••${value.slice(-4)}`;
}

function timeoutError(ms: number): Error {
  const e = new Error(`no response within ${ms} ms`);
  e.name = "TimeoutError";
  return e;
}

function causeOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error) return `${e.message}: ${(cause as { code?: string }).code ?? cause.message}`;
  return e.message;
}

export class HttpClient {
  private seq = 0;
  private readonly tokens = new Map<string, string>();
  private readonly doFetch: typeof fetch;

  constructor(private readonly options: HttpClientOptions) {
    this.doFetch = options.fetch ?? fetch;
  }

  /** The full URL of a connector-mode request (`httpRequestPath` may carry its own query string). */
  connectorUrl(connectorId: string, path: string): string {
    const c = this.options.connectors[connectorId];
    if (!c) throw new HttpFailure(`connector ${connectorId} is not configured (pass it in the call's connectors option)`, "config");
    const base = c.baseUrl.replace(/\/+$/, "");
    return path.startsWith("/") ? `${base}${path}` : `${base}/${path}`;
  }

  async request(req: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.authorised(req, attempt, signal);
      if (res.status >= 500 && attempt <= req.retries) {
        if (this.options.retryDelayMs > 0) await this.options.clock.sleep(this.options.retryDelayMs, signal, `${req.activity} (retry delay)`);
        continue;
      }
      return { ...res, attempts: attempt };
    }
  }

  /** Drops cached connector tokens (all, or one connector's). */
  forgetTokens(connectorId?: string): void {
    if (connectorId === undefined) this.tokens.clear();
    else this.tokens.delete(connectorId);
  }

  private async authorised(req: HttpRequest, attempt: number, signal: AbortSignal): Promise<Omit<HttpResponse, "attempts">> {
    const auth = req.connectorId !== undefined ? this.options.connectors[req.connectorId]?.auth : undefined;
    const headers = { ...req.headers };
    if (auth?.type === "basic") headers.Authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
    if (auth?.type === "bearer") headers.Authorization = `Bearer ${auth.token}`;
    if (auth?.type !== "oauth2") return this.send(req, { ...req, headers }, attempt, "request", signal);
    const connectorId = req.connectorId!;
    headers.Authorization = `Bearer ${await this.token(connectorId, auth, req, signal)}`;
    const res = await this.send(req, { ...req, headers }, attempt, "request", signal);
    if (res.status !== 401) return res;
    // An expired or revoked token: fetch a new one and replay the request once.
    this.tokens.delete(connectorId);
    headers.Authorization = `Bearer ${await this.token(connectorId, auth, req, signal)}`;
    return this.send(req, { ...req, headers }, attempt, "request", signal);
  }

  private async token(connectorId: string, auth: OAuth2Auth, req: HttpRequest, signal: AbortSignal): Promise<string> {
    const cached = this.tokens.get(connectorId);
    if (cached) return cached;
    const form = new URLSearchParams({ grant_type: auth.grantType, client_id: auth.clientId, client_secret: auth.clientSecret });
    if (auth.grantType === "password") {
      form.set("username", auth.username ?? "");
      form.set("password", auth.password ?? "");
    }
    if (auth.scope) form.set("scope", auth.scope);
    let res: Omit<HttpResponse, "attempts">;
    try {
      res = await this.send(req, { ...req, method: "POST", url: auth.tokenUrl, headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }, body: form.toString() }, 1, "token", signal);
    } catch (e) {
      if (e instanceof HttpFailure) throw new HttpFailure(`connector ${connectorId}: token request failed: ${e.message}`, "auth");
      throw e;
    }
    let token: unknown;
    try {
      token = (JSON.parse(res.body) as { access_token?: unknown }).access_token;
    } catch {
      token = undefined;
    }
    if (res.status !== 200 || typeof token !== "string" || token === "") {
      throw new HttpFailure(`connector ${connectorId}: the token endpoint answered ${res.status} ${res.body.slice(0, 200)}`, "auth");
    }
    this.tokens.set(connectorId, token);
    return token;
  }

  private redactHeaders(h: Record<string, string>): Record<string, string> {
    if (!this.options.redactSecrets) return h;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(h)) {
      if (k.toLowerCase() === "authorization") {
        const [scheme, ...rest] = v.split(" ");
        out[k] = rest.length ? `${scheme} ${mask(rest.join(" "))}` : mask(v);
      } else out[k] = v;
    }
    return out;
  }

  private redactBody(body: string | undefined, form: boolean): string | undefined {
    if (body === undefined || !this.options.redactSecrets) return body;
    if (form) {
      const p = new URLSearchParams(body);
      for (const k of [...p.keys()]) if (SECRET_FIELDS.has(k)) p.set(k, mask(p.get(k) ?? ""));
      return p.toString();
    }
    try {
      const parsed = JSON.parse(body) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        let changed = false;
        for (const k of Object.keys(parsed)) {
          const v = (parsed as Record<string, unknown>)[k];
          if (SECRET_FIELDS.has(k) && typeof v === "string") {
            (parsed as Record<string, unknown>)[k] = mask(v);
            changed = true;
          }
        }
        if (changed) return JSON.stringify(parsed);
      }
    } catch {
      // Not JSON: nothing to mask.
    }
    return body;
  }

  private async send(origin: HttpRequest, r: HttpRequest, attempt: number, purpose: HttpExchange["purpose"], signal: AbortSignal): Promise<Omit<HttpResponse, "attempts">> {
    const { clock } = this.options;
    const exchange: HttpExchange = {
      seq: ++this.seq,
      at: clock.now(),
      flow: origin.flow,
      activity: origin.activity,
      purpose,
      attempt,
      method: r.method,
      url: r.url,
      requestHeaders: this.redactHeaders(r.headers),
      requestBody: this.redactBody(r.body, purpose === "token"),
      durationMs: 0,
      elapsedMs: 0,
    };
    const wallStart = performance.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = clock.schedule(
      r.timeoutMs,
      () => {
        timedOut = true;
        controller.abort(timeoutError(r.timeoutMs));
      },
      `${origin.activity} (HTTP timeout)`,
    );
    const onAbort = () => controller.abort(signal.reason);
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener("abort", onAbort, { once: true });
    const finish = () => {
      timer.cancel();
      signal.removeEventListener("abort", onAbort);
      exchange.durationMs = clock.now() - exchange.at;
      exchange.elapsedMs = Math.round(performance.now() - wallStart);
      this.options.onExchange(exchange);
    };
    try {
      const response = await this.options.io(
        this.doFetch(r.url, {
          method: r.method,
          headers: r.headers,
          body: r.body === undefined || r.method === "GET" || r.method === "HEAD" ? undefined : r.body,
          signal: controller.signal,
        }),
      );
      const body = await this.options.io(response.text());
      const headers: Record<string, string> = {};
      response.headers.forEach((v, k) => (headers[k] = v));
      exchange.status = response.status;
      exchange.responseHeaders = headers;
      exchange.responseBody = purpose === "token" ? this.redactBody(body, false) : body;
      finish();
      return { status: response.status, headers, body };
    } catch (e) {
      if (timedOut) {
        exchange.error = `timeout: no response within ${r.timeoutMs} ms`;
        finish();
        throw new HttpFailure(`${r.method} ${r.url}: no response within ${r.timeoutMs} ms`, "timeout");
      }
      if (signal.aborted) {
        exchange.error = "aborted: the flow was interrupted";
        finish();
        throw signal.reason instanceof Error ? signal.reason : e;
      }
      exchange.error = `connection failed: ${causeOf(e)}`;
      finish();
      throw new HttpFailure(`${r.method} ${r.url}: ${causeOf(e)}`, "connection");
    }
  }
}
