/**
 * What `flowsim lint` reports for one file, whichever platform's loader read it. It lives in
 * the kernel so that the Connect and Webex linters can both produce it without knowing each
 * other or the command line.
 */
export interface LintReport {
  file: string;
  ok: boolean;
  flowType: string;
  errors: { action?: string; path: string; message: string }[];
  warnings: { action?: string; path: string; message: string }[];
}

/** One problem the way `flowsim lint` prints it under its file: severity, [block], JSON path, reason. */
export function lintLine(severity: "error" | "warning", p: { action?: string; path: string; message: string }): string {
  return `${severity.padEnd(7)} ${p.action !== undefined ? `[${p.action}] ` : ""}${p.path}: ${p.message}`;
}
