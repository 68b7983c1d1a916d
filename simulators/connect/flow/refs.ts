/**
 * The instance's resources as a flow refers to them, once the host has resolved a
 * reference. They stand apart from `host.ts` because the responders answer questions about
 * them too, and the host hands out the responders.
 */

export interface HoursOfOperationRef {
  id: string;
  arn: string;
  name: string;
}

export interface TaskTemplateRef {
  id: string;
  arn: string;
  name: string;
  contactFlowId?: string;
  /** Task fields by name: their defaults and who may fill them. */
  fields: { name: string; type: string; required: boolean; readOnly: boolean; invisible: boolean; defaultValue?: string }[];
}
