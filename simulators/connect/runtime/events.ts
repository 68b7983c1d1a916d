/**
 * What the runtime publishes and the bus that carries it: the API layer, the drivers and
 * the runtime's own services listen. The events live here, apart from the services that
 * emit them, so that every service can listen without importing the others.
 */
import type { Contact, QueueRef } from "../flow/contact.js";
import type { Prompt } from "../flow/host.js";
import type { FlowResult } from "../flow/interpreter.js";
import type { TraceStep } from "../flow/trace.js";
import type { ChatEvent } from "./chat.js";
import type { WaitingInfo } from "./inputs.js";

export type AgentEvent =
  | { type: "agent.status"; userId: string; status: string; nextStatus?: string; error?: string }
  | { type: "agent.offer"; userId: string; contact: Contact; expiresAt: number }
  | { type: "agent.offer.ended"; userId: string; contactId: string; outcome: "accepted" | "rejected" | "missed" | "withdrawn" }
  | { type: "agent.connected"; userId: string; contact: Contact }
  | { type: "agent.acw"; userId: string; contact: Contact }
  | { type: "agent.acw.completed"; userId: string; contactId: string }
  | { type: "guide.started"; userId: string; guide: Contact; related: Contact; hook: string }
  /** A transfer (quick connect or TransferContact) of `contactId` is decided. */
  | { type: "transfer.ended"; contactId: string; ok: boolean; detail: string };

export type RuntimeEvent =
  | { type: "contact.started"; contact: Contact }
  | { type: "contact.ended"; contact: Contact; reason: string }
  | { type: "contact.queued"; contact: Contact; queue: QueueRef }
  | { type: "prompt"; contact: Contact; prompt: Prompt }
  | { type: "waiting"; contact: Contact; info: WaitingInfo }
  | { type: "trace"; contact: Contact; step: TraceStep }
  | { type: "flow.finished"; contact: Contact; result: FlowResult }
  | { type: "engine.error"; contact: Contact; error: Error }
  | { type: "task.created"; task: Contact; from?: Contact }
  | ChatEvent
  | AgentEvent;

/** A small typed event bus: the runtime publishes, the API layer and drivers listen. */
export class EventBus<Events extends { type: string }> {
  private listeners = new Set<(event: Events) => void>();
  /**
   * The listeners as they were at the last change. An event is delivered to the listeners
   * of the moment it is emitted (one added or removed meanwhile does not change that), and
   * every chat message emits two events: copying the set each time would be the bus's main cost.
   */
  private snapshot: ((event: Events) => void)[] = [];

  /** How many listeners there are: a figure that must not grow with the contacts served. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  on(listener: (event: Events) => void): () => void {
    this.listeners.add(listener);
    this.snapshot = [...this.listeners];
    return () => {
      const removed = this.listeners.delete(listener);
      if (removed) this.snapshot = [...this.listeners];
      return removed;
    };
  }

  emit(event: Events): void {
    for (const listener of this.snapshot) {
      try {
        listener(event);
      } catch (err) {
        // A broken listener must not stop the simulation or the other listeners.
        console.error(`flowsim: event listener failed on ${event.type}:`, err);
      }
    }
  }
}
