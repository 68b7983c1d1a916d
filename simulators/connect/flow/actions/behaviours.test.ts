import { test } from "node:test";
import assert from "node:assert/strict";
import { harness, flowDoc, said, bySeverity, type ActionInput } from "../../runtime/flow-testing.js";
import { loadFlowDocument } from "../load.js";
import type { FlowType } from "../flow-types.js";
import type { Channel } from "../model.js";

const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
const say = (id: string, text = id): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: "bye" } });
const ERROR_BRANCHES = ["NoMatchingError", "ChannelMismatch", "InFlightRedactionConfigurationFailed"];

function act(type: string, params: Record<string, unknown>, errors: string[] = []): ActionInput {
  return { Identifier: "set", Type: type, Parameters: params, Transitions: { NextAction: "ok", ...(errors.length ? { Errors: errors.map((e) => ({ NextAction: e, ErrorType: e })) } : {}) } };
}

async function run(action: ActionInput, channel: Channel = "VOICE", attributes: Record<string, string> = {}, ok: ActionInput = say("ok")) {
  const h = harness();
  h.publish(flowDoc([action, ok, ...ERROR_BRANCHES.map((e) => say(e)), bye], { type: "contactFlow" }), "f");
  const { contact, session } = await h.start("f", { channel, attributes });
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "set");
  const end = session.trace.find((s) => s.kind === "flow-end");
  return { contact, said: said(session), step: step && step.kind === "action" ? step : undefined, end: end && end.kind === "flow-end" ? end : undefined };
}

function problems(action: ActionInput, type: FlowType = "CONTACT_FLOW") {
  const flow = loadFlowDocument(flowDoc([action, say("ok"), ...ERROR_BRANCHES.map((e) => say(e)), bye]), "b.json", { flowType: type });
  return bySeverity(flow.problems.filter((p) => p.path.startsWith("Actions[0]")));
}

test("Set logging behavior records the setting; it takes no error branch and no dynamic value", async () => {
  const out = await run(act("UpdateFlowLoggingBehavior", { FlowLoggingBehavior: "Enabled" }), "CHAT");
  assert.equal(out.contact.behaviours.flowLogging, "Enabled");
  assert.deepEqual(out.step?.changes, [{ scope: "Behaviours", key: "FlowLogging", from: undefined, to: "Enabled" }]);
  assert.equal(problems(act("UpdateFlowLoggingBehavior", { FlowLoggingBehavior: "Disabled" }), "AGENT_HOLD").errors, "");
  assert.match(problems(act("UpdateFlowLoggingBehavior", { FlowLoggingBehavior: "Enabled" }, ["NoMatchingError"])).errors, /Invalid Action error. Error: NoMatchingError.*can raise no errors/);
  assert.match(problems(act("UpdateFlowLoggingBehavior", { FlowLoggingBehavior: "$.Attributes.log" })).errors, /FlowLoggingBehavior \(must be defined statically/);
  assert.match(problems(act("UpdateFlowLoggingBehavior", { FlowLoggingBehavior: "On" })).errors, /"On" is not one of Enabled, Disabled/);
  assert.match(problems(act("UpdateFlowLoggingBehavior", {})).errors, /missing required property. Path: Actions\[0\].Parameters.FlowLoggingBehavior/);
});

const legacyAnalytics = {
  RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"], ScreenRecordedParticipants: ["Agent"], IVRRecordingBehavior: "Enabled" },
  AnalyticsBehavior: {
    Enabled: "True",
    AnalyticsLanguage: "en-US",
    AnalyticsRedactionBehavior: "Disabled",
    AnalyticsRedactionResults: "None",
    ChannelConfiguration: { Chat: { AnalyticsModes: ["ContactLens"] }, Voice: { AnalyticsModes: ["RealTime"] } },
    SentimentConfiguration: { Enabled: "True" },
  },
};

test("legacy Set recording and analytics behavior records both settings; on a task only the agent's screen, and the flow goes on", async () => {
  const out = await run(act("UpdateContactRecordingBehavior", legacyAnalytics));
  assert.deepEqual(out.said, ["ok"]);
  assert.deepEqual(out.contact.behaviours.recording, legacyAnalytics);
  const task = await run(act("UpdateContactRecordingBehavior", legacyAnalytics), "TASK");
  assert.deepEqual(task.said, ["ok"]);
  assert.deepEqual(task.contact.behaviours.recording, { RecordingBehavior: { ScreenRecordedParticipants: ["Agent"] } });
  const voiceOnly = await run(act("UpdateContactRecordingBehavior", { RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] } }), "TASK");
  assert.deepEqual(voiceOnly.said, ["ok"]);
  assert.equal(voiceOnly.contact.behaviours.recording, undefined, "nothing a task can record was set");
});

