/**
 * A custom participant in a chat, as a bot service plugs one in: CreateParticipant with the
 * role CUSTOM_BOT through the Connect API, then its own connection (Participant API and
 * websocket) with the token it returns. Works on any target. The custom bots of the
 * features (custom-bot.ts) and the agents a custom participant stands in for on staging
 * (agent-stand-in.ts) both join this way.
 */
import assert from "node:assert/strict";
import { CreateParticipantCommand } from "@aws-sdk/client-connect";
import { ChatParticipant, type Frame } from "./chat-participant.js";
import type { Target } from "../targets/target.js";
import { infrastructure, InfrastructureError } from "../report/errors.js";

export interface CustomParticipant {
  participantId: string;
  chat: ChatParticipant;
}

/**
 * Adds a CUSTOM_BOT named `displayName` to the chat `contactId` and opens its websocket;
 * `who` names it in messages and in the frames log ("custom bot Helper").
 */
export async function addCustomParticipant(target: Target, frames: Frame[], contactId: string, displayName: string, who: string): Promise<CustomParticipant> {
  const res = await infrastructure(`adding ${who} to the chat`, () =>
    target.connect.send(
      new CreateParticipantCommand({
        InstanceId: target.instanceId,
        ContactId: contactId,
        ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: displayName },
      }),
    ),
  ).catch((err: unknown) => {
    // The target answered and said no: the chat refused the participant, which is the product's doing.
    if (err instanceof InfrastructureError) throw err;
    const e = err as { name?: string; message?: string };
    assert.fail(`${who} could not join the chat: CreateParticipant was refused with ${e.name}: ${e.message}`);
  });
  const token = res.ParticipantCredentials?.ParticipantToken;
  if (!token || !res.ParticipantId) throw new InfrastructureError("target-error", `CreateParticipant for ${who} returned no participant token or id`);
  const chat = new ChatParticipant(who, contactId, token, target.participant, frames, target.patienceMs);
  // Within 15 seconds of CreateParticipant, and marked connected: what the service asks of a custom participant.
  await chat.connect({ connectParticipant: true });
  return { participantId: res.ParticipantId, chat };
}
