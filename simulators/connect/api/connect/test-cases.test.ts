import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  CreateTestCaseCommand,
  DeleteTestCaseCommand,
  DescribeTestCaseCommand,
  ListTestCasesCommand,
  SearchTestCasesCommand,
  StartTestCaseExecutionCommand,
  UpdateTestCaseCommand,
  paginateListTestCases,
  paginateSearchTestCases,
} from "@aws-sdk/client-connect";
import { assertTime, expectError, startSdkSim, type SdkSim } from "../testing.js";
import { helloContent, withHelloFlow } from "../test-case-testing.js";
import { testCasesOf } from "../../testing/service.js";

async function withSim(body: (a: SdkSim, input: Awaited<ReturnType<typeof withHelloFlow>>) => Promise<void>): Promise<void> {
  const a = await startSdkSim();
  try {
    await body(a, await withHelloFlow(a));
  } finally {
    await a.close();
  }
}

test("create, describe, update (a draft, then a new published version) and delete a test case", () =>
  withSim(async ({ client, InstanceId }, input) => {
    const created = await client.send(new CreateTestCaseCommand(input({ Description: "The greeting", InitializationData: '{"Attributes":{"a":"1"},"SegmentAttributes":{}}', Tags: { team: "ivr" } })));
    assert.match(created.TestCaseArn!, new RegExp(`/test-case/${created.TestCaseId}$`));
    const { TestCase: tc } = await client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId: created.TestCaseId }));
    assert.deepEqual(
      { Id: tc?.Id, Name: tc?.Name, Status: tc?.Status, Description: tc?.Description, Tags: tc?.Tags, EntryPoint: tc?.EntryPoint?.Type, InitializationData: tc?.InitializationData, Region: tc?.LastModifiedRegion },
      { Id: created.TestCaseId, Name: "Says hello", Status: "PUBLISHED", Description: "The greeting", Tags: { team: "ivr" }, EntryPoint: "CHAT", InitializationData: '{"Attributes":{"a":"1"},"SegmentAttributes":{}}', Region: "us-east-1" },
    );
    assert.equal(tc?.TestCaseSha256, createHash("sha256").update(helloContent()).digest("hex"));
    assertTime(tc?.LastModifiedTime, "TestCase.LastModifiedTime");

    await client.send(new UpdateTestCaseCommand({ InstanceId, TestCaseId: created.TestCaseId, Content: helloContent("Hi"), Status: "SAVED" }));
    const described = async (Status?: "PUBLISHED" | "SAVED") => (await client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId: created.TestCaseId, Status }))).TestCase;
    assert.equal((await described())?.Content, helloContent(), "without a status, the published version");
    assert.deepEqual([(await described("SAVED"))?.Content, (await described("SAVED"))?.Status, (await described("SAVED"))?.Description], [helloContent("Hi"), "SAVED", "The greeting"]);
    await client.send(new UpdateTestCaseCommand({ InstanceId, TestCaseId: created.TestCaseId, Name: "Says hi", Status: "PUBLISHED" }));
    assert.deepEqual([(await described())?.Name, (await described())?.Content], ["Says hi", helloContent("Hi")], "publishing takes the draft's content");
    await expectError(described("SAVED"), "ResourceNotFoundException", 404, /no SAVED version/);

    await client.send(new DeleteTestCaseCommand({ InstanceId, TestCaseId: created.TestCaseId }));
    await expectError(described(), "ResourceNotFoundException", 404, /Test case not found/);
    await expectError(client.send(new DeleteTestCaseCommand({ InstanceId, TestCaseId: created.TestCaseId })), "ResourceNotFoundException", 404);
    await expectError(client.send(new UpdateTestCaseCommand({ InstanceId, TestCaseId: created.TestCaseId, Name: "x" })), "ResourceNotFoundException", 404);
    const replica = await client.send(new CreateTestCaseCommand(input({ Name: "replica", TestCaseId: "replica-1", LastModifiedRegion: "eu-west-2" })));
    assert.equal(replica.TestCaseId, "replica-1", "Global Resiliency: the id given in x-amz-resource-id");
    assert.equal((await client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId: "replica-1" }))).TestCase?.LastModifiedRegion, "eu-west-2");
    await expectError(client.send(new DescribeTestCaseCommand({ InstanceId: "00000000-0000-4000-8000-000000000000", TestCaseId: "x" })), "ResourceNotFoundException", 404, /Instance not found/);
  }));

