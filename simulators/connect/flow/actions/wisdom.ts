/**
 * Connect assistant / Amazon Q in Connect (CreateWisdomSession, reference §2.3): starts an
 * assistant session for a voice contact and exposes it as `$.Wisdom.SessionArn`.
 *
 * The session ARN follows the Wisdom pattern `arn:aws:wisdom:<region>:<account>:session/
 * <assistant id>/<session id>`, derived from the assistant ARN (or from a bare assistant
 * id, in the instance's region and account). Anything else cannot name an assistant and
 * takes the Error branch.
 */
import type { ActionDefinition } from "../action.js";

const ASSISTANT_ARN = /^arn:(aws[a-z-]*):(wisdom|qconnect):([a-z0-9-]+):(\d{12}):assistant\/([0-9a-f-]{36})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session ARN for a new session of an assistant, or undefined when `ref` names none. */
export function sessionArnFor(ref: string, sessionId: string, instance: { region: string; accountId: string }): string | undefined {
  const arn = ASSISTANT_ARN.exec(ref.trim());
  if (arn) return `arn:${arn[1]}:${arn[2]}:${arn[3]}:${arn[4]}:session/${arn[5]}/${sessionId}`;
  if (UUID.test(ref.trim())) return `arn:aws:wisdom:${instance.region}:${instance.accountId}:session/${ref.trim()}/${sessionId}`;
  return undefined;
}

export const createWisdomSession: ActionDefinition = {
  type: "CreateWisdomSession",
  family: "contact",
  params: { WisdomAssistantArn: { dynamism: "any", required: true } },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  // "This action is only supported on the voice channel."
  channels: { CHAT: "error", TASK: "error", EMAIL: "error" },
  async run(ctx) {
    const ref = ctx.text(ctx.params.WisdomAssistantArn);
    if (!ref) return { kind: "error", errorType: "NoMatchingError", detail: `WisdomAssistantArn ${String(ctx.params.WisdomAssistantArn)} has no value` };
    const sessionArn = sessionArnFor(ref, ctx.host.ids.uuid(), ctx.host.instance);
    if (!sessionArn) return { kind: "error", errorType: "NoMatchingError", detail: `${JSON.stringify(ref)} is not an assistant ARN (arn:aws:wisdom:<region>:<account>:assistant/<id>) or assistant id` };
    ctx.changed("Wisdom", "SessionArn", ctx.contact.wisdomSessionArn, sessionArn);
    ctx.contact.wisdomSessionArn = sessionArn;
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [createWisdomSession];
