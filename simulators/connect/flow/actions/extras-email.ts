/**
 * Email types the service accepts without an action page (reference §2.5): Get stored
 * content (LoadContactContent) and the three actions the console's Send message block
 * writes for an email: RenderMessageTemplate → CreateContact → StartOutboundEmailContact.
 *
 * Decisions (the reference gives parameters but no semantics):
 * - An email contact's stored content is the message it started with
 *   (`initialMessage`); Get stored content copies it to `$.Email.EmailMessage.Plaintext`.
 * - The Send message fragments hand their work on within one contact: the rendered
 *   template and the created email contact are kept per contact until
 *   StartOutboundEmailContact sends them. Sending without both takes the Error branch.
 * - `MessageSourceType: "RAW"` means the rendered template is the body; the parameter
 *   carries no body of its own. DestinationEmailAddress has the API's EmailAddressInfo
 *   shape ({EmailAddress, DisplayName}), like FromEmailAddress.
 * - A sent email contact ends at once: it is delivered, and nobody answers it in flowsim.
 * - The message templates responder renders templates (default: none known → Error).
 */
import type { ActionContext, ActionDefinition, ParamSpec } from "../action.js";
import type { Contact, Endpoint } from "../contact.js";
import { HostError } from "../host.js";
import { errorDetail } from "./util.js";

interface PendingEmail {
  rendered?: { subject?: string; body: string; contentType?: string };
  created?: Contact;
}

const pending = new WeakMap<Contact, PendingEmail>();

