/**
 * UpdateParticipantRoleConfig (`PUT /contact/participant-role-config/{InstanceId}/{ContactId}`):
 * the request is checked in the service's words (both unions hold exactly one member, the
 * enums, 1-6 timers of 2-480 minutes), then the runtime's chat timers store the settings.
 *
 * Decisions: a contact that is not a chat is not found (the operation configures chats only);
 * an ended chat is an InvalidRequestException (the configuration lasts "for the duration of
 * the chat"); repeating a role and timer type is an InvalidRequestException ("Duplicate
 * entries error out the request with a 400").
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { requireInstance } from "./common.js";
import { ChatError } from "../../runtime/chat.js";
import { MAX_TIMER_MINUTES, MIN_TIMER_MINUTES, TIMER_ROLES, TIMER_TYPES, type TimerRole, type TimerSetting, type TimerType } from "../../runtime/chat-timers.js";

const CHANNELS = ["Chat"];
const TIMER_VALUE_MEMBERS = ["ParticipantTimerAction", "ParticipantTimerDurationInMinutes"];
const TIMER_ACTIONS = ["Unset"];
/** ChatParticipantRoleConfig: "Minimum number of 1 item. Maximum number of 6 items." */
const MAX_TIMERS = 6;
const LIST = "ChannelConfiguration.Chat.ParticipantTimerConfigList";

function camel(path: string): string {
  return path
    .split(".")
    .map((p) => p.charAt(0).toLowerCase() + p.slice(1))
    .join(".");
}

function isStructure(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Members of a union that are set (the SDK leaves unset members out; null counts as unset). */
function setMembers(v: Record<string, unknown>): string[] {
  return Object.keys(v).filter((k) => v[k] !== undefined && v[k] !== null);
}

/** A union must carry exactly one of its members. */
function checkUnion(shape: Shape, path: string, value: Record<string, unknown>, members: string[]): string | undefined {
  const set = setMembers(value);
  const unknown = set.filter((m) => !members.includes(m));
  if (unknown.length) {
    shape.violation(`Value at '${camel(path)}' failed to satisfy constraint: unknown member(s) ${unknown.join(", ")}; the union has ${members.join(", ")}`);
    return undefined;
  }
  if (set.length !== 1) {
    shape.violation(`Value at '${camel(path)}' failed to satisfy constraint: exactly one of ${members.join(", ")} must be set (got ${set.length})`);
    return undefined;
  }
  return set[0];
}

/** One ParticipantTimerConfiguration, or undefined when it has violations (recorded on the shape). */
function readTimer(shape: Shape, entry: unknown, index: number): TimerSetting | undefined {
  const at = `${camel(LIST)}.${index + 1}.member`;
  if (!isStructure(entry)) {
    shape.violation(`Value at '${at}' failed to satisfy constraint: Member must be a structure`);
    return undefined;
  }
  let ok = true;
  const enumMember = (name: string, allowed: readonly string[]): string | undefined => {
    const v = entry[name];
    const path = `${at}.${camel(name)}`;
    if (v === undefined || v === null) shape.violation(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    else if (typeof v !== "string") shape.violation(`Value at '${path}' failed to satisfy constraint: Member must be a string`);
    else if (!allowed.includes(v)) shape.violation(`Value '${v}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(", ")}]`);
    else return v;
    ok = false;
    return undefined;
  };
  const role = enumMember("ParticipantRole", TIMER_ROLES) as TimerRole | undefined;
  const type = enumMember("TimerType", TIMER_TYPES) as TimerType | undefined;
  const value = entry.TimerValue;
  const valuePath = `${at}.timerValue`;
  let minutes: TimerSetting["minutes"] | undefined;
  if (value === undefined || value === null) {
    shape.violation(`Value null at '${valuePath}' failed to satisfy constraint: Member must not be null`);
  } else if (!isStructure(value)) {
    shape.violation(`Value at '${valuePath}' failed to satisfy constraint: Member must be a structure`);
  } else {
    const member = checkUnion(shape, `${LIST}.${index + 1}.member.TimerValue`, value, TIMER_VALUE_MEMBERS);
    const v = member ? value[member] : undefined;
    if (member === "ParticipantTimerAction") {
      if (typeof v === "string" && TIMER_ACTIONS.includes(v)) minutes = "unset";
      else shape.violation(`Value ${typeof v === "string" ? `'${v}' ` : ""}at '${valuePath}.participantTimerAction' failed to satisfy constraint: Member must satisfy enum value set: [${TIMER_ACTIONS.join(", ")}]`);
    } else if (member === "ParticipantTimerDurationInMinutes") {
      const path = `${valuePath}.participantTimerDurationInMinutes`;
      if (typeof v !== "number" || !Number.isInteger(v)) shape.violation(`Value at '${path}' failed to satisfy constraint: Member must be an integer`);
      else if (v < MIN_TIMER_MINUTES) shape.violation(`Value '${v}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_TIMER_MINUTES}`);
      else if (v > MAX_TIMER_MINUTES) shape.violation(`Value '${v}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${MAX_TIMER_MINUTES}`);
      else minutes = v;
    }
  }
  if (!ok || !role || !type || minutes === undefined) return undefined;
  return { role, type, minutes };
}

export function participantRoleConfigRoutes(api: ApiContext): Route[] {
  const runtime = api.runtime;
  return [
    {
      method: "PUT",
      pattern: "/contact/participant-role-config/{InstanceId}/{ContactId}",
      operation: "UpdateParticipantRoleConfig",
      handler: (req) => {
        const { InstanceId: instanceId, ContactId: contactId } = req.labels;
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        if (contactId.length > 256) shape.violation(`Value '${contactId.slice(0, 40)}…' at 'contactId' failed to satisfy constraint: Member must have length less than or equal to 256`);
        if (instanceId.length > 100) shape.violation(`Value '${instanceId.slice(0, 40)}…' at 'instanceId' failed to satisfy constraint: Member must have length less than or equal to 100`);
        const channel = shape.object("ChannelConfiguration", { required: true });
        const settings: TimerSetting[] = [];
        if (channel && checkUnion(shape, "ChannelConfiguration", channel, CHANNELS) === "Chat") {
          shape.object("ChannelConfiguration.Chat");
          const list = isStructure(channel.Chat) ? shape.array(LIST, { required: true, min: 1, max: MAX_TIMERS }) : undefined;
          list?.forEach((entry, i) => {
            const setting = readTimer(shape, entry, i);
            if (setting) settings.push(setting);
          });
        }
        shape.check();
        requireInstance(api, instanceId);
        try {
          runtime.chatTimers.configure(contactId, settings);
        } catch (err) {
          if (!(err instanceof ChatError)) throw err;
          throw err.kind === "not-found" ? connectErrors.resourceNotFound(err.message) : connectErrors.invalidRequest(err.message);
        }
        return { body: {} };
      },
    },
  ];
}
