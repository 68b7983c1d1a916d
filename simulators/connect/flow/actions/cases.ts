/**
 * Cases (reference §2.3): create, find and update a case. The cases responder plays the
 * Cases domain; what it returns lands in `$.Case.*`.
 *
 * Decisions where the reference is silent:
 * - ContactNotLinked is partial success: the case was created, found or updated but the
 *   contact could not be linked. It happens only when LinkContactToCase is true and the
 *   responder answers `contactLinked: false`; the case data is stored first, then the
 *   ContactNotLinked branch is taken.
 * - A linked case is recorded in `contact.behaviours.linkedCaseIds` (what the agent's
 *   workspace would open when the contact is accepted).
 * - CreateCase fills `$.Case` with the new case as the responder returns it; GetCase with
 *   only the CaseResponseFields (so none when it lists none); UpdateCase adds the updated
 *   fields to `$.Case` when `$.Case` holds that case, and leaves it alone otherwise.
 * - ContactToLink, seen only in console exports with the value "Current", accepts only that.
 */
import type { ActionContext, ActionDefinition, Outcome, ParamSpec, ValidationContext } from "../action.js";
import type { FlowAction } from "../model.js";
import type { CaseAnswer, CaseRequest } from "../responders.js";
import { bool, isObject } from "./util.js";

const LINK: ParamSpec = { dynamism: "static", kind: "boolean", required: true };
const REQUEST_FIELDS: ParamSpec = { dynamism: "static", kind: "map", values: { dynamism: "any", kind: "any" } };

/** The ContactNotLinked branch exists in the console only when the block links the contact. */
function checkLinkBranch(action: FlowAction, v: ValidationContext): void {
  const link = action.Parameters.LinkContactToCase;
  if (link === undefined) return;
  const listed = (action.Transitions?.Errors ?? []).some((e) => e?.ErrorType === "ContactNotLinked");
  const at = `${v.path}.Transitions.Errors`;
  if (bool(link) && !listed) v.problems.warning(at, `No ContactNotLinked branch: LinkContactToCase is true, so linking can fail after the case is ${action.Type === "CreateCase" ? "created" : action.Type === "GetCase" ? "found" : "updated"}; that partial success then takes NoMatchingError`, action);
  if (!bool(link) && listed) v.problems.warning(at, `The ContactNotLinked branch is never taken: LinkContactToCase is false`, action);
}

function resolveFields(ctx: ActionContext): Record<string, string> {
  const fields: Record<string, string> = {};
  const raw = ctx.params.CaseRequestFields;
  if (!isObject(raw)) return fields;
  for (const [key, value] of Object.entries(raw)) {
    const text = ctx.text(value);
    if (text === undefined) ctx.note(`case field ${key}: ${String(value)} has no value and is not sent`);
    else fields[key] = text;
  }
  return fields;
}

async function ask(ctx: ActionContext, request: CaseRequest): Promise<CaseAnswer> {
  const answer = await ctx.host.responders.cases(request, () => ctx.host.ids.uuid());
  const source = ctx.host.responders.lastSource("cases");
  ctx.note(`answered by ${source === "default" ? "the default cases responder" : source}`);
  return answer;
}

function setCase(ctx: ActionContext, next: Record<string, unknown>): void {
  const before = ctx.contact.caseData;
  for (const key of new Set([...Object.keys(before), ...Object.keys(next)])) {
    ctx.changed("Case", key, before[key] === undefined ? undefined : String(before[key]), next[key] === undefined ? undefined : String(next[key]));
  }
  ctx.contact.caseData = next;
}

/** Error answers keep their type when the action has that branch; anything else is NoMatchingError. */
function failure(answer: Extract<CaseAnswer, { kind: "error" }>, allowed: readonly string[], link: boolean): Outcome {
  const own = allowed.includes(answer.errorType) && (answer.errorType !== "ContactNotLinked" || link);
  return { kind: "error", errorType: own ? answer.errorType : "NoMatchingError", detail: `Cases answered ${answer.errorType}` };
}

/** Records the link, or reports the partial success the ContactNotLinked branch stands for. */
function linkOutcome(ctx: ActionContext, link: boolean, answer: Extract<CaseAnswer, { kind: "ok" }>, caseId: string | undefined): Outcome {
  if (!link) return { kind: "next" };
  if (answer.contactLinked === false) return { kind: "error", errorType: "ContactNotLinked", detail: `case ${caseId ?? "(no id)"} succeeded but the contact could not be linked to it` };
  if (caseId) {
    const linked = Array.isArray(ctx.contact.behaviours.linkedCaseIds) ? (ctx.contact.behaviours.linkedCaseIds as string[]) : [];
    if (!linked.includes(caseId)) ctx.contact.behaviours.linkedCaseIds = [...linked, caseId];
  }
  return { kind: "next" };
}

