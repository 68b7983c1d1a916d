/**
 * A flow the target refused on publish, told the way `flowsim lint` tells it: every problem
 * with its block, JSON path and reason, and the command that shows them without running a
 * scenario. The SDK's exception alone says only "The flow is not valid."
 */
import { loadFlowText } from "../../simulators/connect/flow/load.js";
import { DISPLAY_NAMES, withArticle, type FlowType } from "../../simulators/connect/flow/flow-types.js";
import { lintLine } from "../../simulators/kernel/lint-report.js";

/** Service answers that are a verdict on the content, not a failure to reach the service. */
const REFUSALS = new Set(["InvalidContactFlowException", "InvalidContactFlowModuleException", "InvalidParameterException", "InvalidRequestException"]);

export interface Refusal {
  name: string;
  message: string;
  /** The problem messages the target listed (`problems` on flows, `Problems` on modules). */
  problems: string[];
}

/** The refusal in a CreateContactFlow / CreateContactFlowModule error; undefined for any other error. */
export function refusalOf(err: unknown): Refusal | undefined {
  const e = err as { name?: string; message?: string; problems?: { message?: string }[]; Problems?: { message?: string }[] };
  if (!e || typeof e.name !== "string" || !REFUSALS.has(e.name)) return undefined;
  const problems = (e.problems ?? e.Problems ?? []).map((p) => p.message ?? "").filter((m) => m !== "");
  return { name: e.name, message: e.message ?? "", problems };
}

export interface RefusedFlow {
  /** How the scenario names it: the flow's name or the file. */
  label: string;
  /** The export's path, when it came from a file (for the lint command). */
  file?: string;
  type: FlowType;
  text: string;
  refusal: Refusal;
}

/**
 * Every problem, as lint prints it. The simulator refuses with the same validator, so
 * there lint's lines say it all; a real instance may word things its own way or find
 * what flowsim does not, and then its own problems come first, verbatim.
 */
export function describeRefusal(f: RefusedFlow): string {
  const lint = loadFlowText(f.text, f.file ?? f.label, { flowType: f.type }).problems.filter((p) => p.severity === "error");
  const unexplained = f.refusal.problems.filter((said) => !lint.some((p) => said.includes(p.message)));
  const lines: string[] = [];
  if (unexplained.length) lines.push("  the target said:", ...unexplained.map((p) => `    - ${p}`), ...(lint.length ? ["  flowsim lint finds:"] : []));
  lines.push(...lint.map((p) => `  ${unexplained.length ? "  " : ""}${lintLine("error", p)}`));
  if (lines.length === 0) lines.push(`  (the target listed no problems and flowsim lint finds none: ${f.refusal.message})`);
  const count = Math.max(lint.length, f.refusal.problems.length);
  const what = f.type === "MODULE" ? "a flow module" : withArticle(DISPLAY_NAMES[f.type].toLowerCase());
  const head = `${f.label} was refused on publish as ${what} (${f.refusal.name}: ${f.refusal.message}), ${count} problem${count === 1 ? "" : "s"}:`;
  const hint = f.file ? [`To see them without running a scenario: npx flowsim lint ${f.file} --type ${f.type}`] : [];
  return [head, ...lines, ...hint].join("\n");
}
