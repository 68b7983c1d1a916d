/** ListTestCaseExecutionRecords has no SDK paginator: every page of one execution's records, by hand. */
import { ListTestCaseExecutionRecordsCommand, type ConnectClient, type ExecutionRecord } from "@aws-sdk/client-connect";

export interface ExecutionIds {
  InstanceId: string;
  TestCaseId: string;
  TestCaseExecutionId: string;
}

export async function listExecutionRecords(connect: ConnectClient, ids: ExecutionIds): Promise<ExecutionRecord[]> {
  const out: ExecutionRecord[] = [];
  let NextToken: string | undefined;
  do {
    const page = await connect.send(new ListTestCaseExecutionRecordsCommand({ ...ids, NextToken, MaxResults: 100 }));
    out.push(...(page.ExecutionRecords ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}
