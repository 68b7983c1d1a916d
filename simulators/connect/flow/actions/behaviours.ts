/**
 * Settings a flow turns on for the rest of the contact: flow logging, recording and
 * analytics, media streaming, chat message processing, and the text-to-speech voice.
 * Nothing in the simulator records calls or runs Contact Lens; the settings are kept on
 * `contact.behaviours` (and `$.TextToSpeechVoiceId`, `$.MediaStreams`) for scenarios to
 * assert on, after the checks the service makes.
 */
import { HOLD_FLOWS, type ActionContext, type ActionDefinition, type Outcome, type ParamSpec, type ValidationContext } from "../action.js";
import type { FlowAction } from "../model.js";
import { bool, isObject } from "./util.js";
import { STYLE_VOICES, TTS_STYLES, pollyEngine, pollyVoice, voiceEngines } from "./polly-voices.js";

// ---- shared parameter shapes ---------------------------------------------------------

const REDACTION_ENTITIES = [
  "BANK_ACCOUNT_NUMBER", "BANK_ROUTING", "CREDIT_DEBIT_NUMBER", "CREDIT_DEBIT_CVV", "CREDIT_DEBIT_EXPIRY", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "PIN", "SWIFT_CODE",
  "CA_HEALTH_NUMBER", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "CA_SOCIAL_INSURANCE_NUMBER", "SSN", "UK_NATIONAL_INSURANCE_NUMBER", "PASSPORT_NUMBER", "DRIVER_ID", "IN_AADHAAR",
  "NAME", "AGE", "EMAIL", "PHONE", "ADDRESS", "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER", "IN_PERMANENT_ACCOUNT_NUMBER", "IN_NREGA",
  "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "IP_ADDRESS", "MAC_ADDRESS", "PASSWORD", "URL", "USERNAME", "LICENSE_PLATE", "VEHICLE_IDENTIFICATION_NUMBER", "IN_VOTER_NUMBER",
  "DATE_TIME", "AGENT_DISPLAY_NAME", "CUSTOMER_DISPLAY_NAME", "ATTACHMENT_NAME",
];
const NOT_FOR_IN_FLIGHT_CHAT = ["IN_PERMANENT_ACCOUNT_NUMBER", "IN_NREGA", "IN_VOTER_NUMBER", "IN_AADHAAR", "DATE_TIME", "CUSTOMER_DISPLAY_NAME", "AGENT_DISPLAY_NAME", "ATTACHMENT_NAME"];

const staticEnum = (values: readonly string[]): ParamSpec => ({ dynamism: "static", kind: "enum", enum: values });
const staticList = (values: readonly string[]): ParamSpec => ({ dynamism: "static", kind: "array", items: staticEnum(values) });
const object = (fields: Record<string, ParamSpec>, required = false): ParamSpec => ({ dynamism: "static", kind: "object", fields, required });
const TRUE_FALSE: ParamSpec = { dynamism: "static", kind: "boolean" };
const ENABLED_DISABLED = staticEnum(["Enabled", "Disabled"]);
const PARTICIPANTS = staticList(["Agent", "Customer"]);
const SCREEN_PARTICIPANTS = staticList(["Agent"]);
const ENTITIES = staticList(REDACTION_ENTITIES);
const MASK_MODE = staticEnum(["EntityType", "PII"]);
const REDACTION_RESULTS: ParamSpec = { dynamism: "any", kind: "enum", enum: ["RedactedAndOriginal", "RedactedOnly"] };

/** A parameter object with every reference resolved, for recording what the flow asked for. */
function resolved(ctx: ActionContext, value: unknown): unknown {
  if (typeof value === "string") return ctx.text(value);
  if (Array.isArray(value)) return value.map((v) => resolved(ctx, v));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(ctx, v)]));
  return value;
}

/** Merges settings into `contact.behaviours.recording`, so a later block that sets only screen recording keeps the voice settings. */
function recordRecording(ctx: ActionContext, settings: Record<string, unknown>): void {
  const before = isObject(ctx.contact.behaviours.recording) ? ctx.contact.behaviours.recording : {};
  ctx.contact.behaviours.recording = { ...before, ...settings };
  for (const key of Object.keys(settings)) ctx.changed("Recording", key, before[key] === undefined ? undefined : JSON.stringify(before[key]), JSON.stringify(settings[key]));
}

