/**
 * The flow actions a test case can observe or override, seen from a running flow: which
 * resource an action is about, and whether a test case's `ActionParameters` name it.
 *
 * Decisions where the reference is uncertain (§3.4, §10.5):
 * - A queue or hours of operation is named by its id, its ARN, an ARN whose last part is
 *   its id, or its name; so the id or ARN in a console export matches the resource the
 *   simulator resolved it to.
 * - TransferContactToQueue is about the working queue the flow set before it (the
 *   block takes no queue itself). An expected AgentId must match an agent's queue.
 * - A Lambda function is named by its ARN; when one side is a bare function name, the
 *   function names are compared. A Lex bot by its alias ARN, exactly.
 * - CheckHoursOfOperation without HoursOfOperationId is about the working queue's hours.
 */
import type { ActionContext } from "../flow/action.js";
import type { QueueRef } from "../flow/contact.js";
import type { HoursOfOperationRef } from "../flow/refs.js";
import { lambdaFunctionName } from "../flow/responders.js";
import { resourceNames } from "../flow/metadata.js";
import { queueParam } from "../flow/actions/util.js";
import { isJsonObject } from "./reader.js";
import type { FlowActionType, ResourceRef } from "./model.js";
import type { Runtime } from "../runtime/runtime.js";

/** A flow action that is starting, as a test case sees it. */
export interface ObservedAction {
  actionType: FlowActionType;
  /** What the flow asked for, with references resolved (records show it). */
  parameters: Record<string, string>;
  queue?: QueueRef;
  hours?: HoursOfOperationRef;
}

const FLOW_TO_TEST: Record<string, FlowActionType> = {
  InvokeLambdaFunction: "InvokeLambdaFunction",
  CheckHoursOfOperation: "CheckHoursOfOperation",
  TransferContactToQueue: "TransferContactToQueue",
  ConnectParticipantWithLexBot: "ConnectParticipantWithLexBot",
  DequeueContactAndTransferToQueue: "DequeueAndTransferToQueue",
};

/** The action a starting flow block is, when a test case can name it. */
export function observeAction(ctx: ActionContext, runtime: Runtime): ObservedAction | undefined {
  const actionType = FLOW_TO_TEST[ctx.action.Type];
  if (!actionType) return undefined;
  const text = (v: unknown) => ctx.text(v) ?? "";
  switch (actionType) {
    case "InvokeLambdaFunction":
      return { actionType, parameters: { LambdaFunctionARN: text(ctx.params.LambdaFunctionARN) } };
    case "ConnectParticipantWithLexBot": {
      const bot = isJsonObject(ctx.params.LexV2Bot) ? text(ctx.params.LexV2Bot.AliasArn) : "";
      return { actionType, parameters: { AliasArn: bot } };
    }
    case "CheckHoursOfOperation": {
      const ref = text(ctx.params.HoursOfOperationId).trim();
      const queue = ctx.contact.targetQueue ?? ctx.contact.queue;
      const hours = ref ? runtime.findHoursOfOperation(ref, resourceNames(ctx.run.flow, ctx.action.Identifier, "HoursOfOperationId")) : queue && runtime.queueHours(queue);
      return { actionType, parameters: { HoursOfOperationId: ref || hours?.arn || "" }, hours };
    }
    case "TransferContactToQueue": {
      const queue = ctx.contact.targetQueue;
      return { actionType, parameters: queue ? { QueueId: queue.arn, ...(queue.agentId ? { AgentId: queue.agentId } : {}) } : {}, queue };
    }
    case "DequeueAndTransferToQueue": {
      const { ref, queue } = queueParam(ctx);
      return { actionType, parameters: { QueueId: ref ?? "" }, queue };
    }
  }
}

const tail = (ref: string) => /\/([^/:]+)(?::[^/]*)?$/.exec(ref)?.[1];

/** Whether `ref` (id, ARN, or name) names `resource`, directly or as the runtime resolves it. */
export function names(ref: string, resource: { id: string; arn: string; name: string } | undefined, resolve: (ref: string) => { id: string } | undefined): boolean {
  if (!resource) return false;
  const r = ref.trim();
  return r === resource.id || r === resource.arn || tail(r) === resource.id || r === resource.name || resolve(r)?.id === resource.id;
}

export function sameFunction(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const bothArns = expected.startsWith("arn:") && actual.startsWith("arn:");
  return !bothArns && lambdaFunctionName(expected) === lambdaFunctionName(actual);
}

/** Whether a test case's `ActionParameters` name the resource of an observed action. */
export function refersTo(ref: ResourceRef, seen: ObservedAction, runtime: Runtime): boolean {
  if (ref.actionType !== seen.actionType) return false;
  switch (ref.actionType) {
    case "InvokeLambdaFunction":
      return sameFunction(ref.lambdaArn, seen.parameters.LambdaFunctionARN);
    case "ConnectParticipantWithLexBot":
      return ref.lexAliasArn === seen.parameters.AliasArn;
    case "CheckHoursOfOperation":
      return names(ref.hoursId, seen.hours, (r) => runtime.findHoursOfOperation(r));
    default: {
      const queue = seen.queue;
      if (ref.agentId !== undefined && (!queue?.agentId || runtime.findAgentQueue(ref.agentId)?.id !== queue.id)) return false;
      return ref.queueId === undefined || names(ref.queueId, queue, (r) => runtime.findQueue(r));
    }
  }
}

/** The resource, in words, for records and reports. */
export function describeRef(ref: ResourceRef): string {
  switch (ref.actionType) {
    case "InvokeLambdaFunction":
      return `Lambda ${ref.lambdaArn}`;
    case "ConnectParticipantWithLexBot":
      return `Lex bot ${ref.lexAliasArn}`;
    case "CheckHoursOfOperation":
      return `hours of operation ${ref.hoursId}`;
    default:
      return `queue ${ref.queueId ?? `of agent ${ref.agentId}`}`;
  }
}
