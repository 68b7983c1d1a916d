/**
 * How long the runtime remembers contacts that are over. Scenarios read a contact back
 * right after it ends (DescribeContact, the transcript, the flow's trace), so the most
 * recent ENDED_CONTACTS_KEPT ended contacts stay whole; an older one is released
 * everywhere, as a contact record past its retention is on Amazon Connect. A long-running
 * `flowsim serve` thus holds its live contacts and this many more, however many it served.
 * A contact still in an agent's slot (after-contact work) is not over yet: it waits, and is
 * released at a later end once the agent has let go.
 */
import type { AgentService } from "./agents.js";
import type { RuntimeContext } from "./context.js";

export const ENDED_CONTACTS_KEPT = 200;

interface RetentionHost extends RuntimeContext {
  readonly agents: AgentService;
  /** Forgets every trace of the contact in every service. */
  release(contactId: string): void;
}

export class EndedContacts {
  /** Ended contact ids, oldest first, from `head` on. */
  private ended: string[] = [];
  private head = 0;
  /**
   * Ended contacts past the most recent ones that an agent still holds (after-contact work),
   * from `heldHead` on. They stay, and count among the kept: a thousand agents in
   * after-contact work keep a thousand contacts, not every later end looking at all of them.
   */
  private held: string[] = [];
  private heldHead = 0;

  constructor(private readonly rt: RetentionHost) {
    rt.events.on((event) => {
      if (event.type !== "contact.ended") return;
      this.ended.push(event.contact.id);
      this.releaseOldest();
    });
  }

  private releaseOldest(): void {
    // Each contact moves from `ended` once (released or held), so an end costs O(1) looks, amortized.
    while (this.ended.length - this.head + this.held.length - this.heldHead > ENDED_CONTACTS_KEPT && this.head < this.ended.length) {
      const contactId = this.ended[this.head++];
      if (this.isHeld(contactId)) this.held.push(contactId);
      else this.rt.release(contactId);
    }
    // One held contact looked at again per end, oldest first: it goes once its agent has let go.
    if (this.heldHead < this.held.length) {
      const contactId = this.held[this.heldHead++];
      if (this.isHeld(contactId)) this.held.push(contactId);
      else this.rt.release(contactId);
    }
    if (this.head > this.ended.length / 2) {
      this.ended = this.ended.slice(this.head);
      this.head = 0;
    }
    if (this.heldHead > this.held.length / 2) {
      this.held = this.held.slice(this.heldHead);
      this.heldHead = 0;
    }
  }

  private isHeld(contactId: string): boolean {
    return this.rt.agents.holdersOf(contactId).length > 0;
  }
}
