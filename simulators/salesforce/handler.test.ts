import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { VirtualClock } from "../kernel/clock.js";
import { startSalesforceMock, type RunningSalesforceMock } from "./server.js";
import { DEFAULT_APP, DEFAULT_USER, MAX_BODY_BYTES } from "./handler.js";
import { isRecordId } from "./ids.js";

const START = Date.UTC(2026, 0, 5, 9, 0, 0);

async function withMock(fn: (sf: RunningSalesforceMock, clock: VirtualClock) => Promise<void>, extra: Parameters<typeof startSalesforceMock>[0] = {}): Promise<void> {
  const clock = new VirtualClock(START);
  const sf = await startSalesforceMock({
    clock,
    seed: {
      Account: [{ "@ref": "acme", Name: "Acme Corp", Phone: "4155551212" }],
      Contact: [{ "@ref": "john", FirstName: "John", LastName: "Smith", Phone: "4155551212", AccountId: { $ref: "acme" } }],
      Case: [{ "@ref": "case1", Subject: "Broken widget", ContactId: { $ref: "john" }, AccountId: { $ref: "acme" } }],
    },
    ...extra,
  });
  try {
    await fn(sf, clock);
  } finally {
    await sf.close();
  }
}

function form(fields: Record<string, string>): RequestInit {
  return { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() };
}

const passwordGrant = { grant_type: "password", client_id: DEFAULT_APP.clientId, client_secret: DEFAULT_APP.clientSecret, username: DEFAULT_USER.username, password: DEFAULT_USER.password };

async function token(sf: RunningSalesforceMock): Promise<string> {
  const res = await fetch(`${sf.url}/services/oauth2/token`, form(passwordGrant));
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

test("OAuth password grant: the exact success body; signature is HMAC-SHA256(id + issued_at) with the client secret", () =>
  withMock(async (sf) => {
    const res = await fetch(`${sf.url}/services/oauth2/token`, form(passwordGrant));
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, string>;
    assert.deepEqual(Object.keys(body), ["access_token", "instance_url", "id", "token_type", "issued_at", "signature"]);
    assert.match(body.access_token, /^00D[A-Za-z0-9]{12}![A-Za-z0-9_-]{96}$/);
    assert.equal(body.instance_url, sf.url);
    assert.match(body.id, /^https:\/\/login\.salesforce\.com\/id\/00D[A-Za-z0-9]{15}\/005[A-Za-z0-9]{15}$/);
    assert.equal(body.token_type, "Bearer");
    assert.equal(body.issued_at, String(START));
    assert.equal(body.signature, createHmac("sha256", DEFAULT_APP.clientSecret).update(body.id + body.issued_at).digest("base64"));
  }));

test("OAuth client_credentials grant adds scope; errors are 400 with Salesforce's codes", () =>
  withMock(async (sf) => {
    const cc = await fetch(`${sf.url}/services/oauth2/token`, form({ grant_type: "client_credentials", client_id: DEFAULT_APP.clientId, client_secret: DEFAULT_APP.clientSecret }));
    assert.equal(cc.status, 200);
    assert.equal(((await cc.json()) as { scope: string }).scope, "api");
    const cases: [Record<string, string>, object][] = [
      [{ ...passwordGrant, password: "wrong" }, { error: "invalid_grant", error_description: "authentication failure" }],
      [{ ...passwordGrant, client_id: "nope" }, { error: "invalid_client_id", error_description: "client identifier invalid" }],
      [{ ...passwordGrant, client_secret: "nope" }, { error: "invalid_client", error_description: "invalid client credentials" }],
      [{ ...passwordGrant, grant_type: "authorization_code" }, { error: "unsupported_grant_type", error_description: "grant type not supported" }],
    ];
    for (const [fields, expected] of cases) {
      const res = await fetch(`${sf.url}/services/oauth2/token`, form(fields));
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), expected);
    }
  }));

test("SOQL over HTTP with + for spaces; a missing, expired or revoked token is 401 INVALID_SESSION_ID", () =>
  withMock(async (sf, clock) => {
    const t = await token(sf);
    const url = `${sf.url}/services/data/v52.0/query?q=SELECT+id,Name+FROM+Contact+WHERE+Phone+LIKE+%27%254155551212%25%27`;
    const ok = await fetch(url, { headers: bearer(t) });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { totalSize: 1, done: true, records: [{ attributes: { type: "Contact", url: `/services/data/v52.0/sobjects/Contact/${sf.mock.refs.john}` }, Id: sf.mock.refs.john, Name: "John Smith" }] });
    const none = await fetch(`${sf.url}/services/data/v52.0/query?q=SELECT+Id+FROM+Account+WHERE+Phone+LIKE+%27%25999%25%27`, { headers: bearer(t) });
    assert.deepEqual(await none.json(), { totalSize: 0, done: true, records: [] });

    const unauthorised = [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }];
    const missing = await fetch(url);
    assert.equal(missing.status, 401);
    assert.deepEqual(await missing.json(), unauthorised);
    await clock.advance(2 * 3600 * 1000);
    const expired = await fetch(url, { headers: bearer(t) });
    assert.equal(expired.status, 401, "sessions time out after 2 hours on the mock's clock");
    const t2 = await token(sf);
    assert.equal(sf.mock.tokens.revoke(t2), true);
    const revoked = await fetch(url, { headers: bearer(t2) });
    assert.equal(revoked.status, 401);
    assert.deepEqual(await revoked.json(), unauthorised);
  }));

