/** A problem found in a flow: where it is (file, action, JSON path) and why, in the service's words where known. */
export interface Problem {
  severity: "error" | "warning";
  file: string;
  /** Identifier of the action at fault, when the problem belongs to one. */
  action?: string;
  /** Type of that action. */
  actionType?: string;
  /** JSON path inside the flow document, e.g. `Actions[3].Transitions.NextAction`. */
  path: string;
  message: string;
}

/** Collects problems for one file; actions are addressed by index so paths read like the service's. */
export class ProblemList {
  readonly items: Problem[] = [];

  constructor(readonly file: string) {}

  error(path: string, message: string, action?: { Identifier?: unknown; Type?: unknown }): void {
    this.add("error", path, message, action);
  }

  warning(path: string, message: string, action?: { Identifier?: unknown; Type?: unknown }): void {
    this.add("warning", path, message, action);
  }

  private add(severity: Problem["severity"], path: string, message: string, action?: { Identifier?: unknown; Type?: unknown }): void {
    const problem: Problem = { severity, file: this.file, path, message };
    if (action && typeof action.Identifier === "string" && action.Identifier !== "") problem.action = action.Identifier;
    if (action && typeof action.Type === "string") problem.actionType = action.Type;
    this.items.push(problem);
  }

  get errors(): Problem[] {
    return this.items.filter((p) => p.severity === "error");
  }

  get warnings(): Problem[] {
    return this.items.filter((p) => p.severity === "warning");
  }
}

export function formatProblem(p: Problem): string {
  const where = p.action !== undefined ? ` [${p.action}${p.actionType ? ` (${p.actionType})` : ""}]` : "";
  return `${p.file}: ${p.severity}${where} ${p.path}: ${p.message}`;
}

/** Thrown when a flow with errors is asked to run, or a file cannot be read at all. */
export class FlowLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(`${file} has ${problems.length} error${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  ${formatProblem(p)}`).join("\n")}`);
    this.name = "FlowLoadError";
  }
}
