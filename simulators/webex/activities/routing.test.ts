import { test } from "node:test";
import assert from "node:assert/strict";
import { dial, pathOf, said, start, tts, end, hangUp, T0, type TestActivity } from "../testing.js";
import { evaluateSchedule, type BusinessHoursSchedule } from "../runtime/business-hours.js";

const queue = (props: Record<string, unknown> = {}, to: Record<string, string> = { default: "Hold" }): TestActivity => ({
  name: "Queue",
  type: "queue-contact",
  props: { queueRadioGroup: "staticQueue", destination: "q-sales", "destination:type": "LONGEST_AVAILABLE_AGENT", "destination:name": "Sales", toggle: false, ...props },
  to,
});
const music: TestActivity = { name: "Hold", type: "play-music", props: { prompt: "hold.wav", audioRadioGroup: "staticAudio", duration: "60" }, to: { default: "Hold" } };

test("Queue Contact leaves on default at once; AgentOffered and AgentAnswered run with their outputs; the agent hanging up runs AgentDisconnected then PhoneContactEnded", async () => {
  const { call, clock } = await dial({
    variables: [{ name: "who" }, { name: "ended" }],
    main: [start("Queue"), queue(), music],
    handlers: { AgentOfferContact: "Offered", AgentContactAssigned: "Pop", "FCAsk(ContactLastAgentRemoved)": "Left", ContactEnded: "Done" },
    events: [
      { name: "Offered", type: "set-variable", props: { srcVariable: "who", srcVariableType: "STRING", setTo: "set-to-literal", expr: "offered to {{ AgentOffered.agentId }}" }, to: { out: "OffEnd" } },
      end("OffEnd"),
      { name: "Pop", type: "screen-pop", props: { screenPopUrl: "https://crm.test/agent/{{ AgentAnswered.AgentID }}", queryParameters: { q: "{{ AgentAccepted.QueueID }}", name: "{{ who }}" }, target: "insideDesktop" }, to: { default: "PopEnd" } },
      end("PopEnd"),
      { name: "Left", type: "set-variable", props: { srcVariable: "ended", srcVariableType: "STRING", setTo: "set-to-literal", expr: "{{ AgentDisconnected.AgentId }} left" }, to: { out: "LeftEnd" } },
      end("LeftEnd"),
      { name: "Done", type: "set-variable", props: { srcVariable: "ended", srcVariableType: "STRING", setTo: "set-to-literal", expr: "{{ ended }}; queue {{ PhoneContactEnded.QueueID }}" }, to: { out: "DoneEnd" } },
      end("DoneEnd"),
    ],
  });
  assert.equal(call.status, "queued");
  assert.deepEqual(call.queue, { activity: "Queue", at: T0, queueId: "q-sales", queueName: "Sales", routing: "LONGEST_AVAILABLE_AGENT", priority: undefined });
  assert.deepEqual(said(call), ["hold.wav"]);
  await assert.rejects(call.agentHangsUp(), /no agent is on the call/);
  await call.advance(90_000);
  assert.equal(call.prompts.length, 2);
  await call.agentAnswers("agent-9");
  assert.equal(call.variables.who, "offered to agent-9");
  assert.equal(call.screenPops[0].url, "https://crm.test/agent/agent-9?q=q-sales&name=offered%20to%20agent-9");
  await clock.advance(60_000);
  await call.agentHangsUp();
  const summary = await call.ended;
  assert.equal(summary.reason, "agent hung up");
  assert.equal(call.variables.ended, "agent-9 left; queue q-sales");
  await assert.rejects(call.agentAnswers("late"), /not waiting in a queue/);
});

test("Queue Contact: a queue the responder refuses takes failure with FailureCode; a variable queue and priority are read from variables", async () => {
  const refused = await dial({ main: [start("Queue"), queue({}, { default: "Hold", failure: "Sorry" }), music, tts("Sorry", "queue {{ Queue.FailureCode }} {{ Queue.FailureDescription }}", { default: "Bye" }), hangUp()] }, { responders: { queue: () => ({ failureCode: 4, description: "INVALID_QUEUE" }) } });
  await refused.call.runUntilIdle();
  assert.deepEqual(said(refused.call), ["queue 4 INVALID_QUEUE"]);
  assert.equal(refused.call.queue, undefined);

  const byVariable = await dial({
    variables: [{ name: "target", value: "q-vip" }, { name: "prio", type: "INTEGER", value: "12" }],
    main: [start("Queue"), queue({ queueRadioGroup: "variableQueue", destination: null, destinationVariable: "target", toggle: true, priorityRadioGroup: "variablePriority", priorityVariable: "prio" }), music],
  });
  assert.deepEqual([byVariable.call.queue?.queueId, byVariable.call.queue?.priority], ["q-vip", 10], "a priority outside 1–9 becomes the lowest (10)");
});

