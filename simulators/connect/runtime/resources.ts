/**
 * The resources of a simulated instance — flows, modules, queues, hours of operation,
 * task templates — addressable the way flows address them: by id, by ARN, or (for
 * exports from another instance) by name.
 */
import type { LoadedFlow } from "../flow/loaded-flow.js";
import type { InstanceInfo } from "../flow/host.js";
import type { HoursOfOperationRef, TaskTemplateRef } from "../flow/refs.js";
import type { Endpoint, QueueRef } from "../flow/contact.js";
import type { Channel } from "../flow/model.js";

export interface QueueResource extends QueueRef {
  description?: string;
  status: "ENABLED" | "DISABLED";
  /** Maximum contacts waiting; undefined means unlimited. */
  maxContacts?: number;
  hoursOfOperationId?: string;
  outboundCallerId?: Endpoint;
  tags: Record<string, string>;
  /** OutboundCallerConfig as the API received it (caller id name, number id, outbound whisper flow). */
  outboundCallerConfig?: { OutboundCallerIdName?: string; OutboundCallerIdNumberId?: string; OutboundFlowId?: string };
  /** Quick connects agents working this queue can pick (AssociateQueueQuickConnects). */
  quickConnectIds?: string[];
  /** Epoch ms of the last change made through the API. */
  lastModifiedTime?: number;
}

export interface HoursConfigEntry {
  Day: "SUNDAY" | "MONDAY" | "TUESDAY" | "WEDNESDAY" | "THURSDAY" | "FRIDAY" | "SATURDAY";
  StartTime: { Hours: number; Minutes: number };
  EndTime: { Hours: number; Minutes: number };
}

export interface HoursResource extends HoursOfOperationRef {
  timeZone: string;
  config: HoursConfigEntry[];
  description?: string;
  tags?: Record<string, string>;
  lastModifiedTime?: number;
}

export interface TaskTemplateResource extends TaskTemplateRef {
  description?: string;
  status: "ACTIVE" | "INACTIVE";
  createdAt: number;
  updatedAt: number;
  /** The template exactly as the API received it (Fields, Constraints, Defaults). */
  raw: Record<string, unknown>;
  /** The flow a self-assigned task runs. */
  selfAssignFlowId?: string;
  tags?: Record<string, string>;
}

export interface UserResource {
  id: string;
  arn: string;
  /** The Username. */
  name: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  secondaryEmail?: string;
  mobile?: string;
  routingProfileId: string;
  securityProfileIds: string[];
  hierarchyGroupId?: string;
  phoneConfig: { PhoneType: string; AutoAccept?: boolean; AfterContactWorkTimeLimit?: number; DeskPhoneNumber?: string; PersistentConnection?: boolean };
  tags: Record<string, string>;
  lastModifiedTime?: number;
}

export interface RoutingProfileQueue {
  queueId: string;
  channel: Channel;
  priority: number;
  delay: number;
}

export interface MediaConcurrency {
  Channel: Channel;
  Concurrency: number;
  /** ROUTE_ANY_CHANNEL: the agent can be offered other channels while busy on this one. */
  CrossChannelBehavior?: { BehaviorType: "ROUTE_CURRENT_CHANNEL_ONLY" | "ROUTE_ANY_CHANNEL" };
}

export interface RoutingProfileResource {
  id: string;
  arn: string;
  name: string;
  description: string;
  defaultOutboundQueueId: string;
  queues: RoutingProfileQueue[];
  mediaConcurrencies: MediaConcurrency[];
  tags: Record<string, string>;
  lastModifiedTime?: number;
}

export interface QuickConnectResource {
  id: string;
  arn: string;
  name: string;
  description?: string;
  type: "USER" | "QUEUE" | "PHONE_NUMBER" | "FLOW";
  user?: { userId: string; contactFlowId: string };
  queue?: { queueId: string; contactFlowId: string };
  phone?: { phoneNumber: string };
  /** FLOW quick connects start an inbound flow. */
  flow?: { contactFlowId: string };
  tags: Record<string, string>;
  lastModifiedTime?: number;
}

/** A claimed phone number and the inbound flow it starts. */
export interface PhoneNumberResource {
  id: string;
  arn: string;
  /** The number in E.164. */
  name: string;
  contactFlowId?: string;
}

/** A security profile users are given (CreateUser SecurityProfileIds). */
export interface SecurityProfileResource {
  id: string;
  arn: string;
  name: string;
  description?: string;
}

