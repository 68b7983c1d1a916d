/**
 * Whatever a client sends, the simulator answers with a 4xx (or a 2xx) in the service's
 * shape and goes on answering: no 5xx, no crash, no hang. Fixed cases for every fault found
 * so far, then generated hostile input thrown at every route family — the Connect API, the
 * Participant API, the control plane, CloudWatch Logs (flow logs), the Salesforce mock,
 * websocket upgrades and frames.
 * Bounded in count; loopback only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { connect as tcpConnect } from "node:net";
import fc from "fast-check";
import WebSocket from "ws";
import { chatFixture, type ChatFixture } from "./testing.js";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request with the target exactly as given (fetch would normalise it), on a
 * connection of its own: Node sends a GET or DELETE body without Content-Length, so the
 * server reads it as the start of a next request and closes the connection on it — after
 * answering this one. A pooled socket would carry that close into the next request.
 */
function raw(endpoint: string, method: string, target: string, body?: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path: target, agent: false, headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers }, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${target}: no answer within 5 s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** An upgrade request written by hand (the ws client refuses odd targets before sending them). */
function rawUpgrade(endpoint: string, target: string): Promise<string> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(url.port), url.hostname, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    let text = "";
    socket.setTimeout(5000, () => socket.destroy(new Error(`upgrade ${target}: no answer within 5 s`)));
    socket.on("data", (d) => {
      text += d.toString();
      if (text.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("close", () => resolve(text.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
  });
}

async function stillAnswers(fx: ChatFixture): Promise<void> {
  const res = await raw(fx.sim.endpoint, "GET", "/_flowsim/health");
  assert.equal(res.status, 200, `health after the attack: ${res.body}`);
}

const deep = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

test("odd request targets, bad percent-escapes, deep JSON and __proto__ keys are 4xx in the service's shape", async () => {
  const fx = await chatFixture();
  try {
    const id = fx.sim.instanceId;
    const cases: [string, string, string | undefined, number, string][] = [
      ["GET", "//", undefined, 400, "BadRequestException"],
      ["GET", "//[", undefined, 400, "BadRequestException"],
      ["GET", "http://", undefined, 400, "BadRequestException"],
      ["GET", "http://127.0.0.1:99999/instance", undefined, 400, "BadRequestException"],
      ["GET", `/contacts/${id}/%E0%A4%A`, undefined, 400, "InvalidRequestException"],
      ["GET", `/queues/${id}/%ZZ`, undefined, 400, "InvalidRequestException"],
      ["PUT", "/contact/chat", `{"InstanceId":"${id}","Attributes":${deep(5000)}}`, 400, "InvalidRequestException"],
      ["POST", "/participant/message", `{"Content":${deep(100000)}}`, 400, "ValidationException"],
      ["POST", `/contact/attributes`, `{"InstanceId":"${id}","InitialContactId":"x","Attributes":{"__proto__":"polluted"}}`, 400, "InvalidRequestException"],
      ["POST", "/_flowsim/clock/advance", `{"__proto__":{"ms":1}}`, 400, "ValidationException"],
    ];
    for (const [method, target, body, status, type] of cases) {
      const res = await raw(fx.sim.endpoint, method, target, body);
      assert.equal(res.status, status, `${method} ${target.slice(0, 60)}: ${res.body.slice(0, 200)}`);
      assert.equal(res.headers["x-amzn-errortype"], type, `${method} ${target.slice(0, 60)}`);
      assert.equal(typeof JSON.parse(res.body).message, "string");
    }
    // The attachment store: a bad escape is S3's InvalidURI.
    const file = await raw(fx.sim.endpoint, "GET", "/attachments/%E0%A4%A?download=x");
    assert.equal(file.status, 400);
    assert.match(file.body, /<Code>InvalidURI<\/Code>/);
    await stillAnswers(fx);
  } finally {
    await fx.close();
  }
});

test("a websocket upgrade with any request target is refused on the socket; the server lives on", async () => {
  const fx = await chatFixture();
  try {
    for (const [target, expected] of [
      ["//[", /^HTTP\/1\.1 400/],
      ["http://", /^HTTP\/1\.1 400/],
      ["/ws/chat?AuthToken=guess", /^HTTP\/1\.1 403/],
      ["/elsewhere", /^HTTP\/1\.1 404/],
    ] as const) {
      assert.match(await rawUpgrade(fx.sim.endpoint, target), expected, target);
    }
    await stillAnswers(fx);
  } finally {
    await fx.close();
  }
});

test("cross-origin calls are granted to the Participant API and attachments only, never to the control plane", async () => {
  const fx = await chatFixture();
  try {
    const preflight = (target: string) => raw(fx.sim.endpoint, "OPTIONS", target, undefined, { origin: "https://evil.example", "access-control-request-method": "POST" });
    assert.equal((await preflight("/participant/message")).headers["access-control-allow-origin"], "*");
    assert.equal((await preflight("/attachments/abc")).headers["access-control-allow-origin"], "*");
    assert.equal((await preflight("/_flowsim/clock/advance")).headers["access-control-allow-origin"], undefined);
    assert.equal((await preflight("/contact/chat")).headers["access-control-allow-origin"], undefined);
    const control = await raw(fx.sim.endpoint, "GET", "/_flowsim/clock", undefined, { origin: "https://evil.example" });
    assert.equal(control.status, 200);
    assert.equal(control.headers["access-control-allow-origin"], undefined, "a page cannot read what the control plane answers");
  } finally {
    await fx.close();
  }
});

// ---- generated hostile input ------------------------------------------------------------

const junkSegment = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom("%", "%E0%A4%A", "%ZZ", "..", "%2F", "%00", "x".repeat(3000)),
);
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small" }, fc.jsonValue(), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constant("__proto__"), fc.constant("constructor")), tie("value"), { maxKeys: 4 })),
})).value;
const body = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.integer({ min: 1, max: 20000 }).map((n) => deep(n)),
  fc.constantFrom("", "{", "null", "[]", '{"InstanceId":123}', '{"Attributes":{"a":{"b":{"c":[]}}}}'),
);

