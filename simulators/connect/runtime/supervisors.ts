/**
 * Supervisors on chats: a user monitors a live chat as a SUPERVISOR participant, with a
 * participant token for CreateParticipantConnection like any participant's, and receives
 * the chat over its websocket (earlier items through GetTranscript). It may barge in, and
 * leaves when it stops monitoring. Seed 003 has auto-disconnection take "a monitoring
 * supervisor" along with the agent (chat-timers.ts); the protocol reference has receipts
 * refused while a supervisor is barged in (chat.ts).
 *
 * Decisions where the references are silent:
 * - Monitoring is silent: nothing in the chat says the supervisor is there. No
 *   participant.joined in the transcript or on anyone else's socket; its typing and
 *   receipts reach only itself, its leaving too, and an auto-disconnection takes it
 *   unannounced. A silent supervisor cannot write (SendMessage, attachments:
 *   AccessDeniedException).
 * - Barging in is its own act (the CCP's Barge button, MonitorContact's BARGE capability),
 *   not a side effect of writing: participant.joined then goes to everyone and into the
 *   transcript, and the supervisor writes like an agent. There is no way back to silent.
 * - A chat can be monitored while an agent is in it (what there is to monitor), by any
 *   user but that agent, once per user; several supervisors may monitor one chat.
 * - Only chats are monitored here; monitoring calls is not simulated and is refused.
 */
import type { Participant } from "./chat.js";
import { EVENT } from "./chat.js";
import type { AgentService, AgentState } from "./agents.js";
import { RequestRefused } from "./refusals.js";
import type { RuntimeContext } from "./context.js";
import { aContactOn } from "../flow/flow-types.js";

export interface Monitoring {
  contactId: string;
  participantId: string;
  mode: "silent" | "barge";
  since: number;
}

interface SupervisorHost extends RuntimeContext {
  readonly agents: AgentService;
}

export class SupervisorService {
  /** Who monitors what: contact id → user id → the supervisor's participant. */
  private readonly monitors = new Map<string, Map<string, { participant: Participant; since: number }>>();

  constructor(private readonly rt: SupervisorHost) {
    rt.events.on((event) => {
      if (event.type === "chat.left" && event.participant.role === "SUPERVISOR" && event.participant.userId) this.forget(event.contactId, event.participant.userId);
      else if (event.type === "chat.ended") this.monitors.delete(event.contactId);
    });
  }

  /** The user starts monitoring a chat silently; returns its SUPERVISOR participant. */
  monitor(userRef: string, contactId: string): Participant {
    const user = this.rt.agents.requireAgent(userRef);
    const name = this.rt.agents.nameOf(user);
    const contact = this.rt.findContact(contactId);
    if (!contact) throw new RequestRefused("not-found", `no contact ${contactId}`);
    if (contact.channel !== "CHAT") throw new RequestRefused("invalid", `contact ${contactId} is ${aContactOn(contact.channel)}: flowsim simulates monitoring chats only`);
    const chat = this.rt.chats.get(contactId);
    if (!chat || chat.ended || contact.ended) throw new RequestRefused("conflict", `chat ${contactId} has ended`);
    const agents = this.rt.chats.joined(contactId, "AGENT");
    if (agents.length === 0) throw new RequestRefused("conflict", `no agent is in chat ${contactId}: there is no conversation to monitor yet`);
    if (agents.some((p) => p.userId === user.userId)) throw new RequestRefused("conflict", `${name} is the agent on chat ${contactId} and cannot monitor it`);
    if (this.monitors.get(contactId)?.has(user.userId)) throw new RequestRefused("conflict", `${name} already monitors chat ${contactId}`);
    const participant = this.rt.chats.join(contactId, { role: "SUPERVISOR", displayName: this.rt.agents.displayName(user), userId: user.userId, silent: true });
    const byUser = this.monitors.get(contactId) ?? new Map();
    byUser.set(user.userId, { participant, since: this.rt.clock.now() });
    this.monitors.set(contactId, byUser);
    this.note(contactId, `${name} monitors the chat silently`);
    return participant;
  }

  /** The monitoring supervisor joins the conversation: everyone sees it join, and it can write. */
  barge(userRef: string, contactId: string): Participant {
    const { user, participant } = this.requireMonitoring(userRef, contactId);
    if (!participant.silent) throw new RequestRefused("conflict", `${this.rt.agents.nameOf(user)} has already barged in on chat ${contactId}`);
    participant.silent = false;
    this.rt.chats.post(this.rt.chats.get(contactId)!, { Type: "EVENT", ContentType: EVENT.joined }, participant);
    this.note(contactId, `${this.rt.agents.nameOf(user)} barged in`);
    return participant;
  }

  /** The supervisor stops monitoring: it leaves the chat, which goes on. */
  stop(userRef: string, contactId: string): void {
    const { user, participant } = this.requireMonitoring(userRef, contactId);
    void this.rt.leaveChat(contactId, participant.id, `${this.rt.agents.nameOf(user)} stopped monitoring`);
  }

  /** The chats a user monitors now. */
  monitoringOf(userId: string): Monitoring[] {
    const out: Monitoring[] = [];
    for (const [contactId, byUser] of this.monitors) {
      const entry = byUser.get(userId);
      if (entry) out.push({ contactId, participantId: entry.participant.id, mode: entry.participant.silent ? "silent" : "barge", since: entry.since });
    }
    return out;
  }

  private requireMonitoring(userRef: string, contactId: string): { user: AgentState; participant: Participant } {
    const user = this.rt.agents.requireAgent(userRef);
    const entry = this.monitors.get(contactId)?.get(user.userId);
    if (!entry) throw new RequestRefused("not-found", `${this.rt.agents.nameOf(user)} does not monitor chat ${contactId}`);
    return { user, participant: entry.participant };
  }

  private forget(contactId: string, userId: string): void {
    const byUser = this.monitors.get(contactId);
    byUser?.delete(userId);
    if (byUser?.size === 0) this.monitors.delete(contactId);
  }

  private note(contactId: string, detail: string): void {
    const contact = this.rt.findContact(contactId);
    if (contact) this.rt.trace(contact, { kind: "note", at: this.rt.clock.now(), contactId, detail });
  }
}