function at(v: ValidationContext, ...keys: string[]): string {
  return [`${v.path}.Parameters`, ...keys].join(".");
}

function field(root: unknown, ...keys: string[]): unknown {
  let value = root;
  for (const k of keys) value = isObject(value) ? value[k] : undefined;
  return value;
}

/** Analytics of a voice contact need a recording of both sides. */
function checkAnalyticsNeedsBothSides(action: FlowAction, v: ValidationContext, analytics: unknown, participants: unknown, path: string): void {
  if (!isObject(analytics) || !bool(analytics.Enabled)) return;
  const list = Array.isArray(participants) ? participants : [];
  if (!(list.includes("Agent") && list.includes("Customer"))) {
    v.problems.error(path, `Invalid Action property value. Path: ${path} (analytics can only be enabled when RecordedParticipants contains both Agent and Customer)`, action);
  }
}

function checkEntities(action: FlowAction, v: ValidationContext, entities: unknown, path: string, inFlightChat = false): void {
  if (!Array.isArray(entities)) return;
  if (entities.length === 0) v.problems.error(path, `Invalid Action property value. Path: ${path} (an empty list is not allowed; leave it out to redact all PII)`, action);
  if (inFlightChat) {
    const unsupported = entities.filter((e) => NOT_FOR_IN_FLIGHT_CHAT.includes(e));
    if (unsupported.length) v.problems.error(path, `Invalid Action property value. Path: ${path} (in-flight chat redaction does not support ${unsupported.join(", ")})`, action);
  }
}

// ---- Set logging behavior ------------------------------------------------------------

export const updateFlowLoggingBehavior: ActionDefinition = {
  type: "UpdateFlowLoggingBehavior",
  family: "flow-control",
  params: { FlowLoggingBehavior: { ...ENABLED_DISABLED, required: true } },
  // The service rejects a NoMatchingError branch here ("Invalid Action error").
  errors: { allowed: [] },
  async run(ctx) {
    const value = ctx.params.FlowLoggingBehavior as string;
    ctx.changed("Behaviours", "FlowLogging", ctx.contact.behaviours.flowLogging, value);
    ctx.contact.behaviours.flowLogging = value;
    return { kind: "next" };
  },
};

// ---- Set recording and analytics behavior (legacy) -----------------------------------

export const updateContactRecordingBehavior: ActionDefinition = {
  type: "UpdateContactRecordingBehavior",
  family: "contact",
  params: {
    RecordingBehavior: object({ RecordedParticipants: PARTICIPANTS, ScreenRecordedParticipants: SCREEN_PARTICIPANTS, IVRRecordingBehavior: ENABLED_DISABLED }, true),
    AnalyticsBehavior: object({
      Enabled: TRUE_FALSE,
      AnalyticsLanguage: { dynamism: "static" },
      AnalyticsRedactionBehavior: ENABLED_DISABLED,
      // Console exports write "None" when redaction is off; the docs list only the other two.
      AnalyticsRedactionResults: { ...REDACTION_RESULTS, enum: ["RedactedAndOriginal", "RedactedOnly", "None"] },
      AnalyticsRedactionMaskMode: MASK_MODE,
      AnalyticsRedactionEntities: ENTITIES,
      ChannelConfiguration: object({ Chat: object({ AnalyticsModes: staticList(["ContactLens"]) }), Voice: object({ AnalyticsModes: staticList(["RealTime", "PostContact"]) }) }),
      SummaryConfiguration: object({ SummaryModes: staticList(["PostContact"]) }),
      SentimentConfiguration: object({ Enabled: TRUE_FALSE }),
      // Older console exports pick one mode with this undocumented key ("RealTime", "PostCall").
      AnalyticsMode: staticEnum(["RealTime", "PostCall", "PostContact"]),
    }),
  },
  errors: { allowed: [] },
  flowTypes: { CUSTOMER_HOLD: "no", AGENT_HOLD: "no", CUSTOMER_WHISPER: "no", AGENT_WHISPER: "no" },
  // Tasks: the older channel table gives this block the Error branch on tasks, but the
  // action has no error branch at all ("Errors: None"), so that would stop every task flow
  // that sets recording. The current page supports tasks for screen recording, which this
  // block also carries (ScreenRecordedParticipants). So on a task the block records the
  // agent's screen and goes on; what it says about calls and chats does not apply and the
  // trace says so.
  validate(action, v) {
    const p = action.Parameters ?? {};
    checkAnalyticsNeedsBothSides(action, v, p.AnalyticsBehavior, field(p, "RecordingBehavior", "RecordedParticipants"), at(v, "AnalyticsBehavior"));
    checkEntities(action, v, field(p, "AnalyticsBehavior", "AnalyticsRedactionEntities"), at(v, "AnalyticsBehavior", "AnalyticsRedactionEntities"));
  },
  async run(ctx) {
    const recording = resolved(ctx, ctx.params.RecordingBehavior) as Record<string, unknown>;
    if (ctx.contact.channel === "TASK") {
      const screen = recording.ScreenRecordedParticipants;
      ctx.note(`on a task only the agent's screen can be recorded${screen === undefined ? " and none is set: nothing changes" : ""}; call and chat recording and analytics do not apply`);
      if (screen !== undefined) recordRecording(ctx, { RecordingBehavior: { ScreenRecordedParticipants: screen } });
      return { kind: "next" };
    }
    const settings: Record<string, unknown> = { RecordingBehavior: recording };
    if (ctx.params.AnalyticsBehavior !== undefined) settings.AnalyticsBehavior = resolved(ctx, ctx.params.AnalyticsBehavior);
    recordRecording(ctx, settings);
    return { kind: "next" };
  },
};

