/**
 * Behind a port mapping (the simulator in a container) the URLs the simulator hands back
 * must name the address the client reached, or the client cannot open its websocket.
 * A plain TCP forward on another port plays the mapping.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { CREDENTIALS, chatFixture, SocketProbe } from "../testing.js";

test("a client that reaches the simulator through a forwarded port gets websocket URLs on that port, and they work", async () => {
  const fx = await chatFixture();
  const target = new URL(fx.sim.endpoint);
  const sockets = new Set<Socket>();
  const forward = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => s.destroy());
      s.on("close", () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => forward.listen(0, "127.0.0.1", resolve));
  const port = (forward.address() as AddressInfo).port;
  const participant = new ConnectParticipantClient({ region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, credentials: CREDENTIALS, maxAttempts: 1 });
  try {
    const chat = await fx.startChat();
    const out = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: chat.ParticipantToken, Type: ["WEBSOCKET"] }));
    const url = new URL(out.Websocket!.Url!);
    assert.equal(url.host, `127.0.0.1:${port}`);
    const socket = await SocketProbe.subscribed(url.href);
    socket.close();
  } finally {
    participant.destroy();
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => forward.close(() => resolve()));
    await fx.close();
  }
});
