/**
 * An agent in the simulator: a real user (CreateUser through the Connect API) whose
 * workspace actions — status, accept, leave, after-contact work, guides — go through the
 * control plane, and whose chat side is the real Participant API with the agent's token.
 * Where the target has a custom participant play chat agents (staging's `chatAgents`), the
 * agent is a stand-in instead (agent-stand-in.ts): no user, and a chat joined as CUSTOM_BOT.
 */
import assert from "node:assert/strict";
import { ChatParticipant, type Frame } from "./chat-participant.js";
import type { Target } from "../targets/target.js";
import type { ControlPlane } from "./control.js";
import { controlPlaneFor, createUser } from "./users.js";
import { nextOnTheClock, throughPrompts } from "./prompt-time.js";
import { AgentStandIn, type StandInScene } from "./agent-stand-in.js";

export interface AgentContactView {
  contactId: string;
  channel: string;
  state: string;
  contactState?: string;
  name?: string;
  attributes?: Record<string, string>;
  queue?: { id: string; name: string };
  /** While the call is on hold: who is. */
  hold?: { customer: boolean; agent: boolean; since: string };
  /** What flows played to the agent on this contact (the agent hold flow). */
  heard?: { at: string; actionId: string; text?: string; ssml?: string }[];
}

export interface AgentGuideView {
  contactId: string;
  relatedContactId?: string;
  hook?: string;
  waiting: { label: string; actionId: string; viewArn?: string }[];
}

export interface AgentView {
  userId: string;
  username: string;
  status: string;
  contacts: AgentContactView[];
  guides: AgentGuideView[];
}

const POLL_MS = 25;

/**
 * What an agent works with: the target, and the scenario's records of who is in which chat
 * and of every frame received. The World provides them; the driver asks for no more, since
 * the World in turn keeps the agents.
 */
export interface AgentScene extends StandInScene {
  readonly target: Target;
  readonly chats: Map<string, ChatParticipant>;
  readonly frames: Frame[];
}

export class Agent {
  /** The agent's side of each chat they joined, by contact id. */
  readonly chats = new Map<string, ChatParticipant>();

  private constructor(
    private readonly scene: AgentScene,
    readonly name: string,
    readonly userId: string,
    readonly arn: string | undefined,
    /** Set where a custom participant plays the agent: then there is no user (userId is empty) and no desktop. */
    readonly standIn?: AgentStandIn,
  ) {}

  private get control(): ControlPlane {
    return controlPlaneFor(this.scene.target, `agent ${this.name}`);
  }

  /**
   * Creates the user (the agent) with a routing profile, through the Connect API; where a
   * custom participant plays chat agents, a stand-in instead (no user is made: the stand-in
   * needs none, and a user made per scenario would stay on the instance).
   */
  static async create(scene: AgentScene, name: string, routingProfileId: () => string): Promise<Agent> {
    const by = scene.target.chatAgents;
    if (by) return new Agent(scene, name, "", undefined, new AgentStandIn(scene, name, by));
    const { userId, arn } = await createUser(scene.target, { name, role: "Agent", securityProfile: "Agent", routingProfileId: routingProfileId() });
    return new Agent(scene, name, userId, arn);
  }

  view(): Promise<AgentView> {
    return this.control.get<AgentView>(`/agents/${this.userId}`);
  }

  async setStatus(status: string): Promise<AgentView> {
    return this.control.call<AgentView>("PUT", `/agents/${this.userId}/status`, { status });
  }

  /** Waits until the agent has a contact in `state` (and of `channel`); fails with what the agent has instead. */
  async waitForContact(state: string, channel?: string): Promise<AgentContactView> {
    const find = async () => {
      last = await this.view();
      return last.contacts.find((c) => c.state === state && (!channel || c.channel === channel));
    };
    let last: AgentView = await this.view();
    // The caller's greeting before the queue, the whisper before the connection: prompts play out.
    const afterPrompts = await throughPrompts(this.scene, find);
    if (afterPrompts) return afterPrompts;
    const deadline = Date.now() + this.scene.target.patienceMs;
    do {
      const slot = await find();
      if (slot) return slot;
      await new Promise((r) => setTimeout(r, POLL_MS));
    } while (Date.now() < deadline);
    assert.fail(`agent ${this.name} has no ${channel ? channel.toLowerCase() + " " : ""}contact ${state}; status ${last.status}, contacts: ${JSON.stringify(last.contacts.map((c) => ({ channel: c.channel, state: c.state })))}${await nextOnTheClock(this.scene)}`);
  }