// ---- Set recording, analytics and processing behavior --------------------------------

const redactionConfig = object({ Enabled: TRUE_FALSE, RedactionResults: REDACTION_RESULTS, RedactionMaskMode: MASK_MODE, RedactionEntities: ENTITIES });
const sentiment = object({ Enabled: TRUE_FALSE });
const summary = object({ SummaryModes: staticList(["PostContact", "AutomatedInteraction"]) });

const CHANNEL_OF: Record<string, string> = { ChatBehavior: "CHAT", VoiceBehavior: "VOICE" };
const LANGUAGE = /^[a-z]{2,3}-[A-Z]{2}$/;

export const updateContactRecordingAndAnalyticsBehavior: ActionDefinition = {
  type: "UpdateContactRecordingAndAnalyticsBehavior",
  family: "contact",
  params: {
    ChatBehavior: object({
      ChatAnalyticsBehavior: object({
        Enabled: TRUE_FALSE,
        AnalyticsLanguage: { dynamism: "any" },
        ConversationalAnalyticsRedactionConfiguration: redactionConfig,
        InFlightChatRedactionConfiguration: object({ Enabled: TRUE_FALSE, RedactionMaskMode: MASK_MODE, RedactionEntities: ENTITIES, DeliverUnprocessedMessages: TRUE_FALSE }),
        AnalyticsModes: staticList(["ContactLens"]),
        SentimentConfiguration: sentiment,
        SummaryConfiguration: summary,
      }),
    }),
    VoiceBehavior: object({
      VoiceRecordingBehavior: object({ RecordedParticipants: PARTICIPANTS, IVRRecordingBehavior: ENABLED_DISABLED }),
      VoiceAnalyticsBehavior: object({
        Enabled: TRUE_FALSE,
        AnalyticsLanguage: { dynamism: "static" },
        ConversationalAnalyticsRedactionConfiguration: redactionConfig,
        AnalyticsModes: staticList(["RealTime", "PostContact", "AutomatedInteraction"]),
        SentimentConfiguration: sentiment,
        SummaryConfiguration: summary,
      }),
    }),
    ScreenRecordingBehavior: object({ ScreenRecordedParticipants: SCREEN_PARTICIPANTS }),
  },
  errors: { allowed: ["NoMatchingError", "ChannelMismatch", "InFlightRedactionConfigurationFailed"], required: ["NoMatchingError", "ChannelMismatch"] },
  validate(action, v) {
    const p = action.Parameters ?? {};
    const set = ["ChatBehavior", "VoiceBehavior", "ScreenRecordingBehavior"].filter((k) => p[k] !== undefined);
    if (set.length === 0) v.problems.error(`${v.path}.Parameters`, "At least one of [ChatBehavior, VoiceBehavior, ScreenRecordingBehavior] must be set", action);
    if (p.ChatBehavior !== undefined && p.VoiceBehavior !== undefined) v.problems.error(`${v.path}.Parameters`, "Only one of these properties may be defined. Properties: [ChatBehavior, VoiceBehavior]", action);
    if (p.ChatBehavior !== undefined && !(action.Transitions?.Errors ?? []).some((e) => e?.ErrorType === "InFlightRedactionConfigurationFailed")) {
      v.problems.error(`${v.path}.Transitions.Errors`, `Action is missing required error. Error: InFlightRedactionConfigurationFailed, Path: ${v.path} (required when ChatBehavior is set)`, action);
    }
    const chat = field(p, "ChatBehavior", "ChatAnalyticsBehavior");
    checkEntities(action, v, field(chat, "ConversationalAnalyticsRedactionConfiguration", "RedactionEntities"), at(v, "ChatBehavior", "ChatAnalyticsBehavior", "ConversationalAnalyticsRedactionConfiguration", "RedactionEntities"));
    checkEntities(action, v, field(chat, "InFlightChatRedactionConfiguration", "RedactionEntities"), at(v, "ChatBehavior", "ChatAnalyticsBehavior", "InFlightChatRedactionConfiguration", "RedactionEntities"), true);
    const voice = field(p, "VoiceBehavior", "VoiceAnalyticsBehavior");
    checkAnalyticsNeedsBothSides(action, v, voice, field(p, "VoiceBehavior", "VoiceRecordingBehavior", "RecordedParticipants"), at(v, "VoiceBehavior", "VoiceAnalyticsBehavior"));
    checkEntities(action, v, field(voice, "ConversationalAnalyticsRedactionConfiguration", "RedactionEntities"), at(v, "VoiceBehavior", "VoiceAnalyticsBehavior", "ConversationalAnalyticsRedactionConfiguration", "RedactionEntities"));
    const modes = field(voice, "AnalyticsModes");
    if (Array.isArray(modes) && modes.includes("RealTime") && modes.includes("PostContact")) {
      v.problems.error(at(v, "VoiceBehavior", "VoiceAnalyticsBehavior", "AnalyticsModes"), `Invalid Action property value. Path: ${at(v, "VoiceBehavior", "VoiceAnalyticsBehavior", "AnalyticsModes")} (choose RealTime or PostContact, not both)`, action);
    }
  },
  async run(ctx): Promise<Outcome> {
    const channel = ctx.contact.channel;
    for (const [key, wanted] of Object.entries(CHANNEL_OF)) {
      if (ctx.params[key] !== undefined && channel !== wanted) return { kind: "error", errorType: "ChannelMismatch", detail: `${key} applies to ${wanted} contacts; this one is ${channel}` };
    }
    if (ctx.params.ScreenRecordingBehavior !== undefined && !["VOICE", "CHAT", "TASK"].includes(channel)) {
      return { kind: "error", errorType: "ChannelMismatch", detail: `screen recording applies to voice, chat and task contacts; this one is ${channel}` };
    }
    const settings = resolved(ctx, ctx.params) as Record<string, unknown>;
    const chat = field(settings, "ChatBehavior", "ChatAnalyticsBehavior");
    if (isObject(chat) && bool(chat.Enabled)) {
      // A dynamic language is only known now; Contact Lens, and with it in-flight redaction, cannot start without a valid one.
      const language = typeof chat.AnalyticsLanguage === "string" ? chat.AnalyticsLanguage : "";
      if (!LANGUAGE.test(language)) {
        const raw = field(ctx.params, "ChatBehavior", "ChatAnalyticsBehavior", "AnalyticsLanguage");
        const why = raw === undefined ? "chat analytics need an AnalyticsLanguage such as en-US" : `chat analytics need an AnalyticsLanguage such as en-US; ${String(raw)} gave ${JSON.stringify(language)}`;
        const inFlight = bool(field(chat, "InFlightChatRedactionConfiguration", "Enabled"));
        return { kind: "error", errorType: inFlight ? "InFlightRedactionConfigurationFailed" : "NoMatchingError", detail: inFlight ? `in-flight redaction could not start: ${why}` : why };
      }
    }
    recordRecording(ctx, settings);
    return { kind: "next" };
  },
};

