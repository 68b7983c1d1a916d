import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lint, type LintReport } from "./lint.js";
import { runCommand } from "./command.js";
import { capture } from "./testing.js";
import { webexDoc } from "../webex/testing.js";

test("flowsim lint recognises Webex exports by shape and reports them in the same --json shape as Connect flows", async () => {
  const dir = await mkdtemp(join(tmpdir(), "flowsim-lint-"));
  try {
    const good = webexDoc({ main: [{ name: "NewPhoneContact", type: "NewPhoneContact", to: { out: "End" } }, { name: "End", type: "end" }] });
    const bad = webexDoc({ main: [{ name: "NewPhoneContact", type: "NewPhoneContact", to: { out: "Odd" } }, { name: "Odd", type: "record-voicemail" }] });
    await writeFile(join(dir, "a-good.json"), JSON.stringify(good));
    await writeFile(join(dir, "b-bad.json"), JSON.stringify(bad));
    await writeFile(join(dir, "c-template.json"), JSON.stringify({ category: "Samples", name: "T", flowType: "SUBFLOW", flow: JSON.stringify({ ...good, flowType: "SUBFLOW" }) }));
    await writeFile(join(dir, "d-connect.json"), JSON.stringify({ Version: "2019-10-30", StartAction: "bye", Metadata: { type: "contactFlow" }, Actions: [{ Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} }] }));
    const { io, out } = capture();
    const code = await runCommand(lint, ["--json", dir], io);
    const reports = JSON.parse(out.join("\n")) as LintReport[];
    assert.equal(code, 1, "one file has errors");
    assert.deepEqual(
      reports.map((r) => [r.file.split("/").pop(), r.ok, r.flowType]),
      [
        ["a-good.json", true, "WEBEX:FLOW"],
        ["b-bad.json", false, "WEBEX:FLOW"],
        ["c-template.json", true, "WEBEX:SUBFLOW"],
        ["d-connect.json", reports[3].ok, reports[3].flowType],
      ],
    );
    assert.ok(!reports[3].flowType.startsWith("WEBEX"), "Connect flows stay with the Connect loader");
    assert.deepEqual(Object.keys(reports[1]), ["file", "ok", "flowType", "errors", "warnings"]);
    assert.deepEqual(reports[1].errors, [{ action: "Odd", path: 'process.activities["Odd-id"].properties.activityName', message: 'activity "Odd" (id Odd-id) is a "record-voicemail", which the simulator does not support: it cannot run this flow' }]);

    const { io: textIo, out: text } = capture();
    await runCommand(lint, [join(dir, "b-bad.json")], textIo);
    const lines = text.join("\n").split("\n");
    assert.match(lines[0], /^FAIL .*b-bad\.json \(WEBEX:FLOW, 1 error\)$/);
    assert.match(lines[1], /error {3}\[Odd\] process\.activities\["Odd-id"\]\.properties\.activityName: activity "Odd"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