  /** Accepts the offered contact; for a chat, joins it over the Participant API and websocket. */
  async accept(channel?: string): Promise<AgentContactView> {
    if (this.standIn) {
      const chat = await this.standIn.accept(channel);
      this.chats.set(chat.contactId, chat);
      this.scene.chats.set(`agent ${this.name}`, chat);
      return { contactId: chat.contactId, channel: "CHAT", state: "connected" };
    }
    const offer = await this.waitForContact("offered", channel);
    await this.control.post(`/agents/${this.userId}/contacts/${offer.contactId}/accept`);
    const connected = await this.waitForContact("connected", offer.channel);
    if (connected.channel === "CHAT") {
      const { participantToken } = await this.control.get<{ participantToken: string }>(`/agents/${this.userId}/contacts/${connected.contactId}/participant`);
      const chat = new ChatParticipant(`agent ${this.name}`, connected.contactId, participantToken, this.scene.target.participant, this.scene.frames, this.scene.target.patienceMs);
      await chat.connect();
      this.chats.set(connected.contactId, chat);
      this.scene.chats.set(`agent ${this.name}`, chat);
    }
    return connected;
  }

  async reject(): Promise<void> {
    const offer = await this.waitForContact("offered");
    await this.control.post(`/agents/${this.userId}/contacts/${offer.contactId}/reject`);
  }

  /** The contact the agent is connected to (the only one, or the one on `channel`). */
  async connectedContact(channel?: string): Promise<AgentContactView> {
    return this.waitForContact("connected", channel);
  }

  chat(): ChatParticipant {
    const chat = [...this.chats.values()].at(-1);
    if (!chat) throw new Error(`agent ${this.name} is not in a chat`);
    return chat;
  }

  /** Disconnects from the connected contact (the one on `channel` when the agent has several). */
  async leave(channel?: string): Promise<void> {
    const contact = await this.connectedContact(channel);
    await this.control.post(`/agents/${this.userId}/contacts/${contact.contactId}/leave`);
  }

  async completeAfterContactWork(channel?: string): Promise<void> {
    const contact = await this.waitForContact("acw", channel);
    await this.control.post(`/agents/${this.userId}/contacts/${contact.contactId}/complete`);
  }

  /** Waits for a step-by-step guide (e.g. the after-contact-work view) to be shown to the agent. */
  async waitForGuide(): Promise<AgentGuideView> {
    const deadline = Date.now() + this.scene.target.patienceMs;
    let last: AgentView;
    do {
      last = await this.view();
      const guide = last.guides.find((g) => g.waiting.length > 0);
      if (guide) return guide;
      await new Promise((r) => setTimeout(r, POLL_MS));
    } while (Date.now() < deadline);
    assert.fail(`no guide is shown to agent ${this.name} (status ${last.status}, contacts ${JSON.stringify(last.contacts.map((c) => c.state))})`);
  }

  async submitGuide(viewResultData: Record<string, unknown>, action = "Submit"): Promise<AgentGuideView> {
    const guide = await this.waitForGuide();
    await this.control.post(`/agents/${this.userId}/guides/${guide.contactId}/submit`, { action, viewResultData });
    return guide;
  }

  async cancelGuide(): Promise<AgentGuideView> {
    const guide = await this.waitForGuide();
    await this.control.post(`/agents/${this.userId}/guides/${guide.contactId}/cancel`);
    return guide;
  }

  /** Puts the connected call on hold (the Hold button). */
  async hold(): Promise<AgentContactView> {
    const call = await this.connectedContact("VOICE");
    await this.control.post(`/agents/${this.userId}/contacts/${call.contactId}/hold`);
    return call;
  }

  /** Takes the connected call off hold. */
  async resume(): Promise<AgentContactView> {
    const call = await this.connectedContact("VOICE");
    await this.control.post(`/agents/${this.userId}/contacts/${call.contactId}/resume`);
    return call;
  }

  /** What flows have played to the agent on the connected call, one line each. */
  async heard(): Promise<string[]> {
    const call = await this.connectedContact("VOICE");
    return (call.heard ?? []).map((p) => p.text ?? p.ssml ?? "");
  }

  async transfer(quickConnect: string, channel?: string): Promise<{ contactId: string; transfer: { state: string; detail?: string } }> {
    const contact = await this.connectedContact(channel);
    return this.control.post(`/agents/${this.userId}/contacts/${contact.contactId}/transfer`, { quickConnect });
  }
}