test("publishing validates: InvalidTestCaseException lists every problem; a SAVED draft is stored as sent and cannot run", () =>
  withSim(async ({ client, InstanceId }, input) => {
    const bad = JSON.stringify({ Version: "2019-10-30", Observations: [{ Identifier: "o", Event: { Identifier: "e", Type: "Hangup", Actor: "System", Properties: {} }, Actions: [{ Identifier: "a", Type: "Assert", Parameters: { Namespace: "$.Queue.Name", Operator: "Equals" } }] }] });
    const err = await expectError(client.send(new CreateTestCaseCommand(input({ Content: bad }))), "InvalidTestCaseException", 400);
    assert.deepEqual((err.Problems as { message: string }[]).map((p) => p.message), [
      'Observations[0].Event.Type (o): unknown event type "Hangup" (flowsim supports TestInitiated, TestCompleted, MessageReceived, FlowActionStarted, FlowActionCompleted)',
      "Observations[0].Actions[0].Parameters.Operand (a): Invalid operand parameter for AssertAction: Equals needs an Operand",
    ]);
    const noFlow = await expectError(client.send(new CreateTestCaseCommand(input({ EntryPoint: { Type: "CHAT", ChatEntryPointParameters: { FlowId: "missing" } } }))), "InvalidTestCaseException", 400);
    assert.deepEqual(noFlow.Problems, [{ message: "EntryPoint: no published flow missing on the instance" }]);
    await expectError(client.send(new CreateTestCaseCommand(input({ Content: "" }))), "InvalidParameterException", 400, /Member must have length greater than or equal to 1/);

    const draft = await client.send(new CreateTestCaseCommand(input({ Content: bad, Status: "SAVED" })));
    const { TestCase } = await client.send(new DescribeTestCaseCommand({ InstanceId, TestCaseId: draft.TestCaseId }));
    assert.deepEqual([TestCase?.Status, TestCase?.Content], ["SAVED", bad]);
    await expectError(client.send(new StartTestCaseExecutionCommand({ InstanceId, TestCaseId: draft.TestCaseId })), "InvalidParameterException", 400, /only a PUBLISHED test case can run/);
    await expectError(client.send(new UpdateTestCaseCommand({ InstanceId, TestCaseId: draft.TestCaseId, Status: "PUBLISHED" })), "InvalidTestCaseException", 400);
  }));

test("names are unique on the instance (DuplicateResourceException); the test-case quota gives ServiceQuotaExceededException", async () => {
  const a = await startSdkSim();
  try {
    testCasesOf(a.sim.runtime, { testCases: 2 });
    const input = await withHelloFlow(a);
    const first = await a.client.send(new CreateTestCaseCommand(input()));
    await expectError(a.client.send(new CreateTestCaseCommand(input())), "DuplicateResourceException", 409, /named "Says hello" already exists/);
    await a.client.send(new CreateTestCaseCommand(input({ Name: "Second" })));
    await expectError(a.client.send(new UpdateTestCaseCommand({ InstanceId: a.InstanceId, TestCaseId: first.TestCaseId, Name: "Second" })), "DuplicateResourceException", 409);
    await expectError(a.client.send(new CreateTestCaseCommand(input({ Name: "Third" }))), "ServiceQuotaExceededException", 402, /holds 2 test cases/);
  } finally {
    await a.close();
  }
});

