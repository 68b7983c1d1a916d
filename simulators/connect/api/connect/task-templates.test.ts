import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateContactFlowCommand,
  CreateTaskTemplateCommand,
  DeleteTaskTemplateCommand,
  GetTaskTemplateCommand,
  ListTaskTemplatesCommand,
  UpdateTaskTemplateCommand,
  type CreateTaskTemplateCommandInput,
} from "@aws-sdk/client-connect";
import { HELLO_FLOW, assertTime, expectError, startSdkSim, type SdkSim } from "../testing.js";

const ids = (...names: string[]) => names.map((Name) => ({ Id: { Name } }));

async function taskFlow(a: SdkSim): Promise<string> {
  return (await a.client.send(new CreateContactFlowCommand({ InstanceId: a.InstanceId, Name: "Task flow", Type: "CONTACT_FLOW", Content: HELLO_FLOW }))).ContactFlowId!;
}

/** Seed 002's callback template. */
function callback(InstanceId: string, ContactFlowId: string, over: Partial<CreateTaskTemplateCommandInput> = {}): CreateTaskTemplateCommandInput {
  return {
    InstanceId,
    Name: "Callback",
    Description: "The customer wants a call back",
    ContactFlowId,
    Fields: [
      { Id: { Name: "Name" }, Type: "NAME" },
      { Id: { Name: "Description" }, Type: "DESCRIPTION" },
      { Id: { Name: "PhoneNumber" }, Type: "TEXT", Description: "The number to call" },
      { Id: { Name: "Reason" }, Type: "SINGLE_SELECT", SingleSelectOptions: ["billing", "support"] },
    ],
    Constraints: { RequiredFields: ids("Name"), ReadOnlyFields: ids("Description") },
    Defaults: { DefaultFieldValues: [{ Id: { Name: "Description" }, DefaultValue: "Call back" }, { Id: { Name: "Reason" }, DefaultValue: "support" }] },
    ...over,
  };
}

test("create, get, list, update and delete a task template; the Create task block sees it", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId, sim } = a;
    const flowId = await taskFlow(a);
    const created = await client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId)));
    assert.match(created.Arn!, new RegExp(`/task-template/${created.Id}$`));
    const got = await client.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId: created.Id }));
    assert.deepEqual(
      { Name: got.Name, Status: got.Status, ContactFlowId: got.ContactFlowId, Fields: got.Fields, Constraints: got.Constraints, Defaults: got.Defaults, InstanceId: got.InstanceId },
      { Name: "Callback", Status: "ACTIVE", ContactFlowId: flowId, Fields: callback(InstanceId, flowId).Fields, Constraints: callback(InstanceId, flowId).Constraints, Defaults: callback(InstanceId, flowId).Defaults, InstanceId },
    );
    assertTime(got.CreatedTime, "TaskTemplate.CreatedTime");
    assertTime(got.LastModifiedTime, "TaskTemplate.LastModifiedTime");
    const seen = sim.runtime.findTaskTemplate(created.Id!)!;
    assert.deepEqual(seen.fields.find((f) => f.name === "Description"), { name: "Description", type: "DESCRIPTION", required: false, readOnly: true, invisible: false, defaultValue: "Call back" });
    assert.equal(seen.contactFlowId, flowId);

    const updated = await client.send(
      new UpdateTaskTemplateCommand({ InstanceId, TaskTemplateId: created.Id, Status: "INACTIVE", ContactFlowId: flowId, Fields: [{ Id: { Name: "Title" }, Type: "NAME" }], Constraints: { RequiredFields: ids("Title") } }),
    );
    assert.deepEqual([updated.Name, updated.Status, updated.Fields?.length, updated.Description], ["Callback", "INACTIVE", 1, undefined]);
    await client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId, { Name: "Second" })));
    const inactive = (await client.send(new ListTaskTemplatesCommand({ InstanceId, Status: "INACTIVE" }))).TaskTemplates!;
    assert.deepEqual(inactive.map((t) => t.Name), ["Callback"]);
    const byName = (await client.send(new ListTaskTemplatesCommand({ InstanceId, Name: "Second" }))).TaskTemplates!;
    assert.deepEqual(byName.map((t) => [t.Name, t.Status]), [["Second", "ACTIVE"]]);
    const paged = await client.send(new ListTaskTemplatesCommand({ InstanceId, MaxResults: 1 }));
    assert.equal(paged.TaskTemplates?.length, 1);
    assert.ok(paged.NextToken);

    await client.send(new DeleteTaskTemplateCommand({ InstanceId, TaskTemplateId: created.Id }));
    await expectError(client.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId: created.Id })), "ResourceNotFoundException", 404);
    assert.equal(sim.runtime.findTaskTemplate(created.Id!), undefined);
  } finally {
    await a.close();
  }
});

