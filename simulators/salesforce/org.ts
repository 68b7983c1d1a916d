/**
 * An in-memory Salesforce org: objects from the schema, records in insertion order,
 * the write rules the REST API enforces (unknown fields, read-only fields, lengths,
 * required fields, reference ids) with Salesforce's error codes, and the side effects the
 * Webex flows rely on (writing Case.Comments inserts a CaseComment).
 */
import type { Clock } from "../kernel/clock.js";
import type { IdGenerator } from "../kernel/ids.js";
import { STANDARD_OBJECTS, type FieldDef, type ObjectDef } from "./schema.js";
import { isRecordId, newRecordId, sameId } from "./ids.js";
import { notFound, sfError, SalesforceError } from "./errors.js";

export type SfRecord = Record<string, unknown> & { Id: string };

/** Seed records: field values, an optional "@ref" name, and `{ "$ref": name }` for ids of records seeded earlier. */
export type SeedData = Record<string, Record<string, unknown>[]>;

const TEXT = new Set(["string", "textarea", "phone", "email", "url", "picklist", "autonumber"]);

/** Salesforce's REST date-time format, e.g. 2026-01-05T09:00:00.000+0000. */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

function label(f: FieldDef): string {
  return f.label ?? (f.type === "reference" && f.name.endsWith("Id") ? `${f.name.slice(0, -2)} ID` : f.name);
}

export interface OrgOptions {
  ids: IdGenerator;
  clock: Clock;
  /** Extra or replacement object definitions. */
  objects?: ObjectDef[];
}

export class SalesforceOrg {
  readonly orgId: string;
  /** The integration user every token acts as. */
  readonly userId: string;
  private readonly ids: IdGenerator;
  private readonly clock: Clock;
  private readonly objects = new Map<string, ObjectDef>();
  private readonly data = new Map<string, SfRecord[]>();
  private caseNumber = 1000;

  constructor(options: OrgOptions) {
    this.ids = options.ids;
    this.clock = options.clock;
    for (const o of [...STANDARD_OBJECTS, ...(options.objects ?? [])]) {
      this.objects.set(o.name.toLowerCase(), o);
      if (!this.data.has(o.name)) this.data.set(o.name, []);
    }
    this.orgId = newRecordId("00D", this.ids);
    this.userId = this.insert("User", { Username: "integration@flowsim.example", FirstName: "Integration", LastName: "User", Email: "integration@flowsim.example" }, { system: true });
  }

  /** Every object the org knows. */
  describeAll(): ObjectDef[] {
    return [...this.objects.values()];
  }

  describe(object: string): ObjectDef | undefined {
    return this.objects.get(object.toLowerCase());
  }

  field(object: ObjectDef, name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    return object.fields.find((f) => f.name.toLowerCase() === lower);
  }

  /** The object's records, in insertion order (the order a query without ORDER BY returns). */
  records(object: string): SfRecord[] {
    const def = this.describe(object);
    return def ? this.data.get(def.name)! : [];
  }

  find(object: string, id: string): SfRecord | undefined {
    return isRecordId(id) ? this.records(object).find((r) => sameId(r.Id, id)) : undefined;
  }

  private requireObject(object: string): ObjectDef {
    const def = this.describe(object);
    if (!def) throw notFound();
    return def;
  }

  private convert(object: ObjectDef, f: FieldDef, value: unknown): unknown {
    if (value === null || value === undefined) return null;
    if (TEXT.has(f.type)) {
      const s = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
      if (s === undefined) throw sfError(400, "JSON_PARSER_ERROR", `Cannot deserialize instance of string from ${Array.isArray(value) ? "START_ARRAY" : "START_OBJECT"} value or request may be missing a required field`, [f.name]);
      if (s === "") return null;
      if (f.length !== undefined && s.length > f.length) throw sfError(400, "STRING_TOO_LONG", `${label(f)}: data value too large: ${s.length > 40 ? `${s.slice(0, 40)}...` : s} (max length=${f.length})`, [f.name]);
      return s;
    }
    switch (f.type) {
      case "boolean":
        if (typeof value !== "boolean") throw sfError(400, "JSON_PARSER_ERROR", `Cannot deserialize instance of boolean from VALUE_STRING value ${String(value)} or request may be missing a required field`, [f.name]);
        return value;
      case "int":
      case "double": {
        const n = typeof value === "number" ? value : Number(value);
        if (!Number.isFinite(n)) throw sfError(400, "JSON_PARSER_ERROR", `Cannot deserialize instance of ${f.type} from VALUE_STRING value ${String(value)} or request may be missing a required field`, [f.name]);
        return f.type === "int" ? Math.trunc(n) : n;
      }
      case "reference": {
        const s = String(value);
        if (s === "") return null;
        if (!isRecordId(s)) throw sfError(400, "MALFORMED_ID", `${label(f)}: id value of incorrect type: ${s}`, [f.name]);
        const target = f.referenceTo ? this.find(f.referenceTo, s) : undefined;
        if (!target) throw sfError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", []);
        return target.Id;
      }
      default:
        return typeof value === "string" ? value : String(value);
    }
  }

