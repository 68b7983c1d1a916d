/**
 * The Salesforce REST mock as a plain Node request handler: `mock.handle(req, res)`
 * answers anything under /services/ and returns true, or returns false so a host server
 * can route the request elsewhere. Routes: OAuth token and revoke, SOQL query (with
 * paging), sObject create/read/update/delete, a small describe. Outages for the flow's
 * error paths: "unavailable" (503), "reset" (the connection is dropped), "hang" (no answer).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { RealClock, type Clock } from "../kernel/clock.js";
import { IdGenerator } from "../kernel/ids.js";
import { SalesforceOrg, type SeedData } from "./org.js";
import type { ObjectDef } from "./schema.js";
import { TokenStore, tokenRequest, type ConnectedApp, type SfUser } from "./oauth.js";
import { compileQuery, loadSoqlParser, recordUrl, runQuery } from "./soql.js";
import { invalidSession, notFound, sfError, SalesforceError } from "./errors.js";

export type Outage = "none" | "unavailable" | "reset" | "hang";

export interface SalesforceMockOptions {
  clock?: Clock;
  ids?: IdGenerator | number | string;
  seed?: SeedData;
  objects?: ObjectDef[];
  apps?: ConnectedApp[];
  users?: SfUser[];
  /** Session lifetime (Salesforce's default session timeout is 2 hours). */
  sessionTimeoutMs?: number;
  /** instance_url in token responses; default: the URL the request came in on. */
  instanceUrl?: string;
  /** Records per query page before nextRecordsUrl (Salesforce: 2000). */
  queryBatchSize?: number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  status?: number;
  outage?: Outage;
}

export const DEFAULT_APP: ConnectedApp = { clientId: "flowsim-connected-app", clientSecret: "flowsim-client-secret", clientCredentialsUser: "integration@flowsim.example" };
export const DEFAULT_USER: SfUser = { username: "integration@flowsim.example", password: "flowsim-password" };

const JSON_TYPE = "application/json;charset=UTF-8";

function send(res: ServerResponse, status: number, body?: unknown): number {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
  } else {
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": JSON_TYPE, "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }
  return status;
}

