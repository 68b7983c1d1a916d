/**
 * The yardstick of the SendMessage throughput bench: a bare `node:http` server in a child
 * process that does the least any JSON API must do — read the whole body, parse it, answer
 * a JSON body — with an answer of the byte size SendMessage's has (given as the argument).
 *
 * Usage (by child.ts): bare-server.ts <replyBytes>
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { serveParent } from "./child.js";

export interface BareReady {
  type: "ready";
  endpoint: string;
}

const replyBytes = Math.max(2, Math.min(64 * 1024, Number(process.argv[2] ?? 64)));
// `{"Id":"xxxx…"}` padded to the size asked for; built once, as any server would for a constant.
const reply = JSON.stringify({ Id: "x".repeat(Math.max(0, replyBytes - 9)) });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": String(Buffer.byteLength(reply)) });
    res.end(reply);
  });
});
// As the simulator does: clients keep their sockets for a minute.
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
serveParent(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
const ready: BareReady = { type: "ready", endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
process.send!(ready);
