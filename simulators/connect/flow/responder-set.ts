/**
 * The rule set behind the responders: a scenario programs answers rule by rule, and
 * anything without a rule gets the documented default below, and the trace says so, so
 * nothing passes silently. The questions and answers themselves are in `responders.ts`.
 *
 * Defaults:
 * - Lambda: answers `{}` at once (success, no `$.External` values).
 * - Lex: intent `FallbackIntent`, fulfilled, no slots (the block's Default branch).
 * - Hours of operation: the hours' weekly schedule, evaluated in its time zone at the
 *   clock's current time, when a schedule evaluator is installed (`useHoursSchedule`; the
 *   Runtime installs one that reads its hours resources); open only when no schedule is
 *   known for the hours asked about.
 * - Metrics: the runtime's live figures (contacts in queue, agents by state).
 * - Customer Profiles: lookups find nothing (`NoneFoundError`); create and update succeed.
 * - Cases: create succeeds with a new case id; lookups find nothing (`NoneFound`).
 * - Voice ID: `NotEnrolled` / `Inconclusive` (see VOICE_ID_DEFAULTS).
 * - Outbound call progress: `CallAnswered`.
 * - Transfer to a phone number: answered, and the third party hangs up after 60 s.
 * - Data tables (Evaluate): tables have no rows, so every query fails (`NoMatchingError`).
 * - Customer authentication: nobody signs in, so the block times out.
 * - Message templates: no template is known (`NoMatchingError`).
 * - Agentic CX: the conversation ends normally at once (the block's Default branch).
 */
import {
  lambdaFunctionName,
  type AgenticCxAnswer,
  type AgenticCxRequest,
  type AuthenticationAnswer,
  type AuthenticationRequest,
  type CaseAnswer,
  type CaseOperation,
  type CaseRequest,
  type DataTableAnswer,
  type DataTableRequest,
  type HoursRequest,
  type HoursScheduleEvaluator,
  type LambdaAnswer,
  type LambdaRequest,
  type LexAnswer,
  type LexRequest,
  type MessageTemplateAnswer,
  type MessageTemplateRequest,
  type MetricsRequest,
  type PhoneTransferAnswer,
  type ProfileAnswer,
  type ProfileOperation,
  type ProfileRequest,
  type QueueMetrics,
  type ResponderKind,
  type Responders,
} from "./responders.js";

export type Rule<Req, Ans> = { name: string; matches: (req: Req) => boolean; answer: (req: Req) => Ans | Promise<Ans> };

/** The kinds a rule may preempt, with the rule each takes. */
export interface PreemptingRules {
  lambda: Rule<LambdaRequest, LambdaAnswer>;
  lex: Rule<LexRequest, LexAnswer>;
  hours: Rule<HoursRequest, boolean>;
}

const VOICE_ID_DEFAULTS: Record<string, string> = {
  enrollmentStatus: "NotEnrolled",
  voiceAuthentication: "NotEnrolled",
  fraudDetection: "Inconclusive",
};

/** Responders that a scenario programs rule by rule; the last matching rule set wins. */
export class ResponderSet implements Responders {
  private lambdaRules: Rule<LambdaRequest, LambdaAnswer>[] = [];
  private lexRules: Rule<LexRequest, LexAnswer>[] = [];
  private hoursRules: Rule<HoursRequest, boolean>[] = [];
  private hoursSchedule: HoursScheduleEvaluator | undefined;
  private metricsRules: Rule<MetricsRequest, Partial<QueueMetrics>>[] = [];
  private profileRules: Rule<ProfileRequest, ProfileAnswer>[] = [];
  private caseRules: Rule<CaseRequest, CaseAnswer>[] = [];
  private voiceIdRules: Rule<string, string>[] = [];
  private callStatus: string | undefined;
  private phoneRules: Rule<string, PhoneTransferAnswer>[] = [];
  private dataTableRules: Rule<DataTableRequest, DataTableAnswer>[] = [];
  private authenticationRules: Rule<AuthenticationRequest, AuthenticationAnswer>[] = [];
  private templateRules: Rule<MessageTemplateRequest, MessageTemplateAnswer>[] = [];
  private agenticCxRules: Rule<AgenticCxRequest, AgenticCxAnswer>[] = [];
  private sources = new Map<ResponderKind, string>();
  private preempting: { [K in keyof PreemptingRules]: PreemptingRules[K][] } = { lambda: [], lex: [], hours: [] };
  /** Every Lambda invocation, for assertions. */
  readonly lambdaCalls: LambdaRequest[] = [];
  readonly lexCalls: LexRequest[] = [];

