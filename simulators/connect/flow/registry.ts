/**
 * Every action type flowsim knows, gathered from the family files in actions/.
 * A Type missing here is rejected at load time ("Invalid Action type").
 */
import type { ActionDefinition } from "./action.js";
import { definitions as attributes } from "./actions/attributes.js";
import { definitions as behaviours } from "./actions/behaviours.js";
import { definitions as callback } from "./actions/callback.js";
import { definitions as cases } from "./actions/cases.js";
import { definitions as compare } from "./actions/compare.js";
import { definitions as createTask } from "./actions/create-task.js";
import { definitions as distribute } from "./actions/distribute.js";
import { definitions as endings } from "./actions/endings.js";
import { definitions as eventHooks } from "./actions/event-hooks.js";
import { definitions as extras } from "./actions/extras.js";
import { definitions as getParticipantInput } from "./actions/get-participant-input.js";
import { definitions as hold } from "./actions/hold.js";
import { definitions as hours } from "./actions/hours.js";
import { definitions as invokeModule } from "./actions/invoke-module.js";
import { definitions as lambda } from "./actions/lambda.js";
import { definitions as lex } from "./actions/lex.js";
import { definitions as loop } from "./actions/loop.js";
import { definitions as messages } from "./actions/messages.js";
import { definitions as metrics } from "./actions/metrics.js";
import { definitions as outbound } from "./actions/outbound.js";
import { definitions as profiles } from "./actions/profiles.js";
import { definitions as routing } from "./actions/routing.js";
import { definitions as showView } from "./actions/show-view.js";
import { definitions as tags } from "./actions/tags.js";
import { definitions as thirdParty } from "./actions/third-party.js";
import { definitions as transferToFlow } from "./actions/transfer-to-flow.js";
import { definitions as voiceId } from "./actions/voice-id.js";
import { definitions as wait } from "./actions/wait.js";
import { definitions as wisdom } from "./actions/wisdom.js";

export const ALL_DEFINITIONS: readonly ActionDefinition[] = [
  ...attributes,
  ...behaviours,
  ...callback,
  ...cases,
  ...compare,
  ...createTask,
  ...distribute,
  ...endings,
  ...eventHooks,
  ...extras,
  ...getParticipantInput,
  ...hold,
  ...hours,
  ...invokeModule,
  ...lambda,
  ...lex,
  ...loop,
  ...messages,
  ...metrics,
  ...outbound,
  ...profiles,
  ...routing,
  ...showView,
  ...tags,
  ...thirdParty,
  ...transferToFlow,
  ...voiceId,
  ...wait,
  ...wisdom,
];

const byType = new Map<string, ActionDefinition>();
for (const d of ALL_DEFINITIONS) {
  for (const name of [d.type, ...(d.aliases ?? [])]) {
    if (byType.has(name)) throw new Error(`action type ${name} is defined twice`);
    byType.set(name, d);
  }
}

export function definitionFor(type: string): ActionDefinition | undefined {
  return byType.get(type);
}

/** Every accepted Type spelling. */
export function knownTypes(): string[] {
  return [...byType.keys()].sort();
}
