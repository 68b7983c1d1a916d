import { test } from "node:test";
import assert from "node:assert/strict";
import { flowDoc, harness } from "../../runtime/flow-testing.js";
import type { Contact } from "../contact.js";

const FOREIGN = "arn:aws:connect:ap-northeast-1:111122223333:instance/11111111-2222-4333-8444-555555555555";

/** A console export from another instance: the template and the flow are that instance's ARNs, with their display names beside them. */
function exportedFlow(templateName: string) {
  return flowDoc(
    [
      {
        Identifier: "task",
        Type: "CreateTask",
        Parameters: { Name: "", TaskTemplateId: `${FOREIGN}/task-template/c0ffee00-0020-4000-8000-000000000020`, ContactFlowId: `${FOREIGN}/contact-flow/c0ffee00-0003-4000-8000-000000000003` },
        Transitions: { NextAction: "bye", Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] },
      },
      { Identifier: "bye", Type: "DisconnectParticipant" },
    ],
    {
      type: "contactFlow",
      Metadata: {
        type: "contactFlow",
        ActionMetadata: { task: { position: { x: 0, y: 0 }, parameters: { TaskTemplateId: { displayName: templateName }, ContactFlowId: { displayName: "task flow" } } } },
      },
    },
  );
}

test("a template named by another instance's ARN is found by the display name the export keeps", async () => {
  const h = harness();
  h.publish(flowDoc([{ Identifier: "bye", Type: "DisconnectParticipant" }], { type: "contactFlow" }), "task flow");
  h.runtime.resources.taskTemplates.add({
    id: "local-template",
    arn: h.runtime.resources.arn("task-template", "local-template"),
    name: "Callback request",
    status: "ACTIVE",
    createdAt: 0,
    updatedAt: 0,
    raw: {},
    fields: [{ name: "Name", type: "NAME", required: true, readOnly: false, invisible: false, defaultValue: "Callback request" }],
  });
  h.publish(exportedFlow("Callback request"), "exported");
  h.publish(exportedFlow("Some other template"), "unmatched");

  const tasks = (): Contact[] => h.runtime.allSessions().map((s) => s.contact).filter((c) => c.channel === "TASK");
  await h.start("exported", { channel: "VOICE" });
  assert.equal(tasks().length, 1);
  assert.equal(tasks()[0].taskTemplateId, "local-template");
  assert.equal(tasks()[0].name, "Callback request", "the template's default names the task");

  const { session } = await h.start("unmatched", { channel: "VOICE" });
  assert.equal(tasks().length, 1, "no template by that ARN or name: no task");
  const step = session.trace.find((s) => s.kind === "action" && s.actionId === "task");
  assert.match(step && step.kind === "action" ? (step.detail ?? "") : "", /no task template matches/);
});
