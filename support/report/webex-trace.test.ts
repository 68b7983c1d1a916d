import { test } from "node:test";
import assert from "node:assert/strict";
import { renderWebexTrace } from "./webex-trace.js";

test("a Webex call's path reads as time, flow and what happened, errors and ends marked", () => {
  const at = "2026-01-05T09:00:05.000Z";
  const text = renderWebexTrace([
    { kind: "call", at, what: "started", detail: "+14155551212 → +18005550199" },
    { kind: "flow-start", at, flow: "main", from: "call" },
    { kind: "http", at, flow: "main", activity: "AccountByANI", purpose: "token", method: "POST", url: "http://sf/token", error: "connection failed" },
    { kind: "activity", at, flow: "main", name: "AccountByANI", error: "connector x: token request failed" },
    { kind: "event", at, event: "GlobalErrorHandling", handled: true },
    { kind: "activity", at, flow: "GlobalErrorHandling", name: "Apology", port: "default", next: "Queue" },
    { kind: "activity", at, flow: "GlobalErrorHandling", name: "End", end: "end-flow" },
    { kind: "flow-end", at, flow: "main", reason: "unhandled-error", detail: "AccountByANI: failed" },
    { kind: "note", at, detail: "the agent set notes on the desktop" },
  ]);
  assert.equal(
    text,
    [
      "09:00:05  call                  started: +14155551212 → +18005550199",
      "09:00:05  main                  starts (call)",
      "09:00:05  main                    token POST http://sf/token → connection failed",
      "09:00:05  main                  AccountByANI ✕ connector x: token request failed",
      "09:00:05  event                 GlobalErrorHandling",
      "09:00:05  GlobalErrorHandling   Apology → default",
      "09:00:05  GlobalErrorHandling   End ■ end-flow",
      "09:00:05  main                  ends: unhandled-error (AccountByANI: failed)",
      "09:00:05  note                  the agent set notes on the desktop",
      "",
    ].join("\n"),
  );
  assert.equal(renderWebexTrace([]), "(nothing happened)\n");
});
