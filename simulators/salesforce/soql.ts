/**
 * SOQL against the in-memory org. Parsing is done by @jetstreamapp/soql-parser-js;
 * this module checks names against the schema (INVALID_TYPE, INVALID_FIELD), evaluates
 * WHERE (=, !=, <, <=, >, >=, LIKE, IN, NOT IN, AND/OR/NOT with parentheses), ORDER BY,
 * LIMIT and OFFSET, and shapes records as the REST API does: `attributes` first, then
 * the selected fields in SELECT order under their canonical names.
 */
import type { Query, WhereClause, FieldType as SelectField } from "@jetstreamapp/soql-parser-js";
import type { SalesforceOrg, SfRecord } from "./org.js";
import type { FieldDef, ObjectDef } from "./schema.js";
import { isRecordId, sameId } from "./ids.js";
import { queryError, sfError } from "./errors.js";

type SoqlParser = typeof import("@jetstreamapp/soql-parser-js");
let parser: SoqlParser | undefined;

/**
 * Loads the parser, once. It builds its grammar when loaded (about a third of a second of
 * CPU) and most runs never query Salesforce, so it loads with the first query rather than
 * with every simulator start; a dynamic import, so that a bundle (the container image)
 * still carries it.
 */
export async function loadSoqlParser(): Promise<void> {
  parser ??= await import("@jetstreamapp/soql-parser-js");
}

function parseQuery(soql: string): Query {
  if (!parser) throw new Error("the SOQL parser is not loaded: await loadSoqlParser() before compiling a query");
  return parser.parseQuery(soql);
}

/** A resolved field path: zero or more relationship hops, then a field. */
interface FieldPath {
  /** Canonical path for output, e.g. ["Account", "Name"]. */
  names: string[];
  hops: { field: FieldDef; object: ObjectDef }[];
  field: FieldDef;
  object: ObjectDef;
}

type Cond = { kind: "cond"; path: FieldPath; op: string; values: unknown[]; raw: string } | { kind: "and" | "or"; items: Cond[] } | { kind: "not"; item: Cond };

export interface QueryResult {
  totalSize: number;
  done: boolean;
  records: Record<string, unknown>[];
  nextRecordsUrl?: string;
}

const SF_WSDL_FIELD = "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const SF_WSDL_TYPE = "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";
const SF_WSDL_REL = "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

function offsetOf(soql: string, text: string, from = 0): number {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(^|[^A-Za-z0-9_])(${escaped})(?![A-Za-z0-9_])`, "i");
  const m = re.exec(soql.slice(from));
  return m ? from + m.index + m[1].length : 0;
}

function parseError(soql: string, e: Error): never {
  const msg = e.message;
  const lex = /at offset: (\d+)/.exec(msg);
  if (lex) {
    const at = Number(lex[1]);
    throw queryError("MALFORMED_QUERY", soql, at, `line 1:${at} no viable alternative at character '${soql[at] ?? ""}'`);
  }
  const found = /found[:]? -->\s*'([^']*)'\s*<--/.exec(msg) ?? /but found: '([^']*)'/.exec(msg);
  const token = found?.[1];
  if (token === undefined || token === "") {
    throw queryError("MALFORMED_QUERY", soql, soql.length, "unexpected end of query");
  }
  throw queryError("MALFORMED_QUERY", soql, offsetOf(soql, token), `unexpected token: ${token}`);
}

function unsupported(soql: string, what: string, near: string): never {
  throw queryError("MALFORMED_QUERY", soql, offsetOf(soql, near), `${what} is not supported by the flowsim Salesforce mock`);
}

function resolvePath(org: SalesforceOrg, soql: string, root: ObjectDef, raw: string): FieldPath {
  const parts = raw.split(".");
  // A path may start with the object's own name (SELECT Account.Name FROM Account).
  if (parts.length > 1 && parts[0].toLowerCase() === root.name.toLowerCase() && !root.fields.some((f) => f.relationshipName?.toLowerCase() === parts[0].toLowerCase())) parts.shift();
  let object = root;
  const hops: FieldPath["hops"] = [];
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    const rel = object.fields.find((f) => f.relationshipName?.toLowerCase() === parts[i].toLowerCase());
    const next = rel?.referenceTo ? org.describe(rel.referenceTo) : undefined;
    if (!rel || !next) throw queryError("INVALID_FIELD", soql, offsetOf(soql, raw), `Didn't understand relationship '${parts[i]}' in field path. ${SF_WSDL_REL}`);
    hops.push({ field: rel, object });
    names.push(rel.relationshipName!);
    object = next;
  }
  const last = parts[parts.length - 1];
  const field = org.field(object, last);
  if (!field || field.queryable === false) throw queryError("INVALID_FIELD", soql, offsetOf(soql, raw), `No such column '${last}' on entity '${object.name}'. ${SF_WSDL_FIELD}`);
  names.push(field.name);
  return { names, hops, field, object };
}

