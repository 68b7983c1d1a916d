/**
 * The OAuth 2.0 token endpoint (username-password and client-credentials flows) and the
 * sessions it hands out. Bodies and error codes follow reference §3.1; a session expires
 * after `sessionTimeoutMs` on the mock's clock, and tests can expire or revoke sessions to
 * exercise the connector's 401 handling.
 */
import { createHmac } from "node:crypto";
import type { Clock } from "../kernel/clock.js";
import { secretToken } from "../kernel/secrets.js";

export interface ConnectedApp {
  clientId: string;
  clientSecret: string;
  /** Username the client-credentials flow runs as; without it that grant is refused. */
  clientCredentialsUser?: string;
}

export interface SfUser {
  username: string;
  password: string;
  /** Appended to the password in the password grant, as Salesforce requires from untrusted IPs. */
  securityToken?: string;
  active?: boolean;
}

interface Session {
  token: string;
  username: string;
  clientId: string;
  issuedAt: number;
}

export type TokenReply = { status: number; body: Record<string, unknown> };

const oauthError = (error: string, description: string): TokenReply => ({ status: 400, body: { error, error_description: description } });

export class TokenStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly orgId: string,
    public sessionTimeoutMs: number,
  ) {}

  issue(username: string, clientId: string): Session {
    // Salesforce access tokens are session ids: the org id, "!", then an opaque part.
    const s: Session = { token: `${this.orgId.slice(0, 15)}!${secretToken(96)}`, username, clientId, issuedAt: this.clock.now() };
    this.sessions.set(s.token, s);
    return s;
  }

  /** The session for a bearer token, or undefined when unknown, revoked or expired. */
  check(token: string): Session | undefined {
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (this.clock.now() - s.issuedAt >= this.sessionTimeoutMs) {
      this.sessions.delete(token);
      return undefined;
    }
    return s;
  }

  revoke(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** Ends every session (as if they had all timed out). */
  expireAll(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }

  get active(): number {
    return [...this.sessions.keys()].filter((t) => this.check(t)).length;
  }
}

export interface TokenEndpointContext {
  apps: ConnectedApp[];
  users: SfUser[];
  store: TokenStore;
  instanceUrl: string;
  orgId: string;
  userIdOf(username: string): string;
}

/** Handles a form-encoded POST to /services/oauth2/token. */
export function tokenRequest(form: URLSearchParams, ctx: TokenEndpointContext): TokenReply {
  const grant = form.get("grant_type");
  if (grant !== "password" && grant !== "client_credentials") return oauthError("unsupported_grant_type", "grant type not supported");
  const app = ctx.apps.find((a) => a.clientId === form.get("client_id"));
  if (!app) return oauthError("invalid_client_id", "client identifier invalid");
  if (app.clientSecret !== form.get("client_secret")) return oauthError("invalid_client", "invalid client credentials");
  let username: string;
  if (grant === "password") {
    const user = ctx.users.find((u) => u.username.toLowerCase() === (form.get("username") ?? "").toLowerCase());
    const password = form.get("password") ?? "";
    if (!user || password !== user.password + (user.securityToken ?? "")) return oauthError("invalid_grant", "authentication failure");
    if (user.active === false) return oauthError("inactive_user", "user is inactive");
    username = user.username;
  } else {
    if (!app.clientCredentialsUser) return oauthError("invalid_grant", "no client credentials user enabled");
    username = app.clientCredentialsUser;
  }
  const s = ctx.store.issue(username, app.clientId);
  const id = `https://login.salesforce.com/id/${ctx.orgId}/${ctx.userIdOf(username)}`;
  const issuedAt = String(s.issuedAt);
  // Salesforce signs id + issued_at with the client secret (HMAC-SHA256, Base64).
  const signature = createHmac("sha256", app.clientSecret).update(id + issuedAt).digest("base64");
  const body: Record<string, unknown> = { access_token: s.token, instance_url: ctx.instanceUrl, id, token_type: "Bearer", issued_at: issuedAt, signature };
  if (grant === "client_credentials") body.scope = "api";
  return { status: 200, body };
}