  /** Answers for a Lambda by function name or full ARN. */
  onLambda(nameOrArn: string, answer: LambdaAnswer | ((req: LambdaRequest) => LambdaAnswer | Promise<LambdaAnswer>)): this {
    const fn = typeof answer === "function" ? answer : () => answer;
    this.lambdaRules.push({
      name: `lambda ${nameOrArn}`,
      matches: (req) => req.functionArn === nameOrArn || lambdaFunctionName(req.functionArn) === nameOrArn || req.functionArn.includes(nameOrArn),
      answer: fn,
    });
    return this;
  }

  /** Recognises an utterance (exact, case-insensitive; or any input with `*`) as an intent. */
  onLex(utterance: string, answer: LexAnswer, bot?: string): this {
    this.lexRules.push({
      name: `lex "${utterance}"`,
      matches: (req) => (utterance === "*" || req.input.trim().toLowerCase() === utterance.trim().toLowerCase()) && (!bot || req.bot.includes(bot)),
      answer: () => answer,
    });
    return this;
  }

  /** Open or closed, for one hours of operation (by id, ARN or name), or all when `ref` is `*`. */
  setHours(ref: string, open: boolean): this {
    this.hoursRules.push({
      name: `hours ${ref} ${open ? "open" : "closed"}`,
      matches: (req) => ref === "*" || (!!req.hours && [req.hours.id, req.hours.arn, req.hours.name].includes(ref)) || (!!req.queue && [req.queue.id, req.queue.arn, req.queue.name].includes(ref)),
      answer: () => open,
    });
    return this;
  }

  /**
   * How hours checks without a matching rule are answered: by the instance's configured
   * schedules. Kept across `reset()`, since it describes the instance, not a scenario.
   */
  useHoursSchedule(evaluate: HoursScheduleEvaluator): this {
    this.hoursSchedule = evaluate;
    return this;
  }

  /** Overrides metric figures for a queue (by id, ARN or name, or `*`). */
  setMetrics(queueRef: string, metrics: Partial<QueueMetrics>): this {
    this.metricsRules.push({
      name: `metrics ${queueRef}`,
      matches: (req) => queueRef === "*" || [req.queue.id, req.queue.arn, req.queue.name].includes(queueRef),
      answer: () => metrics,
    });
    return this;
  }

  onProfile(operation: ProfileOperation, answer: ProfileAnswer | ((req: ProfileRequest) => ProfileAnswer)): this {
    const fn = typeof answer === "function" ? answer : () => answer;
    this.profileRules.push({ name: `profiles ${operation}`, matches: (req) => req.operation === operation, answer: fn });
    return this;
  }

  onCase(operation: CaseOperation, answer: CaseAnswer | ((req: CaseRequest) => CaseAnswer)): this {
    const fn = typeof answer === "function" ? answer : () => answer;
    this.caseRules.push({ name: `cases ${operation}`, matches: (req) => req.operation === operation, answer: fn });
    return this;
  }

  setVoiceId(option: string, result: string): this {
    this.voiceIdRules.push({ name: `voiceId ${option}`, matches: (o) => o === option, answer: () => result });
    return this;
  }

  setOutboundCallStatus(status: string): this {
    this.callStatus = status;
    return this;
  }

  /** How a transfer to `phoneNumber` (or any number, with `*`) goes. */
  setPhoneTransfer(phoneNumber: string, answer: PhoneTransferAnswer): this {
    this.phoneRules.push({ name: `phone ${phoneNumber}`, matches: (n) => phoneNumber === "*" || n === phoneNumber, answer: () => answer });
    return this;
  }

