/**
 * Set customer queue / hold / whisper / disconnect / event flow: one event hook per
 * block (reference §5.9). The flow is looked up when the block runs and its id stored on
 * the contact; the runtime runs it when the event happens.
 */
import type { ActionDefinition } from "../action.js";
import type { FlowType } from "../flow-types.js";
import { DISPLAY_NAMES, withArticle, aContactOn } from "../flow-types.js";
import { findReferences } from "../jsonpath.js";
import { resourceNames } from "../metadata.js";
import { EVENT_HOOKS, type EventHook } from "../contact.js";
import { bool, isObject } from "./util.js";

const isHook = (key: string): key is EventHook => (EVENT_HOOKS as readonly string[]).includes(key);

const IN: FlowType = "CONTACT_FLOW";
const CQ: FlowType = "CUSTOMER_QUEUE";
const AT: FlowType = "AGENT_TRANSFER";
const QT: FlowType = "QUEUE_TRANSFER";
const OW: FlowType = "OUTBOUND_WHISPER";

/**
 * Where each console block may be used (admin guide pages Set whisper flow, Set customer
 * queue flow, Set hold flow); hooks not listed (disconnect and event flows) go anywhere.
 * The action page allows every hook everywhere, so a mismatch is a warning.
 */
const BLOCK_FLOW_TYPES: Partial<Record<EventHook, readonly FlowType[]>> = {
  AgentWhisper: [IN, CQ, AT, QT],
  CustomerWhisper: [IN, CQ, AT, QT],
  CustomerQueue: [IN, AT, QT],
  AgentHold: [IN, CQ, OW, AT, QT],
  CustomerHold: [IN, CQ, OW, AT, QT],
};

/** The type a hook's flow must have. Pause/resume flows have no documented type. */
const HOOK_FLOW_TYPES: Partial<Record<EventHook, readonly FlowType[]>> = {
  CustomerQueue: [CQ],
  CustomerHold: ["CUSTOMER_HOLD"],
  AgentHold: ["AGENT_HOLD"],
  AgentWhisper: ["AGENT_WHISPER"],
  // "for outbound voice: the whisper to be played to customer"
  CustomerWhisper: ["CUSTOMER_WHISPER", OW],
  CustomerRemaining: [IN],
  DefaultAgentUI: [IN],
  DisconnectAgentUI: [IN],
};

/** "If this block is triggered during a chat conversation, the contact is routed down the Error branch." (Set hold flow) */
const VOICE_ONLY_HOOKS: readonly EventHook[] = ["AgentHold", "CustomerHold"];

export const updateContactEventHooks: ActionDefinition = {
  type: "UpdateContactEventHooks",
  family: "contact",
  params: {
    EventHooks: { dynamism: "static", kind: "map", required: true, values: { dynamism: "single", kind: "string" } },
    // Console-only ("Disable agent/customer whisper"); kept because real exports carry it.
    EventHooksConfiguration: {
      dynamism: "static",
      kind: "map",
      values: { dynamism: "static", kind: "object", fields: { DisableExecution: { dynamism: "static", kind: "boolean", required: true } } },
    },
  },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  validate(action, v) {
    const at = `${v.path}.Parameters.EventHooks`;
    const hooks = action.Parameters.EventHooks;
    if (!isObject(hooks)) return;
    const keys = Object.keys(hooks);
    if (keys.length === 0) v.problems.error(at, `Invalid contact flow format: ${at} is empty; it must set one event hook (the service answers "Invalid request")`, action);
    if (keys.length > 1) v.problems.error(at, `Invalid Action property value. Path: ${at} (only one entry may be present in this map; found ${keys.join(", ")})`, action);
    for (const key of keys) {
      if (findReferences(key).length > 0) v.problems.error(`${at}.${key}`, `Invalid Action property name. Path: ${at}.${key} (event hook keys must be defined statically)`, action);
      else if (!isHook(key)) v.problems.error(`${at}.${key}`, `Invalid Action property name. Path: ${at}.${key} (not an event hook; valid hooks: ${EVENT_HOOKS.join(", ")})`, action);
      if (hooks[key] === "") v.problems.error(`${at}.${key}`, `Action is missing required property. Path: ${at}.${key}`, action);
      const allowed = isHook(key) && !v.isModule ? BLOCK_FLOW_TYPES[key] : undefined;
      if (allowed && !allowed.includes(v.flowType)) {
        v.problems.warning(`${at}.${key}`, `The ${key} hook in ${withArticle(DISPLAY_NAMES[v.flowType])}: the admin guide allows the block that sets it only in ${allowed.map((t) => DISPLAY_NAMES[t]).join(", ")}`, action);
      }
    }
    const config = action.Parameters.EventHooksConfiguration;
    if (!isObject(config)) return;
    const cAt = `${v.path}.Parameters.EventHooksConfiguration`;
    for (const key of Object.keys(config)) {
      if (!isHook(key)) v.problems.error(`${cAt}.${key}`, `Invalid Action property name. Path: ${cAt}.${key} (not an event hook; valid hooks: ${EVENT_HOOKS.join(", ")})`, action);
      else if (!keys.includes(key)) v.problems.warning(`${cAt}.${key}`, `EventHooksConfiguration names ${key} but the block sets ${keys.join(", ") || "no hook"}: the configuration is ignored`, action);
    }
  },
  async run(ctx) {
    const c = ctx.contact;
    const [hook, raw] = Object.entries(ctx.params.EventHooks as Record<string, unknown>)[0] as [EventHook, unknown];
    if (VOICE_ONLY_HOOKS.includes(hook) && c.channel !== "VOICE") return { kind: "error", errorType: "NoMatchingError", detail: `hold flows apply to voice contacts; this is ${aContactOn(c.channel)}` };

    const config = isObject(ctx.params.EventHooksConfiguration) ? ctx.params.EventHooksConfiguration[hook] : undefined;
    if (isObject(config) && bool(config.DisableExecution)) {
      // Disabling needs no flow: the hook stays recorded but the runtime skips it.
      ctx.changed("EventHooks", `${hook}.DisableExecution`, String(c.disabledHooks[hook] ?? false), "true");
      c.disabledHooks[hook] = true;
      return { kind: "next" };
    }

    const ref = ctx.text(raw);
    if (!ref) return { kind: "error", errorType: "NoMatchingError", detail: `the ${hook} flow reference has no value` };
    const flow = ctx.host.findFlow(ref, "flow", resourceNames(ctx.run.flow, ctx.action.Identifier, "EventHooks"));
    if (!flow) return { kind: "error", errorType: "NoMatchingError", detail: `no published flow matches "${ref}" for the ${hook} hook` };
    const expected = HOOK_FLOW_TYPES[hook];
    // A flow whose type was only guessed (no Metadata.type, no declared type) is not held to it.
    if (expected && flow.flowTypeSource !== "inferred" && !expected.includes(flow.flowType)) {
      return { kind: "error", errorType: "NoMatchingError", detail: `flow ${flow.name} (${DISPLAY_NAMES[flow.flowType]}) cannot run for the ${hook} hook, which takes ${withArticle(expected.map((t) => DISPLAY_NAMES[t]).join(" or "))}` };
    }
    ctx.changed("EventHooks", hook, c.eventHooks[hook], flow.id);
    c.eventHooks[hook] = flow.id;
    if (c.disabledHooks[hook]) {
      ctx.changed("EventHooks", `${hook}.DisableExecution`, "true", "false");
      delete c.disabledHooks[hook];
    }
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [updateContactEventHooks];
