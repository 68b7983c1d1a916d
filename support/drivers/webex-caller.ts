/**
 * A caller on a Webex Contact Center entry point, and the agent who answers, through the
 * simulator's control plane (`/_flowsim/webex/...`). There is no Webex staging target:
 * everything here is simulator-only.
 *
 * Waiting: a call moves on only when time does (greetings take seconds, music loops every
 * 30 s), so `until()` moves the simulator's virtual clock one timer at a time — letting the
 * call's Salesforce requests come back in between — until what a step expects has happened
 * or two minutes of call time have passed. On a real clock it polls for `patienceMs` instead.
 */
import { readFile } from "node:fs/promises";
import type { ControlPlane } from "./control.js";
import { loadWebexFlow } from "../../simulators/webex/load.js";
import type { HttpExchange } from "../../simulators/webex/runtime/http.js";
import { FlowLoadError } from "../../simulators/kernel/problems.js";
import { InfrastructureError } from "../report/errors.js";

export interface WebexPrompt {
  flow: string;
  activity: string;
  kind: "tts" | "audio" | "music";
  value: string;
  at: string;
  playedMs?: number;
  interrupted?: "key" | "flow";
}

export interface WebexScreenPop {
  flow: string;
  activity: string;
  at: string;
  url: string;
  label?: string;
  target?: string;
  agentId?: string;
}

export interface WebexCallView {
  callId: string;
  entryPoint: string;
  flow: { flowId: string; name: string };
  ani: string;
  status: "ivr" | "queued" | "connected" | "bridged" | "ended" | "handed-off";
  endReason?: string;
  finished: boolean;
  queue?: { queueId: string; queueName?: string; activity: string; at: string };
  agent?: { agentId: string; name?: string };
  activities: Record<string, string>;
  variables: Record<string, unknown>;
  desktop: { variable: string; label: string; editable: boolean; value: unknown }[];
  errors: { at: string; flow: string; activity: string; message: string }[];
}

/** One HTTP exchange a flow made, as the control plane sends it (secrets already masked; times as ISO text). */
export type WebexHttpExchange = Omit<HttpExchange, "at"> & { at: string };

/** How much call time a step waits for what it expects (a greeting, the queue, music) on the virtual clock. */
export const CALL_TIME_PATIENCE_MS = 120_000;

export type WebexTraceStep = { kind: string; at: string; flow?: string; [key: string]: unknown };

/** Checks the export locally (a flow that does not load is the product's fault), then publishes it on the entry point. */
export async function publishWebexFlow(control: ControlPlane, path: string, entryPoint: string): Promise<{ flowId: string; name: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new InfrastructureError("setup", `cannot read the Webex flow ${path}: ${(err as Error).message}`);
  }
  const loaded = loadWebexFlow(text, { file: path });
  const errors = loaded.problems.filter((p) => p.severity === "error");
  if (errors.length) throw new FlowLoadError(path, errors);
  return control.post<{ flowId: string; name: string }>("/webex/flows", { flow: JSON.parse(text), entryPoint, file: path });
}

export class WebexCaller {
  private constructor(
    private readonly control: ControlPlane,
    readonly callId: string,
    readonly ani: string,
    private readonly patienceMs: number,
  ) {}

  /** Dials the entry point; returns once the flow waits (lookups done, greeting or music playing). */
  static async dial(control: ControlPlane, entryPoint: string, ani: string, patienceMs: number): Promise<WebexCaller> {
    const view = await control.post<WebexCallView>("/webex/calls", { entryPoint, ani });
    return new WebexCaller(control, view.callId, ani, patienceMs);
  }

  private path(suffix = ""): string {
    return `/webex/calls/${encodeURIComponent(this.callId)}${suffix}`;
  }

  view(): Promise<WebexCallView> {
    return this.control.get<WebexCallView>(this.path());
  }

  async prompts(): Promise<WebexPrompt[]> {
    return (await this.control.get<{ prompts: WebexPrompt[] }>(this.path("/prompts"))).prompts;
  }

  async screenPops(): Promise<WebexScreenPop[]> {
    return (await this.control.get<{ screenPops: WebexScreenPop[] }>(this.path("/screen-pops"))).screenPops;
  }

  async trace(): Promise<WebexTraceStep[]> {
    return (await this.control.get<{ steps: WebexTraceStep[] }>(this.path("/trace"))).steps;
  }

  async httpExchanges(): Promise<WebexHttpExchange[]> {
    return (await this.control.get<{ exchanges: WebexHttpExchange[] }>(this.path("/http"))).exchanges;
  }

  answer(agent: { agentId: string; name?: string }): Promise<WebexCallView> {
    return this.control.post<WebexCallView>(this.path("/answer"), agent);
  }

  editDesktop(variables: Record<string, string>): Promise<WebexCallView> {
    return this.control.post<WebexCallView>(this.path("/desktop"), { variables });
  }

  hangUp(by: "caller" | "agent" = "caller"): Promise<WebexCallView> {
    return this.control.post<WebexCallView>(this.path("/hangup"), { by });
  }

  /**
   * Reads `probe` until it returns a value, moving call time forward in between (see the
   * file comment). Returns undefined when patience runs out or nothing more can happen.
   */
  async until<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
    const clock = await this.control.get<{ kind: string; nowMs: number; pending: { dueAt: string }[] }>("/clock");
    const deadline = clock.kind === "virtual" ? clock.nowMs + CALL_TIME_PATIENCE_MS : Date.now() + this.patienceMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (clock.kind !== "virtual") {
        if (Date.now() > deadline) return undefined;
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const now = await this.control.get<{ nowMs: number; pending: { dueAt: string }[] }>("/clock");
      const next = now.pending.map((p) => Date.parse(p.dueAt)).sort((a, b) => a - b)[0];
      if (next === undefined || next > deadline) return undefined;
      await this.control.post("/webex/clock/advance", { ms: Math.max(0, next - now.nowMs) });
    }
  }
}
