/**
 * The Salesforce org behind the Webex flows, through the simulator's control plane
 * (`/_flowsim/webex/salesforce/...`): records a scenario puts in it, what the flows wrote
 * back, and the failures (outage, expired sessions, a changed password) it can be made to have.
 *
 * Records are named the way features talk about them: an account by its Name, a contact
 * by its full name, a case by its CaseNumber. Tables give field names as Salesforce does
 * (`Phone`) or as labels (`First name`); `Account` and `Contact` name earlier records.
 */
import type { ControlPlane } from "./control.js";

export type SeedObject = "Account" | "Contact" | "Case";

export interface SfRecord {
  Id: string;
  [field: string]: unknown;
}

const REFERENCES: Record<string, { field: string; object: SeedObject }> = {
  account: { field: "AccountId", object: "Account" },
  contact: { field: "ContactId", object: "Contact" },
};

export class SalesforceOrg {
  /** Record ids by the name features use, per object. */
  private readonly named = new Map<string, { object: SeedObject; id: string }>();
  /** A contact's account, so a case can inherit it. */
  private readonly accountOfContact = new Map<string, string>();
  private seq = 0;

  constructor(private readonly control: ControlPlane) {}

  /** Adds one record from a feature's table; returns its id and the name features use for it. */
  async add(object: SeedObject, table: Record<string, string>): Promise<{ id: string; name: string }> {
    const fields: Record<string, unknown> = {};
    for (const [label, value] of Object.entries(table)) {
      const key = label.replace(/\s+/g, "");
      const ref = REFERENCES[key.toLowerCase()];
      if (ref) fields[ref.field] = this.idOf(value, ref.object);
      else fields[key] = value;
    }
    if (object === "Case" && fields.AccountId === undefined && typeof fields.ContactId === "string") {
      const account = this.accountOfContact.get(fields.ContactId);
      if (account) fields.AccountId = account;
    }
    const ref = `${object}-${++this.seq}`;
    const res = await this.control.post<{ refs: Record<string, string> }>("/webex/salesforce/records", { records: { [object]: [{ "@ref": ref, ...fields }] } });
    const id = res.refs[ref];
    const record = (await this.records(object)).find((r) => r.Id === id);
    if (!record) throw new Error(`the Salesforce org did not keep the new ${object} ${JSON.stringify(fields)}`);
    const name = object === "Account" ? String(record.Name) : object === "Contact" ? String(record.Name) : String(record.CaseNumber);
    this.named.set(`${object}:${name}`, { object, id });
    if (object === "Contact" && typeof fields.AccountId === "string") this.accountOfContact.set(id, fields.AccountId);
    return { id, name };
  }

  /** The id of a record this scenario added, by the name features use (any object when none is given). */
  idOf(name: string, object?: SeedObject): string {
    const hit = object ? this.named.get(`${object}:${name}`) : [...this.named.entries()].find(([k]) => k.slice(k.indexOf(":") + 1) === name)?.[1];
    if (!hit) {
      const known = [...this.named.keys()].join(", ") || "none";
      throw new Error(`no Salesforce ${object ?? "record"} named "${name}" in this scenario (known: ${known})`);
    }
    return hit.id;
  }

  /** Replaces `{Acme Corp}` with the id of the record of that name. */
  fill(text: string): string {
    return text.replace(/\{([^{}]+)\}/g, (_, name: string) => this.idOf(name));
  }

  async records(object: string): Promise<SfRecord[]> {
    return (await this.control.get<{ records: SfRecord[] }>(`/webex/salesforce/records/${encodeURIComponent(object)}`)).records;
  }

  /** The comments on the case with this number, oldest first. */
  async commentsOn(caseNumber: string): Promise<string[]> {
    const theCase = (await this.records("Case")).find((c) => c.CaseNumber === caseNumber);
    if (!theCase) throw new Error(`the Salesforce org has no case ${caseNumber}`);
    return (await this.records("CaseComment")).filter((c) => c.ParentId === theCase.Id).map((c) => String(c.CommentBody ?? ""));
  }

  async outage(mode: "none" | "down" | "unavailable" | "hang", includeLogin = true): Promise<void> {
    await this.control.post("/webex/salesforce/outage", { mode, includeLogin });
  }

  async expireSessions(): Promise<number> {
    return (await this.control.post<{ expired: number }>("/webex/salesforce/sessions/expire")).expired;
  }

  async changePassword(password: string): Promise<void> {
    await this.control.post("/webex/salesforce/password", { password });
  }
}
