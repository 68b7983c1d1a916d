/**
 * The Salesforce org one simulator serves to the flows that reach it: created on first use
 * (its instance_url is only known once the host listens), seeded with records that name each
 * other by `@ref`, put into an outage, its sessions expired or its integration user's password
 * changed by the control plane. It stands beside the Webex tenant rather than inside it: the
 * Webex simulator only knows that a connector has a base URL and credentials.
 *
 * Decisions:
 * - Every connector signs in with the mock's connected app and integration user (OAuth 2.0
 *   password grant). The connector keeps the credentials it was set up with, so a password
 *   changed in the org afterwards makes its next sign-in fail.
 */
import type { Clock } from "../kernel/clock.js";
import { SalesforceMock, DEFAULT_APP, DEFAULT_USER } from "./handler.js";
import type { SeedData } from "./org.js";

/** Salesforce failure modes: `down` drops every connection, `unavailable` answers 503, `hang` never answers. */
export type SalesforceOutage = "none" | "down" | "unavailable" | "hang";

/** What a client needs to sign in to the org and call it. */
export interface SalesforceConnection {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export class SalesforceTenant {
  private mockInstance?: SalesforceMock;
  /** Seeded record ids by their "@ref" name, across every seeding. */
  private readonly seededRefs: Record<string, string> = {};

  constructor(private readonly options: { clock: Clock; seed?: number | string; url: () => string }) {}

  get mock(): SalesforceMock {
    // Copies of the default app and user: changing this org's password must not touch the shared defaults.
    this.mockInstance ??= new SalesforceMock({ clock: this.options.clock, ids: `${String(this.options.seed ?? "flowsim")}:salesforce`, instanceUrl: this.options.url(), apps: [{ ...DEFAULT_APP }], users: [{ ...DEFAULT_USER }] });
    return this.mockInstance;
  }

  /** Inserts records (`@ref` names them; `{"$ref": name}` points at any record seeded before). Returns the new refs. */
  seed(data: SeedData): Record<string, string> {
    const resolved: SeedData = {};
    for (const [object, records] of Object.entries(data)) {
      resolved[object] = records.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => {
            const ref = v && typeof v === "object" && "$ref" in v ? String((v as { $ref: unknown }).$ref) : undefined;
            return [k, ref !== undefined && this.seededRefs[ref] ? this.seededRefs[ref] : v];
          }),
        ),
      );
    }
    const added = this.mock.org.seed(resolved);
    Object.assign(this.seededRefs, added);
    return added;
  }

  get refs(): Readonly<Record<string, string>> {
    return this.seededRefs;
  }

  setOutage(mode: SalesforceOutage, includeLogin = true): void {
    const mock = this.mock;
    mock.outage = mode === "down" ? "reset" : mode;
    mock.outageIncludesLogin = includeLogin;
    if (mode === "none") mock.releaseHanging();
  }

  get outage(): SalesforceOutage {
    const o = this.mock.outage;
    return o === "reset" ? "down" : o;
  }

  /** Ends every session, as if they had timed out. Returns how many there were. */
  expireSessions(): number {
    return this.mock.tokens.expireAll();
  }

  /** Changes the integration user's password in the org; connections handed out before keep the old one. */
  changePassword(password: string): void {
    const user = this.mock.users[0];
    if (!user) throw new Error("the Salesforce org has no integration user");
    user.password = password;
  }

  connection(): SalesforceConnection {
    const base = this.options.url();
    return { baseUrl: base, tokenUrl: `${base}/services/oauth2/token`, clientId: DEFAULT_APP.clientId, clientSecret: DEFAULT_APP.clientSecret, username: DEFAULT_USER.username, password: DEFAULT_USER.password };
  }
}
