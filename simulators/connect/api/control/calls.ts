/**
 * A simulated caller, and a look inside contacts.
 *
 * | Method | Path | Body | Answer |
 * |---|---|---|---|
 * | POST | /_flowsim/phone-numbers | `{number: "+1...", flow: id/ARN/name}` | `{id, arn, number}` |
 * | POST | /_flowsim/calls | `{to: "+1..." (a number mapped to a flow) or flow: id/ARN/name, from: "+1...", attributes?}` | `{contactId}` |
 * | POST | /_flowsim/calls/{contactId}/keys | `{digits: "2"}` | `{consumed, waiting}` |
 * | POST | /_flowsim/calls/{contactId}/speech | `{text}` (what the caller says, for Lex) | `{consumed, waiting}` |
 * | GET | /_flowsim/calls/{contactId}/prompts | | `{prompts: [{at, actionId, text?, ssml?, promptId?, mediaUri?}]}` |
 * | POST | /_flowsim/calls/{contactId}/hangup | | `{}` |
 * | GET | /_flowsim/contacts | | `{contacts: [summary]}` |
 * | GET | /_flowsim/contacts/{contactId} | | summary with attributes, its place in its queue (`queuePosition`, oldest first) and what the flow waits for |
 * | GET | /_flowsim/contacts/{contactId}/trace | | `{steps: [...]}` (the path through the flows) |
 * | POST | /_flowsim/contacts/{contactId}/input | an input event `{kind: "dtmf", digits}`, `{kind: "view-result", action, viewResultData}`... | `{consumed, waiting}` |
 */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { controlError } from "./errors.js";
import { isoTime } from "../../../kernel/clock.js";
import type { InputEvent } from "../../flow/host.js";
import type { Contact } from "../../flow/contact.js";
import { aContactOn } from "../../flow/flow-types.js";

const E164 = /^\+[1-9]\d{6,14}$/;

export function summary(api: ApiContext, contact: Contact) {
  const session = api.runtime.session(contact.id);
  return {
    contactId: contact.id,
    arn: contact.arn,
    channel: contact.channel,
    state: contact.state,
    initiationMethod: contact.initiationMethod,
    initialContactId: contact.initialContactId,
    previousContactId: contact.previousContactId,
    relatedContactId: contact.relatedContactId,
    queue: contact.queue ? { id: contact.queue.id, name: contact.queue.name } : undefined,
    // 1 for the contact that has waited longest in its queue; absent when it is not waiting in one.
    queuePosition: contact.queue ? api.runtime.queues.waitingIn(contact.queue.id).findIndex((c) => c.id === contact.id) + 1 || undefined : undefined,
    agentId: contact.agentId,
    name: contact.name,
    attributes: contact.attributes,
    initiatedAt: isoTime(contact.initiationTimestamp),
    endedAt: contact.disconnectTimestamp === undefined ? undefined : isoTime(contact.disconnectTimestamp),
    disconnectReason: contact.disconnectReason,
    waiting: session?.inputs.waiting().map((w) => ({ ...w, since: isoTime(w.since), timeoutAt: w.timeoutAt === undefined ? undefined : isoTime(w.timeoutAt) })) ?? [],
    engineErrors: session?.engineErrors.map((e) => e.message) ?? [],
  };
}

function contactOf(api: ApiContext, id: string): Contact {
  const contact = api.runtime.findContact(id);
  if (!contact) throw controlError.notFound(`no contact ${id}`);
  return contact;
}

function deliver(api: ApiContext, contact: Contact, event: InputEvent) {
  if (contact.ended) throw controlError.conflict(`contact ${contact.id} has ended`);
  const consumed = api.runtime.deliverInput(contact.id, event);
  return { body: { consumed, waiting: summary(api, contact).waiting } };
}

const INPUT_KINDS = ["dtmf", "message", "utterance", "view-result", "customer-returned", "bot-disconnected"] as const;