test("Get Queue Info: the default answer has no wait estimate (insufficientdata); a responder can give one", async () => {
  const flow = {
    main: [
      start("Queue"),
      queue({}, { default: "Info" }),
      { name: "Info", type: "queue-lookup", props: { destination: "q-sales", "destination:radioName": "queueId", ewtLookbackMinutes: "5" }, to: { default: "Wait", insufficientdata: "Unknown" } },
      tts("Wait", "position {{ Info.PIQ }}, about {{ Info.EWT / 60000 }} minutes", { default: "Bye" }),
      tts("Unknown", "position {{ Info.PositionInQueue }}, wait unknown", { default: "Bye" }),
      hangUp(),
    ],
  };
  const plain = await dial(flow);
  await plain.call.runUntilIdle();
  assert.deepEqual(said(plain.call), ["position 1, wait unknown"]);
  const known = await dial(flow, { responders: { queueInfo: () => ({ positionInQueue: 3, estimatedWaitMs: 120_000, callsQueuedNow: 5, oldestCallSeconds: 30, loggedOnAgents: 2, availableAgents: 0 }) } });
  await known.call.runUntilIdle();
  assert.deepEqual(said(known.call), ["position 3, about 2 minutes"]);
});

const SCHEDULE: BusinessHoursSchedule = {
  timeZone: "America/New_York",
  workingHours: [
    { name: "OpenHours", days: ["MON", "TUE", "WED", "THU", "FRI"], start: "08:00", end: "17:00" },
    { name: "NightShift", days: ["FRI"], start: "22:00", end: "06:00" },
  ],
  holidays: [{ name: "NewYear", date: "2026-01-01" }],
  overrides: [{ name: "Storm", from: "2026-01-06T12:00", to: "2026-01-06T14:00" }],
};

test("business-hours schedules: override beats holiday beats shift; shifts can cross midnight; times are in the schedule's zone", () => {
  const at = (iso: string) => evaluateSchedule(SCHEDULE, Date.parse(iso));
  assert.deepEqual(at("2026-01-05T14:00:00Z"), { port: "workingHours", shiftName: "OpenHours" }, "09:00 in New York on a Monday");
  assert.deepEqual(at("2026-01-05T12:59:00Z"), { port: "default" }, "07:59 in New York");
  assert.deepEqual(at("2026-01-01T15:00:00Z"), { port: "holidays", holidayName: "NewYear" });
  assert.deepEqual(at("2026-01-06T17:30:00Z"), { port: "override", overrideName: "Storm" });
  assert.deepEqual(at("2026-01-10T08:00:00Z"), { port: "workingHours", shiftName: "NightShift" }, "03:00 Saturday belongs to Friday's night shift");
});

test("Business Hours activity: routes by the schedule on the simulator clock and sets its outputs; an unknown schedule is an error", async () => {
  const flow = {
    main: [
      start("Hours"),
      { name: "Hours", type: "business-hours", props: { businessHoursId: "bh-1", businessHoursRadioGroup: "staticBusinessHours" }, to: { workingHours: "Open", holidays: "Closed", override: "Closed", default: "Closed", error: "Broken" } },
      tts("Open", "open: {{ Hours.WorkingHoursShift_Name }}", { default: "Bye" }),
      tts("Closed", "closed", { default: "Bye" }),
      tts("Broken", "no schedule", { default: "Bye" }),
      hangUp(),
    ],
  };
  const open = await dial(flow, { businessHours: { "bh-1": SCHEDULE } });
  assert.deepEqual(said(open.call), ["open: OpenHours"]);
  const missing = await dial(flow);
  assert.deepEqual(said(missing.call), ["no schedule"]);
});

