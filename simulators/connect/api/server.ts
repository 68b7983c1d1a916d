/**
 * The simulator as a server: the Connect API, the Participant API, the chat websockets
 * and the control plane on one port. Start it in-process (`startSimulator`), from the
 * CLI (`flowsim serve`), or in a container.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Runtime } from "../runtime/runtime.js";
import { RealClock, VirtualClock, type Clock } from "../../kernel/clock.js";
import { publishFlowsDir } from "../runtime/publish-dir.js";
import { installInstanceDefaults } from "../runtime/instance-defaults.js";
import { HttpServices, sendJson } from "./http/service.js";
import { Router } from "./http/router.js";
import type { ApiContext } from "./context.js";
import { connectRoutes } from "./connect/routes.js";
import { attachmentFiles, participantRoutes } from "./participant/routes.js";
import { controlRoutes } from "./control/routes.js";
import { attachGateway, type Gateway } from "./gateway/gateway.js";
import type { RawHandler } from "./http/router.js";
import { WebexCenter } from "../../webex/center.js";
import { SALESFORCE_PREFIX, salesforceConnector, salesforceMount } from "./salesforce.js";
import { SalesforceTenant } from "../../salesforce/tenant.js";

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Only loopback by default. */
  host?: string;
  /** `virtual` (default): time moves only when told to; `real`: wall-clock time. */
  clock?: "virtual" | "real" | Clock;
  /** Seed of the id generator (same seed, same ids). */
  seed?: number | string;
  instanceId?: string;
  region?: string;
  accountId?: string;
  /** Publish every flow export in this folder at start. */
  flowsDir?: string;
  /** Start with what a new Connect instance holds: Basic Hours, BasicQueue, Basic Routing Profile, security profiles, default flows (default true). */
  defaultResources?: boolean;
  /** Serve the control plane under /_flowsim (default true). */
  control?: boolean;
  /** Extra raw HTTP handlers mounted before the AWS services (e.g. the Salesforce mock). */
  rawHandlers?: RawHandler[];
}

export interface SimulatorHandle {
  /** `http://127.0.0.1:<port>`: give it to the SDK clients as `endpoint`. */
  endpoint: string;
  port: number;
  instanceId: string;
  region: string;
  runtime: Runtime;
  gateway: Gateway;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const clock: Clock = options.clock === "real" ? new RealClock() : options.clock === "virtual" || options.clock === undefined ? new VirtualClock() : options.clock;
  const runtime = new Runtime({
    clock,
    seed: options.seed,
    instance: { ...(options.instanceId ? { id: options.instanceId } : {}), ...(options.region ? { region: options.region } : {}), ...(options.accountId ? { accountId: options.accountId } : {}) },
  });
  // Defaults first, so a flows folder can replace a default flow of the same name.
  if (options.defaultResources !== false) installInstanceDefaults(runtime);
  if (options.flowsDir) await publishFlowsDir(runtime, options.flowsDir);

  let endpoint = "";
  // Webex calls share the runtime's clock; their connectors reach the Salesforce mock served below.
  const salesforce = new SalesforceTenant({ clock, seed: options.seed, url: () => `${endpoint}${SALESFORCE_PREFIX}` });
  const webex = new WebexCenter({ clock, seed: options.seed, connector: () => salesforceConnector(salesforce.connection()) });
  const api: ApiContext = { runtime, endpoint: () => endpoint, controlEnabled: options.control !== false, webex, salesforce };
  const services = new HttpServices();
  services.addRawHandler((req, res) => {
    if (req.method === "GET" && (req.url === "/_flowsim/health" || req.url === "/health")) {
      sendJson(res, 200, { status: "ok", instanceId: runtime.instance.id, region: runtime.instance.region, clock: runtime.clock.kind, now: new Date(runtime.clock.now()).toISOString() });
      return true;
    }
    return false;
  });
  for (const h of options.rawHandlers ?? []) services.addRawHandler(h);
  services.addRawHandler(salesforceMount(() => salesforce.mock));
  // The local stand-in for the S3 URLs of chat attachments (raw bytes, not JSON).
  services.addRawHandler(attachmentFiles(api));
  services.addService({ name: "participant", matches: (p) => p.startsWith("/participant/"), router: new Router().addAll(participantRoutes(api)), badRequestType: "ValidationException", internalErrorType: "InternalServerException" });
  if (api.controlEnabled) services.addService({ name: "control", matches: (p) => p.startsWith("/_flowsim/"), router: new Router().addAll(controlRoutes(api)), badRequestType: "ValidationException", internalErrorType: "InternalError" });
  services.addService({ name: "connect", matches: () => true, router: new Router().addAll(connectRoutes(api)), badRequestType: "InvalidRequestException", internalErrorType: "InternalServiceException" });

  const server: Server = createServer((req, res) => void services.handle(req, res));
  // The SDK's keep-alive agent never drops idle sockets itself; with Node's 5 s default the
  // server closes one just as a client reuses it (ECONNRESET). AWS endpoints keep them ~60 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const gateway = attachGateway(server, api);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  // ChatJS accepts only ws://127.0.0.1:<port> (or wss://) websocket URLs, so the endpoint names the address, not "localhost".
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
  endpoint = `http://${host}:${address.port}`;

  return {
    endpoint,
    port: address.port,
    instanceId: runtime.instance.id,
    region: runtime.instance.region,
    runtime,
    gateway,
    close: async () => {
      await gateway.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
