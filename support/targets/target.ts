/**
 * A target is where the scenario's wire goes: the in-process simulator (`sim`), a running
 * `flowsim serve` (`server`), a simulator container (`container`), or a real Amazon Connect
 * instance (`staging`). Steps and drivers see only this interface.
 */
import type { ConnectClient } from "@aws-sdk/client-connect";
import type { ConnectParticipantClient } from "@aws-sdk/client-connectparticipant";
import type { ControlPlane } from "../drivers/control.js";
import type { Pickle } from "@cucumber/messages";
import type { Capability, ScenarioOffer } from "../capabilities.js";
import type { FlowLogReader } from "../drivers/flow-logs.js";

export type TargetName = "sim" | "server" | "container" | "staging";

/** The one way there is to play a chat's agent without a desktop: a custom participant (CreateParticipant, CUSTOM_BOT). */
export type ChatAgents = "custom-participant";

export interface Target {
  readonly name: TargetName;
  readonly region: string;
  readonly instanceId: string;
  readonly connect: ConnectClient;
  readonly participant: ConnectParticipantClient;
  /** The simulator's control plane; absent on staging (steps that need it declare so, and their scenarios are skipped there). */
  readonly control?: ControlPlane;
  /** The instance's flow logs, where the flow-path steps read a contact's blocks without a control plane (staging with `flowLogs` configured). */
  readonly flowLogs?: FlowLogReader;
  /** What steps may need beyond the public APIs that this target can do (capabilities.ts). */
  readonly offers: ReadonlySet<Capability>;
  /** Who plays the agents of chats where no agent desktop can be driven (staging's `chatAgents`; drivers/agent-stand-in.ts). */
  readonly chatAgents?: ChatAgents;
  /** What it offers this scenario, when that depends on the scenario (staging runs a voice scenario as a test case when it compiles to one); else `offers`. */
  offersFor?(pickle: Pickle): Promise<ScenarioOffer>;
  /** How long to wait for something to arrive over the wire before calling it missing. */
  readonly patienceMs: number;
  /** Moves time: the virtual clock on a simulator, a real wait on staging. */
  advance(ms: number): Promise<void>;
  /** Resolves a name used in features (a flow, queue, template...) to what the target knows it as. */
  resolveName(kind: string, name: string): string;
  /** Facts for the report's environment section (never credentials). */
  describe(): Record<string, string>;
  dispose(): Promise<void>;
}

export const AWS_TEST_CREDENTIALS = { accessKeyId: "flowsim", secretAccessKey: "flowsim" };