test("ListTestCases pages with MaxResults and NextToken; the SDK paginator reads them all", () =>
  withSim(async ({ client, InstanceId }, input) => {
    for (let i = 1; i <= 5; i++) await client.send(new CreateTestCaseCommand(input({ Name: `case ${i}`, ...(i === 5 ? { Status: "SAVED" } : {}) })));
    const first = await client.send(new ListTestCasesCommand({ InstanceId, MaxResults: 2 }));
    assert.deepEqual(first.TestCaseSummaryList?.map((s) => s.Name), ["case 1", "case 2"]);
    assert.ok(first.NextToken);
    const names: string[] = [];
    for await (const p of paginateListTestCases({ client, pageSize: 2 }, { InstanceId })) names.push(...(p.TestCaseSummaryList ?? []).map((s) => `${s.Name} ${s.Status}`));
    assert.deepEqual(names, ["case 1 PUBLISHED", "case 2 PUBLISHED", "case 3 PUBLISHED", "case 4 PUBLISHED", "case 5 SAVED"]);
    assertTime(first.TestCaseSummaryList?.[0].LastModifiedTime, "TestCaseSummary.LastModifiedTime");
    await expectError(client.send(new ListTestCasesCommand({ InstanceId, MaxResults: 1001 })), "InvalidParameterException", 400, /between 1 and 1000/);
    await expectError(client.send(new ListTestCasesCommand({ InstanceId, NextToken: "junk!" })), "InvalidParameterException", 400, /Invalid NextToken/);
  }));

test("SearchTestCases: name and status criteria, nested conditions, tag filters, pages and a total", () =>
  withSim(async ({ client, InstanceId }, input) => {
    await client.send(new CreateTestCaseCommand(input({ Name: "smoke chat", Tags: { team: "chat" } })));
    await client.send(new CreateTestCaseCommand(input({ Name: "smoke voice", Description: "calls", Tags: { team: "ivr", tier: "1" } })));
    await client.send(new CreateTestCaseCommand(input({ Name: "regression", Status: "SAVED", Tags: { team: "ivr" } })));
    const names = async (over: Record<string, unknown>) => (await client.send(new SearchTestCasesCommand({ InstanceId, ...over }))).TestCases?.map((t) => t.Name);
    assert.deepEqual(await names({ SearchCriteria: { StringCondition: { FieldName: "name", Value: "SMOKE", ComparisonType: "STARTS_WITH" } } }), ["smoke chat", "smoke voice"]);
    assert.deepEqual(await names({ SearchCriteria: { StatusCondition: "SAVED" } }), ["regression"]);
    assert.deepEqual(await names({ SearchCriteria: { OrConditions: [{ StringCondition: { FieldName: "description", Value: "calls", ComparisonType: "EXACT" } }, { StatusCondition: "SAVED" }] } }), ["smoke voice", "regression"]);
    assert.deepEqual(await names({ SearchFilter: { TagFilter: { AndConditions: [{ TagKey: "team", TagValue: "ivr" }] } } }), ["smoke voice", "regression"]);
    assert.deepEqual(await names({ SearchFilter: { TagFilter: { OrConditions: [[{ TagKey: "tier", TagValue: "1" }], [{ TagKey: "team", TagValue: "chat" }]] } } }), ["smoke chat", "smoke voice"]);
    const firstPage = await client.send(new SearchTestCasesCommand({ InstanceId, MaxResults: 1 }));
    assert.deepEqual([firstPage.TestCases?.length, firstPage.ApproximateTotalCount, typeof firstPage.TestCases?.[0].Content], [1, 3, "string"]);
    const all: string[] = [];
    for await (const p of paginateSearchTestCases({ client, pageSize: 2 }, { InstanceId })) all.push(...(p.TestCases ?? []).map((t) => t.Name!));
    assert.deepEqual(all, ["smoke chat", "smoke voice", "regression"]);
    await expectError(client.send(new SearchTestCasesCommand({ InstanceId, SearchCriteria: { StringCondition: { FieldName: "content", Value: "x", ComparisonType: "CONTAINS" } } })), "InvalidParameterException", 400, /Member must be one of \[name, description, resourceID\]/);
    await expectError(client.send(new SearchTestCasesCommand({ InstanceId, MaxResults: 101 })), "InvalidParameterException", 400);
    await expectError(client.send(new SearchTestCasesCommand({ InstanceId: "00000000-0000-4000-8000-000000000000" })), "ResourceNotFoundException", 404);
  }));
