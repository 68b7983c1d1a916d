/**
 * What is still running on an instance: contacts not yet disconnected (SearchContacts over
 * the last day, every page) and test executions in progress; and the test cases scenarios
 * made for their callers, which they delete when they end. A nightly ends by asking, so a
 * scenario that failed halfway and left a chat open shows up as a finding, not as a slot of
 * the instance's concurrency quota quietly held until the service times it out.
 */
import {
  ListTestCaseExecutionsCommand,
  ListTestCasesCommand,
  SearchContactsCommand,
  type ConnectClient,
  type ListTestCaseExecutionsCommandOutput,
  type ListTestCasesCommandOutput,
  type SearchContactsCommandOutput,
} from "@aws-sdk/client-connect";
import { isScenarioTestCase } from "../testcases/test-case-call.js";

const DAY_MS = 24 * 60 * 60_000;

/**
 * One line per contact or execution still running; empty when nothing is. The search spans
 * a day back and `aheadMs` forward: a simulator running faster than wall time stamps its
 * contacts ahead of this machine's clock.
 */
export async function stillRunning(connect: ConnectClient, instanceId: string, { now = Date.now(), aheadMs = DAY_MS } = {}): Promise<string[]> {
  const found: string[] = [];
  let NextToken: string | undefined;
  do {
    const page: SearchContactsCommandOutput = await connect.send(
      new SearchContactsCommand({ InstanceId: instanceId, TimeRange: { Type: "INITIATION_TIMESTAMP", StartTime: new Date(now - DAY_MS), EndTime: new Date(now + aheadMs) }, MaxResults: 100, NextToken }),
    );
    for (const c of page.Contacts ?? []) if (!c.DisconnectTimestamp) found.push(`contact ${c.Id} (${c.Channel}, ${c.InitiationMethod}) is still running`);
    NextToken = page.NextToken;
  } while (NextToken);
  NextToken = undefined;
  do {
    const page: ListTestCaseExecutionsCommandOutput = await connect.send(new ListTestCaseExecutionsCommand({ InstanceId: instanceId, Status: "IN_PROGRESS", NextToken }));
    for (const e of page.TestCaseExecutions ?? []) found.push(`test execution ${e.TestCaseExecutionId} of the test case ${e.TestCaseId} is still running`);
    NextToken = page.NextToken;
  } while (NextToken);
  NextToken = undefined;
  do {
    const page: ListTestCasesCommandOutput = await connect.send(new ListTestCasesCommand({ InstanceId: instanceId, NextToken }));
    for (const t of page.TestCaseSummaryList ?? []) if (isScenarioTestCase(t.Name ?? "")) found.push(`test case ${t.Id} ("${t.Name}") was left behind by its scenario`);
    NextToken = page.NextToken;
  } while (NextToken);
  return found;
}
