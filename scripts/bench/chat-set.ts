/**
 * Many chats on a simulator, each with its customer and its agent on websockets, made the
 * way clients make them: StartChatContact and CreateParticipantConnection through the real
 * AWS SDK clients (setup is not what is timed, so the SDK's cost does not matter here), and
 * the agent's side as support/drivers/agent.ts does it — accept on the control plane, the
 * agent's participant token from it, then CreateParticipantConnection and a socket.
 *
 * Everything opened is held by the ChatSet, so `close()` in a `finally` closes it all even
 * when setup fails halfway.
 */
import { ConnectClient, StartChatContactCommand } from "@aws-sdk/client-connect";
import { ConnectParticipantClient, CreateParticipantConnectionCommand } from "@aws-sdk/client-connectparticipant";
import { HttpLoad } from "./http-load.js";
import { openChatSocket, type ChatItemFrame, type ChatSocket } from "./chat-socket.js";
import type { SimReady } from "./sim-server.js";

export type Role = "CUSTOMER" | "AGENT";

export interface BenchChat {
  contactId: string;
  /** ConnectionTokens, for SendMessage. */
  tokens: Record<Role, string>;
}

export type ItemListener = (chat: number, at: Role, item: ChatItemFrame) => void;

/** Customers (or agents) set up at once: enough to keep the simulator busy, few enough not to time out. */
const SETUP_CONCURRENCY = 32;
const ACCEPT_RETRIES = 50;

/** Runs `fn` over 0..count-1, at most `limit` at a time; the first failure stops new work and is thrown. */
export async function forEachLimit(count: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < count) {
      const i = next++;
      await fn(i).catch((err) => (failure ??= err));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  if (failure !== undefined) throw failure;
}

export class ChatSet {
  readonly chats: BenchChat[] = [];
  /** Every socket opened, customers' and agents' (the heartbeats bench drives them). */
  readonly sockets: ChatSocket[] = [];
  private readonly connect: ConnectClient;
  private readonly participant: ConnectParticipantClient;
  private readonly control: HttpLoad;

  constructor(
    private readonly sim: SimReady,
    /** Where the sockets' chat items go; without it they are not read (see chat-socket.ts). */
    private readonly onItem?: ItemListener,
  ) {
    const common = { region: sim.region, endpoint: sim.endpoint, credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, maxAttempts: 1 };
    this.connect = new ConnectClient(common);
    this.participant = new ConnectParticipantClient(common);
    this.control = new HttpLoad(sim.endpoint, 16);
  }

  get openSockets(): number {
    return this.sockets.length;
  }

  /** `count` chats, customers first (the routing offers them to the agents), then each agent accepts theirs. */
  async open(count: number): Promise<void> {
    const byContact = new Map<string, number>();
    await forEachLimit(count, SETUP_CONCURRENCY, async (i) => {
      const chat = await this.connect.send(new StartChatContactCommand({ InstanceId: this.sim.instanceId, ContactFlowId: this.sim.flowId, ParticipantDetails: { DisplayName: `customer-${i}` } }));
      const customer = await this.connectParticipant(chat.ParticipantToken!, i, "CUSTOMER");
      this.chats[i] = { contactId: chat.ContactId!, tokens: { CUSTOMER: customer, AGENT: "" } };
      byContact.set(chat.ContactId!, i);
    });
    let accepted = 0;
    // A pass over every agent accepts what each was offered; another pass picks up offers made meanwhile.
    for (let pass = 0; pass < 5 && accepted < count; pass++) {
      await forEachLimit(this.sim.agents.length, SETUP_CONCURRENCY / 4, async (a) => {
        const agent = this.sim.agents[a];
        const view = JSON.parse((await this.control.call("GET", `/_flowsim/agents/${agent}`)).body) as { contacts?: { contactId: string; state: string }[] };
        for (const slot of view.contacts ?? []) {
          const i = byContact.get(slot.contactId);
          if (slot.state !== "offered" || i === undefined) continue;
          await this.accept(agent, slot.contactId, i);
          accepted++;
        }
      });
    }
    if (accepted < count) throw new Error(`only ${accepted} of ${count} chats were offered to an agent`);
  }

  private async accept(agent: string, contactId: string, i: number): Promise<void> {
    const base = `/_flowsim/agents/${agent}/contacts/${contactId}`;
    const accepted = await this.control.call("POST", `${base}/accept`);
    if (accepted.status !== 200) throw new Error(`accept ${contactId}: ${accepted.status} ${accepted.body}`);
    // The agent joins once the whisper flows have run; until then there is no participant to connect.
    for (let attempt = 0; ; attempt++) {
      const reply = await this.control.call("GET", `${base}/participant`);
      if (reply.status === 200) {
        this.chats[i].tokens.AGENT = await this.connectParticipant((JSON.parse(reply.body) as { participantToken: string }).participantToken, i, "AGENT");
        return;
      }
      if (attempt >= ACCEPT_RETRIES) throw new Error(`agent ${agent} never joined ${contactId}: ${reply.status} ${reply.body}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** CreateParticipantConnection (websocket and credentials, connecting the participant), then the socket; the ConnectionToken. */
  private async connectParticipant(participantToken: string, i: number, role: Role): Promise<string> {
    const conn = await this.participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ["WEBSOCKET", "CONNECTION_CREDENTIALS"], ConnectParticipant: true }));
    const onItem = this.onItem;
    const socket = await openChatSocket(conn.Websocket!.Url!, onItem && ((item) => onItem(i, role, item)));
    this.sockets.push(socket);
    return conn.ConnectionCredentials!.ConnectionToken!;
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
    this.sockets.length = 0;
    this.connect.destroy();
    this.participant.destroy();
    this.control.close();
  }
}
