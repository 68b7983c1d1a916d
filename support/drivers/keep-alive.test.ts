import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { send } from "./keep-alive.js";

async function withServer(answer: (body: string) => { status: number; text: string }, run: (url: string, connections: () => number) => Promise<void>): Promise<void> {
  let connections = 0;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const { status, text } = answer(body);
      res.writeHead(status, { "content-type": "application/json" }).end(text);
    });
  });
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => connections);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test("sends the body, answers status and text, and keeps one socket for calls one after another", async () => {
  await withServer(
    (body) => ({ status: body ? 201 : 404, text: JSON.stringify({ got: body }) }),
    async (url, connections) => {
      assert.deepEqual(await send("POST", `${url}/_flowsim/clock/advance`, { "content-type": "application/json" }, '{"ms":5}'), { status: 201, text: '{"got":"{\\"ms\\":5}"}' });
      assert.deepEqual(await send("GET", `${url}/_flowsim/nothing`, {}), { status: 404, text: '{"got":""}' });
      assert.equal(connections(), 1);
    },
  );
});

test("a URL that is not http or https is refused by name; an answer too big is cut off with an error", async () => {
  await assert.rejects(send("GET", "ftp://127.0.0.1/x", {}), /ftp:\/\/127\.0\.0\.1\/x: only http and https/);
  await withServer(
    () => ({ status: 200, text: "x".repeat(33 * 1024 * 1024) }),
    async (url) => {
      await assert.rejects(send("GET", `${url}/_flowsim/big`, {}), /answer to GET \/_flowsim\/big is over/);
    },
  );
});

test("nobody listening is an error, not a hang", async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  await assert.rejects(send("GET", `http://127.0.0.1:${port}/_flowsim/health`, {}), /ECONNREFUSED/);
});
