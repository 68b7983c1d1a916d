/**
 * The state of one scenario: its target, the people in it (customers, agents, callers),
 * the flows it published, and the evidence the report attaches at the end.
 */
import { World, type IWorldOptions } from "@cucumber/cucumber";
import type { Target, TargetName } from "./targets/target.js";
import type { ChatParticipant, Frame } from "./drivers/chat-participant.js";
import type { Agent } from "./drivers/agent.js";
import type { FlowDocument } from "../simulators/connect/flow/model.js";

export interface FlowsimParameters {
  target?: TargetName;
  /** `server` target: the simulator's URL (else FLOWSIM_URL). */
  serverUrl?: string;
}

export interface PublishedFlow {
  name: string;
  id: string;
  arn: string;
  type: string;
  doc: FlowDocument;
}

export class FlowsimWorld extends World<FlowsimParameters> {
  target!: Target;
  /** Flows this scenario published, by name. */
  readonly flows = new Map<string, PublishedFlow>();
  /** Chat participants by who they are ("customer", "agent Ana"). */
  readonly chats = new Map<string, ChatParticipant>();
  /** Agents by the name features give them. */
  readonly agents = new Map<string, Agent>();
  /** Every websocket frame any participant received, in arrival order. */
  readonly frames: Frame[] = [];
  /** Contacts the scenario is about, by role ("customer chat", "call", "task"...), most recent last. */
  readonly contacts = new Map<string, string>();
  /** The contact "the contact" means in assertions (the last one started). */
  currentContactId?: string;
  /** The target's time when the scenario started (epoch ms): times in the evidence count from it. */
  startedAt?: number;
  /** Resources created in this scenario, by kind then name (queues, agents, templates...). */
  readonly resources = new Map<string, Map<string, { id: string; arn?: string }>>();

  constructor(options: IWorldOptions<FlowsimParameters>) {
    super(options);
  }

  get targetName(): TargetName {
    return (this.parameters.target ?? (process.env.FLOWSIM_TARGET as TargetName | undefined) ?? "sim") as TargetName;
  }

  remember(kind: string, name: string, value: { id: string; arn?: string }): void {
    let byName = this.resources.get(kind);
    if (!byName) this.resources.set(kind, (byName = new Map()));
    byName.set(name, value);
  }

  /** A resource this scenario created, or (on staging) one the config maps. */
  resource(kind: string, name: string): { id: string; arn?: string } {
    const created = this.resources.get(kind)?.get(name);
    if (created) return created;
    return { id: this.target.resolveName(kind, name) };
  }

  chat(who: string): ChatParticipant {
    const chat = this.chats.get(who);
    if (!chat) throw new Error(`no chat for ${who} in this scenario (chats: ${[...this.chats.keys()].join(", ") || "none"})`);
    return chat;
  }

  agent(name: string): Agent {
    const agent = this.agents.get(name);
    if (!agent) throw new Error(`no agent "${name}" in this scenario (agents: ${[...this.agents.keys()].join(", ") || "none"}); add "Given an agent \"${name}\" ..."`);
    return agent;
  }

  /** The target's time: the simulator's clock (virtual in tests), the wall clock elsewhere. */
  async now(): Promise<number> {
    const control = this.target.control;
    if (!control) return Date.now();
    const clock = await control.get<{ nowMs: number }>("/clock");
    return clock.nowMs;
  }

  get contactId(): string {
    if (!this.currentContactId) throw new Error("no contact has been started in this scenario yet");
    return this.currentContactId;
  }
}