test("query errors come back as 400 arrays; paging uses nextRecordsUrl", () =>
  withMock(
    async (sf) => {
      const t = await token(sf);
      const bad = await fetch(`${sf.url}/services/data/v52.0/query?q=${encodeURIComponent("SELECT Id,CaseNumber FROM Case WHERE ContactId='null'")}`, { headers: bearer(t) });
      assert.equal(bad.status, 400);
      const [err] = (await bad.json()) as { errorCode: string; message: string }[];
      assert.equal(err.errorCode, "INVALID_QUERY_FILTER_OPERATOR");
      assert.match(err.message, /ERROR at Row:1:Column:\d+\ninvalid ID field: null$/);
      const noQ = await fetch(`${sf.url}/services/data/v52.0/query`, { headers: bearer(t) });
      assert.deepEqual(await noQ.json(), [{ message: "A query string has to be specified", errorCode: "MALFORMED_QUERY" }]);

      for (let i = 0; i < 4; i++) sf.mock.org.insert("Account", { Name: `Extra ${i}` });
      const first = (await (await fetch(`${sf.url}/services/data/v52.0/query?q=SELECT+Name+FROM+Account`, { headers: bearer(t) })).json()) as { totalSize: number; done: boolean; nextRecordsUrl: string; records: unknown[] };
      assert.equal(first.totalSize, 5);
      assert.equal(first.done, false);
      assert.equal(first.records.length, 2);
      const second = (await (await fetch(`${sf.url}${first.nextRecordsUrl}`, { headers: bearer(t) })).json()) as { done: boolean; records: unknown[]; nextRecordsUrl: string };
      assert.equal(second.records.length, 2);
      const third = (await (await fetch(`${sf.url}${second.nextRecordsUrl}`, { headers: bearer(t) })).json()) as { done: boolean; records: unknown[] };
      assert.deepEqual([third.done, third.records.length], [true, 1]);
    },
    { queryBatchSize: 2 },
  ));

test("sObjects: POST 201 {id, errors, success}, GET, PATCH 204 with Case.Comments inserting a CaseComment, DELETE 204, 404s", () =>
  withMock(async (sf, clock) => {
    const t = await token(sf);
    const json = { ...bearer(t), "Content-Type": "application/json" };
    const created = await fetch(`${sf.url}/services/data/v52.0/sobjects/Case/`, { method: "POST", headers: json, body: JSON.stringify({ Subject: "New", ContactId: sf.mock.refs.john }) });
    assert.equal(created.status, 201);
    const { id, errors, success } = (await created.json()) as { id: string; errors: unknown[]; success: boolean };
    assert.ok(id.startsWith("500") && isRecordId(id));
    assert.deepEqual([errors, success], [[], true]);

    await clock.advance(60_000);
    const caseId = sf.mock.refs.case1;
    const patched = await fetch(`${sf.url}/services/data/v52.0/sobjects/Case/${caseId}`, { method: "PATCH", headers: json, body: JSON.stringify({ Comments: "Called about the widget" }) });
    assert.equal(patched.status, 204);
    assert.equal(await patched.text(), "");
    const comments = sf.mock.org.records("CaseComment");
    assert.equal(comments.length, 1);
    assert.ok(comments[0].Id.startsWith("00a"));
    assert.deepEqual([comments[0].ParentId, comments[0].CommentBody, comments[0].IsPublished], [caseId, "Called about the widget", false]);
    const viaSoql = (await (await fetch(`${sf.url}/services/data/v52.0/query?q=${encodeURIComponent(`SELECT CommentBody, Parent.Subject FROM CaseComment WHERE ParentId = '${caseId}'`)}`, { headers: bearer(t) })).json()) as { records: Record<string, unknown>[] };
    assert.equal(viaSoql.records[0].CommentBody, "Called about the widget");

    const read = (await (await fetch(`${sf.url}/services/data/v52.0/sobjects/Case/${caseId}?fields=subject,LastModifiedDate`, { headers: bearer(t) })).json()) as Record<string, unknown>;
    assert.deepEqual(read, { attributes: { type: "Case", url: `/services/data/v52.0/sobjects/Case/${caseId}` }, Subject: "Broken widget", LastModifiedDate: "2026-01-05T09:01:00.000+0000" });

    const nullId = await fetch(`${sf.url}/services/data/v52.0/sobjects/Case/null`, { method: "PATCH", headers: json, body: "{}" });
    assert.equal(nullId.status, 404);
    assert.deepEqual(await nullId.json(), [{ message: "The requested resource does not exist", errorCode: "NOT_FOUND" }]);
    const badType = await fetch(`${sf.url}/services/data/v52.0/sobjects/Nope/${caseId}`, { headers: bearer(t) });
    assert.equal(badType.status, 404);

    const errs: [string, RequestInit, number, string][] = [
      ["/sobjects/Contact/", { method: "POST", headers: json, body: JSON.stringify({ FirstName: "No last name" }) }, 400, "REQUIRED_FIELD_MISSING"],
      ["/sobjects/Account/", { method: "POST", headers: json, body: JSON.stringify({ Name: "x", Foo: 1 }) }, 400, "INVALID_FIELD"],
      ["/sobjects/Case/", { method: "POST", headers: json, body: JSON.stringify({ CaseNumber: "1" }) }, 400, "INVALID_FIELD_FOR_INSERT_UPDATE"],
      ["/sobjects/Case/", { method: "POST", headers: json, body: JSON.stringify({ ContactId: "abc" }) }, 400, "MALFORMED_ID"],
      ["/sobjects/CaseComment/", { method: "POST", headers: json, body: JSON.stringify({ ParentId: caseId, CommentBody: "x".repeat(4001) }) }, 400, "STRING_TOO_LONG"],
      ["/sobjects/Case/", { method: "POST", headers: json, body: "{not json" }, 400, "JSON_PARSER_ERROR"],
      [`/sobjects/Case/${caseId}`, { method: "PUT", headers: json, body: "{}" }, 405, "METHOD_NOT_ALLOWED"],
    ];
    for (const [path, init, status, code] of errs) {
      const res = await fetch(`${sf.url}/services/data/v52.0${path}`, init);
      assert.equal(res.status, status, path);
      const [err] = (await res.json()) as { errorCode: string }[];
      assert.equal(err.errorCode, code, path);
    }

    const deleted = await fetch(`${sf.url}/services/data/v52.0/sobjects/Case/${id}`, { method: "DELETE", headers: bearer(t) });
    assert.equal(deleted.status, 204);
    assert.equal(sf.mock.org.find("Case", id), undefined);
  }));

