/**
 * Needs that depend on what a step says (capabilities.ts evaluates them before the scenario
 * runs, with the step's arguments and the scenario's steps).
 *
 * Agents: a stand-in (a custom participant, on staging with
 * `chatAgents`) can play an agent who joins a chat, writes, reads and idles in it; what only
 * follows from a human agent needs "agent desktop".
 *
 * Time: a wait of one second crosses a boundary to the second ("119 seconds pass", nothing
 * yet; "1 more second passes", now). A real wait, between calls that take their own time, is
 * not that exact: it needs the virtual clock.
 */
import type { Capability } from "./capabilities.js";

const CHAT_AGENT: readonly Capability[] = ["chat agent"];
const DESKTOP: readonly Capability[] = ["agent desktop"];

/** `agent "Ana" accepts the chat` in a scenario's step text: the agent's name and what is accepted. */
const ACCEPTS = /^agent (?:"([^"]*)"|'([^']*)') accepts the (\S+)$/;

/** `agent {string} accepts the {word}`: joining a chat can be played; a call, a task or "the contact" cannot. */
export function acceptNeeds([, what]: readonly unknown[]): readonly Capability[] {
  return what === "chat" ? CHAT_AGENT : DESKTOP;
}

/**
 * `agent {string} is available`: a status only a desktop sets, unless all the agent does in
 * the scenario is accept chats (the stand-in is "available" by joining; its other steps are
 * held to their own needs).
 */
export function availableNeeds([name]: readonly unknown[], scenario: readonly string[]): readonly Capability[] {
  const accepted = scenario.flatMap((step) => {
    const m = ACCEPTS.exec(step);
    return m && (m[1] ?? m[2]) === name ? [m[3]] : [];
  });
  return accepted.length > 0 && accepted.every((what) => what === "chat") ? CHAT_AGENT : DESKTOP;
}

/**
 * An event "for the agent" (idle, returned, auto-disconnection) is about a human agent: the
 * agent-role timers watch AGENT participants only, and an agent's disconnection is followed
 * by the disconnect flow and after-contact work, a custom participant's by neither. Events
 * for the customer need nothing.
 */
export function eventForNeeds([, role]: readonly unknown[]): readonly Capability[] {
  return role === "agent" ? DESKTOP : [];
}

/** `agent {string} receives the {string} event for the {word}`: the agent's side of the chat, and the event's own needs. */
export function agentEventForNeeds(args: readonly unknown[]): readonly Capability[] {
  return [...CHAT_AGENT, ...eventForNeeds(args.slice(1))];
}

/** `{int} (more ){word} pass(es)` and the like: one second on its own is a boundary to the second. */
export function waitNeeds(args: readonly unknown[]): readonly Capability[] {
  const [amount, unit] = args.slice(-2);
  return amount === 1 && typeof unit === "string" && /^seconds?$/.test(unit) ? ["virtual clock"] : [];
}

/**
 * A flow-path step: the path is read on staging from flow logs, but in a scenario where an
 * agent accepts the contact, the path holds what follows from a human agent being routed
 * it (the agent and customer whisper flows, transfers): a stand-in joins where the contact
 * waits, nothing is routed and those flows never run. Such a path needs the desktop.
 */
export function flowPathNeeds(_args: readonly unknown[], scenario: readonly string[]): readonly Capability[] {
  return scenario.some((step) => ACCEPTS.test(step)) ? ["flow path", ...DESKTOP] : ["flow path"];
}
