import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  CreateContactFlowCommand,
  CreateContactFlowModuleCommand,
  DeleteContactFlowCommand,
  DeleteContactFlowModuleCommand,
  DescribeContactFlowCommand,
  DescribeContactFlowModuleCommand,
  ListContactFlowModulesCommand,
  ListContactFlowsCommand,
  UpdateContactFlowContentCommand,
  UpdateContactFlowMetadataCommand,
  UpdateContactFlowModuleContentCommand,
  UpdateContactFlowModuleMetadataCommand,
  UpdateContactFlowNameCommand,
} from "@aws-sdk/client-connect";
import { HELLO_FLOW, assertTime, expectError, flowContent, startSdkSim } from "../testing.js";

/** An inbound flow whose error branch is connected to nothing (seed 001: "All connectors must be connected"). */
const UNCONNECTED = flowContent([
  { Identifier: "greet", Type: "MessageParticipant", Parameters: { Text: "Hi" }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "" }] } },
  { Identifier: "bye", Type: "DisconnectParticipant" },
]);

test("create, describe and run a flow; the content and its SHA-256 come back as sent", async () => {
  const { client, InstanceId, sim, close } = await startSdkSim();
  try {
    const created = await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Hello", Type: "CONTACT_FLOW", Content: HELLO_FLOW, Description: "says hello", Tags: { env: "test" } }));
    const sha = createHash("sha256").update(HELLO_FLOW).digest("hex");
    assert.equal(created.FlowContentSha256, sha);
    assert.match(created.ContactFlowArn!, new RegExp(`^arn:aws:connect:us-east-1:123456789012:instance/${InstanceId}/contact-flow/${created.ContactFlowId}$`));
    const flow = (await client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: created.ContactFlowId }))).ContactFlow!;
    assert.deepEqual(
      { Name: flow.Name, Type: flow.Type, State: flow.State, Status: flow.Status, Content: flow.Content, Description: flow.Description, Tags: flow.Tags, FlowContentSha256: flow.FlowContentSha256 },
      { Name: "Hello", Type: "CONTACT_FLOW", State: "ACTIVE", Status: "PUBLISHED", Content: HELLO_FLOW, Description: "says hello", Tags: { env: "test" }, FlowContentSha256: sha },
    );
    assertTime(flow.LastModifiedTime, "ContactFlow.LastModifiedTime");
    const byArn = await client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: created.ContactFlowArn }));
    assert.equal(byArn.ContactFlow?.Id, created.ContactFlowId);

    const contact = sim.runtime.startContact({ channel: "CHAT", flow: created.ContactFlowId! });
    await sim.runtime.whenIdle();
    assert.deepEqual(sim.runtime.session(contact.id)?.prompts.map((p) => p.text), ["Hello"]);
  } finally {
    await close();
  }
});

test("InvalidContactFlowException names each problem: an unconnected branch, a block the type does not allow, a type mismatch", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    const unconnected = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "Broken", Type: "CONTACT_FLOW", Content: UNCONNECTED })), "InvalidContactFlowException", 400);
    const problems = unconnected.problems as { message: string }[];
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^Action greet \(MessageParticipant\): Invalid Action property value\. Path: Actions\[0\]\.Transitions\.Errors\[0\]\.NextAction .*all connectors must be connected/);

    // Seed 001: each flow type has only the blocks that fit it — Loop prompts belongs in queue and hold flows.
    const loop = flowContent([{ Identifier: "music", Type: "MessageParticipantIteratively", Parameters: { Messages: [{ Text: "Please wait" }] } }]);
    const wrongBlock = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "Wrong block", Type: "CONTACT_FLOW", Content: loop })), "InvalidContactFlowException", 400);
    assert.match((wrongBlock.problems as { message: string }[])[0].message, /^Action music \(MessageParticipantIteratively\): Unsupported block type.*Inbound flow.*\. Path: Actions\[0\]\.Type$/);
    await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Queue music", Type: "CUSTOMER_QUEUE", Content: loop }));

    // Seed 001: "a flow of one type cannot be imported as another".
    const whisper = flowContent([{ Identifier: "end", Type: "EndFlowExecution" }], { metadataType: "customerWhisper" });
    const mismatch = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "Mismatch", Type: "CONTACT_FLOW", Content: whisper })), "InvalidContactFlowException", 400);
    assert.ok((mismatch.problems as { message: string }[]).some((p) => /cannot be imported as an Inbound flow.*Path: Metadata\.type/.test(p.message)));

    const notJson = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "Not JSON", Type: "CONTACT_FLOW", Content: "{oops" })), "InvalidContactFlowException", 400);
    assert.match((notJson.problems as { message: string }[])[0].message, /not valid JSON/);

    const names = (await client.send(new ListContactFlowsCommand({ InstanceId }))).ContactFlowSummaryList!.map((f) => f.Name);
    assert.ok(!names.includes("Broken") && !names.includes("Wrong block") && !names.includes("Mismatch"), "refused flows are not created");
  } finally {
    await close();
  }
});

