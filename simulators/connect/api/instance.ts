/**
 * One simulated Amazon Connect instance behind the server: its own runtime, clock, seeded
 * ids, resources and contacts, its Webex tenant and Salesforce org on the same clock, and
 * the routers and chat gateway that translate the wire into calls on them. A simulator holds
 * one or more (CreateInstance); nothing of one is visible from another.
 *
 * Requests reach an instance by what they carry (see instance-registry.ts): Connect calls by
 * the instance id in their path or body, Participant calls and websockets by their token,
 * the control plane by `x-flowsim-instance-id`, and the URLs an instance hands out for
 * attachments and its Salesforce org by the `/instances/<id>` prefix in their path (none for
 * the default instance, so its URLs are as they always were).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Runtime } from "../runtime/runtime.js";
import type { InstanceProfile } from "../runtime/resources.js";
import { RealClock, VirtualClock, type Clock } from "../../kernel/clock.js";
import { ScaledClock } from "../../kernel/scaled-clock.js";
import type { StrictMode } from "./strict/strict-mode.js";
import { publishFlowsDir } from "../runtime/publish-dir.js";
import { installInstanceDefaults } from "../runtime/instance-defaults.js";
import { Router, runRawHandlers, type RawHandler } from "./http/router.js";
import type { ApiContext } from "./context.js";
import { connectRoutes } from "./connect/routes.js";
import { attachmentFiles, participantRoutes } from "./participant/routes.js";
import { controlRoutes } from "./control/routes.js";
import { createGateway, type Gateway } from "./gateway/gateway.js";
import { WebexCenter } from "../../webex/center.js";
import { SALESFORCE_PREFIX, salesforceConnector, salesforceMount } from "./salesforce.js";
import { SalesforceTenant } from "../../salesforce/tenant.js";

/** Where a non-default instance's own URLs live: `/instances/<id>/attachments/...`, `/instances/<id>/salesforce/...`. */
export const INSTANCE_PATH_PREFIX = "/instances/";

export interface InstanceSettings {
  id?: string;
  /** What CreateInstance sets: alias, identity management, calls enabled, tags. */
  profile?: Partial<InstanceProfile>;
  region?: string;
  accountId?: string;
  clock: "virtual" | "real" | Clock;
  /** With the real clock: simulated time runs this many times faster than wall time. */
  timeScale?: number;
  /** The service's quotas, throttling and search delay (`--strict`); absent, none of them. */
  strict?: StrictMode;
  seed?: number | string;
  flowsDir?: string;
  defaultResources: boolean;
  controlEnabled: boolean;
  /** The default instance answers on the plain paths; the others under their prefix. */
  isDefault: boolean;
  /** `http://127.0.0.1:<port>` once the server listens. */
  endpoint(): string;
}

export interface SimInstance {
  readonly id: string;
  readonly runtime: Runtime;
  readonly api: ApiContext;
  readonly routers: { connect: Router; participant: Router; control: Router };
  readonly gateway: Gateway;
  /** The instance's own URLs (attachments, its Salesforce org), with the instance prefix already removed. */
  readonly rawHandlers: RawHandler[];
  /** The prefix its own URLs carry ("" for the default instance). */
  readonly pathPrefix: string;
  /** Whether a participant, connection or websocket token belongs to this instance. */
  holdsToken(token: string): boolean;
  dispose(): Promise<void>;
}

function clockOf(setting: InstanceSettings["clock"], timeScale: number | undefined): Clock {
  if (setting === "real") return timeScale === undefined ? new RealClock() : new ScaledClock(timeScale);
  if (setting === "virtual") return new VirtualClock();
  return setting;
}

export async function createSimInstance(settings: InstanceSettings): Promise<SimInstance> {
  const clock = clockOf(settings.clock, settings.timeScale);
  const runtime = new Runtime({
    clock,
    seed: settings.seed,
    instance: { ...(settings.id ? { id: settings.id } : {}), ...(settings.region ? { region: settings.region } : {}), ...(settings.accountId ? { accountId: settings.accountId } : {}) },
  });
  Object.assign(runtime.resources.profile, settings.isDefault ? {} : { createdTime: clock.now() }, settings.profile);
  // Defaults first, so a flows folder can replace a default flow of the same name.
  if (settings.defaultResources) installInstanceDefaults(runtime);
  if (settings.flowsDir) await publishFlowsDir(runtime, settings.flowsDir);

  const pathPrefix = settings.isDefault ? "" : `${INSTANCE_PATH_PREFIX}${runtime.instance.id}`;
  // Webex calls share the runtime's clock; their connectors reach this instance's Salesforce org.
  const salesforce = new SalesforceTenant({ clock, seed: settings.seed, url: () => `${settings.endpoint()}${pathPrefix}${SALESFORCE_PREFIX}` });
  const webex = new WebexCenter({ clock, seed: settings.seed, connector: () => salesforceConnector(salesforce.connection()) });
  const strict = settings.strict;
  const api: ApiContext = { runtime, endpoint: settings.endpoint, pathPrefix, controlEnabled: settings.controlEnabled, webex, salesforce, ...(strict && { searchVisible: strict.searchVisibility(clock) }) };
  const gateway = createGateway(api);
  return {
    id: runtime.instance.id,
    runtime,
    api,
    routers: {
      connect: new Router().addAll(strict ? strict.connectRoutes(connectRoutes(api), runtime) : connectRoutes(api)),
      participant: new Router().addAll(strict ? strict.participantRoutes(participantRoutes(api), clock) : participantRoutes(api)),
      control: new Router().addAll(controlRoutes(api)),
    },
    gateway,
    rawHandlers: [salesforceMount(() => salesforce.mock), attachmentFiles(api)],
    pathPrefix,
    holdsToken: (token) => runtime.chatConnections.holds(token),
    dispose: async () => {
      await gateway.close();
      for (const contact of runtime.allSessions()) if (contact.contact.state !== "ENDED") await runtime.disconnect(contact.contact, "instance deleted").catch(() => undefined);
      // Wall-clock timers of a deleted instance would otherwise still fire into it; the virtual clock has none to stop.
      if ("stop" in clock && typeof clock.stop === "function") clock.stop();
    },
  };
}

/** Runs the instance's raw handlers on a request whose path has the instance prefix stripped. */
export function handleInstanceRaw(instance: SimInstance, req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
  return runRawHandlers(instance.rawHandlers, req, res);
}
