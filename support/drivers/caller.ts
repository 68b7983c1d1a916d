/**
 * A person on the phone, simulated through the control plane (`/_flowsim/phone-numbers`,
 * `/_flowsim/calls`): they dial a number, hear the flow's prompts, press keys and hang up.
 * What happened to the call afterwards is read through the Connect API (DescribeContact),
 * as on any target. Callers exist only on a simulator: their steps declare so (capabilities.ts).
 */
import assert from "node:assert/strict";
import { DescribeContactCommand, type Contact } from "@aws-sdk/client-connect";
import type { FlowsimWorld } from "../world.js";
import type { ControlPlane } from "./control.js";
import { infrastructure, InfrastructureError } from "../report/errors.js";
import { scenarioState } from "../scenario-state.js";
import { flowIdOf } from "./setup.js";
import { nextOnTheClock, throughPrompts } from "./prompt-time.js";
import type { CallLog } from "../report/attachments.js";
import type { CallEvent } from "../report/render.js";

const POLL_MS = 25;

/** What the caller heard: one prompt as the control plane lists it. */
export interface HeardPrompt {
  at: string;
  actionId: string;
  text?: string;
  ssml?: string;
  promptId?: string;
  mediaUri?: string;
}

interface WaitingFor {
  label: string;
  actionId: string;
  accept: string[];
}

/** "+1 555 0100" as written in a feature → "+15550100". */
export function e164(number: string): string {
  return number.replace(/[\s().-]/g, "");
}