test("content a validator could trip on is refused with its problems, never a 500: no Parameters, Parameters not an object, nesting too deep", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    for (const Parameters of [undefined, null, "Text"]) {
      const Content = JSON.stringify({ Version: "2019-10-30", StartAction: "say", Actions: [{ Identifier: "say", Type: "MessageParticipant", Parameters, Transitions: {} }] });
      const refused = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "No parameters", Type: "CONTACT_FLOW", Content })), "InvalidContactFlowException", 400);
      assert.ok((refused.problems as { message: string }[]).some((p) => /^Action say \(MessageParticipant\): .*Path: Actions\[0\]\.Parameters/.test(p.message)), JSON.stringify(refused.problems));
    }
    const deep = `{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"Wait","Parameters":{"X":${"[".repeat(50_000)}${"]".repeat(50_000)}}}]}`;
    const tooDeep = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "Deep", Type: "CONTACT_FLOW", Content: deep })), "InvalidContactFlowException", 400);
    assert.match((tooDeep.problems as { message: string }[])[0].message, /nested more than 64 levels deep/);
  } finally {
    await close();
  }
});

test("a SAVED flow is stored without validation, does not run, and publishes through UpdateContactFlowContent", async () => {
  const { client, InstanceId, sim, close } = await startSdkSim();
  try {
    const draft = await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Draft", Type: "CONTACT_FLOW", Content: UNCONNECTED, Status: "SAVED" }));
    const described = (await client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: draft.ContactFlowId }))).ContactFlow!;
    assert.equal(described.Status, "SAVED");
    assert.equal(described.Content, UNCONNECTED);
    assert.equal(sim.runtime.findFlow(draft.ContactFlowId!, "flow"), undefined, "not runnable");
    const listed = (await client.send(new ListContactFlowsCommand({ InstanceId, ContactFlowTypes: ["CONTACT_FLOW"] }))).ContactFlowSummaryList!;
    assert.equal(listed.find((f) => f.Id === draft.ContactFlowId)?.ContactFlowStatus, "SAVED");

    const refused = await expectError(client.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId: draft.ContactFlowId, Content: UNCONNECTED })), "InvalidContactFlowException", 400);
    assert.equal((refused.problems as unknown[]).length, 1);
    await client.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId: draft.ContactFlowId, Content: HELLO_FLOW }));
    assert.ok(sim.runtime.findFlow(draft.ContactFlowId!, "flow"), "published");

    // A new draft beside the published flow: the bare id shows what runs, $SAVED the draft.
    await client.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId: `${draft.ContactFlowId}:$SAVED`, Content: UNCONNECTED }));
    const live = (await client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: draft.ContactFlowId }))).ContactFlow!;
    assert.deepEqual([live.Status, live.Content], ["PUBLISHED", HELLO_FLOW]);
    const saved = (await client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: `${draft.ContactFlowArn}:$SAVED` }))).ContactFlow!;
    assert.deepEqual([saved.Status, saved.Content], ["SAVED", UNCONNECTED]);
    await expectError(client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: `${draft.ContactFlowId}:7` })), "ResourceNotFoundException", 404);
  } finally {
    await close();
  }
});

