/**
 * The agent side of the simulator: what an agent does in its workspace. `{user}` is a user
 * id, ARN or username. Every answer that changes something comes after the flows it
 * started have reached their next wait.
 *
 * | Method | Path | Body | Answer |
 * |---|---|---|---|
 * | GET | /_flowsim/agents | | `{agents: [agent]}` |
 * | GET | /_flowsim/agents/{user} | | agent: `{userId, username, status, nextStatus, error, routingProfile, contacts: [slot], guides: [guide], monitoring: [{contactId, participantId, mode: silent/barge, since}]}`; a slot has `hold: {customer, agent, since}` while its call is on hold and `heard: [{at, actionId, text?, ssml?...}]` (what flows played to the agent: the agent hold flow) |
 * | PUT | /_flowsim/agents/{user}/status | `{status}` (a status name or id: Available, Offline, a custom one) | agent |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/accept | | agent (the contact joins after its whisper flows) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/reject | | agent |
 * | GET | /_flowsim/agents/{user}/contacts/{contactId}/participant | | `{participantId, participantToken, displayName}` (for CreateParticipantConnection) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/leave | | agent (after-contact work; a chat customer may stay with the disconnect flow) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/transfer | `{quickConnect}` (id, ARN or name) | `{contactId, transfer: {state: in-progress/succeeded/failed, detail}}` |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/complete | | agent (after-contact work done, the slot is free) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/hold | | agent (calls only: the caller hears the CustomerHold flow, the agent the AgentHold flow, or the instance's defaults) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/resume | | agent (both hold flows stop; the call goes on) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/monitor | | `{participantId, participantToken, displayName, mode: "silent"}` (chats with an agent in them; the token is for CreateParticipantConnection) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/barge | | agent (the monitoring supervisor joins the conversation and may write) |
 * | POST | /_flowsim/agents/{user}/contacts/{contactId}/stop-monitoring | | agent (the supervisor leaves the chat) |
 * | POST | /_flowsim/agents/{user}/guides/{guideId}/submit | `{viewResultData?, action?}` (action defaults to Submit) | agent |
 * | POST | /_flowsim/agents/{user}/guides/{guideId}/cancel | | agent |
 * | GET | /_flowsim/routing | | `{offerTimeoutSeconds: {VOICE, CHAT, TASK, EMAIL}}` |
 * | PUT | /_flowsim/routing | `{offerTimeoutSeconds: n}` or `{offerTimeoutSeconds: {CHAT: n, ...}}` (0 < n ≤ 86400) | same as GET |
 */
import type { ApiContext } from "../context.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { controlError } from "./errors.js";
import { LONGEST_WAIT_SECONDS } from "./durations.js";
import { isoTime } from "../../../kernel/clock.js";
import type { AgentState } from "../../runtime/agents.js";
import { RequestRefused } from "../../runtime/refusals.js";
import { CHANNELS, type Channel } from "../../flow/model.js";

const when = (ms: number | undefined) => (ms === undefined ? undefined : isoTime(ms));

function refusal(err: unknown): unknown {
  if (!(err instanceof RequestRefused)) return err;
  if (err.kind === "not-found") return controlError.notFound(err.message);
  if (err.kind === "invalid") return controlError.badRequest(err.message);
  return controlError.conflict(err.message);
}

function attempt<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw refusal(err);
  }
}

function agentOf(api: ApiContext, ref: string): AgentState {
  return attempt(() => api.runtime.agents.requireAgent(ref));
}