test("generated hostile requests at every route family: never a 5xx, never a crash", async () => {
  const fx = await chatFixture();
  try {
    const { chat, connectionToken } = await fx.startPollingChat();
    const id = fx.sim.instanceId;
    const patterns = [
      ...fx.sim.instances.defaultInstance.routers.connect.list(),
      ...fx.sim.instances.defaultInstance.routers.participant.list(),
      ...fx.sim.instances.defaultInstance.routers.control.list(),
    ].map((r) => ({ method: r.method, pattern: r.pattern }));
    const families = [
      ...patterns,
      { method: "POST", pattern: "/salesforce/services/oauth2/token" },
      { method: "GET", pattern: "/salesforce/services/data/v58.0/query" },
      { method: "POST", pattern: "/salesforce/services/data/v58.0/sobjects/{Object}" },
      { method: "PUT", pattern: "/attachments/{Id}" },
    ];
    const label = fc.oneof(fc.constant(id), fc.constant(chat.ContactId), fc.constant(`arn:aws:connect:us-east-1:123456789012:instance/${id}`), junkSegment);
    const requestArb = fc.record({
      route: fc.constantFrom(...families),
      labels: fc.array(label, { minLength: 6, maxLength: 6 }),
      query: fc.option(fc.string({ maxLength: 40 }).map((q) => `?${q.replace(/[#\s]/g, "")}`), { nil: "" }),
      method: fc.option(fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH"), { nil: undefined }),
      body: fc.option(body, { nil: undefined }),
      token: fc.constantFrom(connectionToken, chat.ParticipantToken, "", "x".repeat(2000)),
    });
    // CloudWatch Logs (flow logs): one path, the operation in X-Amz-Target, hostile bodies and targets.
    const logsArb = fc.record({
      target: fc.oneof(fc.constantFrom("Logs_20140328.FilterLogEvents", "Logs_20140328.DescribeLogGroups"), fc.string({ maxLength: 60 }).map((t) => `Logs_20140328.${t.replace(/[^\x21-\x7e]/g, "")}`)),
      body: fc.oneof(
        body,
        fc.record(
          {
            logGroupName: fc.oneof(fc.constant("/aws/connect/flowsim"), fc.string({ maxLength: 600 })),
            logGroupIdentifier: fc.string({ maxLength: 80 }),
            logStreamNames: fc.oneof(fc.array(fc.string({ maxLength: 20 }), { maxLength: 120 }), jsonValue),
            startTime: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
            endTime: fc.oneof(fc.integer(), fc.constant(Number.MAX_SAFE_INTEGER)),
            filterPattern: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{ $.ContactId = "x" }', "{ $.a.b.c != * }", "{", '"', "{ $. = }", "x".repeat(2000))),
            nextToken: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(Buffer.from('{"g":"/aws/connect/flowsim","s":-1}').toString("base64url"))),
            limit: fc.oneof(fc.integer(), fc.constant(0), fc.string({ maxLength: 4 })),
            interleaved: fc.jsonValue(),
          },
          { requiredKeys: [] },
        ).map((v) => JSON.stringify(v)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(logsArb, async (r) => {
        const res = await raw(fx.sim.endpoint, "POST", "/", r.body, { "x-amz-target": r.target, "content-type": "application/x-amz-json-1.1" });
        assert.ok(res.status < 500, `${r.target} ${r.body.slice(0, 200)} → ${res.status} ${res.body.slice(0, 300)}`);
        assert.equal(typeof JSON.parse(res.body), "object");
      }),
      { numRuns: 300 },
    );

    await fc.assert(
      fc.asyncProperty(requestArb, async (r) => {
        let i = 0;
        const target = r.route.pattern.replace(/\{\w+\+?\}/g, () => r.labels[i++ % r.labels.length]) + r.query;
        const res = await raw(fx.sim.endpoint, r.method ?? r.route.method, target, r.body, { "x-amz-bearer": r.token });
        assert.ok(res.status < 500, `${r.method ?? r.route.method} ${target.slice(0, 120)} → ${res.status} ${res.body.slice(0, 300)}`);
      }),
      { numRuns: 600 },
    );

    // Upgrades with generated targets, and frames of every kind on a live socket.
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 60 }).map((s) => `/${s.replace(/[\s]/g, "")}`), junkSegment.map((s) => `/ws/chat?AuthToken=${s}`)), async (target) => {
        const line = await rawUpgrade(fx.sim.endpoint, target);
        assert.match(line, /^HTTP\/1\.1 (4\d\d|101)/, target);
      }),
      { numRuns: 100 },
    );
    const { connection } = await fx.startConnectedChat().then(async (c) => ({ connection: c }));
    const ws = new WebSocket(connection.url);
    await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
    await fc.assert(
      fc.asyncProperty(fc.oneof(body, jsonValue.map((v) => JSON.stringify({ topic: "aws/subscribe", content: v }))), async (frame) => {
        ws.send(frame);
      }),
      { numRuns: 200 },
    );
    ws.send(Buffer.alloc(200 * 1024));
    await new Promise((resolve) => setTimeout(resolve, 100));
    ws.terminate();
    await stillAnswers(fx);
  } finally {
    await fx.close();
  }
});
