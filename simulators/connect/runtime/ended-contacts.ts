/**
 * How long the runtime remembers contacts that are over. Scenarios read a contact back
 * right after it ends (DescribeContact, the transcript, the flow's trace), so the most
 * recent ENDED_CONTACTS_KEPT ended contacts stay whole; an older one is released
 * everywhere, as a contact record past its retention is on Amazon Connect. A long-running
 * `flowsim serve` thus holds its live contacts and this many more, however many it served.
 * A contact still in an agent's slot (after-contact work) is not over yet: it waits.
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

  constructor(private readonly rt: RetentionHost) {
    rt.events.on((event) => {
      if (event.type !== "contact.ended") return;
      this.ended.push(event.contact.id);
      this.releaseOldest();
    });
  }

  private releaseOldest(): void {
    // Each contact beyond the limit is looked at once a call, so one still held cannot stall the others.
    for (let beyond = this.ended.length - this.head - ENDED_CONTACTS_KEPT; beyond > 0; beyond--) {
      const contactId = this.ended[this.head++];
      if (this.rt.agents.holdersOf(contactId).length > 0) this.ended.push(contactId);
      else this.rt.release(contactId);
    }
    if (this.head > this.ended.length / 2) {
      this.ended = this.ended.slice(this.head);
      this.head = 0;
    }
  }
}
