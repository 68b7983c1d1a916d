/**
 * What staging offers one scenario. A real instance has no simulated caller, but it runs
 * Connect's own test cases: a voice scenario whose caller steps all compile to one
 * (support/testcases/compile.ts) runs them as that test case, and its Lambda, hours and
 * full-queue givens become the test case's overrides. So for such a scenario the steps the
 * test case stands for need nothing more, while every other step (agents, tasks,
 * attributes) keeps its own needs. A voice scenario that does not compile is held back by
 * its caller steps, and the reason is the compiler's: the step no test case can express.
 *
 * Chat likewise: a chat scenario whose givens program answers (Lambda, Lex, hours, a full
 * queue) can run on staging only as a CHAT test case (support/testcases/compile-chat.ts);
 * a chat scenario without such givens runs as a real chat, as before. A Lex mock names the
 * bot's alias, which no given names: it is read from the entry flow's Lex blocks
 * (DescribeContactFlow), and a queue's hours from the queue (DescribeQueue).
 */
import type { Pickle } from "@cucumber/messages";
import { DescribeContactFlowCommand, DescribeHoursOfOperationCommand, DescribeQueueCommand, type ConnectClient } from "@aws-sdk/client-connect";
import type { Capability, ScenarioOffer } from "../capabilities.js";
import { compileScenario, isVoiceScenario, queuesWithHoursGivens, UncompilableStep, type CompileOptions } from "../testcases/compile.js";
import { chatFlowsOf, compileChatScenario, isChatWithProgrammedAnswers } from "../testcases/compile-chat.js";
import { lexAliasesIn } from "../testcases/lex-aliases.js";

/**
 * Hours of operation a staging config may name so that hours givens substitute them (the
 * form the live service is reported to require) rather than mock the check.
 */
export const SUBSTITUTE_HOURS = { open: "Always open", closed: "Never open" } as const;

/** The capabilities a test case stands in for: the caller, and the answers of systems outside Connect. */
const IN_A_TEST_CASE: readonly Capability[] = ["voice caller", "programmed answers"];
/** The capabilities a chat test case stands in for: the customer needs none, the answers do. */
const IN_A_CHAT_TEST_CASE: readonly Capability[] = ["programmed answers"];

/**
 * `offers`: what staging offers every scenario. `options` resolve names to the instance's
 * (a name the config lacks throws, naming it); without them (the readiness count) names
 * stay as written, which decides compiling just the same.
 */
export function stagingOffer(pickle: Pickle, offers: ReadonlySet<Capability>, options: CompileOptions = {}): ScenarioOffer {
  if (isVoiceScenario(pickle)) return offerOf(offers, IN_A_TEST_CASE, "a caller on staging is a Connect test case", () => compileScenario(pickle, options));
  if (isChatWithProgrammedAnswers(pickle)) return offerOf(offers, IN_A_CHAT_TEST_CASE, "a chat with programmed answers on staging is a Connect test case", () => compileChatScenario(pickle, options));
  return { offers };
}

function offerOf(offers: ReadonlySet<Capability>, covers: readonly Capability[], what: string, compile: () => ScenarioOffer["testCase"]): ScenarioOffer {
  try {
    return { offers, testCase: compile() };
  } catch (err) {
    if (!(err instanceof UncompilableStep)) throw err;
    const reason = `${what}, and this scenario's steps do not compile to one: ${err.message}`;
    return { offers, reasons: Object.fromEntries(covers.map((c) => [c, reason])) };
  }
}

export interface StagingInstance {
  connect: ConnectClient;
  instanceId: string;
  /** The config's name → id map, by kind. */
  names: Record<string, Record<string, string>>;
  resolve(kind: string, name: string): string;
}

/** The ARNs of the substitute hours, when the config names both (a test case names a substitute by ARN); else undefined, and hours givens mock the check. */
async function substituteHours(on: StagingInstance): Promise<CompileOptions["hoursSubstitutes"]> {
  const open = on.names.hours?.[SUBSTITUTE_HOURS.open];
  const closed = on.names.hours?.[SUBSTITUTE_HOURS.closed];
  if (!open || !closed) return undefined;
  const arn = async (HoursOfOperationId: string) => {
    const res = await on.connect.send(new DescribeHoursOfOperationCommand({ InstanceId: on.instanceId, HoursOfOperationId }));
    if (!res.HoursOfOperation?.HoursOfOperationArn) throw new Error(`DescribeHoursOfOperation gave no ARN for the hours ${HoursOfOperationId}`);
    return res.HoursOfOperation.HoursOfOperationArn;
  };
  return { open: await arn(open), closed: await arn(closed) };
}

/** The staging target's offer to a scenario it is about to run: names resolved through its config. */
export async function stagingOfferOn(on: StagingInstance, pickle: Pickle, offers: ReadonlySet<Capability>): Promise<ScenarioOffer> {
  // Whether it compiles does not depend on the instance: one that cannot is held without asking it anything.
  const dry = stagingOffer(pickle, offers);
  if (!dry.testCase) return dry;
  const chat = dry.testCase.testCase.EntryPoint.Type === "CHAT";
  const queueHours = await lookUp(queuesWithHoursGivens(pickle), async (queue) => {
    const res = await on.connect.send(new DescribeQueueCommand({ InstanceId: on.instanceId, QueueId: on.resolve("queue", queue) }));
    if (!res.Queue?.HoursOfOperationId) throw new Error(`DescribeQueue gave no hours of operation for the queue "${queue}"`);
    return res.Queue.HoursOfOperationId;
  });
  const lexAliases = await lookUp(chat ? chatFlowsOf(pickle) : [], async (flow) => {
    const res = await on.connect.send(new DescribeContactFlowCommand({ InstanceId: on.instanceId, ContactFlowId: on.resolve("flow", flow) }));
    return lexAliasesIn(res.ContactFlow?.Content ?? "{}");
  });
  return stagingOffer(pickle, offers, {
    resolve: (kind, name) => on.resolve(kind, name),
    hoursSubstitutes: await substituteHours(on),
    queueHours: (queue) => queueHours.get(queue)!,
    lexAliases: (flow) => lexAliases.get(flow)!,
  });
}

/** Each name's answer, asked once. */
async function lookUp<T>(names: readonly string[], ask: (name: string) => Promise<T>): Promise<Map<string, T>> {
  const unique = [...new Set(names)];
  return new Map(await Promise.all(unique.map(async (name) => [name, await ask(name)] as const)));
}
