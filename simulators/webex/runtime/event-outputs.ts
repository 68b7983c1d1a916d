/**
 * What the start activity and each event hand their flow as output variables: the call's
 * numbers and ids at the start, the agent and queue on the agent events, and who was on
 * the call when it ended.
 */
import type { WebexFlow } from "../model.js";
import type { QueueRecord } from "./host.js";
import type { FlowState } from "./state.js";

export interface AgentInfo {
  agentId: string;
  name?: string;
  email?: string;
  teamId?: string;
  teamName?: string;
  sessionId?: string;
}

/** What the call knows at its start, besides the flow itself. */
export interface StartValues {
  ani: string;
  dnis: string;
  interactionId: string;
  entryPointId?: string;
  flowId?: string;
  orgId?: string;
}

export function startOutputs(v: StartValues): Record<string, unknown> {
  return {
    ANI: v.ani,
    DNIS: v.dnis,
    InteractionId: v.interactionId,
    EntryPointId: v.entryPointId ?? "",
    FlowId: v.flowId ?? "",
    FlowVersionLabel: "Latest",
    OrgId: v.orgId ?? "",
    PSTNRegion: "",
    Headers: "{}",
    CallbackType: "",
    ScheduleSourceInteractionId: "",
    CallbackReason: "",
    Payload: "",
  };
}

/** The flow variables marked as call-associated data, as the agent's desktop receives them. */
export function callAssociatedData(flow: WebexFlow, state: FlowState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const v of flow.variables.values()) if (v.cad) out[v.name] = state.get(v.name) ?? null;
  return out;
}

/** AgentOffered and AgentAnswered. */
export function agentOutputs(a: Partial<AgentInfo>, queue: QueueRecord | undefined, orgId: string | undefined, cad: Record<string, unknown>): Record<string, unknown> {
  return {
    AgentID: a.agentId ?? "",
    AgentName: a.name ?? "",
    AgentEmailId: a.email ?? "",
    AgentSessionID: a.sessionId ?? "",
    QueueID: queue?.queueId ?? "",
    QueueName: queue?.queueName ?? "",
    TeamID: a.teamId ?? "",
    TeamName: a.teamName ?? "",
    TenantID: orgId ?? "",
    CAD: JSON.stringify(cad),
    callAssociatedData: JSON.stringify(cad),
  };
}

/** AgentDisconnected (ContactLastAgentRemoved). */
export function lastAgentRemovedOutputs(agent: AgentInfo | undefined, queue: QueueRecord | undefined): Record<string, unknown> {
  return { AgentId: agent?.agentId ?? "", AgentEmailId: agent?.email ?? "", QueueId: queue?.queueId ?? "", TeamId: agent?.teamId ?? "", InboundChannel: "telephony", RoutingStrategyId: "" };
}

/** PhoneContactEnded (ContactEnded). */
export function contactEndedOutputs(agent: AgentInfo | undefined, queue: QueueRecord | undefined): Record<string, unknown> {
  return { AgentID: agent?.agentId ?? "", AgentEmailID: agent?.email ?? "", TeamID: agent?.teamId ?? "", QueueID: queue?.queueId ?? "", InboundChannel: "telephony", RoutingStrategyID: "" };
}
