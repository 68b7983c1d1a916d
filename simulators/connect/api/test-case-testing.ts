/**
 * Test support for the Test Case API tests: a chat flow that says Hello, and test cases
 * for it written the way the documentation shows them.
 */
import { CreateContactFlowCommand, type CreateTestCaseCommandInput } from "@aws-sdk/client-connect";
import { HELLO_FLOW, type SdkSim } from "./testing.js";

/** A test case expecting one message, then (unless `endTest` is false) ending the test. */
export function helloContent(text = "Hello", endTest = true): string {
  return JSON.stringify({
    Version: "2019-10-30",
    Metadata: {},
    Observations: [
      {
        Identifier: "hello",
        Event: { Identifier: "e1", Type: "MessageReceived", Actor: "System", Properties: { Text: text, MatchingCriteria: { Type: "Similarity" } } },
        Actions: endTest ? [{ Identifier: "end", Type: "TestControl", Parameters: { ActionType: "TestControl", Command: { Type: "EndTest" } }, Transitions: {} }] : [],
        Transitions: { NextObservations: [] },
      },
    ],
  });
}

export async function withHelloFlow(a: SdkSim): Promise<(over?: Partial<CreateTestCaseCommandInput>) => CreateTestCaseCommandInput> {
  const flowId = (await a.client.send(new CreateContactFlowCommand({ InstanceId: a.InstanceId, Name: "Hello", Type: "CONTACT_FLOW", Content: HELLO_FLOW }))).ContactFlowId!;
  return (over = {}) => ({ InstanceId: a.InstanceId, Name: "Says hello", Content: helloContent(), EntryPoint: { Type: "CHAT", ChatEntryPointParameters: { FlowId: flowId } }, ...over });
}