  /**
   * The rows of a data table (by id, ARN or name, or `*`): a query finds the row whose
   * primary attributes equal its primary values (compared as text).
   */
  setDataTable(tableRef: string, rows: Record<string, unknown>[]): this {
    this.dataTableRules.push({
      name: `data table ${tableRef}`,
      matches: (req) => tableRef === "*" || req.dataTableId === tableRef || req.dataTableId.endsWith(`/${tableRef}`),
      answer: (req) => {
        const row = rows.find((r) => Object.entries(req.primaryValues).every(([k, v]) => r[k] !== undefined && String(r[k]) === v));
        if (!row) return { kind: "none" };
        return { kind: "ok", values: Object.fromEntries(req.attributes.filter((a) => row[a] !== undefined).map((a) => [a, row[a]])) };
      },
    });
    return this;
  }

  /** How customer sign-ins go (for every Authenticate Customer block). */
  setAuthentication(answer: AuthenticationAnswer | ((req: AuthenticationRequest) => AuthenticationAnswer)): this {
    const fn = typeof answer === "function" ? answer : () => answer;
    this.authenticationRules.push({ name: `authentication ${typeof answer === "function" ? "rule" : answer.outcome}`, matches: () => true, answer: fn });
    return this;
  }

  /** What a message template (by ARN, or any part of it such as its id) renders to. */
  onMessageTemplate(templateRef: string, answer: MessageTemplateAnswer | ((req: MessageTemplateRequest) => MessageTemplateAnswer)): this {
    const fn = typeof answer === "function" ? answer : () => answer;
    this.templateRules.push({ name: `template ${templateRef}`, matches: (req) => templateRef === "*" || req.templateArn.includes(templateRef), answer: fn });
    return this;
  }

  /** How Agentic CX conversations end (for an application id, or `*` for all). */
  onAgenticCx(applicationRef: string, answer: AgenticCxAnswer | ((req: AgenticCxRequest) => AgenticCxAnswer)): this {
    const fn = typeof answer === "function" ? answer : () => answer;
    this.agenticCxRules.push({ name: `agentic CX ${applicationRef}`, matches: (req) => applicationRef === "*" || req.applicationId === applicationRef, answer: fn });
    return this;
  }

  /** Forgets every rule (a new scenario). */
  reset(): void {
    this.dataTableRules = [];
    this.authenticationRules = [];
    this.templateRules = [];
    this.agenticCxRules = [];
    this.lambdaRules = [];
    this.lexRules = [];
    this.hoursRules = [];
    this.metricsRules = [];
    this.profileRules = [];
    this.caseRules = [];
    this.voiceIdRules = [];
    this.callStatus = undefined;
    this.phoneRules = [];
    this.sources.clear();
    this.lambdaCalls.length = 0;
    this.lexCalls.length = 0;
  }

  lastSource(kind: ResponderKind): string {
    return this.sources.get(kind) ?? "default";
  }

  /**
   * A rule that answers before every other and outlives `reset()` until withdrawn: a
   * test-case execution overriding its own contact's calls. Earlier preempting rules
   * come first. Returns the withdrawal.
   */
  preempt<K extends keyof PreemptingRules>(kind: K, rule: PreemptingRules[K]): () => void {
    const list = this.preempting[kind] as PreemptingRules[K][];
    list.push(rule);
    return () => {
      const at = list.indexOf(rule);
      if (at >= 0) list.splice(at, 1);
    };
  }

  private pick<Req, Ans>(kind: ResponderKind, rules: Rule<Req, Ans>[], req: Req, preempting: Rule<Req, Ans>[] = []): Rule<Req, Ans> | undefined {
    const first = preempting.find((rule) => rule.matches(req));
    if (first) {
      this.sources.set(kind, first.name);
      return first;
    }
    for (let i = rules.length - 1; i >= 0; i--) {
      if (rules[i].matches(req)) {
        this.sources.set(kind, rules[i].name);
        return rules[i];
      }
    }
    this.sources.set(kind, "default");
    return undefined;
  }

