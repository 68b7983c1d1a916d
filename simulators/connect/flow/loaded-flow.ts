import type { FlowAction, FlowDocument } from "./model.js";
import type { FlowType } from "./flow-types.js";
import type { Problem } from "../../kernel/problems.js";

/** A flow or module after loading and validation. Only flows without errors run. */
export interface LoadedFlow {
  /** Where it came from (a file path, or `<api:name>`): named in every problem. */
  source: string;
  doc: FlowDocument;
  kind: "flow" | "module";
  flowType: FlowType;
  /** How the type was decided: given by the caller, read from `Metadata.type`, `Settings` present, or inferred. */
  flowTypeSource: "declared" | "metadata" | "settings" | "inferred";
  /** Identity inside an instance (set when published through the API or a flows folder). */
  id: string;
  arn: string;
  name: string;
  actions: ReadonlyMap<string, FlowAction>;
  /** Index of each action in `Actions`, for JSON paths. */
  indexOf: ReadonlyMap<string, number>;
  problems: Problem[];
  ok: boolean;
}
