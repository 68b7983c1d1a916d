/**
 * The simulator's control plane over HTTP (`/_flowsim/...`): what only a simulator can do.
 * The same client serves the in-process simulator and a remote `flowsim serve`; with an
 * instance id it drives that instance (its clock, agents, callers), not the default one.
 */
import { InfrastructureError, ProductFailure, ScenarioError } from "../report/errors.js";
import { send, type Answer } from "./keep-alive.js";

/**
 * What a refusal of the control plane says about the run: 404, the scenario named something
 * the simulator does not have; 409, the simulated contact center refused in the state it is
 * in (accepting a contact that was never offered, holding a call twice), as the product
 * would; anything else (400), the harness sent what the control plane does not take.
 */
function verdictOf(status: number, answer: Error): Error {
  if (status === 404) return new ScenarioError(answer.message, { cause: answer });
  if (status === 409) return new ProductFailure(answer.message, { cause: answer });
  return answer;
}

export class ControlPlane {
  constructor(
    readonly endpoint: string,
    readonly instanceId?: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Answer;
    try {
      res = await send(
        method,
        `${this.endpoint}/_flowsim${path}`,
        { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(this.instanceId ? { "x-flowsim-instance-id": this.instanceId } : {}) },
        body === undefined ? undefined : JSON.stringify(body),
      );
    } catch (err) {
      throw new InfrastructureError("target-unreachable", `the simulator's control plane at ${this.endpoint} did not answer ${method} ${path}: ${(err as Error).message}`, { cause: err });
    }
    const text = res.text;
    let parsed: Record<string, unknown>;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      throw new InfrastructureError("target-unreachable", `what answers at ${this.endpoint} is not a flowsim control plane: ${method} /_flowsim${path} → ${res.status} ${text.slice(0, 200)}`);
    }
    if (res.status >= 500) throw new InfrastructureError("engine", `the simulator failed on ${method} /_flowsim${path}: ${String(parsed.message ?? text)}`);
    if (res.status < 200 || res.status > 299) {
      const answer = new Error(`${method} /_flowsim${path} → ${res.status}: ${String(parsed.message ?? text)}`);
      answer.name = String(parsed.__type ?? "ControlPlaneError");
      throw verdictOf(res.status, answer);
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