test("rename, archive and delete; names are unique", async () => {
  const { client, InstanceId, sim, close } = await startSdkSim();
  try {
    const a = await client.send(new CreateContactFlowCommand({ InstanceId, Name: "A", Type: "CONTACT_FLOW", Content: HELLO_FLOW }));
    await client.send(new CreateContactFlowCommand({ InstanceId, Name: "B", Type: "CONTACT_FLOW", Content: HELLO_FLOW }));
    const dup = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "A", Type: "CONTACT_FLOW", Content: HELLO_FLOW })), "DuplicateResourceException", 409);
    assert.match(dup.message, /"A" already exists/);
    await expectError(client.send(new UpdateContactFlowNameCommand({ InstanceId, ContactFlowId: a.ContactFlowId, Name: "B" })), "DuplicateResourceException", 409);
    await client.send(new UpdateContactFlowNameCommand({ InstanceId, ContactFlowId: a.ContactFlowId, Name: "A renamed", Description: "new" }));
    assert.equal(sim.runtime.findFlow("A renamed", "flow")?.id, a.ContactFlowId, "contacts and other flows find it by its new name");
    await client.send(new UpdateContactFlowMetadataCommand({ InstanceId, ContactFlowId: a.ContactFlowId, ContactFlowState: "ARCHIVED" }));
    const flow = (await client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: a.ContactFlowId }))).ContactFlow!;
    assert.deepEqual([flow.Name, flow.Description, flow.State], ["A renamed", "new", "ARCHIVED"]);
    await client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: a.ContactFlowId }));
    await expectError(client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: a.ContactFlowId })), "ResourceNotFoundException", 404);
    await expectError(client.send(new DeleteContactFlowCommand({ InstanceId, ContactFlowId: a.ContactFlowId })), "ResourceNotFoundException", 404);
    assert.equal(sim.runtime.findFlow(a.ContactFlowId!, "flow"), undefined);
  } finally {
    await close();
  }
});

test("ListContactFlows filters by type and pages with NextToken", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    for (let i = 0; i < 5; i++) await client.send(new CreateContactFlowCommand({ InstanceId, Name: `Inbound ${i}`, Type: "CONTACT_FLOW", Content: HELLO_FLOW }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListContactFlowsCommand({ InstanceId, ContactFlowTypes: ["CONTACT_FLOW"], MaxResults: 2, NextToken }));
      assert.ok(page.ContactFlowSummaryList!.length <= 2);
      seen.push(...page.ContactFlowSummaryList!.map((f) => f.Name!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ["Inbound 0", "Inbound 1", "Inbound 2", "Inbound 3", "Inbound 4"]);
    const transfers = (await client.send(new ListContactFlowsCommand({ InstanceId, ContactFlowTypes: ["AGENT_TRANSFER", "QUEUE_TRANSFER"] }))).ContactFlowSummaryList!;
    assert.deepEqual(transfers.map((f) => [f.Name, f.ContactFlowType]), [
      ["Default agent transfer", "AGENT_TRANSFER"],
      ["Default queue transfer", "QUEUE_TRANSFER"],
    ]);
    await expectError(client.send(new ListContactFlowsCommand({ InstanceId, MaxResults: 1001 })), "InvalidParameterException", 400);
    await expectError(client.send(new ListContactFlowsCommand({ InstanceId, NextToken: "%%%" })), "InvalidParameterException", 400);
  } finally {
    await close();
  }
});

test("malformed requests: missing and ill-typed members, oversized content, unknown instance and flow", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    const missing = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "x", Type: "CONTACT_FLOW" } as never)), "InvalidParameterException", 400);
    assert.match(missing.message, /Value null at 'content' failed to satisfy constraint: Member must not be null/);
    await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "x", Type: "MODULE" as never, Content: HELLO_FLOW })), "InvalidParameterException", 400);
    await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "x", Type: "CONTACT_FLOW", Content: HELLO_FLOW, Status: "LIVE" as never })), "InvalidParameterException", 400);
    const big = await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "x", Type: "CONTACT_FLOW", Content: " ".repeat(256_001) })), "InvalidParameterException", 400);
    assert.match(big.message, /length less than or equal to 256000/);
    await expectError(client.send(new CreateContactFlowCommand({ InstanceId, Name: "x", Type: "CONTACT_FLOW", Content: HELLO_FLOW, Tags: { "aws:reserved": "x" } })), "InvalidParameterException", 400);
    await expectError(client.send(new CreateContactFlowCommand({ InstanceId: "00000000-0000-4000-8000-000000000000", Name: "x", Type: "CONTACT_FLOW", Content: HELLO_FLOW })), "ResourceNotFoundException", 404);
    await expectError(client.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: "no-such-flow" })), "ResourceNotFoundException", 404);
    await expectError(client.send(new UpdateContactFlowContentCommand({ InstanceId, ContactFlowId: "no-such-flow", Content: HELLO_FLOW })), "ResourceNotFoundException", 404);
  } finally {
    await close();
  }
});

