/**
 * Chat participant timers (seed 003, UpdateParticipantRoleConfig): per role, an idle timer
 * (the participant is marked idle and everyone hears `participant.idle`) and an
 * auto-disconnect timer (every participant but the customer leaves). Timers run only while
 * the customer and an agent or custom participant are in the chat, from that participant's
 * join until it leaves, under the configuration in force at the join. Any message resets
 * its sender's timers. Everything runs on the runtime's clock.
 *
 * Decisions where the sources are silent:
 * - The configuration belongs to the contact chain (InitialContactId): "It persists across
 *   new contacts in the chain". An update merges into it: the pairs a request names change,
 *   `Unset` removes one, the others stay.
 * - AGENT-role timers watch AGENT participants only: a custom bot has no timers of its own
 *   (TimerEligibleParticipantRoles is AGENT and CUSTOMER); it goes with any
 *   auto-disconnection, which takes "all participants other than the customer".
 * - Every join of an agent or custom participant starts a new interaction: the stored
 *   configuration is taken then and every timer starts from zero ("the timers apply to the
 *   new agent/customer interaction"). A supervisor joining changes nothing.
 * - A participant still idle from an earlier interaction is not announced idle twice (only
 *   a message ends idleness): its idle timer running out again just starts the
 *   auto-disconnect timer.
 * - An attachment is a message: it resets its sender's timers and ends idleness.
 * - An auto-disconnection sends one `participant.autodisconnection` per participant it
 *   disconnects, naming that participant (ChatJS clients read `data.ParticipantRole`), to
 *   the participants who stay; those leaving do not see it ("Because the agent is
 *   disconnected, they won't be able to see the message"). A supervisor goes too ("a
 *   monitoring supervisor"), announced only if it had barged in.
 */
import { ChatError, EVENT, type Participant } from "./chat.js";
import type { Timer } from "../../kernel/clock.js";
import type { RuntimeContext } from "./context.js";
import { aContactOn } from "../flow/flow-types.js";

export const TIMER_ROLES = ["CUSTOMER", "AGENT"] as const;
export type TimerRole = (typeof TIMER_ROLES)[number];
export const TIMER_TYPES = ["IDLE", "DISCONNECT_NONCUSTOMER"] as const;
export type TimerType = (typeof TIMER_TYPES)[number];

/** "Minimum: 2 minutes. Maximum: 480 minutes (8 hours)." */
export const MIN_TIMER_MINUTES = 2;
export const MAX_TIMER_MINUTES = 480;

/** One entry of ParticipantTimerConfigList: a duration in minutes, or `unset` to delete the timer. */
export interface TimerSetting {
  role: TimerRole;
  type: TimerType;
  minutes: number | "unset";
}

/** Minutes per timer type, for one role. */
export type RoleTimers = Partial<Record<TimerType, number>>;
export type TimerConfiguration = Record<TimerRole, RoleTimers>;

/** A timer running now (for the control plane and tests). */
export interface RunningTimer {
  participantId: string;
  role: TimerRole;
  type: TimerType;
  dueAt: number;
}

interface Watched {
  participant: Participant;
  role: TimerRole;
  timers: RoleTimers;
  running?: { type: TimerType; timer: Timer };
}

interface Interaction {
  /** The configuration taken when the agent or custom participant joined. */
  config: TimerConfiguration;
  watched: Map<string, Watched>;
}

const ANCHOR_ROLES = new Set(["AGENT", "CUSTOM_BOT"]);

function emptyConfig(): TimerConfiguration {
  return { CUSTOMER: {}, AGENT: {} };
}

function copyConfig(c: TimerConfiguration): TimerConfiguration {
  return { CUSTOMER: { ...c.CUSTOMER }, AGENT: { ...c.AGENT } };
}

function describe(role: TimerRole, type: TimerType): string {
  return `${role.toLowerCase()} ${type === "IDLE" ? "idle" : "auto-disconnect"} timer`;
}

export class ChatTimerService {
  /** Stored configuration per contact chain (InitialContactId). */
  private readonly configs = new Map<string, TimerConfiguration>();
  /** The interaction running per chat contact. */
  private readonly interactions = new Map<string, Interaction>();

  constructor(private readonly rt: RuntimeContext) {
    rt.events.on((event) => {
      switch (event.type) {
        case "chat.joined":
          if (ANCHOR_ROLES.has(event.participant.role) || event.participant.role === "CUSTOMER") this.begin(event.contactId);
          break;
        case "chat.left":
          this.onLeft(event.contactId, event.participant);
          break;
        case "chat.item":
          if ((event.item.Type === "MESSAGE" || event.item.Type === "ATTACHMENT") && event.item.ParticipantId) this.onMessage(event.contactId, event.item.ParticipantId, event.item.Type);
          break;
        case "chat.ended":
          this.onEnded(event.contactId);
          break;
      }
    });
  }

  // ---- configuration (UpdateParticipantRoleConfig) -------------------------------------

