import test from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { publicEndpoint } from "./public-endpoint.js";

const LISTENING = "http://127.0.0.1:4566";

test("the client's Host decides the address handed back: a mapped port comes back as the client used it", () => {
  assert.equal(publicEndpoint(LISTENING, { host: "127.0.0.1:32768" }), "http://127.0.0.1:32768");
  assert.equal(publicEndpoint(LISTENING, { host: "[::1]:32768" }), "http://[::1]:32768");
  assert.equal(publicEndpoint(LISTENING, { host: "flowsim:4566" }), "http://flowsim:4566");
});

test("localhost becomes 127.0.0.1, the only name ChatJS accepts in a ws:// URL", () => {
  assert.equal(publicEndpoint(LISTENING, { host: "localhost:40000" }), "http://127.0.0.1:40000");
  assert.equal(publicEndpoint(LISTENING, { host: "LOCALHOST" }), "http://127.0.0.1");
});

test("no Host, or one that is not a host, leaves the listening address", () => {
  for (const host of [undefined, "", "a b", "evil.example/path", "127.0.0.1:99999", "x:1:2", "@host", "host:"]) {
    assert.equal(publicEndpoint(LISTENING, host === undefined ? {} : { host }), LISTENING, `Host ${JSON.stringify(host)}`);
  }
});

test("whatever the Host header holds, the result is a URL whose path is empty", () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (host) => {
      const url = new URL(publicEndpoint(LISTENING, { host }));
      assert.equal(url.pathname, "/");
      assert.equal(url.search, "");
      assert.equal(url.protocol, "http:");
    }),
    { numRuns: 2000 },
  );
});