test("outages: 503, a dropped connection, a request that never answers, and a refused connection", () =>
  withMock(async (sf) => {
    const t = await token(sf);
    const url = `${sf.url}/services/data/v52.0/query?q=SELECT+Id+FROM+Account`;
    sf.mock.outage = "unavailable";
    const down = await fetch(url, { headers: bearer(t) });
    assert.equal(down.status, 503);
    assert.equal(((await down.json()) as { errorCode: string }[])[0].errorCode, "SERVER_UNAVAILABLE");

    sf.mock.outage = "reset";
    await assert.rejects(fetch(url, { headers: bearer(t) }), TypeError);

    sf.mock.outage = "hang";
    const hung = fetch(url, { headers: bearer(t), signal: AbortSignal.timeout(200) });
    await assert.rejects(hung, (e: Error) => e.name === "TimeoutError");

    sf.mock.outage = "none";
    await sf.refuseConnections();
    // A pooled keep-alive socket may first report the close; a fresh connection is then refused.
    await assert.rejects(fetch(url, { headers: bearer(t) }), TypeError);
    await assert.rejects(fetch(url, { headers: bearer(t) }), (e: Error & { cause?: { code?: string } }) => e.cause?.code === "ECONNREFUSED");
    await sf.acceptConnections();
    assert.equal((await fetch(url, { headers: bearer(t) })).status, 200);
    assert.deepEqual(
      sf.mock.log.filter((l) => l.outage).map((l) => l.outage),
      ["unavailable", "reset", "hang"],
    );
  }));

test("the handler leaves paths outside /services to its host server", async () => {
  const { SalesforceMock } = await import("./handler.js");
  const mock = new SalesforceMock();
  const handled = mock.handle({ url: "/health", method: "GET", headers: {} } as never, {} as never);
  assert.equal(handled, false);
});

test("a body past the size limit is refused with 413 before it is buffered whole; the mock still answers", () =>
  withMock(async (sf) => {
    const t = await token(sf);
    const huge = JSON.stringify({ Subject: "x".repeat(MAX_BODY_BYTES + 1) });
    const res = await fetch(`${sf.url}/services/data/v52.0/sobjects/Case/`, { method: "POST", headers: { ...bearer(t), "Content-Type": "application/json" }, body: huge });
    assert.equal(res.status, 413);
    assert.deepEqual(((await res.json()) as { errorCode: string }[]).map((e) => e.errorCode), ["REQUEST_ENTITY_TOO_LARGE"]);
    assert.equal((await fetch(`${sf.url}/services/oauth2/token`, form(passwordGrant))).status, 200);
  }));