const CREATE_ERRORS = ["ContactNotLinked", "NoMatchingError"] as const;

export const createCase: ActionDefinition = {
  type: "CreateCase",
  family: "contact",
  params: {
    LinkContactToCase: LINK,
    CaseTemplateId: { dynamism: "single", required: true },
    CaseRequestFields: REQUEST_FIELDS,
    ContactToLink: { dynamism: "static", kind: "enum", enum: ["Current"] },
  },
  errors: { allowed: CREATE_ERRORS, recommended: ["NoMatchingError"] },
  validate: checkLinkBranch,
  async run(ctx) {
    const templateId = ctx.text(ctx.params.CaseTemplateId);
    if (!templateId) return { kind: "error", errorType: "NoMatchingError", detail: "CaseTemplateId has no value" };
    const link = bool(ctx.params.LinkContactToCase);
    const answer = await ask(ctx, { operation: "CreateCase", fields: resolveFields(ctx), templateId, linkContact: link });
    if (answer.kind === "error") return failure(answer, CREATE_ERRORS, link);
    setCase(ctx, { ...answer.data });
    return linkOutcome(ctx, link, answer, answer.data.case_id);
  },
};

const GET_ERRORS = ["NoMatchingError", "ContactNotLinked", "MultipleFound", "NoneFound"] as const;

export const getCase: ActionDefinition = {
  type: "GetCase",
  family: "contact",
  params: {
    LinkContactToCase: LINK,
    GetLastUpdatedCase: { dynamism: "static", kind: "boolean" },
    CustomerId: { dynamism: "any" },
    CaseRequestFields: REQUEST_FIELDS,
    CaseResponseFields: { dynamism: "static", kind: "array", items: { dynamism: "static", kind: "string" } },
  },
  errors: { allowed: GET_ERRORS, recommended: ["NoMatchingError", "MultipleFound", "NoneFound"] },
  validate(action, v) {
    checkLinkBranch(action, v);
    const fields = action.Parameters.CaseRequestFields;
    const hasFields = isObject(fields) && Object.keys(fields).length > 0;
    if (action.Parameters.CustomerId === undefined && !hasFields) {
      v.problems.error(`${v.path}.Parameters`, `Action is missing required property. Path: ${v.path}.Parameters.CustomerId (GetCase searches by CustomerId or by CaseRequestFields; it has neither)`, action);
    }
  },
  async run(ctx) {
    const link = bool(ctx.params.LinkContactToCase);
    const customerId = ctx.params.CustomerId === undefined ? undefined : ctx.text(ctx.params.CustomerId);
    if (ctx.params.CustomerId !== undefined && !customerId) return { kind: "error", errorType: "NoMatchingError", detail: `CustomerId ${String(ctx.params.CustomerId)} has no value` };
    const wanted = Array.isArray(ctx.params.CaseResponseFields) ? ctx.params.CaseResponseFields.filter((f): f is string => typeof f === "string") : [];
    const answer = await ask(ctx, { operation: "GetCase", fields: resolveFields(ctx), customerId, lastUpdated: bool(ctx.params.GetLastUpdatedCase), linkContact: link, responseFields: wanted });
    if (answer.kind === "error") return failure(answer, GET_ERRORS, link);
    const next: Record<string, unknown> = {};
    for (const field of wanted) if (answer.data[field] !== undefined) next[field] = answer.data[field];
    setCase(ctx, next);
    return linkOutcome(ctx, link, answer, answer.data.case_id);
  },
};

const UPDATE_ERRORS = ["ContactNotLinked", "NoMatchingError"] as const;

export const updateCase: ActionDefinition = {
  type: "UpdateCase",
  family: "contact",
  params: {
    LinkContactToCase: LINK,
    CaseId: { dynamism: "single", required: true },
    CaseRequestFields: REQUEST_FIELDS,
  },
  errors: { allowed: UPDATE_ERRORS, recommended: ["NoMatchingError"] },
  validate: checkLinkBranch,
  async run(ctx) {
    const caseId = ctx.text(ctx.params.CaseId);
    if (!caseId) return { kind: "error", errorType: "NoMatchingError", detail: `CaseId ${String(ctx.params.CaseId)} has no value` };
    const link = bool(ctx.params.LinkContactToCase);
    const answer = await ask(ctx, { operation: "UpdateCase", fields: resolveFields(ctx), caseId, linkContact: link });
    if (answer.kind === "error") return failure(answer, UPDATE_ERRORS, link);
    if (ctx.contact.caseData.case_id === caseId) setCase(ctx, { ...ctx.contact.caseData, ...answer.data });
    return linkOutcome(ctx, link, answer, caseId);
  },
};

export const definitions: ActionDefinition[] = [createCase, getCase, updateCase];
