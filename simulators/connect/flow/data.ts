/**
 * The flow data object that JSONPath references read (reference §4): one lookup per
 * top-level namespace, built from the contact and the current flow execution.
 */
import type { Contact, SegmentAttributeValue } from "./contact.js";
import type { FlowHost } from "./host.js";
import type { Lookup } from "./jsonpath.js";
import type { FlowRun } from "./run-state.js";

function segmentValue(v: SegmentAttributeValue): unknown {
  if (v.ValueString !== undefined) return v.ValueString;
  if (v.ValueInteger !== undefined) return v.ValueInteger;
  if (v.ValueArn !== undefined) return v.ValueArn;
  if (v.ValueList) return v.ValueList.map(segmentValue);
  if (v.ValueMap) return Object.fromEntries(Object.entries(v.ValueMap).map(([k, x]) => [k, segmentValue(x)]));
  return undefined;
}

export function flowDataLookup(contact: Contact, run: FlowRun, host: FlowHost): Lookup {
  return (root: string): unknown => {
    switch (root) {
      case "Attributes":
        return contact.attributes;
      case "FlowAttributes":
        return run.flowAttributes;
      case "External":
        return contact.external;
      case "LambdaInvocation":
        return { ResultData: contact.external, InvocationId: contact.lambdaInvocationId };
      case "Lex":
        return contact.lex;
      case "Views":
        return contact.views;
      case "Queue": {
        const q = contact.queue ?? contact.targetQueue;
        if (!q) return undefined;
        return { Name: q.name, ARN: q.arn, Id: q.id, OutboundCallerId: q.outboundCallerId };
      }
      case "Channel":
        return contact.channel;
      case "ContactId":
        return contact.id;
      case "InitialContactId":
        return contact.initialContactId;
      case "PreviousContactId":
        return contact.previousContactId;
      case "RelatedContactId":
        return contact.relatedContactId;
      case "CustomerEndpoint":
        return contact.customerEndpoint;
      case "SystemEndpoint":
        return contact.systemEndpoint;
      case "CustomerId":
        return contact.customerId;
      case "StoredCustomerInput":
        return contact.storedCustomerInput;
      case "TextToSpeechVoiceId":
        return contact.textToSpeechVoiceId;
      case "InstanceARN":
        return host.instance.arn;
      case "AwsRegion":
        return host.instance.region;
      case "InitiationMethod":
        return contact.initiationMethod;
      case "Name":
        return contact.name;
      case "Description":
        return contact.description;
      case "References":
        return contact.references;
      case "LanguageCode":
        return contact.languageCode;
      case "Tags":
        return contact.tags;
      case "SegmentAttributes":
        return Object.fromEntries(Object.entries(contact.segmentAttributes).map(([k, v]) => [k, segmentValue(v)]));
      case "Media":
        return { InitialMessage: contact.initialMessage };
      case "Task":
        return { ContactId: contact.createdTaskId };
      case "Metrics":
        return contact.metrics;
      case "MediaStreams":
        return contact.behaviours.mediaStreams;
      case "Customer":
        return contact.customerProfile;
      case "Case":
        return contact.caseData;
      case "Wisdom":
        return { SessionArn: contact.wisdomSessionArn };
      case "DataTables":
        return contact.dataTables;
      case "Email":
        return contact.emailMessage ? { EmailMessage: contact.emailMessage } : undefined;
      case "AgenticCX":
        return contact.agenticCx;
      case "Loop":
        return run.loops;
      case "Modules":
        return run.modules;
      case "CallbackNumber":
        return contact.callbackNumber ?? contact.customerEndpoint?.Address;
      case "Agent": {
        const agent = contact.agentId ? host.findAgent?.(contact.agentId) : undefined;
        return agent;
      }
      default:
        return undefined;
    }
  };
}