export function agentView(api: ApiContext, agent: AgentState) {
  const rt = api.runtime;
  const user = rt.agents.user(agent.userId)!;
  const profile = rt.agents.profileOf(agent.userId);
  return {
    userId: agent.userId,
    username: user.name,
    status: agent.status.name,
    statusSince: isoTime(agent.statusSince),
    nextStatus: agent.nextStatus?.name,
    error: agent.error ? { name: agent.error.name, since: isoTime(agent.error.since), contactId: agent.error.contactId } : undefined,
    routingProfile: profile ? { id: profile.id, name: profile.name } : undefined,
    contacts: [...agent.slots.values()].map((slot) => {
      const contact = rt.findContact(slot.contactId);
      const transfer = rt.transfers.outcome(slot.contactId);
      return {
        contactId: slot.contactId,
        channel: slot.channel,
        state: slot.state,
        contactState: contact?.state,
        name: contact?.name,
        queue: contact?.queue ? { id: contact.queue.id, name: contact.queue.name } : undefined,
        attributes: contact?.attributes,
        offeredAt: when(slot.offeredAt),
        expiresAt: slot.state === "offered" ? when(slot.expiresAt) : undefined,
        acceptedAt: when(slot.acceptedAt),
        connectedAt: when(slot.connectedAt),
        acwAt: when(slot.acwAt),
        participantId: slot.participantId,
        transfer: transfer ? { ok: transfer.ok, detail: transfer.detail, at: isoTime(transfer.at) } : undefined,
        hold: holdView(api, slot.contactId),
        heard: slot.heard?.map(({ at, ...prompt }) => ({ at: isoTime(at), ...prompt })),
      };
    }),
    guides: rt.lifecycle.guidesOf(agent).map((guide) => ({
      contactId: guide.id,
      relatedContactId: guide.relatedContactId,
      hook: rt.routing.peek(guide.id)?.guide?.hook,
      waiting: (rt.session(guide.id)?.inputs.waiting() ?? []).map((w) => ({ label: w.label, actionId: w.actionId, since: isoTime(w.since), timeoutAt: when(w.timeoutAt), ...w.detail })),
    })),
    monitoring: rt.supervisors.monitoringOf(agent.userId).map((m) => ({ ...m, since: isoTime(m.since) })),
  };
}

function holdView(api: ApiContext, contactId: string) {
  const hold = api.runtime.hold.state(contactId);
  return hold ? { customer: hold.customer, agent: hold.agent, since: isoTime(hold.since) } : undefined;
}

function offerTimeouts(api: ApiContext) {
  return { offerTimeoutSeconds: Object.fromEntries(CHANNELS.map((c) => [c, api.runtime.routing.offerTimeoutMs[c] / 1000])) };
}

