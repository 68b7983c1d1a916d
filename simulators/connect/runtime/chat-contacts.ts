/**
 * What a chat's participants mean for its contact: a chat started with StartChatContact
 * runs its flow once the customer listens, the customer's messages reach the flow waiting
 * for them, and participants leaving end the contact or hand it to the disconnect flow.
 * The transcript itself is chat.ts's; this is the link between it and the contact's flows.
 */
import type { Contact } from "../flow/contact.js";
import type { ChatSettings, Participant } from "./chat.js";
import type { RuntimeContext, StartContactOptions } from "./context.js";
import type { Timer } from "../../kernel/clock.js";

/** "The client must connect within 5 minutes" of StartChatContact. */
const CUSTOMER_CONNECT_DEADLINE_MS = 5 * 60_000;

export interface ChatStartOptions extends Omit<StartContactOptions, "channel"> {
  displayName: string;
  supportedContentTypes?: string[];
  durationMinutes?: number;
  chat?: ChatSettings;
  /**
   * Run the flow once the customer listens (StartChatContact): see `holdFlowForCustomer`.
   * Without it the flow starts at once, as for a chat the runtime starts itself.
   */
  waitForCustomer?: boolean;
}

/** A chat whose flow waits for its customer to listen (see `holdFlowForCustomer`). */
interface Waiting {
  customerId: string;
  start: () => void;
  deadline: Timer;
}

export class ChatContacts {
  /**
   * By contact id. One listener serves them all and each goes when its flow starts, its
   * chat ends or its deadline passes: on the virtual clock a deadline may never pass, and a
   * listener per chat would be called by every event of every other chat.
   */
  private readonly waiting = new Map<string, Waiting>();

  constructor(private readonly rt: RuntimeContext) {
    rt.events.on((event) => {
      if (event.type === "chat.message" && event.participant.role === "CUSTOMER") this.onCustomerMessage(event.contactId, event.item.Content ?? "");
      else if (event.type === "chat.listening" && this.waiting.get(event.contactId)?.customerId === event.participant.id) this.stopWaiting(event.contactId)?.start();
      // A chat that ends before its customer listened never runs its flow.
      else if (event.type === "contact.ended") this.stopWaiting(event.contact.id);
    });
  }

  /**
   * Starts a chat (StartChatContact): the contact, its transcript with the customer
   * joined, then the flow. Returns the customer participant (its token opens connections).
   */
  start(options: ChatStartOptions): { contact: Contact; customer: Participant } {
    let customer: Participant | undefined;
    const contact = this.rt.startContact({
      ...options,
      channel: "CHAT",
      beforeFlow: (c) => {
        this.rt.chats.open({ contactId: c.id, initialContactId: c.initialContactId, supportedContentTypes: options.supportedContentTypes ?? ["text/plain"], durationMinutes: options.durationMinutes ?? 25 * 60, settings: options.chat });
        customer = this.rt.chats.join(c.id, { role: "CUSTOMER", displayName: options.displayName });
        if (options.initialMessage) this.rt.chats.send(c.id, customer.id, options.chat?.initialMessageContentType ?? "text/plain", options.initialMessage);
      },
      holdFlow: options.waitForCustomer ? (start) => this.holdFlowForCustomer(customer!, start) : undefined,
    });
    return { contact, customer: customer! };
  }

  /**
   * On Amazon Connect the flow of a new chat starts at once, and a widget that connects
   * within a few hundred milliseconds still sees its first messages live because real flows
   * take that long. Simulated flows take no time, so a flow that greets and disconnects
   * would end the chat before any client could connect (CreateParticipantConnection then
   * answers 403). The simulator therefore starts the flow when the customer can receive:
   * its first websocket subscription, or a connection without a websocket (polling) — or
   * at the documented deadline for connecting, 5 minutes after StartChatContact.
   */
  private holdFlowForCustomer(customer: Participant, start: () => void): void {
    const contactId = customer.contactId;
    const deadline = this.rt.clock.schedule(CUSTOMER_CONNECT_DEADLINE_MS, () => this.stopWaiting(contactId)?.start(), `chat ${contactId}: waiting for the customer to connect`);
    this.waiting.set(contactId, { customerId: customer.id, start, deadline });
  }

  /** The chat's flow no longer waits for its customer: returns what was waiting, if anything. */
  private stopWaiting(contactId: string): Waiting | undefined {
    const waiting = this.waiting.get(contactId);
    if (!waiting) return undefined;
    this.waiting.delete(contactId);
    waiting.deadline.cancel();
    return waiting;
  }

  /** A customer's chat message reaches a flow waiting for one (Lex), else a Wait for the customer's return. */
  private onCustomerMessage(contactId: string, text: string): void {
    const session = this.rt.session(contactId);
    if (!session || session.contact.ended) return;
    if (session.inputs.deliver({ kind: "message", text, participantRole: "CUSTOMER" })) return;
    session.inputs.deliver({ kind: "customer-returned" });
  }

  /**
   * A chat participant leaves (DisconnectParticipant, auto-disconnection). The customer
   * leaving ends the contact, unless StartChatContact's DisconnectOnCustomerExit names the
   * roles still present and a disconnect flow is set: then those leave instead and the
   * customer stays for the disconnect flow (surveys; ChatJS ≥4 keeps its session until
   * chat.ended). A custom bot leaving wakes a Wait for BotParticipantDisconnected. What an
   * agent leaving does to the contact is decided by whoever listens to `chat.left`.
   */
  async leave(contactId: string, participantId: string, reason: string): Promise<void> {
    const chat = this.rt.chats.get(contactId);
    const participant = chat?.participants.get(participantId);
    if (!chat || chat.ended || !participant || participant.state === "left") return;
    const contact = this.rt.findContact(contactId);
    if (participant.role !== "CUSTOMER") {
      this.rt.chats.leave(contactId, participantId, reason);
      if (participant.role === "CUSTOM_BOT") this.rt.session(contactId)?.inputs.deliver({ kind: "bot-disconnected" });
      return;
    }
    const exitRoles = chat.settings.disconnectOnCustomerExit ?? [];
    const handOver = exitRoles.length > 0 ? this.rt.chats.joined(contactId).filter((p) => exitRoles.includes(p.role)) : [];
    const disconnectFlow = contact && !contact.disabledHooks.CustomerRemaining ? contact.eventHooks.CustomerRemaining : undefined;
    if (handOver.length > 0 && disconnectFlow) {
      for (const p of handOver) this.rt.chats.leave(contactId, p.id, "the customer left (DisconnectOnCustomerExit)");
      return;
    }
    this.rt.chats.leave(contactId, participantId, reason);
    if (contact) await this.rt.disconnect(contact, reason);
  }

  /** A chat timer auto-disconnects a participant: the others hear why, then it leaves. */
  async autoDisconnect(contactId: string, participantId: string): Promise<void> {
    if (!this.rt.chats.announceAutoDisconnection(contactId, participantId)) return;
    await this.leave(contactId, participantId, "auto-disconnection (chat idle timer)");
  }
}
