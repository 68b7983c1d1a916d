/**
 * A supervisor: a real user (CreateUser through the Connect API, with the CallCenterManager
 * security profile) who monitors a live chat through the simulator's control plane
 * (`/_flowsim/agents/{user}/contacts/{contactId}/monitor`, `/barge`, `/stop-monitoring`) and
 * follows it as a SUPERVISOR participant over the real Participant API and websocket.
 */
import assert from "node:assert/strict";
import { ListRoutingProfilesCommand } from "@aws-sdk/client-connect";
import { ChatParticipant } from "./chat-participant.js";
import type { ControlPlane } from "./control.js";
import { controlPlaneFor, createUser } from "./users.js";
import type { FlowsimWorld } from "../world.js";
import { InfrastructureError } from "../report/errors.js";
import { scenarioState } from "../scenario-state.js";

export class Supervisor {
  /** The supervisor's side of the chat it monitors, and its participant id there. */
  private monitoring?: { chat: ChatParticipant; participantId: string };

  private constructor(
    private readonly world: FlowsimWorld,
    readonly name: string,
    readonly userId: string,
  ) {}

  private get control(): ControlPlane {
    return controlPlaneFor(this.world.target, `supervisor ${this.name}`);
  }

  /** Creates the user: a manager on the instance's basic routing profile (monitoring routes no contacts to it). */
  static async create(world: FlowsimWorld, name: string): Promise<Supervisor> {
    const { target } = world;
    const routing = await target.connect.send(new ListRoutingProfilesCommand({ InstanceId: target.instanceId }));
    const basic = routing.RoutingProfileSummaryList?.find((p) => p.Name === "Basic Routing Profile") ?? routing.RoutingProfileSummaryList?.[0];
    if (!basic?.Id) throw new InfrastructureError("setup", "the instance has no routing profile for the supervisor");
    const res = await createUser(target, { name, role: "Supervisor", securityProfile: "CallCenterManager", routingProfileId: basic.Id });
    const supervisor = new Supervisor(world, name, res.userId);
    world.remember("supervisor", name, { id: res.userId, arn: res.arn });
    supervisors(world).set(name, supervisor);
    return supervisor;
  }

  get participantId(): string {
    return this.watching().participantId;
  }

  /** The supervisor's view of the chat it monitors. */
  chat(): ChatParticipant {
    return this.watching().chat;
  }

  private watching(): { chat: ChatParticipant; participantId: string } {
    if (!this.monitoring) throw new Error(`supervisor ${this.name} monitors no chat; add "When supervisor \\"${this.name}\\" monitors the chat"`);
    return this.monitoring;
  }

  /** Starts monitoring the chat silently and connects to it with the participant token it gets. */
  async monitor(contactId: string): Promise<void> {
    const res = await this.control.post<{ participantId: string; participantToken: string }>(`/agents/${this.userId}/contacts/${contactId}/monitor`).catch((err: Error) => {
      if (err instanceof InfrastructureError) throw err;
      assert.fail(`supervisor ${this.name} could not monitor the chat: ${err.message}`);
    });
    const label = `supervisor ${this.name}`;
    const chat = new ChatParticipant(label, contactId, res.participantToken, this.world.target.participant, this.world.frames, this.world.target.patienceMs);
    await chat.connect();
    this.monitoring = { chat, participantId: res.participantId };
    this.world.chats.set(label, chat);
  }

  async bargeIn(): Promise<void> {
    await this.control.post(`/agents/${this.userId}/contacts/${this.chat().contactId}/barge`);
  }

  async stopMonitoring(): Promise<void> {
    await this.control.post(`/agents/${this.userId}/contacts/${this.chat().contactId}/stop-monitoring`);
  }
}

const supervisorsOf = scenarioState(() => new Map<string, Supervisor>());
const supervisors = (world: FlowsimWorld) => supervisorsOf.of(world);

/** The supervisor a scenario created by that name. */
export function supervisor(world: FlowsimWorld, name: string): Supervisor {
  const found = supervisors(world).get(name);
  if (!found) throw new Error(`no supervisor "${name}" in this scenario (supervisors: ${[...supervisors(world).keys()].join(", ") || "none"}); add "Given a supervisor \\"${name}\\""`);
  return found;
}