  /**
   * Stores timer settings for the chat's contact chain. They apply from the next join of an
   * agent or custom participant; an interaction already running keeps its configuration.
   */
  configure(contactId: string, settings: TimerSetting[]): void {
    const contact = this.rt.findContact(contactId);
    const chat = this.rt.chats.get(contactId);
    if (!contact || !chat) throw new ChatError("not-found", contact ? `Contact ${contactId} is ${aContactOn(contact.channel)}; participant timers apply to chats` : `Contact not found: ${contactId}`);
    // The configuration lasts "for the duration of the chat": an ended chat has none left to configure.
    if (contact.ended || chat.ended) throw new ChatError("invalid", `Contact ${contactId} has ended`);
    const seen = new Set<string>();
    for (const s of settings) {
      const key = `${s.role}/${s.type}`;
      if (seen.has(key)) throw new ChatError("invalid", `ParticipantTimerConfigList names ParticipantRole ${s.role} with TimerType ${s.type} more than once; each combination of role and timer type may appear once`);
      seen.add(key);
      if (!(TIMER_ROLES as readonly string[]).includes(s.role) || !(TIMER_TYPES as readonly string[]).includes(s.type)) throw new ChatError("invalid", `No ${s.role} ${s.type} timer exists`);
      if (s.minutes !== "unset" && (!Number.isInteger(s.minutes) || s.minutes < MIN_TIMER_MINUTES || s.minutes > MAX_TIMER_MINUTES)) {
        throw new ChatError("invalid", `ParticipantTimerDurationInMinutes must be a whole number from ${MIN_TIMER_MINUTES} to ${MAX_TIMER_MINUTES} (got ${s.minutes})`);
      }
    }
    const stored = this.configs.get(chat.initialContactId) ?? emptyConfig();
    for (const s of settings) {
      if (s.minutes === "unset") delete stored[s.role][s.type];
      else stored[s.role][s.type] = s.minutes;
    }
    this.configs.set(chat.initialContactId, stored);
    const running = this.interactions.has(contactId) ? "; the interaction under way keeps the configuration it started with" : "";
    this.note(contactId, `participant timers set: ${this.summary(stored)} (applies when an agent or custom participant joins${running})`);
  }

  /** The configuration stored for the chat's contact chain (what the next interaction takes). */
  configuration(contactId: string): TimerConfiguration {
    const chat = this.rt.chats.get(contactId);
    const stored = chat ? this.configs.get(chat.initialContactId) : undefined;
    return copyConfig(stored ?? emptyConfig());
  }

  /** The configuration the running interaction uses, if timers run on this chat now. */
  inForce(contactId: string): TimerConfiguration | undefined {
    const interaction = this.interactions.get(contactId);
    return interaction ? copyConfig(interaction.config) : undefined;
  }

  /** Timers counting down on this chat now. */
  running(contactId: string): RunningTimer[] {
    const interaction = this.interactions.get(contactId);
    if (!interaction) return [];
    return [...interaction.watched.values()]
      .filter((w) => w.running)
      .map((w) => ({ participantId: w.participant.id, role: w.role, type: w.running!.type, dueAt: w.running!.timer.dueAt }));
  }

  // ---- the interaction -------------------------------------------------------------------

  /** A new interaction when the customer and an agent or custom participant are both in the chat. */
  private begin(contactId: string): void {
    const chat = this.rt.chats.get(contactId);
    if (!chat || chat.ended) return;
    const joined = this.rt.chats.joined(contactId);
    if (!joined.some((p) => p.role === "CUSTOMER") || !joined.some((p) => ANCHOR_ROLES.has(p.role))) return;
    this.stop(contactId);
    const config = copyConfig(this.configs.get(chat.initialContactId) ?? emptyConfig());
    const interaction: Interaction = { config, watched: new Map() };
    this.interactions.set(contactId, interaction);
    for (const p of joined) {
      const role: TimerRole | undefined = p.role === "CUSTOMER" ? "CUSTOMER" : p.role === "AGENT" ? "AGENT" : undefined;
      if (!role) continue;
      const watched: Watched = { participant: p, role, timers: config[role] };
      interaction.watched.set(p.id, watched);
      this.restart(contactId, watched);
    }
  }

  /** Starts the participant's first timer: idle if configured, else auto-disconnect. */
  private restart(contactId: string, w: Watched): void {
    w.running?.timer.cancel();
    w.running = undefined;
    const first: TimerType | undefined = w.timers.IDLE !== undefined ? "IDLE" : w.timers.DISCONNECT_NONCUSTOMER !== undefined ? "DISCONNECT_NONCUSTOMER" : undefined;
    if (first) this.arm(contactId, w, first);
  }

