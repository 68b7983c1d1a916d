/**
 * `flowsim pull`: exports what a Connect instance runs (its published flows and modules, its
 * queues, hours, routing profiles, quick connects and task templates) and writes the staging
 * config that maps the names features use to its ids, so that the simulator runs the flows
 * staging runs and the staging profile needs no hand mapping. The real SDK with the default
 * credential chain (credentials are never printed); `--endpoint` points it at a simulator.
 */
import { ConnectClient } from "@aws-sdk/client-connect";
import { join } from "node:path";
import { defineCommand } from "./command.js";
import { readInstance } from "./pull/read-instance.js";
import { CONFIG_FILE, ForeignFolderError, writeExport, type Written } from "./pull/write-export.js";

export const pull = defineCommand({
  name: "pull",
  summary: "export an instance's published flows and resources, and write the staging config for it",
  options: {
    region: { type: "string", value: "R", env: "FLOWSIM_STAGING_REGION", required: true, description: "the instance's region" },
    "instance-id": { type: "string", value: "ID", env: "FLOWSIM_STAGING_INSTANCE_ID", required: true, description: "the instance to export" },
    out: { type: "string", value: "DIR", required: true, description: `where to write flows/, resources/ and ${CONFIG_FILE}; an earlier pull there is replaced` },
    endpoint: { type: "string", value: "URL", env: "FLOWSIM_STAGING_ENDPOINT", description: "the Connect API's URL, for a simulator standing in for the service" },
  },
  async run({ values }, io) {
    const { region, "instance-id": instanceId, out, endpoint } = values;
    const client = new ConnectClient({ region, ...(endpoint !== undefined && { endpoint }) });
    try {
      const contents = await readInstance(client, instanceId, { onRetry: ({ error, waitMs }) => io.err(`flowsim pull: ${error.name}, retrying in ${waitMs} ms`) });
      const written = await writeExport(out, contents, { region, instanceId });
      for (const line of summary(out, written, contents.skipped)) io.out(line);
      return 0;
    } catch (err) {
      const e = err as Error;
      io.err(`flowsim pull: ${err instanceof ForeignFolderError ? e.message : `${e.name}: ${e.message}`}`);
      return 1;
    } finally {
      client.destroy();
    }
  },
});

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function summary(dir: string, written: Written, skipped: string[]): string[] {
  const inFolder = (folder: string) => written.files.filter((f) => f.startsWith(join(folder, ""))).length;
  const names = written.config.names;
  return [
    `flowsim pull: instance ${written.config.instanceId} (${written.config.region}) → ${dir}`,
    `  ${count(inFolder(join("flows", "modules")), "module")}, ${count(inFolder("flows") - inFolder(join("flows", "modules")), "flow")} in ${join(dir, "flows")}`,
    ...(skipped.length ? [`  not published, left out: ${skipped.join(", ")}`] : []),
    ...written.files.filter((f) => f.startsWith(join("resources", ""))).map((f) => `  ${join(dir, f)}`),
    `  ${join(dir, CONFIG_FILE)}: ${Object.entries(names).map(([kind, byName]) => `${Object.keys(byName).length} ${kind}`).join(", ")}; flow logs in ${written.config.flowLogs.logGroup}`,
    ...written.clashes.map((c) => `  warning: two resources share the name ${c}; the config keeps the first`),
  ];
}
