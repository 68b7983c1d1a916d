/**
 * ShowView (reference §2.1, §5.7): renders a view with its ViewData and waits for the
 * user's action. `$.Views.Action` is the button or action chosen (the run result) and
 * `$.Views.ViewResultData` what the view returned.
 */
import { onlyIn, type ActionContext, type ActionDefinition, type Outcome } from "../action.js";
import { isObject, num } from "./util.js";

const q = (v: unknown) => JSON.stringify(v);

/**
 * ViewData values with every reference resolved, however deeply nested: a whole-value
 * reference gives the referenced value, text gets its references replaced (missing ones
 * become empty text, as in any flow text).
 */
function resolveDeep(ctx: ActionContext, value: unknown): unknown {
  if (typeof value === "string") {
    const resolved = ctx.value(value);
    return resolved === undefined ? "" : resolved;
  }
  if (Array.isArray(value)) return value.map((x) => resolveDeep(ctx, x));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, x]) => [ctx.text(k) ?? k, resolveDeep(ctx, x)]));
  return value;
}

/** AWS-managed views are named (`form`, `after-contact-work`); anything else is a view of this instance or a full ARN. */
function viewArnOf(ctx: ActionContext, id: string, version: string | undefined): string {
  if (id.startsWith("arn:")) return id;
  const qualifier = version && version !== "Latest" ? `:${version}` : "";
  if (/^[a-z]+(-[a-z]+)*$/.test(id)) return `arn:aws:connect:${ctx.host.instance.region}:aws:view/${id}${qualifier}`;
  return `${ctx.host.instance.arn}/view/${id}${qualifier}`;
}

async function run(ctx: ActionContext): Promise<Outcome> {
  // Guides reach agents as their own chat contacts (DefaultAgentUI / DisconnectAgentUI event hooks), so only chat renders views.
  if (ctx.contact.channel !== "CHAT") {
    return {
      kind: "error",
      errorType: "NoMatchingError",
      detail: `ShowView renders only on chat: step-by-step guides for ${ctx.contact.channel} contacts run as a separate chat contact (set with UpdateContactEventHooks DefaultAgentUI), not in the ${ctx.contact.channel} contact's own flow`,
    };
  }
  const resource = isObject(ctx.params.ViewResource) ? ctx.params.ViewResource : {};
  const id = ctx.text(resource.Id);
  if (!id) return { kind: "error", errorType: "NoMatchingError", detail: `ViewResource.Id ${q(resource.Id)} has no value: there is no view to render` };
  const version = ctx.text(resource.Version);
  const rawLimit = ctx.value(ctx.params.InvocationTimeLimitSeconds);
  const seconds = num(rawLimit);
  if (seconds === undefined || !Number.isInteger(seconds) || seconds <= 0) {
    return { kind: "error", errorType: "NoMatchingError", detail: `InvocationTimeLimitSeconds resolved to ${q(rawLimit)}, not a positive whole number of seconds` };
  }
  const viewArn = viewArnOf(ctx, id, version);
  const viewData = resolveDeep(ctx, isObject(ctx.params.ViewData) ? ctx.params.ViewData : {});
  const sensitive = isObject(ctx.params.SensitiveDataConfiguration) && Array.isArray(ctx.params.SensitiveDataConfiguration.HideResponseOn) && ctx.params.SensitiveDataConfiguration.HideResponseOn.includes("TRANSCRIPT");

  // A view answer belongs to this showing only: a timeout or error leaves no stale Action behind.
  const before = ctx.contact.views;
  ctx.contact.views = {};
  const outcome = await awaitView(ctx, { id, viewArn, version, viewData, seconds, sensitive });
  // "This view has sensitive data": the response stays out of transcripts, and so out of the trace.
  const shown = (data: unknown) => (data === undefined ? undefined : sensitive ? "(hidden: SensitiveDataConfiguration)" : JSON.stringify(data));
  ctx.changed("Views", "Action", before.Action, ctx.contact.views.Action);
  ctx.changed("Views", "ViewResultData", shown(before.ViewResultData), shown(ctx.contact.views.ViewResultData));
  return outcome;
}

async function awaitView(ctx: ActionContext, view: { id: string; viewArn: string; version?: string; viewData: unknown; seconds: number; sensitive: boolean }): Promise<Outcome> {
  const { id, viewArn, version, viewData, seconds, sensitive } = view;
  const event = await ctx.host.awaitInput(
    ctx.contact,
    { accept: ["view-result"], timeoutMs: seconds * 1000, label: `showing view ${id} (${ctx.action.Identifier})`, actionId: ctx.action.Identifier, detail: { viewArn, viewId: id, viewVersion: version, viewData, sensitive } },
    ctx.signal,
  );
  if (!event) return { kind: "error", errorType: "TimeLimitExceeded", detail: `no answer from view ${id} within ${seconds} s` };
  if (event.kind !== "view-result" || typeof event.action !== "string" || event.action === "") {
    return { kind: "error", errorType: "NoMatchingError", detail: "the view returned no action: its output could not be captured" };
  }
  ctx.contact.views = { Action: event.action, ViewResultData: event.viewResultData };
  return { kind: "result", value: event.action };
}

export const showView: ActionDefinition = {
  type: "ShowView",
  family: "participant",
  params: {
    ViewResource: {
      dynamism: "static",
      kind: "object",
      required: true,
      fields: { Id: { dynamism: "single", required: true }, Version: { dynamism: "static" } },
    },
    InvocationTimeLimitSeconds: { dynamism: "single", kind: "integer", min: 1, required: true },
    ViewData: { dynamism: "any", kind: "map", values: { dynamism: "any", kind: "any" } },
    SensitiveDataConfiguration: {
      dynamism: "static",
      kind: "object",
      fields: { HideResponseOn: { dynamism: "static", kind: "array", items: { dynamism: "static", kind: "enum", enum: ["TRANSCRIPT"] } } },
    },
  },
  // The console writes all three and the API is reported to refuse the block without them (reference §2.1).
  errors: { allowed: ["NoMatchingError", "NoMatchingCondition", "TimeLimitExceeded"], required: ["NoMatchingError", "NoMatchingCondition", "TimeLimitExceeded"] },
  conditions: { operators: ["Equals"] },
  flowTypes: onlyIn(["CONTACT_FLOW", "CUSTOMER_QUEUE"]),
  validate(action, v) {
    if (v.flowType === "CUSTOMER_QUEUE") {
      v.problems.warning(`${v.path}.Type`, "ShowView in a Customer queue flow: the action reference allows it, but the admin guide and the block's own UI note allow inbound flows only; the service may reject it", action);
    }
  },
  run,
};

export const definitions: ActionDefinition[] = [showView];
