/**
 * Every contact and test execution a scenario starts on a shared instance, so that all of
 * them are stopped when the scenario ends — when it fails or times out too. A real staging
 * instance outlives the run: a chat left open holds a slot of its concurrency quota, and a
 * test execution left running holds one of the few the service runs at once.
 *
 * It listens on the Connect client itself (SDK middleware), so whichever driver starts a
 * contact, the ledger sees it; nothing has to remember to report.
 */
import { StopContactCommand, StopTestCaseExecutionCommand, type ConnectClient } from "@aws-sdk/client-connect";

const CONTACT_STARTS = new Set(["StartChatContactCommand", "StartTaskContactCommand", "StartOutboundVoiceContactCommand", "StartOutboundChatContactCommand", "StartEmailContactCommand", "StartWebRTCContactCommand"]);

interface Execution {
  testCaseId: string;
  executionId: string;
}

export class ContactLedger {
  readonly contacts = new Set<string>();
  readonly executions: Execution[] = [];

  constructor(private readonly instanceId: string) {}

  /** Starts recording what `client` starts. */
  watch(client: ConnectClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as { ContactId?: string; TestCaseExecutionId?: string };
        const input = args.input as { TestCaseId?: string };
        if (CONTACT_STARTS.has(context.commandName ?? "") && output.ContactId) this.contacts.add(output.ContactId);
        if (context.commandName === "StartTestCaseExecutionCommand" && output.TestCaseExecutionId && input.TestCaseId) this.executions.push({ testCaseId: input.TestCaseId, executionId: output.TestCaseExecutionId });
        return result;
      },
      { step: "initialize", name: "flowsimContactLedger" },
    );
  }

  /**
   * Stops every execution and contact recorded. A contact that has already ended is no
   * failure (the service refuses to stop it again); any other refusal is reported, not
   * thrown, so the rest are still stopped. Returns what could not be stopped.
   */
  async stopAll(client: ConnectClient): Promise<string[]> {
    const problems: string[] = [];
    for (const e of this.executions.splice(0)) {
      try {
        await client.send(new StopTestCaseExecutionCommand({ InstanceId: this.instanceId, TestCaseId: e.testCaseId, TestCaseExecutionId: e.executionId }));
      } catch (err) {
        problems.push(`test execution ${e.executionId}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    for (const contactId of [...this.contacts]) {
      this.contacts.delete(contactId);
      try {
        await client.send(new StopContactCommand({ InstanceId: this.instanceId, ContactId: contactId }));
      } catch (err) {
        // "The contact with the specified ID is not active or does not exist": over already.
        if ((err as Error).name !== "ContactNotFoundException") problems.push(`contact ${contactId}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    return problems;
  }
}
