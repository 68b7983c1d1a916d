/**
 * A custom bot in a chat, as a bot service plugs one in: a custom participant
 * (custom-participant.ts) the scenario names. Works on any target.
 */
import type { ChatParticipant } from "./chat-participant.js";
import type { FlowsimWorld } from "../world.js";
import { scenarioState } from "../scenario-state.js";
import { addCustomParticipant } from "./custom-participant.js";

export class CustomBot {
  private constructor(
    readonly name: string,
    readonly participantId: string,
    readonly chat: ChatParticipant,
  ) {}

  /** Adds the bot to the scenario's current chat and opens its websocket. */
  static async join(world: FlowsimWorld, name: string): Promise<CustomBot> {
    const { participantId, chat } = await addCustomParticipant(world.target, world.frames, world.contactId, name, `custom bot ${name}`);
    const bot = new CustomBot(name, participantId, chat);
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
