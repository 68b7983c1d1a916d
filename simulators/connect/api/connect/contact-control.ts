/**
 * Changing a contact's course from the API: StopContact, TransferContact and
 * UpdateContactSchedule. Request checks in the service's words; the runtime (lifecycle,
 * transfers, tasks) applies the rules.
 */
import type { ApiContext } from "../context.js";
import { connectErrors } from "../http/errors.js";
import type { Route } from "../http/router.js";
import { Shape } from "../http/shape.js";
import { requireInstance } from "./common.js";
import { call, epochMs, requireContact } from "./contact-requests.js";

/** StopContact: "It does not work for voice contacts that use the following initiation methods". */
const UNSTOPPABLE_VOICE = ["DISCONNECT", "TRANSFER", "QUEUE_TRANSFER", "EXTERNAL_OUTBOUND", "MONITOR"];

export function contactControlRoutes(api: ApiContext): Route[] {
  const runtime = api.runtime;
  return [
    {
      method: "POST",
      pattern: "/contact/stop",
      operation: "StopContact",
      handler: async (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const contactId = shape.string("ContactId", { required: true, min: 1, max: 256 });
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        shape.object("DisconnectReason");
        const code = shape.string("DisconnectReason.Code", { max: 256 });
        shape.check();
        requireInstance(api, instanceId);
        const contact = runtime.findContact(contactId!);
        if (!contact) throw connectErrors.contactNotFound(`Contact not found: ${contactId}`);
        // An ended contact is no longer there to stop.
        if (contact.ended) throw connectErrors.contactNotFound(`Contact ${contactId} has already ended`);
        if (contact.channel === "VOICE" && UNSTOPPABLE_VOICE.includes(contact.initiationMethod)) {
          throw connectErrors.invalidRequest(`StopContact does not work for voice contacts initiated by ${contact.initiationMethod}`);
        }
        await runtime.lifecycle.stop(contact, code);
        await runtime.whenIdle();
        return { body: {} };
      },
    },
    {
      method: "POST",
      pattern: "/contact/transfer",
      operation: "TransferContact",
      handler: async (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const contactId = shape.string("ContactId", { required: true, min: 1, max: 256 });
        const contactFlowId = shape.string("ContactFlowId", { required: true, max: 500 });
        const queueId = shape.string("QueueId");
        const userId = shape.string("UserId");
        const clientToken = shape.string("ClientToken", { max: 500 });
        shape.check();
        requireInstance(api, instanceId);
        if (queueId && userId) throw connectErrors.invalidRequest("Do not use both QueueId and UserId in the same call");
        const contact = requireContact(runtime, contactId!);
        const flow = runtime.findFlow(contactFlowId!, "flow");
        if (!flow) throw connectErrors.resourceNotFound(`Contact flow not found: ${contactFlowId}`);
        const queue = queueId ? runtime.resources.queues.find(queueId) : undefined;
        if (queueId && !queue) throw connectErrors.resourceNotFound(`Queue not found: ${queueId}`);
        const user = userId ? runtime.resources.users.find(userId) : undefined;
        if (userId && !user) throw connectErrors.resourceNotFound(`User not found: ${userId}`);
        const segment = call(() => runtime.transfers.transferContact(contact, { flow, queue, userId: user?.id, clientToken }));
        await runtime.whenIdle();
        return { body: { ContactId: segment.id, ContactArn: segment.arn } };
      },
    },
    {
      method: "POST",
      pattern: "/contact/schedule",
      operation: "UpdateContactSchedule",
      handler: (req) => {
        const shape = new Shape(req.body, connectErrors.invalidParameter);
        const instanceId = shape.string("InstanceId", { required: true, min: 1, max: 100 });
        const contactId = shape.string("ContactId", { required: true, min: 1, max: 256 });
        const at = epochMs(shape, "ScheduledTime", true);
        shape.check();
        requireInstance(api, instanceId);
        requireContact(runtime, contactId!);
        call(() => runtime.tasks.reschedule(contactId!, at!));
        return { body: {} };
      },
    },
  ];
}
