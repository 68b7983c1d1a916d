/**
 * A small HTTP client on keep-alive agents for the simulator's control plane and health. Node's `fetch`
 * (undici) cost about 7% of a warm scenario's CPU for the few control-plane calls a scenario
 * makes (`npm run bench -- scenarios`, profiled); `node:http` on a kept-alive socket costs a
 * fraction of that. Idle sockets do not keep the process alive (the agent unrefs them).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/** No control-plane answer is anywhere near this; a bigger one is a wrong server, not data. */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export interface Answer {
  status: number;
  text: string;
}

export function send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  if (!secure && target.protocol !== "http:") return Promise.reject(new Error(`${url}: only http and https URLs are served`));
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(
      target,
      { method, agent: secure ? agents.https : agents.http, headers: body === undefined ? headers : { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) res.destroy(new Error(`the answer to ${method} ${target.pathname} is over ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on("error", reject);
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
