import { test } from "node:test";
import assert from "node:assert/strict";
import { AssociateLambdaFunctionCommand, DisassociateLambdaFunctionCommand, ListLambdaFunctionsCommand, paginateListLambdaFunctions } from "@aws-sdk/client-connect";
import { startSdkSim } from "../testing.js";

const arn = (name: string) => `arn:aws:lambda:eu-central-1:111122223333:function:${name}`;

test("functions associated with the instance are listed in order, paged by 25, once each; disassociating removes one", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    for (let i = 0; i < 30; i++) await client.send(new AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn(`fn-${i}`) }));
    await client.send(new AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn("fn-0") }));
    const first = await client.send(new ListLambdaFunctionsCommand({ InstanceId }));
    assert.equal(first.LambdaFunctions?.length, 25);
    const all: string[] = [];
    for await (const page of paginateListLambdaFunctions({ client }, { InstanceId })) all.push(...(page.LambdaFunctions ?? []));
    assert.deepEqual(all, Array.from({ length: 30 }, (_, i) => arn(`fn-${i}`)));
    await client.send(new DisassociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn("fn-3") }));
    const after = (await client.send(new ListLambdaFunctionsCommand({ InstanceId, MaxResults: 25, NextToken: (await client.send(new ListLambdaFunctionsCommand({ InstanceId }))).NextToken }))).LambdaFunctions;
    assert.equal(after?.length, 4);
  } finally {
    await close();
  }
});

test("what is not a function ARN is refused by name, as is a function never associated", async () => {
  const { client, InstanceId, close } = await startSdkSim();
  try {
    await assert.rejects(client.send(new AssociateLambdaFunctionCommand({ InstanceId, FunctionArn: "customer-lookup" })), { name: "InvalidParameterException", message: /Value 'customer-lookup' at 'functionArn'/ });
    await assert.rejects(client.send(new DisassociateLambdaFunctionCommand({ InstanceId, FunctionArn: arn("never") })), { name: "ResourceNotFoundException", message: /is not associated/ });
    await assert.rejects(client.send(new ListLambdaFunctionsCommand({ InstanceId, MaxResults: 26 })), { name: "InvalidParameterException" });
  } finally {
    await close();
  }
});
