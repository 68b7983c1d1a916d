/**
 * Chat timeouts (UpdateParticipantRoleConfig) for the scenario's chat. The API needs a live
 * chat, but a scenario reads better when it states the timeouts first: timeouts set before
 * the chat starts are kept and sent right after StartChatContact, before anyone connects.
 */
import assert from "node:assert/strict";
import { UpdateParticipantRoleConfigCommand, type ParticipantTimerConfiguration } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../world.js";
import { asInfrastructureError } from "../report/errors.js";
import { scenarioState } from "../scenario-state.js";

export interface TimeoutRefusal {
  name: string;
  message: string;
  status?: number;
}

export const describeTimeoutRefusal = (r: TimeoutRefusal) => `${r.name} (HTTP ${r.status ?? "?"}): ${r.message}`;

const pending = scenarioState((): ParticipantTimerConfiguration[] => []);

/** Sends UpdateParticipantRoleConfig for the scenario's chat; a refusal by the service is returned, not thrown. */
export async function updateTimers(world: FlowsimWorld, timers: ParticipantTimerConfiguration[]): Promise<TimeoutRefusal | undefined> {
  try {
    await world.target.connect.send(
      new UpdateParticipantRoleConfigCommand({
        InstanceId: world.target.instanceId,
        ContactId: world.contactId,
        ChannelConfiguration: { Chat: { ParticipantTimerConfigList: timers } },
      }),
    );
    return undefined;
  } catch (err) {
    const infrastructure = asInfrastructureError(err, "setting the chat timeouts (UpdateParticipantRoleConfig)");
    if (infrastructure) throw infrastructure;
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    // Only an answer from the service is a refusal; anything else is the harness failing.
    if (!e.$metadata) throw err;
    return { name: e.name ?? "Error", message: e.message ?? "", status: e.$metadata.httpStatusCode };
  }
}

/** Sets the timeouts now, or keeps them for the chat about to start when there is none yet. */
export async function setTimeouts(world: FlowsimWorld, timers: ParticipantTimerConfiguration[]): Promise<void> {
  if (!world.currentContactId) {
    pending.of(world).push(...timers);
    return;
  }
  const refusal = await updateTimers(world, timers);
  if (refusal) assert.fail(`UpdateParticipantRoleConfig refused the chat timeouts: ${describeTimeoutRefusal(refusal)}`);
}

/** Called once a chat has started: the timeouts the scenario set before it, sent now. */
export async function applyPendingTimeouts(world: FlowsimWorld): Promise<void> {
  const timers = pending.peek(world)?.splice(0) ?? [];
  if (timers.length === 0) return;
  const refusal = await updateTimers(world, timers);
  if (refusal) assert.fail(`UpdateParticipantRoleConfig refused the chat timeouts set before the chat started: ${describeTimeoutRefusal(refusal)}`);
}
