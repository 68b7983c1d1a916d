/**
 * The simulated customer of a run: performs SendInstruction actions on the contact.
 *
 * Simulated flows take no time, so an instruction sent when its observation matches (a
 * prompt being played) would always come before the block that played it starts to
 * listen. So instructions queue, in the order they were sent, and each one goes to the
 * next wait for customer input: the key press, the utterance or the chat message at
 * the moment the flow pauses for the customer. A wait that does not take the kind of
 * input at the head of the queue (keys while a bot listens for speech) loses it, as the
 * live service ignores input nobody listens for; the action's record says so. Disconnect
 * runs as soon as the instructions before it have been delivered.
 */
import type { Contact } from "../flow/contact.js";
import type { InputEvent } from "../flow/host.js";
import type { Runtime } from "../runtime/runtime.js";
import type { WaitingInfo } from "../runtime/inputs.js";
import type { Instruction } from "./model.js";

/** Where an instruction went, for its action's record. */
export interface Delivery {
  /** Set once the instruction has been performed or lost. */
  outcome?: string;
  at?: number;
}

export class SimulatedCustomer {
  private queue: { instruction: Instruction; delivery: Delivery }[] = [];
  private stopListening: () => void;
  private flushing = false;

  constructor(
    private readonly runtime: Runtime,
    private readonly contact: Contact,
    /** The chat participant the customer is (chats only). */
    private readonly participantId?: string,
    /** Told of each instruction once performed or lost, in that order (the run's transcript). */
    private readonly onDone?: (instruction: Instruction, outcome: string, at: number) => void,
  ) {
    // Deferred: the wait is being set up when the mailbox calls, and the flow is suspended on it one microtask later.
    this.stopListening = runtime.requireSession(contact.id).inputs.onWait((info) => queueMicrotask(() => this.deliverTo(info)));
  }

  /** Queues an instruction; it is performed at the flow's next wait for input (or now, if the flow waits already). */
  send(instruction: Instruction): Delivery {
    const delivery: Delivery = {};
    this.queue.push({ instruction, delivery });
    const waiting = this.runtime.session(this.contact.id)?.inputs.waiting() ?? [];
    if (waiting.length > 0 || this.queue.length === 1) queueMicrotask(() => this.deliverTo(waiting.at(-1)));
    return delivery;
  }

  /** Instructions never performed (the run ended first). */
  pending(): Instruction[] {
    return this.queue.map((q) => q.instruction);
  }

  dispose(): void {
    this.stopListening();
    for (const { delivery } of this.queue) delivery.outcome ??= "not performed: the run ended first";
  }

  private done(delivery: Delivery, outcome: string): void {
    delivery.outcome = outcome;
    delivery.at = this.runtime.clock.now();
    const { instruction } = this.queue.shift()!;
    this.onDone?.(instruction, outcome, delivery.at);
  }

  /** Performs the head of the queue: a hang-up at once, input only into `wait`. */
  private deliverTo(wait: WaitingInfo | undefined): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length > 0 && !this.contact.ended) {
        const { instruction, delivery } = this.queue[0];
        if (instruction.type === "Disconnect") {
          this.done(delivery, "the customer hung up");
          if (this.participantId) void this.runtime.leaveChat(this.contact.id, this.participantId, "the customer left the chat (test case)");
          else void this.runtime.disconnect(this.contact, "the customer hung up (test case)");
          return;
        }
        if (!wait || !this.stillWaiting(wait)) return;
        this.done(delivery, this.perform(instruction, wait));
        // One input answers one wait: only a hang-up may follow at once.
        wait = undefined;
      }
    } finally {
      this.flushing = false;
    }
  }

  private stillWaiting(wait: WaitingInfo): boolean {
    return this.runtime.session(this.contact.id)?.inputs.waiting().includes(wait) ?? false;
  }

  private perform(instruction: Exclude<Instruction, { type: "Disconnect" }>, wait: WaitingInfo): string {
    const to = `${wait.label}, waiting for ${wait.accept.join(" or ")}`;
    if (this.participantId) {
      if (instruction.type !== "Utterance") return `lost: keys cannot be sent on a chat (${to})`;
      // Through the chat, so the transcript has it and the runtime hands it to the waiting block.
      this.runtime.chats.send(this.contact.id, this.participantId, "text/plain", instruction.text);
      return wait.accept.includes("message") || wait.accept.includes("customer-returned") ? `sent to ${to}` : `sent, but lost: ${to}`;
    }
    const event: InputEvent = instruction.type === "DtmfInput" ? { kind: "dtmf", digits: instruction.digits } : { kind: "utterance", text: instruction.text };
    return this.runtime.deliverInput(this.contact.id, event) ? `delivered to ${to}` : `lost: ${to}`;
  }
}
