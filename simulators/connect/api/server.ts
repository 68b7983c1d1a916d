/**
 * The simulator as a server: the Connect API, the Participant API, the chat websockets
 * and the control plane on one port. Start it in-process (`startSimulator`), from the
 * CLI (`flowsim serve`), or in a container.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Runtime } from "../runtime/runtime.js";
import type { Clock } from "../../kernel/clock.js";
import { HttpServices, sendJson } from "./http/service.js";
import { Router, type RawHandler } from "./http/router.js";
import { parseRequestTarget } from "./http/request-target.js";
import type { Gateway } from "./gateway/gateway.js";
import { createSimInstance, handleInstanceRaw, INSTANCE_PATH_PREFIX, type SimInstance } from "./instance.js";
import { InstanceRegistry } from "./instance-registry.js";
import { accountRoutes, ACCOUNT_OPERATIONS } from "./connect/instances.js";
import { isAttachmentPath } from "./participant/attachments.js";
import { bearer } from "./participant/common.js";
import { controlError } from "./control/errors.js";
import { listenForUpgrades } from "./upgrade.js";
import { StrictMode, type StrictSettings } from "./strict/strict-mode.js";
import { ScaledClock } from "../../kernel/scaled-clock.js";
import { logsHandler } from "./logs/logs-service.js";

export interface SimulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Only loopback by default. */
  host?: string;
  /** `virtual` (default): time moves only when told to; `real`: wall-clock time. */
  clock?: "virtual" | "real" | Clock;
  /** With `clock: "real"`: simulated time runs this many times faster than wall time (1 to 3600). */
  timeScale?: number;
  /** Enforce the service's quotas, throttling and search delay (see strict/strict-mode.ts); off by default. */
  strict?: boolean | StrictSettings;
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
  /** The default instance's runtime and chat gateway. */
  runtime: Runtime;
  gateway: Gateway;
  /** Every instance the simulator holds (CreateInstance adds, DeleteInstance removes). */
  instances: InstanceRegistry;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  let endpoint = "";
  const clock = options.clock ?? "virtual";
  // The account's buckets run on the default instance's clock, which exists by the first request.
  const strict = options.strict ? new StrictMode(options.strict === true ? {} : options.strict, () => defaultInstance.runtime.clock.now()) : undefined;
  const shared = {
    timeScale: options.timeScale,
    strict,
    region: options.region,
    accountId: options.accountId,
    seed: options.seed,
    defaultResources: options.defaultResources !== false,
    controlEnabled: options.control !== false,
    endpoint: () => endpoint,
  };
  const defaultInstance = await createSimInstance({ ...shared, clock, id: options.instanceId, flowsDir: options.flowsDir, isDefault: true });
  // Instances created later get a clock of their own, of the default instance's kind.
  const registry = new InstanceRegistry(defaultInstance, { ...shared, clock: defaultInstance.runtime.clock.kind }, options.seed);

  const services = new HttpServices();
  services.addRawHandler((req, res) => health(registry, req, res));
  // CloudWatch Logs (flow logs) answers `POST /` by its X-Amz-Target, before the Connect API's paths.
  services.addRawHandler(logsHandler(registry, strict));
  for (const h of options.rawHandlers ?? []) services.addRawHandler(h);
  services.addRawHandler((req, res) => instanceRaw(registry, req, res), (path) => isAttachmentPath(instancePath(registry, path)?.rest ?? path));
  services.addService({
    name: "participant",
    matches: (p) => p.startsWith("/participant/"),
    router: defaultInstance.routers.participant,
    pick: (req) => registry.forToken(bearer(req)).routers.participant,
    crossOrigin: true,
    badRequestType: "ValidationException",
    internalErrorType: "InternalServerException",
  });
  if (shared.controlEnabled) {
    services.addService({
      name: "control",
      matches: (p) => p.startsWith("/_flowsim/"),
      router: defaultInstance.routers.control,
      pick: (req) => {
        const instance = registry.forControl(req);
        if (!instance) throw controlError.notFound(`no instance ${String(req.headers["x-flowsim-instance-id"] ?? req.query.get("instanceId"))}`);
        return instance.routers.control;
      },
      badRequestType: "ValidationException",
      internalErrorType: "InternalError",
    });
  }
  const accountOperations = strict ? strict.accountRoutes(accountRoutes(registry)) : accountRoutes(registry);
  const account = new Router().addAll(accountOperations);
  services.addService({
    name: "connect",
    matches: () => true,
    router: new Router().addAll([...accountOperations, ...defaultInstance.routers.connect.list()]),
    pick: (req, operation) => (ACCOUNT_OPERATIONS.has(operation) ? account : registry.forConnect(req).routers.connect),
    badRequestType: "InvalidRequestException",
    internalErrorType: "InternalServiceException",
  });

  const server: Server = createServer((req, res) => void services.handle(req, res));
  // The SDK's keep-alive agent never drops idle sockets itself; with Node's 5 s default the
  // server closes one just as a client reuses it (ECONNRESET). AWS endpoints keep them ~60 s.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const stopUpgrades = listenForUpgrades(server, registry);
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
    instanceId: defaultInstance.id,
    region: defaultInstance.runtime.instance.region,
    runtime: defaultInstance.runtime,
    gateway: defaultInstance.gateway,
    instances: registry,
    close: async () => {
      stopUpgrades();
      await registry.dispose();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** `GET /_flowsim/health`: the wait strategies' probe; `?instanceId=` or the header asks about one instance. */
function health(registry: InstanceRegistry, req: IncomingMessage, res: ServerResponse): boolean {
  const target = parseRequestTarget(req.url);
  if (req.method !== "GET" || !target || (target.pathname !== "/_flowsim/health" && target.pathname !== "/health")) return false;
  const instance = registry.forControl({ headers: req.headers, query: target.searchParams });
  if (!instance) {
    sendJson(res, 404, { status: "unknown instance" });
    return true;
  }
  const rt = instance.runtime;
  const timeScale = rt.clock instanceof ScaledClock ? rt.clock.scale : rt.clock.kind === "real" ? 1 : undefined;
  sendJson(res, 200, { status: "ok", instanceId: rt.instance.id, region: rt.instance.region, clock: rt.clock.kind, ...(timeScale !== undefined && { timeScale }), now: new Date(rt.clock.now()).toISOString(), instances: registry.list().length });
  return true;
}

/** `/instances/<id>/rest...` → the instance and the path within it. */
function instancePath(registry: InstanceRegistry, path: string): { instance: SimInstance; rest: string } | undefined {
  if (!path.startsWith(INSTANCE_PATH_PREFIX)) return undefined;
  const [id, ...rest] = path.slice(INSTANCE_PATH_PREFIX.length).split("/");
  const instance = registry.get(id);
  return instance ? { instance, rest: `/${rest.join("/")}` } : undefined;
}

/** An instance's own URLs (attachments, its Salesforce org): the default's plain, the others under their prefix. */
function instanceRaw(registry: InstanceRegistry, req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
  const target = parseRequestTarget(req.url);
  if (!target) return false;
  const prefixed = instancePath(registry, target.pathname);
  if (!prefixed) return handleInstanceRaw(registry.defaultInstance, req, res);
  const original = req.url;
  req.url = prefixed.rest + (target.searchParams.size ? `?${target.searchParams}` : "");
  const restore = (handled: boolean) => {
    if (!handled) req.url = original;
    return handled;
  };
  const handled = handleInstanceRaw(prefixed.instance, req, res);
  return typeof handled === "boolean" ? restore(handled) : handled.then(restore);
}