  private arm(contactId: string, w: Watched, type: TimerType): void {
    const minutes = w.timers[type]!;
    const timer = this.rt.clock.schedule(minutes * 60_000, () => {
      if (w.running?.timer !== timer) return;
      w.running = undefined;
      if (type === "IDLE") this.idleExpired(contactId, w);
      else this.disconnectExpired(contactId, w);
    }, `${describe(w.role, type)} (${minutes} min) of ${w.participant.displayName} on ${contactId}`);
    w.running = { type, timer };
  }

  /** Idle expiry marks the participant idle (everyone hears it) and nothing else, bar the auto-disconnect timer. */
  private idleExpired(contactId: string, w: Watched): void {
    if (this.rt.chats.markIdle(contactId, w.participant.id)) this.note(contactId, `${w.participant.displayName} (${w.role}) is idle: no message for ${w.timers.IDLE} minutes`);
    if (w.timers.DISCONNECT_NONCUSTOMER !== undefined) this.arm(contactId, w, "DISCONNECT_NONCUSTOMER");
  }

  private disconnectExpired(contactId: string, w: Watched): void {
    this.autoDisconnect(contactId, w).catch((err) => {
      const contact = this.rt.findContact(contactId);
      const error = err instanceof Error ? err : new Error(String(err));
      if (contact) {
        this.rt.session(contactId)?.engineErrors.push(error);
        this.rt.events.emit({ type: "engine.error", contact, error });
      }
    });
  }

  /**
   * Every participant but the customer leaves. The leaving goes through the runtime, so a
   * custom bot leaving wakes a Wait for BotParticipantDisconnected, and the agents'
   * lifecycle (after-contact work, the disconnect flow) follows from `chat.left`.
   */
  private async autoDisconnect(contactId: string, trigger: Watched): Promise<void> {
    this.stop(contactId);
    const joined = this.rt.chats.joined(contactId);
    const leaving = joined.filter((p) => p.role !== "CUSTOMER");
    const staying = joined.filter((p) => p.role === "CUSTOMER").map((p) => p.id);
    if (leaving.length === 0) return;
    // A silently monitoring supervisor leaves too, unannounced: the customer never knew it was there.
    for (const p of leaving) if (!p.silent) this.rt.chats.event(contactId, EVENT.autoDisconnection, p, { store: false, to: staying });
    const why = `${trigger.participant.displayName} (${trigger.role}) idle past the ${describe(trigger.role, "DISCONNECT_NONCUSTOMER")} of ${trigger.timers.DISCONNECT_NONCUSTOMER} minutes`;
    this.note(contactId, `auto-disconnection: ${why}; ${leaving.map((p) => `${p.displayName} (${p.role})`).join(", ")} disconnected`);
    for (const p of leaving) await this.rt.leaveChat(contactId, p.id, `auto-disconnected: ${why}`);
  }

  /** A message resets its sender's timers; an idle sender has returned. */
  private onMessage(contactId: string, participantId: string, type: string): void {
    // SendMessage marks its sender returned itself, ahead of the message; an attachment only says so here.
    if (type === "ATTACHMENT") {
      const p = this.rt.chats.get(contactId)?.participants.get(participantId);
      if (p?.idle) this.rt.chats.markReturned(contactId, participantId);
    }
    const w = this.interactions.get(contactId)?.watched.get(participantId);
    if (w) this.restart(contactId, w);
  }

  private onLeft(contactId: string, participant: Participant): void {
    const interaction = this.interactions.get(contactId);
    if (!interaction) return;
    if (participant.role === "CUSTOMER") return this.stop(contactId);
    const w = interaction.watched.get(participant.id);
    if (w) {
      w.running?.timer.cancel();
      interaction.watched.delete(participant.id);
    }
    if (!this.rt.chats.joined(contactId).some((p) => ANCHOR_ROLES.has(p.role))) this.stop(contactId);
  }

  private onEnded(contactId: string): void {
    this.stop(contactId);
    const chat = this.rt.chats.get(contactId);
    if (!chat || !this.configs.has(chat.initialContactId)) return;
    // The chain's configuration goes with its last chat.
    const live = this.rt.allSessions().some((s) => s.contact.id !== contactId && s.contact.initialContactId === chat.initialContactId && !this.rt.chats.get(s.contact.id)?.ended && !s.contact.ended);
    if (!live) this.configs.delete(chat.initialContactId);
  }

  private stop(contactId: string): void {
    const interaction = this.interactions.get(contactId);
    if (!interaction) return;
    for (const w of interaction.watched.values()) w.running?.timer.cancel();
    this.interactions.delete(contactId);
  }

  private summary(config: TimerConfiguration): string {
    const parts = TIMER_ROLES.flatMap((role) => TIMER_TYPES.filter((t) => config[role][t] !== undefined).map((t) => `${describe(role, t)} ${config[role][t]} min`));
    return parts.length ? parts.join(", ") : "none";
  }

  private note(contactId: string, detail: string): void {
    const contact = this.rt.findContact(contactId);
    if (contact) this.rt.trace(contact, { kind: "note", at: this.rt.clock.now(), contactId, detail });
  }
}