/** Far above any record or form a flow sends; a client sending more is refused, not buffered. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (c: Buffer) => {
      if (refused) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        refused = true;
        req.resume();
        reject(sfError(413, "REQUEST_ENTITY_TOO_LARGE", `The request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => !refused && resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", (err) => !refused && reject(err));
  });
}

function parseJsonBody(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw sfError(400, "JSON_PARSER_ERROR", `${(e as Error).message} at [line:1, column:1]`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw sfError(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of sObject from START_ARRAY value or request may be missing a required field");
  return v as Record<string, unknown>;
}

export class SalesforceMock {
  readonly clock: Clock;
  readonly org: SalesforceOrg;
  readonly tokens: TokenStore;
  readonly apps: ConnectedApp[];
  readonly users: SfUser[];
  /** Ids of seeded records by their "@ref" name. */
  readonly refs: Record<string, string>;
  /** Every request, in order. */
  readonly log: RequestLogEntry[] = [];
  outage: Outage = "none";
  /** Whether an outage also takes down the OAuth endpoints (false: only the REST API under /services/data fails). */
  outageIncludesLogin = true;
  private readonly ids: IdGenerator;
  private readonly batchSize: number;
  private readonly cursors = new Map<string, Record<string, unknown>[]>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly instanceUrl?: string;

  constructor(options: SalesforceMockOptions = {}) {
    this.clock = options.clock ?? new RealClock();
    this.ids = options.ids instanceof IdGenerator ? options.ids : new IdGenerator(options.ids ?? "salesforce");
    this.org = new SalesforceOrg({ ids: this.ids, clock: this.clock, objects: options.objects });
    this.apps = options.apps ?? [DEFAULT_APP];
    this.users = options.users ?? [DEFAULT_USER];
    for (const u of this.users) {
      if (!this.org.records("User").some((r) => String(r.Username).toLowerCase() === u.username.toLowerCase())) {
        this.org.insert("User", { Username: u.username, LastName: u.username.split("@")[0], Email: u.username, IsActive: u.active !== false }, { system: true });
      }
    }
    this.tokens = new TokenStore(this.clock, this.org.orgId, options.sessionTimeoutMs ?? 2 * 3600 * 1000);
    this.batchSize = options.queryBatchSize ?? 2000;
    this.instanceUrl = options.instanceUrl;
    this.refs = options.seed ? this.org.seed(options.seed) : {};
  }

  /** A valid session for direct API use in tests. */
  issueToken(username = this.users[0]?.username ?? DEFAULT_USER.username, clientId = this.apps[0]?.clientId ?? DEFAULT_APP.clientId): string {
    return this.tokens.issue(username, clientId).token;
  }

  /** Ends requests left hanging by the "hang" outage (their clients see the connection drop). */
  releaseHanging(): void {
    for (const res of this.hanging) res.socket?.destroy();
    this.hanging.clear();
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://mock.invalid");
    } catch {
      return false; // not a path: the host server refuses it
    }
    if (url.pathname !== "/services" && !url.pathname.startsWith("/services/")) return false;
    const entry: RequestLogEntry = { at: this.clock.now(), method: req.method ?? "GET", path: `${url.pathname}${url.search}` };
    // The Date header follows the mock's clock, so recorded exchanges repeat exactly on a virtual clock.
    res.setHeader("Date", new Date(this.clock.now()).toUTCString());
    this.log.push(entry);
    if (this.outage !== "none" && (this.outageIncludesLogin || !url.pathname.startsWith("/services/oauth2/"))) {
      entry.outage = this.outage;
      if (this.outage === "reset") req.socket.destroy();
      else if (this.outage === "hang") {
        this.hanging.add(res);
        res.on("close", () => this.hanging.delete(res));
      } else entry.status = send(res, 503, [{ errorCode: "SERVER_UNAVAILABLE", message: "Service temporarily unavailable: the org is down for maintenance" }]);
      return true;
    }
    this.route(req, res, url).then(
      (status) => (entry.status = status),
      (e: unknown) => {
        if (e instanceof SalesforceError) entry.status = send(res, e.status, e.items);
        else entry.status = send(res, 500, [{ errorCode: "UNKNOWN_EXCEPTION", message: `mock failure: ${(e as Error).message}` }]);
      },
    );
    return true;
  };

  private instance(req: IncomingMessage): string {
    return this.instanceUrl ?? `http://${req.headers.host ?? "127.0.0.1"}`;
  }

  private async route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname.replace(/\/+$/, "");
    if (path === "/services/oauth2/token") {
      if (method !== "POST") return send(res, 400, { error: "invalid_request", error_description: "must use HTTP POST" });
      const form = new URLSearchParams(url.search);
      for (const [k, v] of new URLSearchParams(await readBody(req))) form.set(k, v);
      const reply = tokenRequest(form, {
        apps: this.apps,
        users: this.users,
        store: this.tokens,
        instanceUrl: this.instance(req),
        orgId: this.org.orgId,
        userIdOf: (u) => this.org.records("User").find((r) => String(r.Username).toLowerCase() === u.toLowerCase())?.Id ?? this.org.userId,
      });
      return send(res, reply.status, reply.body);
    }
    if (path === "/services/oauth2/revoke") {
      const form = new URLSearchParams(url.search);
      for (const [k, v] of new URLSearchParams(method === "POST" ? await readBody(req) : "")) form.set(k, v);
      return this.tokens.revoke(form.get("token") ?? "") ? send(res, 200) : send(res, 400, { error: "unsupported_token_type", error_description: "this token type is not supported" });
    }
    if (path === "/services/data" && method === "GET") {
      return send(res, 200, ["52.0", "58.0", "60.0", "62.0"].map((v) => ({ label: `v${v}`, url: `/services/data/v${v}`, version: v })));
    }
    const m = /^\/services\/data\/(v\d+\.\d+)(\/.*)?$/.exec(path);
    if (!m) throw notFound();
    const [, version, rest = ""] = m;
    const auth = req.headers.authorization ?? "";
    const token = /^(Bearer|OAuth)\s+(.+)$/i.exec(auth)?.[2];
    if (!token || !this.tokens.check(token)) throw invalidSession();
    return this.api(req, res, url, method, version, rest);
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL, method: string, version: string, rest: string): Promise<number> {
    const parts = rest.split("/").filter(Boolean).map(decodeURIComponent);
    const allow = (allowed: string[]) => {
      if (!allowed.includes(method)) throw sfError(405, "METHOD_NOT_ALLOWED", `HTTP Method '${method}' not allowed. Allowed are ${allowed.join(",")}`);
    };
    if (parts[0] === "query" || parts[0] === "queryAll") {
      allow(["GET"]);
      if (parts.length === 2) {
        const records = this.cursors.get(parts[1]);
        if (!records) throw sfError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        return send(res, 200, this.page(version, parts[1].split("-")[0], records, Number(parts[1].split("-")[1])));
      }
      const q = url.searchParams.get("q");
      if (q === null || q.trim() === "") throw sfError(400, "MALFORMED_QUERY", "A query string has to be specified");
      await loadSoqlParser();
      const records = runQuery(this.org, compileQuery(this.org, q), version);
      const locator = `01g${this.ids.hex(12)}`;
      return send(res, 200, this.page(version, locator, records, 0));
    }
    if (parts[0] === "sobjects") {
      if (parts.length === 1) {
        allow(["GET"]);
        return send(res, 200, { encoding: "UTF-8", maxBatchSize: 200, sobjects: this.objects().map((o) => ({ name: o.name, label: o.name, keyPrefix: o.keyPrefix, urls: { sobject: `/services/data/${version}/sobjects/${o.name}` } })) });
      }
      const def = this.org.describe(parts[1]);
      if (!def) throw notFound();
      if (parts.length === 2) {
        allow(["GET", "POST"]);
        if (method === "GET") return send(res, 200, { objectDescribe: { name: def.name, keyPrefix: def.keyPrefix }, recentItems: [] });
        const id = this.org.insert(def.name, parseJsonBody(await readBody(req)));
        return send(res, 201, { id, errors: [], success: true });
      }
      if (parts.length === 3 && parts[2] === "describe") {
        allow(["GET"]);
        return send(res, 200, {
          name: def.name,
          keyPrefix: def.keyPrefix,
          fields: def.fields.map((f) => ({ name: f.name, type: f.type, length: f.length ?? 0, createable: f.createable !== false, updateable: f.updateable !== false, nillable: !f.required, referenceTo: f.referenceTo ? [f.referenceTo] : [], relationshipName: f.relationshipName ?? null })),
        });
      }
      if (parts.length !== 3) throw notFound();
      allow(["GET", "PATCH", "DELETE"]);
      const id = parts[2];
      if (method === "PATCH") {
        this.org.update(def.name, id, parseJsonBody(await readBody(req)));
        return send(res, 204);
      }
      if (method === "DELETE") {
        this.org.delete(def.name, id);
        return send(res, 204);
      }
      const record = this.org.find(def.name, id);
      if (!record) throw notFound();
      const wanted = url.searchParams.get("fields");
      const fields = wanted ? wanted.split(",").map((f) => f.trim()).filter(Boolean) : def.fields.filter((f) => f.queryable !== false).map((f) => f.name);
      const out: Record<string, unknown> = { attributes: { type: def.name, url: recordUrl(version, def.name, record.Id) } };
      for (const name of fields) {
        const f = this.org.field(def, name);
        if (!f || f.queryable === false) throw sfError(400, "INVALID_FIELD", `No such column '${name}' on sobject of type ${def.name}`);
        out[f.name] = record[f.name] ?? null;
      }
      return send(res, 200, out);
    }
    throw notFound();
  }

  private objects(): ObjectDef[] {
    return this.org.describeAll();
  }

  private page(version: string, locator: string, records: Record<string, unknown>[], from: number): Record<string, unknown> {
    const batch = records.slice(from, from + this.batchSize);
    const next = from + batch.length;
    const done = next >= records.length;
    if (done) this.cursors.delete(`${locator}-${from}`);
    else this.cursors.set(`${locator}-${next}`, records);
    return { totalSize: records.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${locator}-${next}` }), records: batch };
  }
}