function pendingFor(contact: Contact): PendingEmail {
  let p = pending.get(contact);
  if (!p) pending.set(contact, (p = {}));
  return p;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ADDRESS: ParamSpec = {
  dynamism: "static",
  kind: "object",
  required: true,
  fields: { EmailAddress: { dynamism: "single", required: true }, DisplayName: { dynamism: "any" } },
};

function addressOf(ctx: ActionContext, param: string): Endpoint | string {
  const raw = ctx.params[param] as Record<string, unknown>;
  const address = ctx.text(raw.EmailAddress);
  if (!address) return `${param}.EmailAddress ${String(raw.EmailAddress)} has no value`;
  if (!EMAIL.test(address)) return `${param}.EmailAddress ${JSON.stringify(address)} is not an email address`;
  const name = raw.DisplayName === undefined ? undefined : ctx.text(raw.DisplayName);
  return { Address: address, Type: "EMAIL_ADDRESS", ...(name ? { DisplayName: name } : {}) };
}

export const loadContactContent: ActionDefinition = {
  type: "LoadContactContent",
  family: "contact",
  params: { ContentType: { dynamism: "static", kind: "enum", enum: ["EmailMessage"], required: true } },
  errors: { allowed: ["NoMatchingError"], required: ["NoMatchingError"] },
  // Stored content exists only for email contacts.
  channels: { VOICE: "error", CHAT: "error", TASK: "error" },
  async run(ctx) {
    const content = ctx.contact.initialMessage;
    if (content === undefined) return { kind: "error", errorType: "NoMatchingError", detail: "the email contact has no stored content" };
    ctx.changed("Email", "EmailMessage.Plaintext", ctx.contact.emailMessage?.Plaintext, content);
    ctx.contact.emailMessage = { Plaintext: content };
    return { kind: "next" };
  },
};

export const renderMessageTemplate: ActionDefinition = {
  type: "RenderMessageTemplate",
  family: "interaction",
  params: {
    WisdomKnowledgeBaseArn: { dynamism: "any", required: true },
    WisdomMessageTemplateArn: { dynamism: "any", required: true },
  },
  errors: { allowed: ["NoMatchingError", "TemplateRenderingError"], recommended: ["NoMatchingError"] },
  async run(ctx) {
    const knowledgeBaseArn = ctx.text(ctx.params.WisdomKnowledgeBaseArn);
    const templateArn = ctx.text(ctx.params.WisdomMessageTemplateArn);
    if (!knowledgeBaseArn || !templateArn) return { kind: "error", errorType: "NoMatchingError", detail: `${knowledgeBaseArn ? "WisdomMessageTemplateArn" : "WisdomKnowledgeBaseArn"} has no value` };
    const answer = await ctx.host.responders.messageTemplate({ knowledgeBaseArn, templateArn, attributes: { ...ctx.contact.attributes } });
    const source = ctx.host.responders.lastSource("messageTemplates");
    ctx.note(`answered by ${source === "default" ? "the default message templates responder (knows no templates)" : source}`);
    if (answer.kind === "error") return { kind: "error", errorType: answer.errorType, detail: answer.message ?? `the template could not be rendered (${answer.errorType})` };
    pendingFor(ctx.contact).rendered = { subject: answer.subject, body: answer.body, contentType: answer.contentType };
    ctx.note(`rendered${answer.subject !== undefined ? ` "${answer.subject}"` : ""} (${answer.body.length} characters)`);
    return { kind: "next" };
  },
};

export const createContact: ActionDefinition = {
  type: "CreateContact",
  family: "contact",
  params: {
    Channel: { dynamism: "static", kind: "enum", enum: ["EMAIL"], required: true },
    RelatedContact: { dynamism: "static", kind: "enum", enum: ["CURRENT"] },
  },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  async run(ctx) {
    let created: Contact;
    try {
      created = await ctx.host.startOutboundContact(ctx.contact, { channel: "EMAIL", initiationMethod: "FLOW", related: ctx.params.RelatedContact === "CURRENT" });
    } catch (err) {
      if (err instanceof HostError) return { kind: "error", errorType: "NoMatchingError", detail: err.message };
      throw err;
    }
    pendingFor(ctx.contact).created = created;
    ctx.note(`created email contact ${created.id}`);
    return { kind: "next" };
  },
};

export const startOutboundEmailContact: ActionDefinition = {
  type: "StartOutboundEmailContact",
  family: "contact",
  params: {
    FromEmailAddress: ADDRESS,
    DestinationEmailAddress: ADDRESS,
    EmailMessage: { dynamism: "static", kind: "object", required: true, fields: { MessageSourceType: { dynamism: "static", kind: "enum", enum: ["RAW"], required: true } } },
  },
  errors: { allowed: ["NoMatchingError"], recommended: ["NoMatchingError"] },
  async run(ctx) {
    const state = pendingFor(ctx.contact);
    if (!state.created) return { kind: "error", errorType: "NoMatchingError", detail: "no email contact to send: CreateContact has not run before in this contact's flows" };
    if (!state.rendered) return { kind: "error", errorType: "NoMatchingError", detail: "no message to send: RenderMessageTemplate has not run before in this contact's flows" };
    const from = addressOf(ctx, "FromEmailAddress");
    if (typeof from === "string") return { kind: "error", errorType: "NoMatchingError", detail: from };
    const to = addressOf(ctx, "DestinationEmailAddress");
    if (typeof to === "string") return { kind: "error", errorType: "NoMatchingError", detail: to };
    const email = state.created;
    if (email.ended) return { kind: "error", errorType: "NoMatchingError", detail: `email contact ${email.id} has already ended` };
    email.customerEndpoint = to;
    email.systemEndpoint = from;
    if (state.rendered.subject !== undefined) email.segmentAttributes["connect:EmailSubject"] = { ValueString: state.rendered.subject };
    try {
      await ctx.host.say(email, { text: state.rendered.body, actionId: ctx.action.Identifier });
      await ctx.host.disconnect(email, "outbound email sent");
    } catch (err) {
      if (err instanceof HostError) return { kind: "error", errorType: "NoMatchingError", detail: errorDetail(err) };
      throw err;
    }
    pending.delete(ctx.contact);
    ctx.note(`sent email contact ${email.id} from ${from.Address} to ${to.Address}`);
    return { kind: "next" };
  },
};

export const definitions: ActionDefinition[] = [loadContactContent, renderMessageTemplate, createContact, startOutboundEmailContact];
