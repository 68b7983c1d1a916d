/**
 * The mock on its own HTTP server (127.0.0.1, a free port by default), for tests and for
 * running beside the simulator. `refuseConnections()` stops listening while keeping the
 * port, so clients get ECONNREFUSED ("Salesforce is down"); `acceptConnections()` listens again.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SalesforceMock, type SalesforceMockOptions } from "./handler.js";

export interface RunningSalesforceMock {
  mock: SalesforceMock;
  /** Base URL, e.g. http://127.0.0.1:49152 */
  url: string;
  port: number;
  refuseConnections(): Promise<void>;
  acceptConnections(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: Server, mock: SalesforceMock): Promise<void> {
  mock.releaseHanging();
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startSalesforceMock(options: SalesforceMockOptions & { port?: number; host?: string } = {}): Promise<RunningSalesforceMock> {
  const mock = new SalesforceMock(options);
  const host = options.host ?? "127.0.0.1";
  const server = createServer((req, res) => {
    if (!mock.handle(req, res)) {
      res.writeHead(404, { "Content-Type": "application/json" });
      res.end(JSON.stringify([{ errorCode: "NOT_FOUND", message: "The requested resource does not exist" }]));
    }
  });
  const port = await listen(server, options.port ?? 0, host);
  const url = `http://${host}:${port}`;
  return {
    mock,
    url,
    port,
    refuseConnections: () => stop(server, mock),
    acceptConnections: async () => {
      if (!server.listening) await listen(server, port, host);
    },
    close: () => stop(server, mock),
  };
}
