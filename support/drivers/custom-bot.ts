/**
 * A custom bot in a chat, as a bot service plugs one in: CreateParticipant with the role
 * CUSTOM_BOT through the Connect API, then the bot's own connection (Participant API and
 * websocket) with the token it returns. Works on any target.
 */
import assert from "node:assert/strict";
import { CreateParticipantCommand } from "@aws-sdk/client-connect";
import { ChatParticipant } from "./chat-participant.js";
import type { FlowsimWorld } from "../world.js";
import { infrastructure, InfrastructureError } from "../report/errors.js";
import { scenarioState } from "../scenario-state.js";

export class CustomBot {
  private constructor(
    readonly name: string,
    readonly participantId: string,
    readonly chat: ChatParticipant,
  ) {}

  /** Adds the bot to the scenario's current chat and opens its websocket. */
  static async join(world: FlowsimWorld, name: string): Promise<CustomBot> {
    const { target } = world;
    const contactId = world.contactId;
    const res = await infrastructure(`adding the custom bot ${name} to the chat`, () =>
      target.connect.send(
        new CreateParticipantCommand({
          InstanceId: target.instanceId,
          ContactId: contactId,
          ParticipantDetails: { ParticipantRole: "CUSTOM_BOT", DisplayName: name },
        }),
      ),
    ).catch((err: unknown) => {
      // The target answered and said no: the chat refused the bot, which is the product's doing.
      if (err instanceof InfrastructureError) throw err;
      const e = err as { name?: string; message?: string };
      assert.fail(`the custom bot ${name} could not join the chat: CreateParticipant was refused with ${e.name}: ${e.message}`);
    });
    const token = res.ParticipantCredentials?.ParticipantToken;
    if (!token || !res.ParticipantId) throw new InfrastructureError("target-error", `CreateParticipant for the custom bot ${name} returned no participant token or id`);
    const chat = new ChatParticipant(`custom bot ${name}`, contactId, token, target.participant, world.frames, target.patienceMs);
    await chat.connect();
    const bot = new CustomBot(name, res.ParticipantId, chat);
    bots(world).set(name, bot);
    world.chats.set(`custom bot ${name}`, chat);
    return bot;
  }
}

const botsOf = scenarioState(() => new Map<string, CustomBot>());
const bots = (world: FlowsimWorld) => botsOf.of(world);

/** The bot a scenario added by that name. */
export function customBot(world: FlowsimWorld, name: string): CustomBot {
  const bot = bots(world).get(name);
  if (!bot) throw new Error(`no custom bot "${name}" in this scenario (bots: ${[...bots(world).keys()].join(", ") || "none"}); add "When a custom bot \\"${name}\\" joins the chat"`);
  return bot;
}
