/** Flows for the Customer Profiles action tests (flow/actions/profile*.test.ts): the action under test, a message per error branch, then goodbye. */
import { harness, flowDoc, type ActionInput } from "./flow-testing.js";

export const bye: ActionInput = { Identifier: "bye", Type: "DisconnectParticipant" };
export const say = (id: string, text: string, next = "bye"): ActionInput => ({ Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next } });
export const profileAction = (id: string, type: string, params: Record<string, unknown>, next: string, errors: string[] = ["NoMatchingError"]): ActionInput => ({
  Identifier: id,
  Type: type,
  Parameters: params,
  Transitions: { NextAction: next, Errors: errors.map((e) => ({ NextAction: `on-${e}`, ErrorType: e })) },
});
const errorSays = ["NoMatchingError", "NoneFoundError", "MultipleFoundError"].map((e) => say(`on-${e}`, e));

export function flowWith(...actions: ActionInput[]) {
  const h = harness();
  h.publish(flowDoc([...actions, ...errorSays, bye], { type: "contactFlow" }), "f");
  return h;
}
