/**
 * Flow Designer events (reference §1.5, toolkit global-event-output-variables.md): the
 * `onEvents` key (eventSpecificationName), the name shown on the canvas, other names
 * flows use for it, and the output variables the handler can read as
 * `{{<EventName>.<output>}}`.
 */

export interface EventInfo {
  spec: string;
  display: string;
  aliases: string[];
  outputs: string[];
}

const AGENT = ["AgentID", "AgentName", "AgentEmailId", "AgentSessionID", "QueueID", "QueueName", "TeamID", "TeamName", "TenantID", "CAD"];

export const EVENTS: EventInfo[] = [
  { spec: "AgentContactAssigned", display: "AgentAnswered", aliases: ["AgentAccepted"], outputs: AGENT },
  { spec: "AgentOfferContact", display: "AgentOffered", aliases: [], outputs: [...AGENT, "callAssociatedData"] },
  { spec: "ContactEnded", display: "PhoneContactEnded", aliases: [], outputs: ["AgentID", "AgentEmailID", "TeamID", "QueueID", "InboundChannel", "RoutingStrategyID"] },
  { spec: "FCAsk(ContactLastAgentRemoved)", display: "AgentDisconnected", aliases: [], outputs: ["AgentId", "AgentEmailId", "QueueId", "TeamId", "InboundChannel", "RoutingStrategyId"] },
  { spec: "GlobalErrorHandling", display: "OnGlobalError", aliases: [], outputs: [] },
  { spec: "ContactPredial", display: "PreDial", aliases: [], outputs: ["direction", "participantType", "dialNumber", "otherPartyDn", "epDn", "agentSelectedAni", "operationType"] },
  { spec: "ContactCallbackFailed", display: "CallbackFailed", aliases: [], outputs: ["reason"] },
  { spec: "ContactAniUpdated", display: "ContactAniUpdated", aliases: [], outputs: [] },
  { spec: "ContactOutboundCampaignResult", display: "OutboundCampaignCallResult", aliases: [], outputs: ["CPAResult", "CPAResultCode"] },
  { spec: "ContactReservationStarted", display: "ReservationStarted", aliases: [], outputs: [] },
];

export const EVENT_BY_SPEC = new Map(EVENTS.map((e) => [e.spec, e]));

/** Every name a handler's outputs may be read under (lower case). */
export function eventLabels(info: EventInfo): string[] {
  return [info.spec, info.display, ...info.aliases].map((s) => s.toLowerCase());
}

/** Outputs of the start activity (NewPhoneContact, renamed NewContact in April 2025). */
export const START_OUTPUTS = [
  "ANI",
  "DNIS",
  "InteractionId",
  "EntryPointId",
  "FlowId",
  "FlowVersionLabel",
  "OrgId",
  "PSTNRegion",
  "Headers",
  "CallbackType",
  "ScheduleSourceInteractionId",
  "CallbackReason",
  "Payload",
];

export const START_ALIASES = ["NewPhoneContact", "NewContact"];
