/**
 * An agent played by a custom participant, on a target where no agent desktop can be driven
 * (staging with `"chatAgents": "custom-participant"`). The stand-in is no user and has no
 * status: "accepting the chat" is joining the scenario's chat as a CUSTOM_BOT named for the
 * agent, and from there it writes, reads and idles through its own connection. Chat timers
 * run while a customer and a custom participant are both connected, as with an agent.
 *
 * What only follows from a human agent — routing and offers, whisper flows, agent-role
 * timers, leaving the contact to the disconnect flow, after-contact work — is not played:
 * the steps that observe it need "agent desktop" (capabilities.ts), so their scenarios are
 * skipped rather than run against a stand-in.
 */
import type { ChatAgents, Target } from "../targets/target.js";
import type { ChatParticipant, Frame } from "./chat-participant.js";
import { addCustomParticipant } from "./custom-participant.js";
import { EVENT_TYPES } from "./chat-participant.js";

/** What the stand-in works with: the target, the scenario's chats and frames, and its chat contact. */
export interface StandInScene {
  readonly target: Target;
  readonly chats: Map<string, ChatParticipant>;
  readonly frames: Frame[];
  /** The scenario's current contact (the chat the customer started). */
  readonly contactId: string;
}

export class AgentStandIn {
  private joined?: { participantId: string; chat: ChatParticipant };

  constructor(
    private readonly scene: StandInScene,
    readonly name: string,
    readonly by: ChatAgents,
  ) {}

  /** Joins the scenario's chat as a custom participant named for the agent; only chats can be joined so. */
  async accept(channel: string | undefined): Promise<ChatParticipant> {
    if (channel !== "CHAT") {
      const what = channel ? `the ${channel.toLowerCase()}` : "a contact of any channel";
      throw new Error(`agent ${this.name} is played by a custom participant (staging's chatAgents: ${this.by}), which can only join a chat, not accept ${what}; the step must need "agent desktop" for it (support/capabilities.ts)`);
    }
    if (this.joined) throw new Error(`agent ${this.name} (a custom participant) has already joined the chat ${this.joined.chat.contactId}; a stand-in joins one chat`);
    this.joined = await addCustomParticipant(this.scene.target, this.scene.frames, this.scene.contactId, this.name, `agent ${this.name}`);
    return this.joined.chat;
  }

  /**
   * Still connected: the chat has not ended and nobody in it was told that the stand-in left
   * or was disconnected (the customer's side hears of both; the leaver does not).
   */
  async stillInChat(): Promise<string | undefined> {
    if (!this.joined) return `agent ${this.name} (a custom participant) never joined the chat`;
    const { chat, participantId } = this.joined;
    if (chat.ended) return `the chat of agent ${this.name} has ended`;
    const customer = this.scene.chats.get("customer");
    if (!customer) return undefined;
    await customer.flush();
    const gone = customer.items.find((i) => (i.ContentType === EVENT_TYPES.left || i.ContentType === EVENT_TYPES.autoDisconnection) && i.ParticipantId === participantId);
    return gone ? `the customer was told ${gone.ContentType} about agent ${this.name} (a custom participant)` : undefined;
  }
}