test("legacy recording validation: documented shape and export spellings, both sides recorded for analytics", () => {
  assert.equal(problems(act("UpdateContactRecordingBehavior", legacyAnalytics)).errors, "");
  const olderExport = { RecordingBehavior: { RecordedParticipants: ["Agent", "Customer"] }, AnalyticsBehavior: { Enabled: "True", AnalyticsMode: "PostCall", AnalyticsLanguage: "en-AU", AnalyticsRedactionBehavior: "Disabled", AnalyticsRedactionResults: "None" } };
  assert.equal(problems(act("UpdateContactRecordingBehavior", olderExport)).errors, "");
  assert.equal(problems(act("UpdateContactRecordingBehavior", { RecordingBehavior: { RecordedParticipants: [], IVRRecordingBehavior: "Enabled" } }), "OUTBOUND_WHISPER").errors, "");

  const customerOnly = structuredClone(legacyAnalytics);
  customerOnly.RecordingBehavior.RecordedParticipants = ["Customer"];
  assert.match(problems(act("UpdateContactRecordingBehavior", customerOnly)).errors, /Parameters.AnalyticsBehavior \(analytics can only be enabled when RecordedParticipants contains both Agent and Customer\)/);
  const misspelt = structuredClone(legacyAnalytics) as unknown as { AnalyticsBehavior: Record<string, unknown> };
  misspelt.AnalyticsBehavior.AnalyticModes = ["RealTime"];
  assert.match(problems(act("UpdateContactRecordingBehavior", misspelt)).errors, /Invalid Action property name. Path: Actions\[0\].Parameters.AnalyticsBehavior.AnalyticModes/);
  assert.match(problems(act("UpdateContactRecordingBehavior", { RecordingBehavior: { RecordedParticipants: ["Supervisor"] } })).errors, /RecordedParticipants\[0\] \("Supervisor" is not one of Agent, Customer\)/);
  assert.match(problems(act("UpdateContactRecordingBehavior", { ...legacyAnalytics, AnalyticsBehavior: { ...legacyAnalytics.AnalyticsBehavior, AnalyticsRedactionEntities: [] } })).errors, /AnalyticsRedactionEntities \(an empty list is not allowed/);
  assert.match(problems(act("UpdateContactRecordingBehavior", { AnalyticsBehavior: { Enabled: "False" } })).errors, /missing required property. Path: Actions\[0\].Parameters.RecordingBehavior/);
  assert.match(problems(act("UpdateContactRecordingBehavior", legacyAnalytics, ["NoMatchingError"])).errors, /Invalid Action error. Error: NoMatchingError/);
  assert.match(problems(act("UpdateContactRecordingBehavior", legacyAnalytics), "CUSTOMER_WHISPER").errors, /Unsupported block type/);
});

const voiceBehavior = {
  VoiceBehavior: {
    VoiceRecordingBehavior: { RecordedParticipants: ["Agent", "Customer"], IVRRecordingBehavior: "Disabled" },
    VoiceAnalyticsBehavior: { Enabled: "True", AnalyticsLanguage: "en-US", AnalyticsModes: ["RealTime", "AutomatedInteraction"], SummaryConfiguration: { SummaryModes: ["PostContact"] } },
  },
};
const chatBehavior = (language: string, inFlight: boolean) => ({
  ChatBehavior: {
    ChatAnalyticsBehavior: {
      Enabled: "True",
      AnalyticsLanguage: language,
      InFlightChatRedactionConfiguration: { Enabled: inFlight ? "True" : "False", RedactionMaskMode: "EntityType", RedactionEntities: ["CREDIT_DEBIT_NUMBER"] },
      AnalyticsModes: ["ContactLens"],
    },
  },
});

test("Set recording, analytics and processing behavior: a channel's settings apply to that channel only (ChannelMismatch)", async () => {
  const voice = await run(act("UpdateContactRecordingAndAnalyticsBehavior", voiceBehavior, ERROR_BRANCHES));
  assert.deepEqual(voice.said, ["ok"]);
  assert.deepEqual(voice.contact.behaviours.recording, voiceBehavior);
  const mismatch = await run(act("UpdateContactRecordingAndAnalyticsBehavior", voiceBehavior, ERROR_BRANCHES), "CHAT");
  assert.deepEqual(mismatch.said, ["ChannelMismatch"]);
  assert.match(mismatch.step?.detail ?? "", /VoiceBehavior applies to VOICE contacts; this one is CHAT/);
  assert.deepEqual((await run(act("UpdateContactRecordingAndAnalyticsBehavior", chatBehavior("en-US", true), ERROR_BRANCHES), "TASK")).said, ["ChannelMismatch"]);
  const screen = { ScreenRecordingBehavior: { ScreenRecordedParticipants: ["Agent"] } };
  assert.deepEqual((await run(act("UpdateContactRecordingAndAnalyticsBehavior", screen, ERROR_BRANCHES), "TASK")).said, ["ok"]);
  const email = await run(act("UpdateContactRecordingAndAnalyticsBehavior", screen, ERROR_BRANCHES), "EMAIL");
  assert.equal(email.step?.branch, "Error: ChannelMismatch");
  assert.match(email.step?.detail ?? "", /screen recording applies to voice, chat and task contacts; this one is EMAIL/);
});

test("chat analytics resolve a dynamic language; a bad one fails in-flight redaction, or the catch-all without it", async () => {
  const lang = "$.Attributes.lang";
  const ok = await run(act("UpdateContactRecordingAndAnalyticsBehavior", chatBehavior(lang, true), ERROR_BRANCHES), "CHAT", { lang: "es-US" });
  assert.deepEqual(ok.said, ["ok"]);
  const recording = ok.contact.behaviours.recording as ReturnType<typeof chatBehavior>;
  assert.equal(recording.ChatBehavior.ChatAnalyticsBehavior.AnalyticsLanguage, "es-US");
  const redaction = await run(act("UpdateContactRecordingAndAnalyticsBehavior", chatBehavior(lang, true), ERROR_BRANCHES), "CHAT", { lang: "Spanish" });
  assert.deepEqual(redaction.said, ["InFlightRedactionConfigurationFailed"]);
  assert.match(redaction.step?.detail ?? "", /in-flight redaction could not start: chat analytics need an AnalyticsLanguage such as en-US; \$.Attributes.lang gave "Spanish"/);
  assert.deepEqual((await run(act("UpdateContactRecordingAndAnalyticsBehavior", chatBehavior(lang, false), ERROR_BRANCHES), "CHAT")).said, ["NoMatchingError"]);
});

test("recording settings from several blocks add up", async () => {
  const screen = act("UpdateContactRecordingAndAnalyticsBehavior", { ScreenRecordingBehavior: { ScreenRecordedParticipants: ["Agent"] } }, ERROR_BRANCHES);
  const out = await run(act("UpdateContactRecordingBehavior", { RecordingBehavior: { RecordedParticipants: ["Customer"] } }), "VOICE", {}, { ...screen, Identifier: "ok", Transitions: { ...screen.Transitions, NextAction: "bye" } });
  assert.deepEqual(out.contact.behaviours.recording, { RecordingBehavior: { RecordedParticipants: ["Customer"] }, ScreenRecordingBehavior: { ScreenRecordedParticipants: ["Agent"] } });
});

test("Set recording, analytics and processing behavior validation", () => {
  const type = "UpdateContactRecordingAndAnalyticsBehavior";
  assert.equal(problems(act(type, voiceBehavior, ["NoMatchingError", "ChannelMismatch"])).errors, "");
  assert.equal(problems(act(type, chatBehavior("$.Attributes.lang", true), ERROR_BRANCHES)).errors, "");
  assert.match(problems(act(type, chatBehavior("en-US", true), ["NoMatchingError", "ChannelMismatch"])).errors, /missing required error. Error: InFlightRedactionConfigurationFailed.*required when ChatBehavior is set/);
  assert.match(problems(act(type, voiceBehavior, ["NoMatchingError"])).errors, /missing required error. Error: ChannelMismatch/);
  assert.match(problems(act(type, { ...voiceBehavior, ...chatBehavior("en-US", false) }, ERROR_BRANCHES)).errors, /Only one of these properties may be defined. Properties: \[ChatBehavior, VoiceBehavior\]/);
  assert.match(problems(act(type, {}, ERROR_BRANCHES)).errors, /At least one of \[ChatBehavior, VoiceBehavior, ScreenRecordingBehavior\] must be set/);
  const both = structuredClone(voiceBehavior);
  both.VoiceBehavior.VoiceAnalyticsBehavior.AnalyticsModes = ["RealTime", "PostContact"];
  assert.match(problems(act(type, both, ERROR_BRANCHES)).errors, /AnalyticsModes \(choose RealTime or PostContact, not both\)/);
  const agentOnly = structuredClone(voiceBehavior);
  agentOnly.VoiceBehavior.VoiceRecordingBehavior.RecordedParticipants = ["Agent"];
  assert.match(problems(act(type, agentOnly, ERROR_BRANCHES)).errors, /VoiceAnalyticsBehavior \(analytics can only be enabled when RecordedParticipants contains both/);
  const dated = chatBehavior("en-US", true);
  dated.ChatBehavior.ChatAnalyticsBehavior.InFlightChatRedactionConfiguration.RedactionEntities = ["NAME", "DATE_TIME"];
  assert.match(problems(act(type, dated, ERROR_BRANCHES)).errors, /in-flight chat redaction does not support DATE_TIME/);
  assert.match(problems(act(type, { VoiceBehavior: { VoiceAnalyticsBehavior: { AnalyticsLanguage: "$.Attributes.l" } } }, ERROR_BRANCHES)).errors, /VoiceAnalyticsBehavior.AnalyticsLanguage \(must be defined statically/);
});

const streaming = (state: string, directions = ["From", "To"]) => act("UpdateContactMediaStreamingBehavior", { MediaStreamingState: state, MediaStreamType: "Audio", Participants: [{ ParticipantType: "Customer", MediaDirections: directions }] }, ["NoMatchingError"]);

test("Start media streaming exposes $.MediaStreams.Customer.Audio; Stop sets its StopTimestamp; chat takes the Error branch", async () => {
  const h = harness();
  const stop = { ...streaming("Disabled"), Identifier: "stop", Transitions: { NextAction: "after", Errors: [{ NextAction: "NoMatchingError", ErrorType: "NoMatchingError" }] } };
  h.publish(
    flowDoc(
      [
        { ...streaming("Enabled"), Transitions: { NextAction: "during", Errors: [{ NextAction: "NoMatchingError", ErrorType: "NoMatchingError" }] } },
        { Identifier: "during", Type: "MessageParticipant", Parameters: { Text: "arn=$.MediaStreams.Customer.Audio.StreamARN start=$.MediaStreams.Customer.Audio.StartTimestamp" }, Transitions: { NextAction: "stop" } },
        stop,
        say("after", "stopped=$.MediaStreams.Customer.Audio.StopTimestamp"),
        say("NoMatchingError"),
        bye,
      ],
      { type: "contactFlow" },
    ),
    "stream",
  );
  const { contact, session } = await h.start("stream", { channel: "VOICE" });
  const now = h.clock.now();
  await h.advance(10_000);
  // The "during" prompt (two words, a second of speech) plays before the stream stops.
  assert.deepEqual(said(session), [`arn=arn:aws:kinesisvideo:us-east-1:123456789012:stream/connect-contact-${contact.id}/${now} start=${now}`, `stopped=${now + 1_000}`]);
  assert.deepEqual(said((await h.start("stream", { channel: "CHAT" })).session), ["NoMatchingError"]);
});

test("media streaming validation", () => {
  assert.equal(problems(streaming("Enabled")).errors, "");
  assert.match(problems(act("UpdateContactMediaStreamingBehavior", { MediaStreamingState: "Enabled", MediaStreamType: "Video", Participants: [{ ParticipantType: "Agent", MediaDirections: ["From"] }] })).errors, /ParticipantType \("Agent" is not one of Customer\)[\s\S]*MediaStreamType \("Video" is not one of Audio\)/);
  assert.match(problems(act("UpdateContactMediaStreamingBehavior", { MediaStreamingState: "Enabled", MediaStreamType: "Audio", Participants: [] })).errors, /name at least one participant/);
  assert.match(problems(streaming("Enabled", [])).errors, /MediaDirections \(name From, To or both\)/);
  assert.match(problems(streaming("Enabled"), "AGENT_HOLD").errors, /Unsupported block type/);
  assert.match(problems({ ...streaming("Enabled"), Transitions: { NextAction: "ok" } }).warnings, /No NoMatchingError branch/);
});

const processor = (enabled: string, arn?: string) => act("UpdateContactMediaProcessing", { ChatProcessor: { ProcessingEnabled: enabled, ...(arn ? { LambdaProcessorARN: arn } : {}), ChatProcessorSettings: { DeliverUnprocessedMessages: "False" } } }, ["NoMatchingError", "ChannelMismatch"]);

test("chat message processing applies to chat contacts only", async () => {
  const arn = "arn:aws:lambda:us-east-1:123456789012:function:redact";
  const chat = await run(processor("True", arn), "CHAT");
  assert.deepEqual(chat.said, ["ok"]);
  assert.deepEqual(chat.contact.behaviours.mediaProcessing, { ProcessingEnabled: "True", LambdaProcessorARN: arn, ChatProcessorSettings: { DeliverUnprocessedMessages: "False" } });
  assert.deepEqual((await run(processor("True", arn), "VOICE")).said, ["ChannelMismatch"]);
  assert.equal(problems(processor("False")).errors, "");
  assert.match(problems(processor("True")).errors, /missing required property. Path: Actions\[0\].Parameters.ChatProcessor.LambdaProcessorARN \(processing is enabled/);
  assert.match(problems(processor("True", "redact-fn")).warnings, /"redact-fn" is not a Lambda function ARN/);
  assert.match(problems({ ...processor("False"), Transitions: { NextAction: "ok" } }).errors, /missing required error. Error: NoMatchingError/);
  assert.match(problems(act("UpdateContactMediaProcessing", {}, ["NoMatchingError"])).errors, /missing required property. Path: Actions\[0\].Parameters.ChatProcessor/);
});

const voice = (params: Record<string, unknown>) => act("UpdateContactTextToSpeechVoice", params, ["NoMatchingError"]);
const spoken = say("ok", "voice=$.TextToSpeechVoiceId");

test("Set voice changes $.TextToSpeechVoiceId for voice contacts; unknown voices and unsupported engines take the Error branch", async () => {
  const out = await run(voice({ TextToSpeechVoice: "Matthew", TextToSpeechEngine: "Neural", TextToSpeechStyle: "Newscaster" }), "VOICE", {}, spoken);
  assert.deepEqual(out.said, ["voice=Matthew"]);
  assert.equal(out.contact.behaviours.textToSpeechEngine, "neural");
  assert.equal(out.contact.behaviours.textToSpeechStyle, "Newscaster");
  assert.deepEqual(out.step?.changes, [{ scope: "ContactData", key: "TextToSpeechVoiceId", from: "Joanna", to: "Matthew" }]);

  assert.deepEqual((await run(voice({ TextToSpeechVoice: "$.Attributes.v" }), "VOICE", { v: "léa" }, spoken)).said, ["voice=Lea"], "names are matched like Polly VoiceIds");
  const standardAria = await run(voice({ TextToSpeechVoice: "Aria", TextToSpeechEngine: "Standard" }), "VOICE", {}, spoken);
  assert.deepEqual(standardAria.said, ["NoMatchingError"]);
  assert.match(standardAria.step?.detail ?? "", /Aria has no standard voice \(it supports neural\)/);
  const unknown = await run(voice({ TextToSpeechVoice: "Robot" }), "VOICE", {}, spoken);
  assert.match(unknown.step?.detail ?? "", /"Robot" is not an Amazon Polly voice/);
  const engine = await run(voice({ TextToSpeechVoice: "Joanna", TextToSpeechEngine: "Turbo" }), "VOICE", {}, spoken);
  assert.match(engine.step?.detail ?? "", /"Turbo" is not a Polly engine/);
  const style = await run(voice({ TextToSpeechVoice: "Olivia", TextToSpeechEngine: "Neural", TextToSpeechStyle: "Conversational" }), "VOICE", {}, spoken);
  assert.deepEqual(style.said, ["voice=Olivia"]);
  assert.match(style.step?.detail ?? "", /Olivia has no Conversational speaking style/);
});

test("Set voice on chat and tasks takes the Success branch whatever the voice", async () => {
  const chat = await run(voice({ TextToSpeechVoice: "Robot" }), "CHAT", {}, spoken);
  assert.deepEqual(chat.said, ["voice=Robot"]);
  assert.match(chat.step?.detail ?? "", /no effect on CHAT contacts \(and "Robot" is not an Amazon Polly voice\)/);
  assert.deepEqual((await run(voice({ TextToSpeechVoice: "Kazuha", TextToSpeechEngine: "Neural" }), "TASK", {}, spoken)).said, ["voice=Kazuha"]);
});

test("Set voice validation: the voice is required; unknown literals and a missing Error branch are warnings", () => {
  assert.deepEqual(problems(voice({ TextToSpeechVoice: "Joanna", TextToSpeechEngine: "Generative", TextToSpeechStyle: "None" })), { errors: "", warnings: "" });
  const placeholder = problems(act("UpdateContactTextToSpeechVoice", { TextToSpeechVoice: "%TextToSpeechVoice%", TextToSpeechEngine: "Fast", TextToSpeechStyle: "Coversational" }));
  assert.equal(placeholder.errors, "");
  assert.match(placeholder.warnings, /"%TextToSpeechVoice%" is not an Amazon Polly voice/);
  assert.match(placeholder.warnings, /"Fast" is not a Polly engine/);
  assert.match(placeholder.warnings, /"Coversational" is not a speaking style/);
  assert.match(placeholder.warnings, /No NoMatchingError branch/);
  assert.equal(problems(voice({ TextToSpeechVoice: "$.Attributes.voice" })).warnings, "");
  assert.match(problems(voice({ TextToSpeechEngine: "Neural" })).errors, /missing required property. Path: Actions\[0\].Parameters.TextToSpeechVoice/);
  assert.match(problems(voice({ TextToSpeechVoice: "Joanna", LanguageCode: "en-US" })).errors, /Invalid Action property name. Path: Actions\[0\].Parameters.LanguageCode/);
});
