/**
 * Routing profiles as features write them:
 *
 * | channel | concurrency | other channels at the same time |
 * | voice   | 1           | yes                             |
 * | tasks   | 2           | no                              |
 *
 * Created by a scenario on a simulator, and by the staging rehearsal's deploy.
 */
import { CreateRoutingProfileCommand, type Channel, type ConnectClient, type MediaConcurrency } from "@aws-sdk/client-connect";
import { ScenarioError } from "../report/errors.js";

const CHANNELS: Record<string, Channel> = { voice: "VOICE", calls: "VOICE", chat: "CHAT", chats: "CHAT", task: "TASK", tasks: "TASK", email: "EMAIL" };

/** The table's rows (its first row the header) as the API's media concurrencies. */
export function routingConcurrencies(rows: readonly (readonly string[])[]): MediaConcurrency[] {
  const [header = [], ...body] = rows;
  return body.map((cells) => {
    const row = Object.fromEntries(header.map((h, i) => [h.trim(), cells[i] ?? ""]));
    const channel = CHANNELS[(row.channel ?? "").trim().toLowerCase()];
    if (!channel) throw new ScenarioError(`unknown channel "${row.channel ?? ""}" in the routing profile (voice, chat, tasks, email)`);
    const cross = (row["other channels at the same time"] ?? "no").trim().toLowerCase();
    return { Channel: channel, Concurrency: Number(row.concurrency || 1), CrossChannelBehavior: { BehaviorType: cross === "yes" ? "ROUTE_ANY_CHANNEL" : "ROUTE_CURRENT_CHANNEL_ONLY" } };
  });
}

/** CreateRoutingProfile over one queue, every channel at priority 1. */
export async function createRoutingProfile(
  target: { connect: ConnectClient; instanceId: string },
  name: string,
  queueId: string,
  concurrencies: MediaConcurrency[],
  description: string,
): Promise<{ id: string; arn?: string }> {
  const res = await target.connect.send(
    new CreateRoutingProfileCommand({
      InstanceId: target.instanceId,
      Name: name,
      Description: description,
      DefaultOutboundQueueId: queueId,
      MediaConcurrencies: concurrencies,
      QueueConfigs: concurrencies.map((c) => ({ QueueReference: { QueueId: queueId, Channel: c.Channel }, Priority: 1, Delay: 0 })),
    }),
  );
  return { id: res.RoutingProfileId!, arn: res.RoutingProfileArn };
}