  async lambda(request: LambdaRequest): Promise<LambdaAnswer> {
    this.lambdaCalls.push(request);
    const rule = this.pick("lambda", this.lambdaRules, request, this.preempting.lambda);
    return rule ? rule.answer(request) : { kind: "ok", result: {} };
  }

  async lex(request: LexRequest): Promise<LexAnswer> {
    this.lexCalls.push(request);
    const rule = this.pick("lex", this.lexRules, request, this.preempting.lex);
    return rule ? rule.answer(request) : { intent: "FallbackIntent", fulfilled: true };
  }

  async hoursOpen(request: HoursRequest): Promise<boolean> {
    const rule = this.pick("hours", this.hoursRules, request, this.preempting.hours);
    if (rule) return rule.answer(request);
    const scheduled = this.hoursSchedule?.(request);
    if (scheduled === undefined) return true;
    this.sources.set("hours", `schedule of ${request.hours?.name || request.hours?.id || "the queue's hours"}`);
    return scheduled;
  }

  async metrics(request: MetricsRequest): Promise<QueueMetrics> {
    const rule = this.pick("metrics", this.metricsRules, request);
    if (!rule) return request.live;
    const over = await rule.answer(request);
    return {
      queue: { ...request.live.queue, ...over.queue },
      agents: { ...request.live.agents, ...over.agents },
      contact: { ...request.live.contact, ...over.contact },
    };
  }

  async profiles(request: ProfileRequest, newId: () => string): Promise<ProfileAnswer> {
    const rule = this.pick("profiles", this.profileRules, request);
    if (rule) return rule.answer(request);
    switch (request.operation) {
      case "CreateCustomerProfile": {
        const id = newId();
        return { kind: "ok", data: { ProfileId: id, ...(request.request as Record<string, unknown>) } };
      }
      case "UpdateCustomerProfile":
      case "AssociateContactToCustomerProfile":
        return { kind: "ok", data: {} };
      default:
        return { kind: "error", errorType: "NoneFoundError" };
    }
  }

  async cases(request: CaseRequest, newId: () => string): Promise<CaseAnswer> {
    const rule = this.pick("cases", this.caseRules, request);
    if (rule) return rule.answer(request);
    switch (request.operation) {
      case "CreateCase":
        return { kind: "ok", data: { case_id: newId(), ...request.fields } };
      case "UpdateCase":
        return { kind: "ok", data: { ...request.fields } };
      default:
        return { kind: "error", errorType: "NoneFound" };
    }
  }

  async voiceId(option: string): Promise<string> {
    const rule = this.pick("voiceId", this.voiceIdRules, option);
    return rule ? rule.answer(option) : (VOICE_ID_DEFAULTS[option] ?? "Inconclusive");
  }

  async outboundCallStatus(): Promise<string> {
    this.sources.set("outboundCallStatus", this.callStatus ? "scenario" : "default");
    return this.callStatus ?? "CallAnswered";
  }

  async phoneTransfer(phoneNumber: string): Promise<PhoneTransferAnswer> {
    const rule = this.pick("phoneTransfer", this.phoneRules, phoneNumber);
    return rule ? rule.answer(phoneNumber) : { outcome: "completed", durationMs: 60_000 };
  }

  async dataTable(request: DataTableRequest): Promise<DataTableAnswer> {
    const rule = this.pick("dataTables", this.dataTableRules, request);
    return rule ? rule.answer(request) : { kind: "none" };
  }

  async authentication(request: AuthenticationRequest): Promise<AuthenticationAnswer> {
    const rule = this.pick("authentication", this.authenticationRules, request);
    return rule ? rule.answer(request) : { outcome: "timed-out" };
  }

  async messageTemplate(request: MessageTemplateRequest): Promise<MessageTemplateAnswer> {
    const rule = this.pick("messageTemplates", this.templateRules, request);
    return rule ? rule.answer(request) : { kind: "error", errorType: "NoMatchingError", message: `no message template ${request.templateArn} is known` };
  }

  async agenticCx(request: AgenticCxRequest): Promise<AgenticCxAnswer> {
    const rule = this.pick("agenticCx", this.agenticCxRules, request);
    return rule ? rule.answer(request) : { outcome: "completed" };
  }
}
