import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { dial, said, start, tts, hangUp } from "../testing.js";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A local server that records requests and answers with the handler's status and body. */
async function server(answer: (seen: Seen) => { status: number; body: string; type?: string }) {
  const seen: Seen[] = [];
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(r);
      const a = answer(r);
      res.writeHead(a.status, { "Content-Type": a.type ?? "application/json", "X-Request-Count": String(seen.length) });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => (s.close(() => resolve()), s.closeAllConnections())) };
}

const http = (props: Record<string, unknown>, to = { default: "Say" }) => ({ name: "Get", type: "http-request-v2", props: { authenticated: false, httpRequestMethod: "GET", httpResponseTimeout: 2000, retryAttempts: 0, contentType: "JSON", ...props }, to });

test("a plain URL request: templated URL, query parameters, headers and body; status, body, headers and JSONPath outputs", async () => {
  const srv = await server(() => ({ status: 201, body: JSON.stringify({ data: [{ id: "p-1", tags: ["a"] }], ok: true }) }));
  try {
    const { call } = await dial({
      variables: [{ name: "token", value: "abc123" }, { name: "personId" }, { name: "first" }, { name: "data", type: "JSON" }],
      main: [
        start("Get"),
        http({
          httpRequestMethod: "POST",
          httpRequestUrl: `${srv.url}/people/{{ NewPhoneContact.ANI | urlencode }}`,
          httpQueryParameters: { filter: "type=='P'", ani: "{{ NewPhoneContact.ANI }}" },
          httpRequestHeaders: { Authorization: "Bearer {{ token }}", "x-trace": "{{ NewPhoneContact.InteractionId }}" },
          httpContentType: "Application/JSON",
          httpRequestBody: '{"key": "{{ NewPhoneContact.ANI | slice(1) }}"}',
          outputVariableArray: [
            { outputVariable: "personId", jsonPathExp: "$.data[0].id" },
            { outputVariable: "first", jsonPathExp: "$.data[0]" },
            { outputVariable: "data", jsonPathExp: "$.data[0]" },
          ],
        }),
        tts("Say", "{{ Get.httpStatusCode }} {{ personId }} {{ first }} {{ data.tags[0] }} {{ Get.httpResponseHeaders['x-request-count'] }}", { default: "Bye" }),
        hangUp(),
      ],
    });
    const [req] = srv.seen;
    assert.equal(req.method, "POST");
    assert.equal(req.url, "/people/%2B14085550100?filter=type%3D%3D%27P%27&ani=%2B14085550100");
    assert.equal(req.headers.authorization, "Bearer abc123");
    assert.equal(req.headers["x-trace"], call.interactionId);
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.body, '{"key": "14085550100"}');
    assert.deepEqual(said(call), ['201 p-1 {"id":"p-1","tags":["a"]} a 1'], "objects go into STRING variables as JSON text, JSON variables keep them");
    const x = call.httpExchanges[0];
    assert.equal(x.requestHeaders.Authorization, "Bearer ••••c123", "secrets are masked in the record");
    assert.equal(x.status, 201);
  } finally {
    await srv.close();
  }
});

test("GET sends no body; 4xx completes on default; a body that is not JSON leaves the outputs alone and says so", async () => {
  const srv = await server(() => ({ status: 404, body: "<html>not found</html>", type: "text/html" }));
  try {
    const { call } = await dial({
      variables: [{ name: "v", value: "unchanged" }],
      main: [start("Get"), http({ httpRequestUrl: `${srv.url}/x`, httpRequestBody: "ignored", outputVariableArray: [{ outputVariable: "v", jsonPathExp: "$.v" }] }), tts("Say", "{{ Get.httpStatusCode }} {{ v }}", { default: "Bye" }), hangUp()],
    });
    assert.equal(srv.seen[0].body, "");
    assert.deepEqual(said(call), ["404 unchanged"]);
    const step = call.trace.find((s) => s.kind === "activity" && s.name === "Get");
    assert.ok(step?.kind === "activity");
    assert.deepEqual(step.notes, ["the response body is not JSON: no output variable receives a value", "$.v matched nothing: v keeps its value"]);
  } finally {
    await srv.close();
  }
});

test("only 5xx is retried, immediately (retryAttempts as a number or a string)", async () => {
  let n = 0;
  const srv = await server(() => ({ status: ++n < 3 ? 502 : 200, body: "{}" }));
  try {
    const { call } = await dial({ main: [start("Get"), http({ httpRequestUrl: `${srv.url}/x`, retryAttempts: "5" }), tts("Say", "{{ Get.httpStatusCode }}", { default: "Bye" }), hangUp()] });
    assert.deepEqual(call.httpExchanges.map((x) => x.status), [502, 502, 200]);
    assert.deepEqual(said(call), ["200"]);
  } finally {
    await srv.close();
  }
  const srv4 = await server(() => ({ status: 429, body: "{}" }));
  try {
    const { call } = await dial({ main: [start("Get"), http({ httpRequestUrl: `${srv4.url}/x`, retryAttempts: 3 }), tts("Say", "{{ Get.httpStatusCode }}", { default: "Bye" }), hangUp()] });
    assert.equal(call.httpExchanges.length, 1, "a 429 is not retried");
  } finally {
    await srv4.close();
  }
});

test("connector modes: base URL + path (with its own query string), basic and bearer credentials; an unknown connector goes to OnGlobalError", async () => {
  const srv = await server(() => ({ status: 200, body: "{}" }));
  try {
    const flow = { main: [start("Get"), http({ authenticated: true, connectorId: "c-1", httpRequestPath: "api/v1/items?sort=asc", httpQueryParameters: { page: "2" } }), tts("Say", "ok", { default: "Bye" }), hangUp()] };
    await dial(flow, { connectors: { "c-1": { baseUrl: `${srv.url}/root/`, auth: { type: "basic", username: "u", password: "p" } } } });
    await dial(flow, { connectors: { "c-1": { baseUrl: srv.url, auth: { type: "bearer", token: "t0k" } } } });
    assert.deepEqual(srv.seen.map((s) => [s.url, s.headers.authorization]), [
      ["/root/api/v1/items?sort=asc&page=2", `Basic ${Buffer.from("u:p").toString("base64")}`],
      ["/api/v1/items?sort=asc&page=2", "Bearer t0k"],
    ]);
    const missing = await dial(flow);
    const summary = await missing.call.ended;
    assert.match(summary.reason, /dropped: unhandled error in Get: connector c-1 is not configured/);
    assert.deepEqual(missing.call.httpExchanges, []);
  } finally {
    await srv.close();
  }
});