// ---- Start / Stop media streaming ----------------------------------------------------

export const updateContactMediaStreamingBehavior: ActionDefinition = {
  type: "UpdateContactMediaStreamingBehavior",
  family: "contact",
  params: {
    MediaStreamingState: { ...ENABLED_DISABLED, required: true },
    Participants: {
      dynamism: "static",
      kind: "array",
      required: true,
      items: { dynamism: "static", kind: "object", fields: { ParticipantType: { ...staticEnum(["Customer"]), required: true }, MediaDirections: { ...staticList(["From", "To"]), required: true } } },
    },
    MediaStreamType: { ...staticEnum(["Audio"]), required: true },
  },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  flowTypes: Object.fromEntries(HOLD_FLOWS.map((t) => [t, "no"])),
  channels: { CHAT: "error", TASK: "error", EMAIL: "error" },
  validate(action, v) {
    const participants = action.Parameters?.Participants;
    if (Array.isArray(participants) && participants.length === 0) v.problems.error(at(v, "Participants"), `Invalid Action property value. Path: ${at(v, "Participants")} (name at least one participant to stream)`, action);
    if (Array.isArray(participants)) {
      participants.forEach((p: unknown, i: number) => {
        const directions = field(p, "MediaDirections");
        if (Array.isArray(directions) && directions.length === 0) v.problems.error(at(v, `Participants[${i}]`, "MediaDirections"), `Invalid Action property value. Path: ${at(v, `Participants[${i}]`, "MediaDirections")} (name From, To or both)`, action);
      });
    }
  },
  async run(ctx) {
    const enable = ctx.params.MediaStreamingState === "Enabled";
    const now = ctx.host.clock.now();
    const streams = (isObject(ctx.contact.behaviours.mediaStreams) ? ctx.contact.behaviours.mediaStreams : {}) as Record<string, Record<string, Record<string, string>>>;
    for (const participant of ctx.params.Participants as { ParticipantType: string; MediaDirections: string[] }[]) {
      const kind = ctx.params.MediaStreamType as string;
      const current = streams[participant.ParticipantType]?.[kind];
      if (enable && (!current || current.StopTimestamp !== undefined)) {
        // Where Connect's Kinesis Video stream for the contact would be (`$.MediaStreams.Customer.Audio.*`).
        const streamArn = `arn:aws:kinesisvideo:${ctx.host.instance.region}:${ctx.host.instance.accountId}:stream/connect-contact-${ctx.contact.id}/${now}`;
        streams[participant.ParticipantType] = { ...streams[participant.ParticipantType], [kind]: { StreamARN: streamArn, StartTimestamp: String(now), StartFragmentNumber: String(ctx.host.ids.int(1, 2 ** 31 - 1)) } };
        ctx.changed("MediaStreams", `${participant.ParticipantType}.${kind}`, undefined, `started (${participant.MediaDirections.join(", ")})`);
      } else if (!enable && current && current.StopTimestamp === undefined) {
        current.StopTimestamp = String(now);
        ctx.changed("MediaStreams", `${participant.ParticipantType}.${kind}`, "started", "stopped");
      } else {
        ctx.note(`${participant.ParticipantType} ${kind} streaming is already ${enable ? "on" : "off"}`);
      }
    }
    ctx.contact.behaviours.mediaStreams = streams;
    ctx.contact.behaviours.mediaStreaming = resolved(ctx, ctx.params);
    return { kind: "next" };
  },
};