export function callRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  return [
    {
      method: "POST",
      pattern: "/_flowsim/phone-numbers",
      operation: "MapPhoneNumber",
      handler: (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const number = v.string("number", { required: true, pattern: E164 });
        const flowRef = v.string("flow", { required: true, min: 1 });
        v.check();
        const flow = rt.findFlow(flowRef!, "flow");
        if (!flow) throw controlError.notFound(`no published flow matches "${flowRef}"`);
        const existing = rt.resources.phoneNumbers.find(number!);
        const id = existing?.id ?? rt.ids.uuid();
        rt.resources.phoneNumbers.add({ id, arn: `arn:aws:connect:${rt.instance.region}:${rt.instance.accountId}:phone-number/${id}`, name: number!, contactFlowId: flow.id });
        return { body: { id, arn: rt.resources.phoneNumbers.get(id)!.arn, number } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/calls",
      operation: "StartCall",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const to = v.string("to", { pattern: E164 });
        const flowRef = v.string("flow", { min: 1 });
        const from = v.string("from", { required: true, pattern: E164 });
        const attributes = v.stringMap("attributes");
        v.check();
        if ((to === undefined) === (flowRef === undefined)) throw controlError.badRequest("give either to (a phone number) or flow");
        let flowId = flowRef;
        if (to !== undefined) {
          const number = rt.resources.phoneNumbers.find(to);
          if (!number?.contactFlowId) throw controlError.notFound(`no flow answers ${to}: map it with POST /_flowsim/phone-numbers`);
          flowId = number.contactFlowId;
        }
        const flow = rt.findFlow(flowId!, "flow");
        if (!flow) throw controlError.notFound(`no published flow matches "${flowId}"`);
        const contact = rt.startContact({
          channel: "VOICE",
          flow,
          initiationMethod: "INBOUND",
          customerEndpoint: { Address: from!, Type: "TELEPHONE_NUMBER" },
          systemEndpoint: to ? { Address: to, Type: "TELEPHONE_NUMBER" } : undefined,
          attributes,
        });
        await rt.whenIdle();
        return { body: { contactId: contact.id } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/calls/{ContactId}/keys",
      operation: "PressKeys",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const digits = v.string("digits", { required: true, min: 1, pattern: /^[0-9*#]+$/ });
        v.check();
        const contact = contactOf(api, req.labels.ContactId);
        if (contact.channel !== "VOICE") throw controlError.conflict(`contact ${contact.id} is ${aContactOn(contact.channel)}, not a call`);
        const reply = deliver(api, contact, { kind: "dtmf", digits: digits! });
        await rt.whenIdle();
        return { body: { ...reply.body, waiting: summary(api, contact).waiting } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/calls/{ContactId}/speech",
      operation: "Speak",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const text = v.string("text", { required: true, min: 1 });
        v.check();
        const contact = contactOf(api, req.labels.ContactId);
        const reply = deliver(api, contact, { kind: "utterance", text: text! });
        await rt.whenIdle();
        return { body: { ...reply.body, waiting: summary(api, contact).waiting } };
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/calls/{ContactId}/prompts",
      operation: "ListPrompts",
      handler: (req) => {
        const contact = contactOf(api, req.labels.ContactId);
        const prompts = rt.session(contact.id)?.prompts ?? [];
        return { body: { prompts: prompts.map((p) => ({ ...p, at: isoTime(p.at) })) } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/calls/{ContactId}/hangup",
      operation: "HangUp",
      handler: async (req) => {
        const contact = contactOf(api, req.labels.ContactId);
        await rt.disconnect(contact, "the caller hung up");
        return { body: {} };
      },
    },
    {
      method: "GET",
      pattern: "/_flowsim/contacts",
      operation: "ListContacts",
      handler: () => ({ body: { contacts: rt.allSessions().map((s) => summary(api, s.contact)) } }),
    },
    {
      method: "GET",
      pattern: "/_flowsim/contacts/{ContactId}",
      operation: "DescribeContact",
      handler: (req) => ({ body: summary(api, contactOf(api, req.labels.ContactId)) }),
    },
    {
      method: "GET",
      pattern: "/_flowsim/contacts/{ContactId}/trace",
      operation: "GetTrace",
      handler: (req) => {
        const contact = contactOf(api, req.labels.ContactId);
        return { body: { steps: (rt.session(contact.id)?.trace ?? []).map((s) => ({ ...s, at: isoTime(s.at) })) } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/contacts/{ContactId}/input",
      operation: "DeliverInput",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const kind = v.string("kind", { required: true, enum: INPUT_KINDS });
        if (kind === "dtmf") v.string("digits", { required: true, min: 1, pattern: /^[0-9*#]+$/ });
        if (kind === "message" || kind === "utterance") v.string("text", { required: true });
        if (kind === "view-result") v.string("action", { required: true, min: 1 });
        v.check();
        const b = req.body;
        const event: InputEvent =
          kind === "dtmf"
            ? { kind, digits: b.digits as string }
            : kind === "message"
              ? { kind, text: b.text as string, participantRole: "CUSTOMER" }
              : kind === "utterance"
                ? { kind, text: b.text as string }
                : kind === "view-result"
                  ? { kind, action: b.action as string, viewResultData: b.viewResultData }
                  : { kind: kind as "customer-returned" | "bot-disconnected" };
        const reply = deliver(api, contactOf(api, req.labels.ContactId), event);
        await rt.whenIdle();
        return reply;
      },
    },
  ];
}
