/** Webex Contact Center flow simulator: load and check Flow Designer exports, run simulated phone contacts through them. */
export { loadWebexFlow, loadWebexFlowFile, type WebexLoadOptions } from "./load.js";
export { detectWebex, type Detected } from "./shape.js";
export { lintWebexDocument } from "./lint.js";
export { WebexCall, startCall, type StartCallOptions } from "./runtime/call.js";
export type { CallStatus, CallSummary, CallError } from "./runtime/call-flows.js";
export type { AgentInfo } from "./runtime/event-outputs.js";
export type { ConnectorConfig, ConnectorAuth, OAuth2Auth, HttpExchange } from "./runtime/http.js";
export type { WebexResponders, QueueInfo, VirtualAgentAnswer, VirtualAgentRequest, Failure } from "./runtime/responders.js";
export { evaluateSchedule, type BusinessHoursSchedule, type BusinessHoursResult } from "./runtime/business-hours.js";
export type { PromptRecord, ScreenPopRecord, QueueRecord, TransferRecord, MediaStreamRecord } from "./runtime/host.js";
export type { WebexTraceStep } from "./runtime/trace.js";
export { DEFAULT_POLICY, SELF_LOOP_LIMITS, type WebexPolicy } from "./policy.js";
export { ACTIVITIES } from "./activities/registry.js";
export type { LoadResult, WebexFlow, Activity, VariableDecl, WebexShape } from "./model.js";