// ---- chat message processing ---------------------------------------------------------

export const updateContactMediaProcessing: ActionDefinition = {
  type: "UpdateContactMediaProcessing",
  family: "contact",
  params: {
    ChatProcessor: object({ ProcessingEnabled: { ...TRUE_FALSE, required: true }, LambdaProcessorARN: { dynamism: "static" }, ChatProcessorSettings: object({ DeliverUnprocessedMessages: TRUE_FALSE }) }, true),
  },
  errors: { allowed: ["NoMatchingError", "ChannelMismatch"], required: ["NoMatchingError"], recommended: ["ChannelMismatch"] },
  validate(action, v) {
    const processor = action.Parameters?.ChatProcessor;
    if (!isObject(processor) || !bool(processor.ProcessingEnabled)) return;
    const arn = processor.LambdaProcessorARN;
    if (arn === undefined || arn === "") v.problems.error(at(v, "ChatProcessor", "LambdaProcessorARN"), `Action is missing required property. Path: ${at(v, "ChatProcessor", "LambdaProcessorARN")} (processing is enabled, so a Lambda must process the messages)`, action);
    else if (typeof arn === "string" && !/^arn:aws[\w-]*:lambda:/.test(arn)) v.problems.warning(at(v, "ChatProcessor", "LambdaProcessorARN"), `${JSON.stringify(arn)} is not a Lambda function ARN (arn:aws:lambda:region:account-id:function:name)`, action);
  },
  async run(ctx) {
    if (ctx.contact.channel !== "CHAT") return { kind: "error", errorType: "ChannelMismatch", detail: `message processing applies to chat contacts only; this one is ${ctx.contact.channel}` };
    const settings = resolved(ctx, ctx.params.ChatProcessor);
    ctx.changed("Behaviours", "MediaProcessing", ctx.contact.behaviours.mediaProcessing === undefined ? undefined : JSON.stringify(ctx.contact.behaviours.mediaProcessing), JSON.stringify(settings));
    ctx.contact.behaviours.mediaProcessing = settings;
    return { kind: "next" };
  },
};