function controlOf(world: FlowsimWorld): ControlPlane {
  const control = world.target.control;
  if (!control) throw new InfrastructureError("setup", "a simulated caller needs the simulator's control plane (the step must declare what it needs: requires in support/capabilities.ts)");
  return control;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spoken(p: HeardPrompt): string {
  return p.text ?? p.ssml ?? (p.promptId ? `[prompt ${p.promptId}]` : p.mediaUri ? `[audio ${p.mediaUri}]` : "");
}

export class Caller {
  /**
   * What the caller did (keys, hanging up) at the target's time, for the evidence beside
   * what they heard; with how many prompts they had heard by then, since a prompt the key
   * brings on plays at the same moment of the virtual clock.
   */
  private readonly actions: { event: CallEvent; afterPrompts: number }[] = [];

  private constructor(
    private readonly world: FlowsimWorld,
    /** The caller's own number (E.164). */
    readonly number: string,
    readonly contactId: string,
  ) {}

  /** Claims a number for the scenario and points it at a flow, as the console's phone number settings do. */
  static async mapNumber(world: FlowsimWorld, number: string, flow: string): Promise<void> {
    await controlOf(world).post("/phone-numbers", { number: e164(number), flow: await flowIdOf(world, flow) });
  }

  /** Dials `to` from `from`; returns once the flow has reached its first wait. */
  static async call(world: FlowsimWorld, from: string, to: string): Promise<Caller> {
    const res = await controlOf(world).post<{ contactId: string }>("/calls", { from: e164(from), to: e164(to) });
    const caller = new Caller(world, e164(from), res.contactId);
    callersOf(world).add(caller);
    world.contacts.set(`call from ${caller.number}`, caller.contactId);
    world.contacts.set("call", caller.contactId);
    world.currentContactId = caller.contactId;
    return caller;
  }

  async prompts(): Promise<HeardPrompt[]> {
    const res = await controlOf(this.world).get<{ prompts: HeardPrompt[] }>(`/calls/${this.contactId}/prompts`);
    return res.prompts;
  }

  /** Everything heard so far, one line each, for assertion messages. */
  async transcript(): Promise<string> {
    const prompts = await this.prompts();
    return prompts.length ? prompts.map((p) => `  ${p.at} ${p.actionId}: ${spoken(p)}`).join("\n") : "  (nothing)";
  }

  /** Waits until the caller has heard `text` (within a prompt) at least `times` times. */
  async waitToHear(text: string, times = 1): Promise<void> {
    const heardEnough = async () => ((await this.prompts()).filter((p) => spoken(p).includes(text)).length >= times ? true : undefined);
    if (await throughPrompts(this.world, heardEnough)) return;
    const deadline = Date.now() + this.world.target.patienceMs;
    for (;;) {
      if (await heardEnough()) return;
      if (Date.now() > deadline) {
        assert.fail(`the caller from ${this.number} did not hear ${JSON.stringify(text)}${times > 1 ? ` ${times} times` : ""}; they heard:\n${await this.transcript()}${await nextOnTheClock(this.world)}`);
      }
      await sleep(POLL_MS);
    }
  }

  /** Waits until the caller has heard each text (within a prompt) after the one before it. */
  async waitToHearInOrder(texts: string[]): Promise<void> {
    const heardAll = async () => {
      let from = 0;
      const prompts = (await this.prompts()).map(spoken);
      for (const text of texts) {
        const at = prompts.findIndex((p, i) => i >= from && p.includes(text));
        if (at < 0) return undefined;
        from = at + 1;
      }
      return true;
    };
    if (await throughPrompts(this.world, heardAll)) return;
    const deadline = Date.now() + this.world.target.patienceMs;
    while (Date.now() <= deadline) {
      if (await heardAll()) return;
      await sleep(POLL_MS);
    }
    assert.fail(`the caller from ${this.number} did not hear, in this order: ${texts.map((t) => JSON.stringify(t)).join(", ")}; they heard:\n${await this.transcript()}${await nextOnTheClock(this.world)}`);
  }

  async hasHeard(text: string): Promise<boolean> {
    return (await this.prompts()).some((p) => spoken(p).includes(text));
  }

  /**
   * Presses keys once a block listens for them. A key pressed while nothing collects
   * digits is lost, as on a real call, so pressing into silence fails the step.
   */
  async press(digits: string): Promise<void> {
    const control = controlOf(this.world);
    // A prompt still playing before the block that listens plays out first.
    await throughPrompts(this.world, async () => {
      const contact = await control.get<{ waiting: WaitingFor[]; endedAt?: string }>(`/contacts/${this.contactId}`);
      return contact.endedAt || contact.waiting.some((w) => w.accept.includes("dtmf")) ? true : undefined;
    });
    const deadline = Date.now() + this.world.target.patienceMs;
    let waiting: WaitingFor[] = [];
    for (;;) {
      const contact = await control.get<{ waiting: WaitingFor[]; endedAt?: string }>(`/contacts/${this.contactId}`);
      waiting = contact.waiting;
      if (contact.endedAt) assert.fail(`the caller from ${this.number} cannot press ${digits}: the call ended at ${contact.endedAt}; they heard:\n${await this.transcript()}`);
      if (waiting.some((w) => w.accept.includes("dtmf"))) break;
      if (Date.now() > deadline) {
        assert.fail(`the caller from ${this.number} pressed ${digits} but no block was listening for keys (the flow waits for: ${JSON.stringify(waiting.map((w) => w.label))}); they heard:\n${await this.transcript()}${await nextOnTheClock(this.world)}`);
      }
      await sleep(POLL_MS);
    }
    await this.record("pressed", digits);
    const res = await control.post<{ consumed: boolean }>(`/calls/${this.contactId}/keys`, { digits });
    assert.ok(res.consumed, `the keys ${digits} pressed by the caller from ${this.number} were not taken by the flow`);
  }

  async hangUp(): Promise<void> {
    await this.record("hung up", "");
    await controlOf(this.world).post(`/calls/${this.contactId}/hangup`);
  }

  private async record(kind: "pressed" | "hung up", text: string): Promise<void> {
    this.actions.push({ event: { at: await this.world.now(), kind, text }, afterPrompts: (await this.prompts()).length });
  }

  /** The call as the caller lived it: every prompt heard and every key pressed, in the order they happened. */
  async log(): Promise<CallLog> {
    const heard = (await this.prompts()).map((p): CallEvent => ({ at: Date.parse(p.at), kind: "heard", actionId: p.actionId, text: spoken(p) }));
    const events: CallEvent[] = [];
    heard.forEach((prompt, i) => {
      events.push(...this.actions.filter((a) => a.afterPrompts === i).map((a) => a.event), prompt);
    });
    events.push(...this.actions.filter((a) => a.afterPrompts >= heard.length).map((a) => a.event));
    return { caller: `from ${this.number}`, events };
  }

  /** The call as the Connect API describes it. */
  async describe(): Promise<Contact> {
    const { target } = this.world;
    const res = await infrastructure(`describing the call from ${this.number}`, () => target.connect.send(new DescribeContactCommand({ InstanceId: target.instanceId, ContactId: this.contactId })));
    if (!res.Contact) throw new InfrastructureError("target-error", `DescribeContact returned no contact for ${this.contactId}`);
    return res.Contact;
  }

  /** Waits until the call has ended (DescribeContact has a DisconnectTimestamp). */
  async waitForEnd(): Promise<Contact> {
    const ended = async () => {
      const contact = await this.describe();
      return contact.DisconnectTimestamp ? contact : undefined;
    };
    const afterPrompts = await throughPrompts(this.world, ended);
    if (afterPrompts) return afterPrompts;
    const deadline = Date.now() + this.world.target.patienceMs;
    for (;;) {
      const contact = await ended();
      if (contact) return contact;
      if (Date.now() > deadline) assert.fail(`the call from ${this.number} has not ended; they heard:\n${await this.transcript()}${await nextOnTheClock(this.world)}`);
      await sleep(POLL_MS);
    }
  }
}

/** The callers of one scenario, in the order they called. */
export class Callers {
  private readonly list: Caller[] = [];

  add(caller: Caller): void {
    this.list.push(caller);
  }

  all(): readonly Caller[] {
    return this.list;
  }

  /** "the caller": the one who called last. */
  latest(): Caller {
    const caller = this.list.at(-1);
    if (!caller) throw new Error('no caller in this scenario yet; add "When a caller from "+1..." calls "+1...""');
    return caller;
  }

  from(number: string): Caller {
    const wanted = e164(number);
    const caller = [...this.list].reverse().find((c) => c.number === wanted);
    if (!caller) throw new Error(`no caller from ${wanted} in this scenario (callers: ${this.list.map((c) => c.number).join(", ") || "none"})`);
    return caller;
  }
}

const callers = scenarioState(() => new Callers());

export function callersOf(world: FlowsimWorld): Callers {
  return callers.of(world);
}

/** Every call of the scenario as its caller lived it (none when nobody called). */
export async function callLogs(world: FlowsimWorld): Promise<CallLog[]> {
  return Promise.all((callers.peek(world)?.all() ?? []).map((c) => c.log()));
}
