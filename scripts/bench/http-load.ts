/**
 * The wire benches' load generator: raw `node:http` requests over one keep-alive agent,
 * speaking the Participant API's restJson1 as the SDK does (`POST /participant/message`,
 * `X-Amz-Bearer`, JSON body). Raw rather than the SDK because the SDK's middleware costs
 * more CPU per request than the simulator's handler: on two cores the generator, not the
 * server, would set the pace, and the figures would measure the SDK.
 */
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface Reply {
  status: number;
  body: string;
}

export class HttpLoad {
  readonly agent: Agent;
  private readonly url: URL;

  constructor(endpoint: string, maxSockets: number) {
    this.url = new URL(endpoint);
    if (this.url.hostname !== "127.0.0.1") throw new Error(`the load generator only talks to 127.0.0.1, not ${this.url.hostname}`);
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  call(method: string, path: string, headers: Record<string, string> = {}, body = ""): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.url.hostname, port: this.url.port, path, method, agent: this.agent, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...headers } },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** SendMessage as the SDK sends it: the SDK fills in a fresh ClientToken (an idempotency token) on every call. */
  sendMessage(connectionToken: string, content: string): Promise<Reply> {
    return this.call("POST", "/participant/message", { "x-amz-bearer": connectionToken }, JSON.stringify({ ClientToken: randomUUID(), Content: content, ContentType: "text/plain" }));
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface ClosedLoopResult {
  /** Requests answered 2xx within the measured window. */
  ok: number;
  failed: number;
  seconds: number;
  perSecond: number;
}

/**
 * `concurrency` workers, each sending its next request as soon as the last is answered, for
 * `durationMs`: the most requests per second the server gives this client.
 */
export async function closedLoop(send: (i: number) => Promise<Reply>, concurrency: number, durationMs: number): Promise<ClosedLoopResult> {
  let ok = 0;
  let failed = 0;
  let next = 0;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      try {
        const reply = await send(next++);
        if (reply.status >= 200 && reply.status < 300) ok++;
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  return { ok, failed, seconds, perSecond: ok / seconds };
}