// ---- Set voice -----------------------------------------------------------------------

export const updateContactTextToSpeechVoice: ActionDefinition = {
  type: "UpdateContactTextToSpeechVoice",
  family: "contact",
  params: {
    TextToSpeechVoice: { dynamism: "any", required: true },
    TextToSpeechEngine: { dynamism: "any" },
    TextToSpeechStyle: { dynamism: "any" },
  },
  // "Must always be defined", but console exports often leave it out.
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  validate(action, v) {
    // Only a warning: exports carry deployment placeholders such as "%TextToSpeechVoice%".
    const p = action.Parameters ?? {};
    const literal = (x: unknown): x is string => typeof x === "string" && !x.includes("$.");
    if (literal(p.TextToSpeechVoice) && !pollyVoice(p.TextToSpeechVoice)) v.problems.warning(at(v, "TextToSpeechVoice"), `${JSON.stringify(p.TextToSpeechVoice)} is not an Amazon Polly voice; voice contacts take the Error branch`, action);
    if (literal(p.TextToSpeechEngine) && !pollyEngine(p.TextToSpeechEngine)) v.problems.warning(at(v, "TextToSpeechEngine"), `${JSON.stringify(p.TextToSpeechEngine)} is not a Polly engine (Standard, Neural, Generative, LongForm)`, action);
    if (literal(p.TextToSpeechStyle) && !(TTS_STYLES as readonly string[]).includes(p.TextToSpeechStyle)) v.problems.warning(at(v, "TextToSpeechStyle"), `${JSON.stringify(p.TextToSpeechStyle)} is not a speaking style (${TTS_STYLES.join(", ")})`, action);
  },
  async run(ctx): Promise<Outcome> {
    const name = ctx.text(ctx.params.TextToSpeechVoice) ?? "";
    const engineName = ctx.params.TextToSpeechEngine === undefined ? undefined : ctx.text(ctx.params.TextToSpeechEngine) ?? "";
    const style = ctx.params.TextToSpeechStyle === undefined ? undefined : ctx.text(ctx.params.TextToSpeechStyle) ?? "";
    const voice = pollyVoice(name);
    const engine = engineName === undefined ? undefined : pollyEngine(engineName);
    const problem = !voice
      ? `${JSON.stringify(name)} is not an Amazon Polly voice`
      : engineName !== undefined && !engine
        ? `${JSON.stringify(engineName)} is not a Polly engine`
        : engine && !voiceEngines(voice).includes(engine)
          ? `${voice} has no ${engine} voice (it supports ${voiceEngines(voice).join(", ")})`
          : undefined;
    // The channel table: "No - Success branch" on chat and tasks, where text to speech never plays.
    if (ctx.contact.channel !== "VOICE") {
      ctx.note(`no effect on ${ctx.contact.channel} contacts${problem ? ` (and ${problem})` : ""}`);
    } else if (problem) {
      return { kind: "error", errorType: "NoMatchingError", detail: problem };
    }
    if (style && style !== "None" && voice && !(STYLE_VOICES[style] ?? []).includes(voice)) ctx.note(`${voice} has no ${style} speaking style; Polly speaks in its normal style`);
    const chosen = voice ?? name;
    ctx.changed("ContactData", "TextToSpeechVoiceId", ctx.contact.textToSpeechVoiceId, chosen);
    ctx.contact.textToSpeechVoiceId = chosen;
    ctx.contact.behaviours.textToSpeechEngine = engine ?? engineName;
    ctx.contact.behaviours.textToSpeechStyle = style;
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [
  updateFlowLoggingBehavior,
  updateContactRecordingBehavior,
  updateContactRecordingAndAnalyticsBehavior,
  updateContactMediaStreamingBehavior,
  updateContactMediaProcessing,
  updateContactTextToSpeechVoice,
];