export function agentControlRoutes(api: ApiContext): Route[] {
  const rt = api.runtime;
  /** An agent action on one of its contacts, answered once the flows it started have settled. */
  const onContact = (operation: string, verb: string, act: (user: string, contactId: string) => void): Route => ({
    method: "POST",
    pattern: `/_flowsim/agents/{UserId}/contacts/{ContactId}/${verb}`,
    operation,
    handler: async (req) => {
      const agent = agentOf(api, req.labels.UserId);
      attempt(() => act(agent.userId, req.labels.ContactId));
      await rt.whenIdle();
      return { body: agentView(api, agent) };
    },
  });
  const onGuide = (verb: "submit" | "cancel"): Route => ({
    method: "POST",
    pattern: `/_flowsim/agents/{UserId}/guides/{GuideId}/${verb}`,
    operation: verb === "submit" ? "SubmitGuide" : "CancelGuide",
    handler: async (req) => {
      const v = new Shape(req.body, controlError.badRequest);
      const action = verb === "submit" ? (v.string("action", { min: 1 }) ?? "Submit") : "Cancel";
      v.check();
      const agent = agentOf(api, req.labels.UserId);
      attempt(() => rt.lifecycle.answerGuide(agent.userId, req.labels.GuideId, action, verb === "submit" ? req.body.viewResultData : undefined));
      await rt.whenIdle();
      return { body: agentView(api, agent) };
    },
  });
  return [
    {
      method: "GET",
      pattern: "/_flowsim/agents",
      operation: "ListAgents",
      handler: () => ({ body: { agents: rt.agents.all().map((a) => agentView(api, a)) } }),
    },
    {
      method: "GET",
      pattern: "/_flowsim/agents/{UserId}",
      operation: "DescribeAgent",
      handler: (req) => ({ body: agentView(api, agentOf(api, req.labels.UserId)) }),
    },
    {
      method: "PUT",
      pattern: "/_flowsim/agents/{UserId}/status",
      operation: "SetAgentStatus",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const ref = v.string("status", { required: true, min: 1 });
        v.check();
        const agent = agentOf(api, req.labels.UserId);
        const status = rt.agents.statuses.find(ref!);
        if (!status) throw controlError.notFound(`no agent status ${ref} (known: ${rt.agents.statuses.all().map((s) => s.name).join(", ")})`);
        if (status.state === "DISABLED") throw controlError.conflict(`agent status ${status.name} is disabled`);
        rt.agents.setStatus(agent.userId, status);
        await rt.whenIdle();
        return { body: agentView(api, agent) };
      },
    },
    onContact("AcceptContact", "accept", (user, id) => rt.lifecycle.accept(user, id)),
    onContact("RejectContact", "reject", (user, id) => rt.lifecycle.reject(user, id)),
    onContact("LeaveContact", "leave", (user, id) => rt.lifecycle.leave(user, id)),
    onContact("CompleteAfterContactWork", "complete", (user, id) => rt.lifecycle.completeAcw(user, id)),
    onContact("HoldContact", "hold", (user, id) => rt.hold.hold(user, id)),
    onContact("ResumeContact", "resume", (user, id) => rt.hold.resume(user, id)),
    {
      method: "POST",
      pattern: "/_flowsim/agents/{UserId}/contacts/{ContactId}/monitor",
      operation: "MonitorChat",
      handler: async (req) => {
        const p = attempt(() => rt.supervisors.monitor(req.labels.UserId, req.labels.ContactId));
        await rt.whenIdle();
        return { body: { participantId: p.id, participantToken: p.participantToken, displayName: p.displayName, mode: p.silent ? "silent" : "barge" } };
      },
    },
    onContact("BargeIntoChat", "barge", (user, id) => rt.supervisors.barge(user, id)),
    onContact("StopMonitoringChat", "stop-monitoring", (user, id) => rt.supervisors.stop(user, id)),
    {
      method: "GET",
      pattern: "/_flowsim/agents/{UserId}/contacts/{ContactId}/participant",
      operation: "GetAgentParticipant",
      handler: (req) => {
        const p = attempt(() => rt.lifecycle.participantOf(req.labels.UserId, req.labels.ContactId));
        return { body: { participantId: p.id, participantToken: p.participantToken, displayName: p.displayName } };
      },
    },
    {
      method: "POST",
      pattern: "/_flowsim/agents/{UserId}/contacts/{ContactId}/transfer",
      operation: "TransferWithQuickConnect",
      handler: async (req) => {
        const v = new Shape(req.body, controlError.badRequest);
        const quickConnect = v.string("quickConnect", { required: true, min: 1 });
        v.check();
        const agent = agentOf(api, req.labels.UserId);
        const running = attempt(() => rt.transfers.quickConnect(agent, req.labels.ContactId, quickConnect!));
        await rt.whenIdle();
        const outcome = rt.transfers.inProgress(req.labels.ContactId) ? undefined : rt.transfers.outcome(req.labels.ContactId);
        const transfer = outcome ? { state: outcome.ok ? "succeeded" : "failed", detail: outcome.detail } : { state: "in-progress" };
        return { body: { contactId: running.id, transfer } };
      },
    },
    onGuide("submit"),
    onGuide("cancel"),
    {
      method: "GET",
      pattern: "/_flowsim/routing",
      operation: "GetRoutingSettings",
      handler: () => ({ body: offerTimeouts(api) }),
    },
    {
      method: "PUT",
      pattern: "/_flowsim/routing",
      operation: "SetRoutingSettings",
      handler: (req) => {
        const value = req.body.offerTimeoutSeconds;
        const valid = (n: unknown): n is number => typeof n === "number" && n > 0 && n <= LONGEST_WAIT_SECONDS;
        if (valid(value)) {
          for (const c of CHANNELS) rt.routing.offerTimeoutMs[c] = value * 1000;
        } else if (value && typeof value === "object" && !Array.isArray(value)) {
          const entries = Object.entries(value);
          const bad = entries.filter(([c, n]) => !CHANNELS.includes(c as Channel) || !valid(n));
          if (bad.length) throw controlError.badRequest(`offerTimeoutSeconds: ${bad.map(([c]) => c).join(", ")} — keys are ${CHANNELS.join(", ")} and values numbers of seconds above 0 and at most ${LONGEST_WAIT_SECONDS}`);
          for (const [c, n] of entries) rt.routing.offerTimeoutMs[c as Channel] = (n as number) * 1000;
        } else {
          throw controlError.badRequest(`offerTimeoutSeconds must be a number of seconds above 0 and at most ${LONGEST_WAIT_SECONDS}, or an object of them by channel`);
        }
        return { body: offerTimeouts(api) };
      },
    },
  ];
}
