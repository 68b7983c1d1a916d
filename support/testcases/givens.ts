/**
 * The givens that answer for systems outside Connect (Lambda functions, hours of
 * operation, a full queue), as a test case's overrides: shared by the voice and the chat
 * compilers.
 */
import { CucumberExpression, ParameterTypeRegistry } from "@cucumber/cucumber-expressions";
import type { Pickle } from "@cucumber/messages";
import { mock, onStep, override, UncompilableStep, type Builder, type Rule } from "./test-case-builder.js";

// A mock matches the block's LambdaFunctionARN: a function a feature names goes through
// `resolve` (on staging, the config's names.lambda) unless the step gives the ARN itself.
const lambda = (b: Builder, fn: unknown) => ({ LambdaFunctionARN: String(fn).startsWith("arn:") ? String(fn) : b.ref("lambda", String(fn)) });

/**
 * The givens that answer for systems outside Connect, as single-use overrides (a flow that
 * asks twice gets the mock once): shared by the voice and the chat compiler. The Lambda's
 * message on failure has no place in a mock.
 */
export const GIVENS: [string, Rule][] = [
  [
    "the Lambda {string} returns:",
    (b, [fn], step) => b.act(override(b, "InvokeLambdaFunction", lambda(b, fn), mock({ Type: "ExecutionResult", ExecutionResult: { DelaySeconds: 0, LoadedData: JSON.stringify(Object.fromEntries(step.table ?? [])) } }))),
  ],
  ["the Lambda {string} fails with {string}", (b, [fn]) => b.act(override(b, "InvokeLambdaFunction", lambda(b, fn), mock({ Type: "Error", Error: { DelaySeconds: 0, Value: "NoMatchingError" } })))],
  ["the Lambda {string} takes {int} seconds", (b, [fn, seconds]) => b.act(override(b, "InvokeLambdaFunction", lambda(b, fn), mock({ Type: "ExecutionResult", ExecutionResult: { DelaySeconds: seconds, LoadedData: "{}" } })))],
  [
    "the hours of operation {string} are {word}",
    (b, [hours, state], step) => {
      if (state !== "open" && state !== "closed") throw new UncompilableStep(step.written, step.line, `hours are open or closed, not "${state}"`);
      const substitutes = b.options.hoursSubstitutes;
      const strategy = substitutes ? { Type: "SubstituteResource", SubstituteArn: substitutes[state] } : mock({ Type: "ExecutionResult", ExecutionResult: { Value: state === "open" ? "InHours" : "OutOfHours" } });
      b.act(override(b, "CheckHoursOfOperation", { HoursOfOperationId: b.ref("hours", hours as string) }, strategy));
    },
  ],
  ["the queue {string} is full", (b, [queue]) => b.act(override(b, "TransferContactToQueue", { QueueId: b.ref("queue", queue as string) }, mock({ Type: "Error", Error: { Value: "QueueAtCapacity" } })))],
  [
    "the hours of the queue {string} are {word}",
    (b, [queue, state], step) => {
      if (state !== "open" && state !== "closed") throw new UncompilableStep(step.written, step.line, `hours are open or closed, not "${state}"`);
      // A check of the contact's queue hours is a check of the hours that queue runs on: an
      // override names hours, so the queue's are looked up (on staging, DescribeQueue).
      const hours = b.options.queueHours ? onStep(step, () => b.options.queueHours!(queue as string)) : `hours of the queue "${queue}"`;
      const substitutes = b.options.hoursSubstitutes;
      const strategy = substitutes ? { Type: "SubstituteResource", SubstituteArn: substitutes[state] } : mock({ Type: "ExecutionResult", ExecutionResult: { Value: state === "open" ? "InHours" : "OutOfHours" } });
      b.act(override(b, "CheckHoursOfOperation", { HoursOfOperationId: hours }, strategy));
    },
  ],
];


const QUEUE_HOURS = new CucumberExpression("the hours of the queue {string} are {word}", new ParameterTypeRegistry());

/** The queues whose hours the scenario's givens open or close (a runner looks up the hours each runs on). */
export function queuesWithHoursGivens(pickle: Pickle): string[] {
  return pickle.steps.flatMap((s) => QUEUE_HOURS.match(s.text)?.[0].getValue(null) ?? []) as string[];
}
