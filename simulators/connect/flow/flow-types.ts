import type { Channel } from "./model.js";

/** Flow types as the Connect API names them, plus flow modules (a separate API object). */
export type FlowType =
  | "CONTACT_FLOW"
  | "CUSTOMER_QUEUE"
  | "CUSTOMER_HOLD"
  | "CUSTOMER_WHISPER"
  | "AGENT_HOLD"
  | "AGENT_WHISPER"
  | "OUTBOUND_WHISPER"
  | "AGENT_TRANSFER"
  | "QUEUE_TRANSFER"
  | "CAMPAIGN"
  | "MODULE";

export const FLOW_TYPES: readonly FlowType[] = [
  "CONTACT_FLOW",
  "CUSTOMER_QUEUE",
  "CUSTOMER_HOLD",
  "CUSTOMER_WHISPER",
  "AGENT_HOLD",
  "AGENT_WHISPER",
  "OUTBOUND_WHISPER",
  "AGENT_TRANSFER",
  "QUEUE_TRANSFER",
  "CAMPAIGN",
  "MODULE",
];

/** `Metadata.type` spelling in console exports. */
const METADATA_NAMES: Record<string, FlowType> = {
  contactFlow: "CONTACT_FLOW",
  customerQueue: "CUSTOMER_QUEUE",
  customerHold: "CUSTOMER_HOLD",
  customerWhisper: "CUSTOMER_WHISPER",
  outboundWhisper: "OUTBOUND_WHISPER",
  agentHold: "AGENT_HOLD",
  agentWhisper: "AGENT_WHISPER",
  agentTransfer: "AGENT_TRANSFER",
  queueTransfer: "QUEUE_TRANSFER",
  campaign: "CAMPAIGN",
};

export const DISPLAY_NAMES: Record<FlowType, string> = {
  CONTACT_FLOW: "Inbound flow",
  CUSTOMER_QUEUE: "Customer queue flow",
  CUSTOMER_HOLD: "Customer hold flow",
  CUSTOMER_WHISPER: "Customer whisper flow",
  AGENT_HOLD: "Agent hold flow",
  AGENT_WHISPER: "Agent whisper flow",
  OUTBOUND_WHISPER: "Outbound whisper flow",
  AGENT_TRANSFER: "Transfer to agent flow",
  QUEUE_TRANSFER: "Transfer to queue flow",
  CAMPAIGN: "Campaign flow",
  MODULE: "Flow module",
};

/** Channels each flow type serves (seed 001 / admin guide). */
export const FLOW_TYPE_CHANNELS: Record<FlowType, readonly Channel[]> = {
  CONTACT_FLOW: ["VOICE", "CHAT", "TASK", "EMAIL"],
  CUSTOMER_QUEUE: ["VOICE", "CHAT", "TASK", "EMAIL"],
  CUSTOMER_HOLD: ["VOICE"],
  CUSTOMER_WHISPER: ["VOICE", "CHAT"],
  OUTBOUND_WHISPER: ["VOICE", "CHAT", "EMAIL"],
  AGENT_HOLD: ["VOICE"],
  AGENT_WHISPER: ["VOICE", "CHAT", "TASK", "EMAIL"],
  AGENT_TRANSFER: ["VOICE", "CHAT", "TASK", "EMAIL"],
  QUEUE_TRANSFER: ["VOICE", "CHAT", "TASK", "EMAIL"],
  CAMPAIGN: ["VOICE"],
  MODULE: ["VOICE", "CHAT", "TASK", "EMAIL"],
};

/**
 * Reads a flow type from any spelling a user or an export might give: the API enum
 * (`CUSTOMER_QUEUE`), the export's camelCase (`customerQueue`), or `module`.
 */
export function parseFlowType(value: unknown): FlowType | undefined {
  if (typeof value !== "string") return undefined;
  const upper = value.trim().toUpperCase().replace(/[\s-]+/g, "_");
  if ((FLOW_TYPES as readonly string[]).includes(upper)) return upper as FlowType;
  if (upper === "FLOW_MODULE" || upper === "CONTACT_FLOW_MODULE") return "MODULE";
  const camel = METADATA_NAMES[value.trim()];
  if (camel) return camel;
  const folded = Object.entries(METADATA_NAMES).find(([k]) => k.toLowerCase() === value.trim().toLowerCase());
  return folded?.[1];
}

export function metadataName(type: FlowType): string | undefined {
  return Object.entries(METADATA_NAMES).find(([, v]) => v === type)?.[0];
}

/** "a Customer queue flow", "an Inbound flow". */
export function withArticle(name: string): string {
  return `${/^[AEIOU]/i.test(name) ? "an" : "a"} ${name}`;
}

/** "a customer queue flow (CUSTOMER_QUEUE)": a flow type in a sentence, with the API's name for it. */
export function aFlowOfType(type: FlowType): string {
  return `${withArticle(DISPLAY_NAMES[type].toLowerCase())} (${type})`;
}

/** "a voice contact", "an email contact": a channel in a sentence. */
export function aContactOn(channel: Channel | string): string {
  return withArticle(`${channel.toLowerCase()} contact`);
}