function readPath(org: SalesforceOrg, record: SfRecord, path: FieldPath): unknown {
  let current: SfRecord | undefined = record;
  for (const hop of path.hops) {
    const id: unknown = current?.[hop.field.name];
    current = typeof id === "string" && hop.field.referenceTo ? org.find(hop.field.referenceTo, id) : undefined;
    if (!current) return null;
  }
  return current[path.field.name] ?? null;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" })[c] ?? `\\${c}`);
}

function literal(soql: string, path: FieldPath, value: string, type: string | undefined): unknown {
  switch (type) {
    case "STRING": {
      const v = unquote(value);
      if ((path.field.type === "id" || path.field.type === "reference") && !isRecordId(v)) {
        throw queryError("INVALID_QUERY_FILTER_OPERATOR", soql, offsetOf(soql, path.names[path.names.length - 1]), `invalid ID field: ${v}`);
      }
      return v;
    }
    case "INTEGER":
    case "DECIMAL":
      return Number(value);
    case "BOOLEAN":
      return value.toUpperCase() === "TRUE";
    case "NULL":
      return null;
    case "DATE":
    case "DATETIME":
      return value;
    default:
      return unsupported(soql, `${type ?? "this"} literal`, value);
  }
}

/** Flattens the parser's right-leaning chain (with paren counts) into tokens, then parses them with Salesforce's rule that AND and OR need parentheses to mix. */
function buildWhere(org: SalesforceOrg, soql: string, root: ObjectDef, where: WhereClause): Cond {
  type Tok = { t: "(" | ")" | "AND" | "OR" | "NOT" } | { t: "cond"; c: Cond };
  const toks: Tok[] = [];
  let w: WhereClause | undefined = where;
  while (w) {
    const left = (w as { left: unknown }).left as Record<string, unknown> | null;
    if (left) {
      for (let i = 0; i < ((left.openParen as number) ?? 0); i++) toks.push({ t: "(" });
      if (typeof left.field === "string") {
        if ("valueQuery" in left) unsupported(soql, "a semi-join subquery", left.field);
        const path = resolvePath(org, soql, root, left.field);
        const op = String(left.operator).toUpperCase();
        if (op === "INCLUDES" || op === "EXCLUDES") unsupported(soql, op, op);
        const rawValues = Array.isArray(left.value) ? (left.value as string[]) : [left.value as string];
        const types = Array.isArray(left.literalType) ? (left.literalType as string[]) : rawValues.map(() => left.literalType as string | undefined);
        const values = rawValues.map((v, i) => literal(soql, path, v, types[i]));
        if (op === "LIKE" && !["string", "textarea", "phone", "email", "url", "picklist", "autonumber", "id", "reference"].includes(path.field.type)) {
          throw queryError("INVALID_QUERY_FILTER_OPERATOR", soql, offsetOf(soql, left.field), `invalid operator on ${path.field.type} field: LIKE`);
        }
        toks.push({ t: "cond", c: { kind: "cond", path, op, values, raw: left.field } });
      } else if ("fn" in left) unsupported(soql, "a function in WHERE", "(");
      for (let i = 0; i < ((left.closeParen as number) ?? 0); i++) toks.push({ t: ")" });
    }
    const op = (w as { operator?: string }).operator;
    if (op) toks.push({ t: op.toUpperCase() as "AND" | "OR" | "NOT" });
    w = (w as { right?: WhereClause }).right;
  }
  let i = 0;
  const fail = (what: string): never => {
    throw queryError("MALFORMED_QUERY", soql, offsetOf(soql, what, soql.toUpperCase().indexOf("WHERE")), `unexpected token: ${what}`);
  };
  const term = (): Cond => {
    const t = toks[i++];
    if (!t) return fail("end of query");
    if (t.t === "NOT") return { kind: "not", item: term() };
    if (t.t === "(") {
      const inner = expr();
      if (toks[i++]?.t !== ")") fail(")");
      return inner;
    }
    if (t.t === "cond") return t.c;
    return fail(t.t);
  };
  const expr = (): Cond => {
    const first = term();
    let kind: "and" | "or" | undefined;
    const items = [first];
    while (toks[i] && (toks[i].t === "AND" || toks[i].t === "OR")) {
      const k = toks[i].t === "AND" ? "and" : "or";
      if (kind && kind !== k) fail(toks[i].t);
      kind = k;
      i++;
      items.push(term());
    }
    return kind ? { kind, items } : first;
  };
  const result = expr();
  if (i < toks.length) fail(toks[i].t === "cond" ? "condition" : toks[i].t);
  return result;
}

function likeToRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\" && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "i");
}

function equal(field: FieldDef, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null) return (a ?? null) === b;
  if ((field.type === "id" || field.type === "reference") && typeof a === "string" && typeof b === "string") return sameId(a, b);
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function order(a: unknown, b: unknown): number {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b));
}

function matches(org: SalesforceOrg, r: SfRecord, c: Cond): boolean {
  switch (c.kind) {
    case "and":
      return c.items.every((x) => matches(org, r, x));
    case "or":
      return c.items.some((x) => matches(org, r, x));
    case "not":
      return !matches(org, r, c.item);
    case "cond": {
      const v = readPath(org, r, c.path);
      const [x] = c.values;
      switch (c.op) {
        case "=":
          return equal(c.path.field, v, x);
        case "!=":
          return !equal(c.path.field, v, x);
        case "IN":
          return c.values.some((y) => equal(c.path.field, v, y));
        case "NOT IN":
          return !c.values.some((y) => equal(c.path.field, v, y));
        case "LIKE":
          return typeof v === "string" && typeof x === "string" && likeToRegExp(x).test(v);
        case "<":
          return v !== null && x !== null && order(v, x) < 0;
        case "<=":
          return v !== null && x !== null && order(v, x) <= 0;
        case ">":
          return v !== null && x !== null && order(v, x) > 0;
        case ">=":
          return v !== null && x !== null && order(v, x) >= 0;
        default:
          return false;
      }
    }
  }
}

export function recordUrl(version: string, type: string, id: string): string {
  return `/services/data/${version}/sobjects/${type}/${id}`;
}

function shape(org: SalesforceOrg, version: string, object: ObjectDef, r: SfRecord, paths: FieldPath[]): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: object.name, url: recordUrl(version, object.name, r.Id) } };
  for (const p of paths) {
    if (!p.hops.length) {
      out[p.field.name] = r[p.field.name] ?? null;
      continue;
    }
    // Parent fields nest: {"Account": {"attributes": {...}, "Name": "Acme"}}, or null when the reference is empty.
    let target: Record<string, unknown> = out;
    let current: SfRecord | undefined = r;
    for (let i = 0; i < p.hops.length; i++) {
      const hop = p.hops[i];
      const name = p.names[i];
      const id: unknown = current?.[hop.field.name];
      const parentDef = org.describe(hop.field.referenceTo!)!;
      current = typeof id === "string" ? org.find(parentDef.name, id) : undefined;
      if (!current) {
        if (!(name in target)) target[name] = null;
        break;
      }
      if (!target[name] || typeof target[name] !== "object") target[name] = { attributes: { type: parentDef.name, url: recordUrl(version, parentDef.name, current.Id) } };
      target = target[name] as Record<string, unknown>;
      if (i === p.hops.length - 1) target[p.field.name] = current[p.field.name] ?? null;
    }
  }
  return out;
}

