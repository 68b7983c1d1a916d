import { createServer } from "node:http";
import { ConnectClient, ListQueuesCommand } from "@aws-sdk/client-connect";
const server = createServer((req, res) => { if (req.url?.includes("throttle")) {} });
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as any).port;
const c = new ConnectClient({ region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1, requestHandler: { requestTimeout: 200 } });
try { await c.send(new ListQueuesCommand({ InstanceId: "x" })); } catch (e: any) { console.log(e.name, e.code, e.message); }
const s2 = createServer((req, res) => { res.writeHead(403, { "content-type": "application/json", "x-amzn-errortype": "UnrecognizedClientException" }); res.end(JSON.stringify({ message: "The security token included in the request is invalid." })); });
await new Promise<void>((r) => s2.listen(0, "127.0.0.1", r));
const c2 = new ConnectClient({ region: "us-east-1", endpoint: `http://127.0.0.1:${(s2.address() as any).port}`, credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1 });
try { await c2.send(new ListQueuesCommand({ InstanceId: "x" })); } catch (e: any) { console.log(e.name, e.message); }
server.closeAllConnections(); server.close(); s2.close(); c.destroy(); c2.destroy();