test("transfers: blind transfer ends the call (PhoneContactEnded runs); a bridged transfer that nobody answers fails after its timeout; one that connects lets the flow go", async () => {
  const blind = await dial({ main: [start("T"), { name: "T", type: "blind-transfer", props: { transfertodn: "{{ NewPhoneContact.DNIS }}1" } }], handlers: { ContactEnded: "E" }, events: [end("E")] });
  const summary = await blind.call.ended;
  assert.equal(summary.reason, "transferred to +180055501991 by T");
  assert.deepEqual(blind.call.transfers.map((t) => [t.kind, t.destination, t.outcome]), [["blind", "+180055501991", "transferred"]]);
  assert.ok(blind.call.trace.some((s) => s.kind === "event" && s.event === "ContactEnded" && s.handled));

  const bridgedFlow = { main: [start("B"), { name: "B", type: "bridged-transfer", props: { transfertodn: "+15550001111", timeout: 10 }, to: { failure: "Sorry" } }, tts("Sorry", "nobody answered", { default: "Bye" }), hangUp()] };
  const noAnswer = await dial(bridgedFlow, { responders: { bridgedTransfer: () => ({ answered: false, reason: "no answer" }) } });
  await noAnswer.call.advance(9_999);
  assert.deepEqual(said(noAnswer.call), []);
  await noAnswer.call.advance(1);
  assert.deepEqual(said(noAnswer.call), ["nobody answered"]);

  const answered = await dial(bridgedFlow);
  assert.equal(answered.call.status, "bridged");
  await answered.call.hangUp();
  assert.equal((await answered.call.ended).reason, "caller hung up");
});

test("Go To hands the call to another flow: this flow's event handlers no longer run", async () => {
  const { call } = await dial({ main: [start("Go"), { name: "Go", type: "hand-off", props: { handOffFlow: "flow-billing" } }], handlers: { ContactEnded: "E" }, events: [end("E")] });
  const summary = await call.ended;
  assert.deepEqual([summary.status, summary.reason], ["handed-off", "handed off to flow-billing"]);
  assert.ok(!call.trace.some((s) => s.kind === "event"));
});

test("Virtual Agent: the responder's outcome picks the port and MetaData feeds a Parse; without a responder the error port is taken", async () => {
  const flow = {
    variables: [{ name: "reason" }, { name: "name", value: "Ana" }],
    main: [
      start("Bot"),
      { name: "Bot", type: "ivr-virtualassistant", props: { connector: "df-1", botParameters: { name: "{{ name }}", option: "1" } }, to: { ESCALATE: "Read", ENDED: "Bye", error: "Fallback" } },
      { name: "Read", type: "parse-activity", props: { inputVariable: "Bot.MetaData", contentType: "JSON", outputVariableArray: [{ outputVariable: "reason", jsonPathExp: '$["live-agent"].reason' }] }, to: { default: "Say" } },
      tts("Say", "escalated: {{ reason }}", { default: "Bye" }),
      tts("Fallback", "bot unavailable", { default: "Bye" }),
      hangUp(),
    ],
  };
  const seen: unknown[] = [];
  const bot = await dial(flow, {
    responders: {
      virtualAgent: (r) => {
        seen.push(r.parameters);
        return { outcome: "ESCALATE", said: ["How can I help?"], durationMs: 20_000, metaData: { "live-agent": { reason: "billing" } } };
      },
    },
  });
  await bot.call.runUntilIdle();
  assert.deepEqual(seen, [{ name: "Ana", option: "1" }]);
  assert.deepEqual(said(bot.call), ["How can I help?", "escalated: billing"]);
  assert.equal(bot.call.prompts[1].at - T0, 21_600, "4 words of bot speech (1.6 s) plus 20 s of conversation");
  const none = await dial(flow);
  await none.call.runUntilIdle();
  assert.deepEqual(said(none.call), ["bot unavailable"]);
  assert.deepEqual(pathOf(none.call)[1], "Bot → error (error)");
});

test("Start Media Stream is recorded; a failure takes the failure port", async () => {
  const flow = { main: [start("Queue"), queue({}, { default: "Stream" }), { name: "Stream", type: "start-media-stream", props: {}, to: { default: "Hold", failure: "Hold" } }, music] };
  const ok = await dial(flow);
  assert.deepEqual(ok.call.mediaStreams.map((m) => m.activity), ["Stream"]);
  const failed = await dial(flow, { responders: { mediaStream: () => ({ failureCode: 1, description: "no destination" }) } });
  assert.deepEqual(failed.call.mediaStreams, []);
  assert.deepEqual(pathOf(failed.call)[2], "Stream → failure (error)");
});