test("flow modules: Settings beside the content, InvalidContactFlowModuleException with Problems, list by state", async () => {
  const { client, InstanceId, sim, close } = await startSdkSim();
  try {
    const content = flowContent([
      { Identifier: "say", Type: "MessageParticipant", Parameters: { Text: "From the module" }, Transitions: { NextAction: "ret", Errors: [{ ErrorType: "NoMatchingError", NextAction: "ret" }] } },
      { Identifier: "ret", Type: "EndFlowModuleExecution" },
    ]);
    const settings = JSON.stringify({ InputParameters: [], OutputParameters: [], Transitions: [{ DisplayName: "Success", ReferenceName: "Success", Description: "" }] });
    const mod = await client.send(new CreateContactFlowModuleCommand({ InstanceId, Name: "Greeting", Content: content, Settings: settings, Description: "greets", Tags: { kind: "module" } }));
    assert.match(mod.Arn!, /\/flow-module\//);
    const described = (await client.send(new DescribeContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: mod.Id }))).ContactFlowModule!;
    assert.deepEqual([described.Name, described.Content, described.Settings, described.Status, described.State], ["Greeting", content, settings, "PUBLISHED", "ACTIVE"]);
    assert.equal(described.FlowModuleContentSha256, createHash("sha256").update(content).digest("hex"));

    // An inbound flow invokes the module by id: the module is what runs.
    const caller = await client.send(
      new CreateContactFlowCommand({
        InstanceId,
        Name: "Calls the module",
        Type: "CONTACT_FLOW",
        Content: flowContent([
          { Identifier: "invoke", Type: "InvokeFlowModule", Parameters: { FlowModuleId: mod.Id }, Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] } },
          { Identifier: "bye", Type: "DisconnectParticipant" },
        ]),
      }),
    );
    const contact = sim.runtime.startContact({ channel: "CHAT", flow: caller.ContactFlowId! });
    await sim.runtime.whenIdle();
    assert.deepEqual(sim.runtime.session(contact.id)?.prompts.map((p) => p.text), ["From the module"]);

    const transfer = flowContent([{ Identifier: "agent", Type: "TransferContactToAgent" }]);
    const bad = await expectError(client.send(new CreateContactFlowModuleCommand({ InstanceId, Name: "Bad", Content: transfer, Settings: settings })), "InvalidContactFlowModuleException", 400);
    assert.match((bad.Problems as { message: string }[])[0].message, /^Action agent \(TransferContactToAgent\): Unsupported block type/);
    await expectError(client.send(new CreateContactFlowModuleCommand({ InstanceId, Name: "Greeting", Content: content })), "DuplicateResourceException", 409);
    await expectError(client.send(new UpdateContactFlowModuleContentCommand({ InstanceId, ContactFlowModuleId: mod.Id, Content: transfer })), "InvalidContactFlowModuleException", 400);
    await expectError(client.send(new UpdateContactFlowModuleContentCommand({ InstanceId, ContactFlowModuleId: mod.Id })), "InvalidRequestException", 400);

    await client.send(new UpdateContactFlowModuleMetadataCommand({ InstanceId, ContactFlowModuleId: mod.Id, State: "ARCHIVED" }));
    const active = (await client.send(new ListContactFlowModulesCommand({ InstanceId, ContactFlowModuleState: "ACTIVE" }))).ContactFlowModulesSummaryList!;
    const archived = (await client.send(new ListContactFlowModulesCommand({ InstanceId, ContactFlowModuleState: "ARCHIVED" }))).ContactFlowModulesSummaryList!;
    assert.deepEqual([active.length, archived.map((m) => m.Name)], [0, ["Greeting"]]);
    await client.send(new DeleteContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: mod.Id }));
    await expectError(client.send(new DescribeContactFlowModuleCommand({ InstanceId, ContactFlowModuleId: mod.Id })), "ResourceNotFoundException", 404);
  } finally {
    await close();
  }
});
