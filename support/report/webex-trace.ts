/** The path of a Webex call through its flow and event handlers, as text a reader can follow. */
import type { WebexTraceStep } from "../drivers/webex-caller.js";

function time(iso: string): string {
  return /T(\d\d:\d\d:\d\d)/.exec(iso)?.[1] ?? iso;
}

/** The call's path as a reader follows it: time, flow, what happened. */
export function renderWebexTrace(steps: readonly WebexTraceStep[]): string {
  if (steps.length === 0) return "(nothing happened)\n";
  const lines = steps.map((s) => {
    const at = time(s.at);
    const flow = String(s.flow ?? "").padEnd(22);
    switch (s.kind) {
      case "activity": {
        const how = s.end ? `■ ${String(s.end)}` : s.error && !s.port ? `✕ ${String(s.error)}` : `→ ${String(s.port)}${s.error ? ` (error: ${String(s.error)})` : ""}`;
        const detail = s.detail ? `  [${String(s.detail)}]` : "";
        return `${at}  ${flow}${String(s.name)} ${how}${detail}`;
      }
      case "http":
        return `${at}  ${flow}  ${String(s.purpose) === "token" ? "token " : ""}${String(s.method)} ${String(s.url)} → ${s.status ?? s.error}`;
      case "event":
        return `${at}  ${"event".padEnd(22)}${String(s.event)}${s.handled ? "" : " (not handled)"}`;
      case "call":
        return `${at}  ${"call".padEnd(22)}${String(s.what)}${s.detail ? `: ${String(s.detail)}` : ""}`;
      case "flow-start":
        return `${at}  ${flow}starts (${String(s.from)})`;
      case "flow-end":
        return `${at}  ${flow}ends: ${String(s.reason)}${s.detail ? ` (${String(s.detail)})` : ""}`;
      default:
        return `${at}  ${"note".padEnd(22)}${String(s.detail ?? "")}`;
    }
  });
  return `${lines.join("\n")}\n`;
}
