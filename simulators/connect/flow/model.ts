/** The Amazon Connect flow language ("Version": "2019-10-30") as flowsim reads it. */

export type ConditionOperand = string | ConditionExpr;

export interface ConditionExpr {
  Operator: string;
  Operands: ConditionOperand[];
}

export interface ConditionTransition {
  NextAction: string;
  Condition: ConditionExpr;
}

export interface ErrorTransition {
  NextAction: string;
  ErrorType: string;
}

export interface Transitions {
  NextAction?: string;
  Errors?: ErrorTransition[];
  Conditions?: ConditionTransition[];
}

export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: Transitions;
}

export interface ModuleSettings {
  InputParameters?: unknown[];
  OutputParameters?: unknown[];
  Transitions?: { DisplayName?: string; ReferenceName?: string; Description?: string }[];
}

export interface FlowDocument {
  Version: string;
  StartAction: string;
  Metadata?: Record<string, unknown>;
  Actions: FlowAction[];
  Settings?: ModuleSettings;
}

export type Channel = "VOICE" | "CHAT" | "TASK" | "EMAIL";
export const CHANNELS: readonly Channel[] = ["VOICE", "CHAT", "TASK", "EMAIL"];
