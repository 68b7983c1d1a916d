/** Queues a scenario or the staging rehearsal's deploy creates: on the instance's Basic Hours, as a new queue in the console. */
import { CreateQueueCommand, ListHoursOfOperationsCommand, type ConnectClient } from "@aws-sdk/client-connect";
import { InfrastructureError } from "../report/errors.js";

type On = { connect: ConnectClient; instanceId: string };

/** The instance's Basic Hours (or, on an instance without them, its first hours). */
export async function basicHoursId(target: On): Promise<string> {
  const res = await target.connect.send(new ListHoursOfOperationsCommand({ InstanceId: target.instanceId }));
  const basic = res.HoursOfOperationSummaryList?.find((h) => h.Name === "Basic Hours") ?? res.HoursOfOperationSummaryList?.[0];
  if (!basic?.Id) throw new InfrastructureError("setup", `the instance ${target.instanceId} has no hours of operation to attach a queue to`);
  return basic.Id;
}

export async function createQueue(target: On, name: string, hoursId: string): Promise<{ id: string; arn?: string }> {
  const res = await target.connect.send(new CreateQueueCommand({ InstanceId: target.instanceId, Name: name, HoursOfOperationId: hoursId }));
  return { id: res.QueueId!, arn: res.QueueArn };
}
