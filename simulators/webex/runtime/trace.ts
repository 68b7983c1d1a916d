/** The path a call took through the main flow and its event handlers (JSON-friendly, stable across runs with the same seed). */
import type { EndReason } from "../activities/types.js";
import type { VariableChange } from "./state.js";

export type WebexTraceStep =
  | { kind: "call"; at: number; what: string; detail?: string }
  | { kind: "flow-start"; at: number; flow: string; from: string }
  | {
      kind: "activity";
      at: number;
      /** `main` or the event handler (`AgentContactAssigned`, `ContactEnded`...). */
      flow: string;
      activityId: string;
      name: string;
      activityName: string;
      /** The output port taken. */
      port?: string;
      /** How the flow ended here (End Flow, Disconnect, a transfer), or `interrupted`. */
      end?: EndReason | "interrupted";
      /** Why the activity failed (it then left on its error port, or went to OnGlobalError). */
      error?: string;
      next?: string;
      detail?: string;
      notes?: string[];
      changes?: VariableChange[];
      outputs?: Record<string, unknown>;
      /** Simulator time the activity took. */
      waitedMs?: number;
    }
  | { kind: "flow-end"; at: number; flow: string; reason: string; detail?: string }
  | { kind: "event"; at: number; event: string; handled: boolean }
  | { kind: "http"; at: number; flow: string; activity: string; method: string; url: string; status?: number; error?: string; durationMs: number; purpose: "request" | "token" }
  | { kind: "note"; at: number; detail: string };
