/**
 * The simulator's control plane over HTTP (`/_flowsim/...`): what only a simulator can do.
 * The same client serves the in-process simulator and a remote `flowsim serve`; with an
 * instance id it drives that instance (its clock, agents, callers), not the default one.
 */
import { InfrastructureError } from "../report/errors.js";

export class ControlPlane {
  constructor(
    readonly endpoint: string,
    readonly instanceId?: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.endpoint}/_flowsim${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(this.instanceId ? { "x-flowsim-instance-id": this.instanceId } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new InfrastructureError("target-unreachable", `the simulator's control plane at ${this.endpoint} did not answer ${method} ${path}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.status >= 500) throw new InfrastructureError("engine", `the simulator failed on ${method} /_flowsim${path}: ${String(parsed.message ?? text)}`);
    if (!res.ok) {
      const message = String(parsed.message ?? text);
      const err = new Error(`${method} /_flowsim${path} → ${res.status}: ${message}`);
      err.name = String(parsed.__type ?? "ControlPlaneError");
      throw err;
    }
    return parsed as T;
  }

  get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.call<T>("GET", path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>("POST", path, body);
  }
}
