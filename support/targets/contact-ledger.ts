/**
 * Every contact and test execution a scenario starts on a shared instance, so that all of
 * them are stopped when the scenario ends — when it fails or times out too. A real staging
 * instance outlives the run: a chat left open holds a slot of its concurrency quota, and a
 * test execution left running holds one of the few the service runs at once.
 *
 * It listens on the Connect client itself (SDK middleware), so whichever driver starts a
 * contact, the ledger sees it; nothing has to remember to report. A test execution's
 * simulated contact is seen in its EXECUTION_START record (stopping the execution does not
 * end it on the service), and a test case the scenario created is deleted once its
 * executions are stopped: a scenario's test case is throw-away, and its name would stay taken.
 * A contact a flow made from one of the scenario's (a callback task linked to its call) is
 * the scenario's too: it is seen when DescribeContact shows it related to one recorded.
 */
import { DeleteTestCaseCommand, StopContactCommand, StopTestCaseExecutionCommand, type ConnectClient } from "@aws-sdk/client-connect";

const CONTACT_STARTS = new Set(["StartChatContactCommand", "StartTaskContactCommand", "StartOutboundVoiceContactCommand", "StartOutboundChatContactCommand", "StartEmailContactCommand", "StartWebRTCContactCommand"]);

interface Execution {
  testCaseId: string;
  executionId: string;
}

export class ContactLedger {
  readonly contacts = new Set<string>();
  readonly executions: Execution[] = [];
  readonly testCases = new Set<string>();

  constructor(private readonly instanceId: string) {}

  /** Starts recording what `client` starts. */
  watch(client: ConnectClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as { ContactId?: string; TestCaseExecutionId?: string; TestCaseId?: string; ExecutionRecords?: { Record?: string }[]; Contact?: { Id?: string; RelatedContactId?: string; PreviousContactId?: string } };
        const input = args.input as { TestCaseId?: string };
        if (CONTACT_STARTS.has(context.commandName ?? "") && output.ContactId) this.contacts.add(output.ContactId);
        if (context.commandName === "CreateTestCaseCommand" && output.TestCaseId) this.testCases.add(output.TestCaseId);
        if (context.commandName === "DeleteTestCaseCommand" && input.TestCaseId) this.testCases.delete(input.TestCaseId);
        if (context.commandName === "StartTestCaseExecutionCommand" && output.TestCaseExecutionId && input.TestCaseId) this.executions.push({ testCaseId: input.TestCaseId, executionId: output.TestCaseExecutionId });
        if (context.commandName === "ListTestCaseExecutionRecordsCommand") for (const r of output.ExecutionRecords ?? []) this.executionContact(r.Record);
        const c = output.Contact;
        if (context.commandName === "DescribeContactCommand" && c?.Id && [c.RelatedContactId, c.PreviousContactId].some((id) => id !== undefined && this.contacts.has(id))) this.contacts.add(c.Id);
        return result;
      },
      { step: "initialize", name: "flowsimContactLedger" },
    );
  }

  private executionContact(record: string | undefined): void {
    let parsed: { Type?: string; ContactId?: string };
    try {
      parsed = JSON.parse(record ?? "{}") as typeof parsed;
    } catch {
      return; // the schema is not published: a record that is not JSON names no contact
    }
    if (parsed.Type === "EXECUTION_START" && parsed.ContactId) this.contacts.add(parsed.ContactId);
  }

  /**
   * Stops every execution and contact recorded, then deletes the test cases created. A contact that has already ended is no
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
    for (const testCaseId of [...this.testCases]) {
      this.testCases.delete(testCaseId);
      try {
        await client.send(new DeleteTestCaseCommand({ InstanceId: this.instanceId, TestCaseId: testCaseId }));
      } catch (err) {
        if ((err as Error).name !== "ResourceNotFoundException") problems.push(`test case ${testCaseId}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
    return problems;
  }
}