test("seed 002: a field that is not editable must not be required — PropertyValidationException names it", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const flowId = await taskFlow(a);
    const err = await expectError(
      client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId, { Constraints: { RequiredFields: ids("Name", "PhoneNumber"), ReadOnlyFields: ids("Description", "PhoneNumber") } }))),
      "PropertyValidationException",
      400,
    );
    assert.deepEqual(err.PropertyList, [
      {
        PropertyPath: "Constraints.ReadOnlyFields[1].Id.Name",
        Reason: "NOT_SUPPORTED",
        Message: 'Field "PhoneNumber" is both required and read-only (not editable): no agent could fill it. Make it editable and visible, or stop requiring it',
      },
    ]);
    // Untick "required" as well, and the template is accepted.
    await client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId, { Constraints: { RequiredFields: ids("Name"), ReadOnlyFields: ids("Description", "PhoneNumber") } })));
  } finally {
    await a.close();
  }
});

test("PropertyValidationException lists every broken rule at once", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const queueFlow = (await client.send(new CreateContactFlowCommand({ InstanceId, Name: "Queue flow", Type: "CUSTOMER_QUEUE", Content: HELLO_FLOW }))).ContactFlowId!;
    const err = await expectError(
      client.send(
        new CreateTaskTemplateCommand({
          InstanceId,
          Name: "Broken",
          ContactFlowId: queueFlow,
          Fields: [
            { Id: { Name: "Count" }, Type: "NUMBER" },
            { Id: { Name: "Pick" }, Type: "SINGLE_SELECT" },
          ],
          Constraints: { RequiredFields: ids("Count"), InvisibleFields: ids("Ghost") },
          Defaults: { DefaultFieldValues: [{ Id: { Name: "Count" }, DefaultValue: "lots" }] },
        }),
      ),
      "PropertyValidationException",
      400,
    );
    const list = err.PropertyList as { PropertyPath: string; Reason: string }[];
    assert.deepEqual(
      list.map((p) => [p.PropertyPath, p.Reason]),
      [
        ["Fields[1].SingleSelectOptions", "REQUIRED_PROPERTY_MISSING"],
        ["Fields", "REQUIRED_PROPERTY_MISSING"],
        ["Constraints.InvisibleFields[0].Id.Name", "REFERENCED_RESOURCE_NOT_FOUND"],
        ["Defaults.DefaultFieldValues[0].DefaultValue", "INVALID_FORMAT"],
        ["ContactFlowId", "TYPE_MISMATCH"],
      ],
    );
    assert.match(err.message, /^5 properties are not valid/);
  } finally {
    await a.close();
  }
});

test("task template errors: bad shapes are InvalidParameterException, unknown ids ResourceNotFoundException, Update needs Status", async () => {
  const a = await startSdkSim();
  try {
    const { client, InstanceId } = a;
    const flowId = await taskFlow(a);
    await expectError(client.send(new CreateTaskTemplateCommand({ InstanceId, Name: "x" } as never)), "InvalidParameterException", 400);
    await expectError(client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId, { Fields: [{ Id: { Name: "N" }, Type: "PHONE" as never }] }))), "InvalidParameterException", 400);
    await expectError(client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId, { Name: "n".repeat(101) }))), "InvalidParameterException", 400);
    await expectError(client.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId: "nope" })), "ResourceNotFoundException", 404);
    await expectError(client.send(new DeleteTaskTemplateCommand({ InstanceId, TaskTemplateId: "nope" })), "ResourceNotFoundException", 404);
    const t = await client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId)));
    const dup = await expectError(client.send(new CreateTaskTemplateCommand(callback(InstanceId, flowId))), "PropertyValidationException", 400);
    assert.equal((dup.PropertyList as { Reason: string }[])[0].Reason, "RESOURCE_NAME_ALREADY_EXISTS");
    const noStatus = await expectError(client.send(new UpdateTaskTemplateCommand({ ...callback(InstanceId, flowId), TaskTemplateId: t.Id })), "PropertyValidationException", 400);
    assert.deepEqual((noStatus.PropertyList as { PropertyPath: string }[]).map((p) => p.PropertyPath), ["Status"]);
    await expectError(client.send(new UpdateTaskTemplateCommand({ InstanceId, TaskTemplateId: "nope", Status: "ACTIVE" })), "ResourceNotFoundException", 404);
    await expectError(client.send(new GetTaskTemplateCommand({ InstanceId, TaskTemplateId: t.Id, SnapshotVersion: "v1" })), "ResourceNotFoundException", 404);
    await expectError(client.send(new ListTaskTemplatesCommand({ InstanceId, MaxResults: 101 })), "InvalidParameterException", 400);
  } finally {
    await a.close();
  }
});