  /** Checks and converts the fields of a write; returns canonical names and the write-only extras. */
  private prepare(object: ObjectDef, fields: Record<string, unknown>, mode: "create" | "update", system: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const readOnly: string[] = [];
    for (const [name, value] of Object.entries(fields)) {
      if (name === "attributes") continue;
      const f = this.field(object, name);
      if (!f) throw sfError(400, "INVALID_FIELD", `No such column '${name}' on sobject of type ${object.name}`, [name]);
      if (!system && (mode === "create" ? f.createable === false : f.updateable === false)) {
        readOnly.push(f.name);
        continue;
      }
      out[f.name] = this.convert(object, f, value);
    }
    if (readOnly.length) throw sfError(400, "INVALID_FIELD_FOR_INSERT_UPDATE", `Unable to create/update fields: ${readOnly.join(", ")}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, readOnly);
    return out;
  }

  private derive(object: ObjectDef, r: SfRecord): void {
    if (object.name === "Contact" || object.name === "User") r.Name = [r.FirstName, r.LastName].filter((x) => typeof x === "string" && x !== "").join(" ") || null;
    if (object.name === "Case") r.IsClosed = r.Status === "Closed";
  }

  private afterWrite(object: ObjectDef, r: SfRecord, values: Record<string, unknown>): void {
    if (object.name === "Case" && typeof values.Comments === "string") {
      this.insert("CaseComment", { ParentId: r.Id, CommentBody: values.Comments, IsPublished: false });
    }
  }

  insert(object: string, fields: Record<string, unknown>, options: { system?: boolean } = {}): string {
    const def = this.requireObject(object);
    const values = this.prepare(def, fields, "create", options.system === true);
    const missing = def.fields.filter((f) => f.required && (values[f.name] === null || values[f.name] === undefined)).map((f) => f.name);
    if (missing.length) throw sfError(400, "REQUIRED_FIELD_MISSING", `Required fields are missing: [${missing.join(", ")}]`, missing);
    const now = sfDateTime(this.clock.now());
    const r: SfRecord = { Id: newRecordId(def.keyPrefix, this.ids) };
    for (const f of def.fields) {
      if (f.name === "Id" || f.queryable === false) continue;
      r[f.name] = f.name in values ? values[f.name] : (f.defaultValue ?? null);
    }
    const by = this.userId ?? r.Id;
    Object.assign(r, { CreatedDate: now, LastModifiedDate: now, SystemModstamp: now, CreatedById: by, LastModifiedById: by, IsDeleted: false });
    if (def.fields.some((f) => f.name === "OwnerId") && r.OwnerId === null) r.OwnerId = by;
    if (def.name === "Case") {
      // Seed data may give a case its number (scenarios name cases by it); numbering carries on after the highest.
      const given = options.system === true && typeof values.CaseNumber === "string" && /^\d{1,30}$/.test(values.CaseNumber) ? values.CaseNumber : undefined;
      const clash = given === undefined ? undefined : this.records("Case").find((c) => c.CaseNumber === given);
      if (clash) throw sfError(400, "DUPLICATE_VALUE", `duplicate value found: CaseNumber duplicates value on record with id: ${clash.Id}`, ["CaseNumber"]);
      if (given !== undefined) this.caseNumber = Math.max(this.caseNumber, Number(given));
      r.CaseNumber = given ?? String(++this.caseNumber).padStart(8, "0");
    }
    this.derive(def, r);
    this.data.get(def.name)!.push(r);
    this.afterWrite(def, r, values);
    return r.Id;
  }

  update(object: string, id: string, fields: Record<string, unknown>): void {
    const def = this.requireObject(object);
    const r = this.find(def.name, id);
    if (!r) throw notFound();
    const values = this.prepare(def, fields, "update", false);
    for (const [k, v] of Object.entries(values)) {
      if (this.field(def, k)?.queryable === false) continue;
      r[k] = v;
    }
    const now = sfDateTime(this.clock.now());
    Object.assign(r, { LastModifiedDate: now, SystemModstamp: now, LastModifiedById: this.userId });
    this.derive(def, r);
    this.afterWrite(def, r, values);
  }

  delete(object: string, id: string): void {
    const def = this.requireObject(object);
    const list = this.data.get(def.name)!;
    const i = list.findIndex((r) => isRecordId(id) && sameId(r.Id, id));
    if (i < 0) throw notFound();
    list.splice(i, 1);
  }

  /** Inserts seed records in order; returns the ids of records that carry an "@ref" name. */
  seed(data: SeedData): Record<string, string> {
    const refs: Record<string, string> = {};
    for (const [object, list] of Object.entries(data)) {
      for (const raw of list) {
        const fields: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(raw)) {
          if (k === "@ref") continue;
          if (v && typeof v === "object" && "$ref" in v) {
            const id = refs[String((v as { $ref: unknown }).$ref)];
            if (!id) throw new Error(`seed ${object}: unknown $ref "${String((v as { $ref: unknown }).$ref)}" (seed referenced records first)`);
            fields[k] = id;
          } else fields[k] = v;
        }
        try {
          const id = this.insert(object, fields, { system: true });
          if (typeof raw["@ref"] === "string") refs[raw["@ref"]] = id;
        } catch (e) {
          if (e instanceof SalesforceError) throw new Error(`seed ${object} ${JSON.stringify(raw)}: ${e.message}`);
          throw e;
        }
      }
    }
    return refs;
  }
}
