/**
 * The instances one simulator holds, and which one a request belongs to. The default
 * instance (the one `startSimulator` and `flowsim serve` start with) stays for the life of
 * the server, so clients that never heard of CreateInstance work as before; the others come
 * and go with CreateInstance / DeleteInstance, up to a quota.
 *
 * Decisions:
 * - A Connect call belongs to the instance its path or body names (InstanceId, or the
 *   instance in a resource ARN); a name no instance has goes to the default instance, whose
 *   handler answers "Instance not found" exactly as it did when there was only one.
 * - A Participant call or websocket belongs to the instance that handed out its token;
 *   a token nobody handed out goes to the default instance, which refuses it (403).
 * - The control plane takes `x-flowsim-instance-id` (or `?instanceId=`); without one, the
 *   default instance. An id that names no instance is a 404, never the default: a test
 *   that meant another instance must not move the default one's clock.
 * - Ids of created instances come from a generator seeded with the server's seed. An
 *   instance's own seed is its `flowsim:seed` tag when it has one, else its alias (each with
 *   the server's seed): a harness that tags each scenario's instance with the scenario gets
 *   the same ids on every run, whatever else the server is doing, while aliases stay unique.
 */
import { IdGenerator } from "../../kernel/ids.js";
import type { Request } from "./http/router.js";
import { createSimInstance, type InstanceSettings, type SimInstance } from "./instance.js";

/** The tag that seeds a created instance's ids (see the decisions above). */
export const SEED_TAG = "flowsim:seed";

/** How many instances one simulator holds at once, the default included (each holds its own runtime). */
export const MAX_INSTANCES = 200;

export type NewInstance = Pick<InstanceSettings, "profile">;

export class InstanceQuotaError extends Error {}
export class InstanceConflictError extends Error {}

const ARN_INSTANCE = /:instance\/([^/]+)/;

export class InstanceRegistry {
  private readonly instances = new Map<string, SimInstance>();
  private readonly ids: IdGenerator;

  constructor(
    readonly defaultInstance: SimInstance,
    private readonly settings: Omit<InstanceSettings, "id" | "profile" | "isDefault" | "flowsDir">,
    seed: number | string | undefined,
  ) {
    this.instances.set(defaultInstance.id, defaultInstance);
    this.ids = new IdGenerator(`${String(seed ?? "flowsim")}:instances`);
  }

  /** An instance by id or ARN. */
  get(ref: string): SimInstance | undefined {
    return this.instances.get(ref) ?? this.instances.get(ARN_INSTANCE.exec(ref)?.[1] ?? "");
  }

  list(): SimInstance[] {
    return [...this.instances.values()];
  }

  async create(init: NewInstance): Promise<SimInstance> {
    if (this.instances.size >= MAX_INSTANCES) throw new InstanceQuotaError(`The quota of ${MAX_INSTANCES} instances is reached: delete one first`);
    const id = this.ids.uuid();
    const alias = init.profile?.alias;
    if (alias !== undefined && this.list().some((i) => i.runtime.resources.profile.alias === alias)) throw new InstanceConflictError(`The instance alias ${alias} is already in use`);
    const own = init.profile?.tags?.[SEED_TAG] ?? alias ?? id;
    const instance = await createSimInstance({ ...this.settings, ...init, id, seed: `${String(this.settings.seed ?? "flowsim")}:${own}`, isDefault: false });
    this.instances.set(instance.id, instance);
    return instance;
  }

  /** False when there is no such instance; the default instance cannot be deleted. */
  async delete(ref: string): Promise<boolean> {
    const instance = this.get(ref);
    if (!instance || instance === this.defaultInstance) return false;
    this.instances.delete(instance.id);
    await instance.dispose();
    return true;
  }

  forConnect(req: Request): SimInstance {
    const named = req.labels.InstanceId ?? (typeof req.body.InstanceId === "string" ? req.body.InstanceId : undefined) ?? req.labels.resourceArn;
    return (named !== undefined && this.get(named)) || this.defaultInstance;
  }

  forToken(token: string | undefined): SimInstance {
    if (token) for (const instance of this.instances.values()) if (instance.holdsToken(token)) return instance;
    return this.defaultInstance;
  }

  /** Undefined when the request names an instance that does not exist. */
  forControl(req: Pick<Request, "headers" | "query">): SimInstance | undefined {
    const header = req.headers["x-flowsim-instance-id"];
    const named = (Array.isArray(header) ? header[0] : header) ?? req.query.get("instanceId") ?? undefined;
    return named === undefined ? this.defaultInstance : this.get(named);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.list().map((i) => i.dispose()));
  }
}