export interface CompiledQuery {
  object: ObjectDef;
  paths: FieldPath[];
  where?: Cond;
  orderBy: { path: FieldPath; desc: boolean; nullsFirst: boolean }[];
  limit?: number;
  offset?: number;
}

/** Parses and checks a query; throws SalesforceError with Salesforce's codes and message layout. */
export function compileQuery(org: SalesforceOrg, soql: string): CompiledQuery {
  let q: Query;
  try {
    q = parseQuery(soql);
  } catch (e) {
    return parseError(soql, e as Error);
  }
  if (!q.sObject) return parseError(soql, new Error("but found: ''"));
  const object = org.describe(q.sObject);
  if (!object) throw queryError("INVALID_TYPE", soql, offsetOf(soql, q.sObject, soql.toUpperCase().indexOf("FROM")), `sObject type '${q.sObject}' is not supported. ${SF_WSDL_TYPE}`);
  if (q.groupBy || q.having) unsupported(soql, "GROUP BY", "GROUP");
  const paths: FieldPath[] = [];
  for (const f of (q.fields ?? []) as SelectField[]) {
    if (f.type === "Field") paths.push(resolvePath(org, soql, object, f.field));
    else if (f.type === "FieldRelationship") paths.push(resolvePath(org, soql, object, [...f.relationships, f.field].join(".")));
    else if (f.type === "FieldFunctionExpression") unsupported(soql, `${f.functionName}()`, f.functionName);
    else if (f.type === "FieldSubquery") unsupported(soql, "a relationship subquery", "(");
    else unsupported(soql, "TYPEOF", "TYPEOF");
  }
  const seen = new Set<string>();
  for (const p of paths) {
    const key = p.names.join(".").toLowerCase();
    if (seen.has(key)) throw queryError("MALFORMED_QUERY", soql, offsetOf(soql, p.names[p.names.length - 1]), `duplicate field selected: ${p.names.join(".")}`);
    seen.add(key);
  }
  const orderBy = (Array.isArray(q.orderBy) ? q.orderBy : q.orderBy ? [q.orderBy] : []).map((o) => {
    if (!("field" in o)) return unsupported(soql, "ORDER BY a function", "ORDER");
    const desc = o.order === "DESC";
    return { path: resolvePath(org, soql, object, o.field), desc, nullsFirst: o.nulls ? o.nulls === "FIRST" : !desc };
  });
  return { object, paths, where: q.where ? buildWhere(org, soql, object, q.where) : undefined, orderBy, limit: q.limit, offset: q.offset };
}

/** Runs a compiled query and returns every matching record, shaped for the REST API. */
export function runQuery(org: SalesforceOrg, query: CompiledQuery, version: string): Record<string, unknown>[] {
  let rows = org.records(query.object.name).filter((r) => !query.where || matches(org, r, query.where));
  if (query.orderBy.length) {
    rows = [...rows].sort((a, b) => {
      for (const o of query.orderBy) {
        const x = readPath(org, a, o.path);
        const y = readPath(org, b, o.path);
        if (x === null && y === null) continue;
        if (x === null || y === null) return (x === null) === o.nullsFirst ? -1 : 1;
        const c = order(x, y);
        if (c !== 0) return o.desc ? -c : c;
      }
      return 0;
    });
  }
  if (query.offset !== undefined) {
    if (query.offset > 2000) throw sfError(400, "NUMBER_OUTSIDE_VALID_RANGE", `Maximum SOQL offset allowed is 2000`);
    rows = rows.slice(query.offset);
  }
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  return rows.map((r) => shape(org, version, query.object, r, query.paths));
}