/**
 * A flow or module as the API manages it. The runnable flow (if any) lives in
 * `flows`/`modules`; this keeps what only the API sees: the SAVED draft that is not
 * published, tags, description, state, and the exact content text that was sent.
 */
export interface FlowDefinition {
  id: string;
  arn: string;
  name: string;
  kind: "flow" | "module";
  /** ContactFlowType, or MODULE. */
  type: string;
  description?: string;
  state: "ACTIVE" | "ARCHIVED";
  /** Status of `content`: SAVED content is stored unvalidated and does not run. */
  status: "PUBLISHED" | "SAVED";
  /** The latest content (what `:$SAVED` shows). */
  content: string;
  /** The content that runs, with the loaded flow it became. */
  published?: { content: string; flow: LoadedFlow };
  /** Module Settings as the API received them. */
  settings?: string;
  externalInvocation?: { Enabled?: boolean };
  tags: Record<string, string>;
  createdTime: number;
  lastModifiedTime: number;
}

/** What DescribeInstance says about the instance besides its identity. */
export interface InstanceProfile {
  alias: string;
  createdTime: number;
  identityManagementType: "CONNECT_MANAGED" | "SAML" | "EXISTING_DIRECTORY";
  serviceRole: string;
  inboundCallsEnabled: boolean;
  outboundCallsEnabled: boolean;
  tags: Record<string, string>;
}

interface Named {
  id: string;
  arn: string;
  name: string;
}

/** A collection findable by id, ARN, trailing id of a foreign ARN, or name. */
export class Store<T extends Named> {
  private items = new Map<string, T>();

  add(item: T): T {
    this.items.set(item.id, item);
    return item;
  }

  remove(id: string): boolean {
    return this.items.delete(id);
  }

  get(id: string): T | undefined {
    return this.items.get(id);
  }

  all(): T[] {
    return [...this.items.values()];
  }

  /** By id, then ARN, then the id at the end of an ARN (`.../contact-flow/<id>`, alias suffix ignored), then name. */
  find(ref: string, names: string[] = []): T | undefined {
    const trimmed = ref.trim();
    if (trimmed) {
      const byId = this.items.get(trimmed);
      if (byId) return byId;
      for (const item of this.items.values()) if (item.arn === trimmed) return item;
      const tail = /\/([^/:]+)(?::[^/]*)?$/.exec(trimmed)?.[1];
      if (tail) {
        const byTail = this.items.get(tail);
        if (byTail) return byTail;
      }
      for (const item of this.items.values()) if (item.name === trimmed) return item;
    }
    for (const name of names) {
      for (const item of this.items.values()) if (item.name === name) return item;
    }
    return undefined;
  }
}

export function instanceArn(instance: Pick<InstanceInfo, "region" | "accountId" | "id">): string {
  return `arn:aws:connect:${instance.region}:${instance.accountId}:instance/${instance.id}`;
}

export class InstanceResources {
  readonly flows = new Store<LoadedFlow>();
  readonly modules = new Store<LoadedFlow>();
  readonly queues = new Store<QueueResource>();
  readonly hours = new Store<HoursResource>();
  readonly taskTemplates = new Store<TaskTemplateResource>();
  readonly users = new Store<UserResource>();
  readonly routingProfiles = new Store<RoutingProfileResource>();
  readonly quickConnects = new Store<QuickConnectResource>();
  readonly phoneNumbers = new Store<PhoneNumberResource>();
  readonly securityProfiles = new Store<SecurityProfileResource>();
  /** Lambda functions associated with the instance (AssociateLambdaFunction), by ARN, in the order associated. */
  readonly lambdaFunctions = new Set<string>();
  /** API bookkeeping of flows and modules (SAVED drafts, tags); see FlowDefinition. */
  readonly flowDefinitions = new Store<FlowDefinition>();
  readonly moduleDefinitions = new Store<FlowDefinition>();
  readonly profile: InstanceProfile;

  constructor(readonly instance: InstanceInfo) {
    this.profile = {
      alias: "flowsim",
      createdTime: 0,
      identityManagementType: "CONNECT_MANAGED",
      serviceRole: `arn:aws:iam::${instance.accountId}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect`,
      inboundCallsEnabled: true,
      outboundCallsEnabled: true,
      tags: {},
    };
  }

  arn(kind: string, id: string): string {
    return `${this.instance.arn}/${kind}/${id}`;
  }
}
