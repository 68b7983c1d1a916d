/** Salesforce REST error bodies: always a JSON array of {message, errorCode, fields?} (reference §3.2). */

export interface SalesforceErrorItem {
  message: string;
  errorCode: string;
  fields?: string[];
}

export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly items: SalesforceErrorItem[],
  ) {
    super(items.map((i) => `${i.errorCode}: ${i.message}`).join("; "));
    this.name = "SalesforceError";
  }
}

export const sfError = (status: number, errorCode: string, message: string, fields?: string[]) => new SalesforceError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);

export const invalidSession = () => sfError(401, "INVALID_SESSION_ID", "Session expired or invalid");
export const notFound = (message = "The requested resource does not exist") => sfError(404, "NOT_FOUND", message);

/** A query error in Salesforce's layout: the SOQL, a caret under the column, the position, the reason. */
export function queryError(errorCode: string, soql: string, offset: number, reason: string): SalesforceError {
  const before = soql.slice(0, Math.max(0, offset));
  const row = before.split("\n").length;
  const lineStart = before.lastIndexOf("\n") + 1;
  const column = offset - lineStart + 1;
  const lineEnd = soql.indexOf("\n", lineStart);
  const line = soql.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  return sfError(400, errorCode, `\n${line}\n${" ".repeat(Math.max(0, column - 1))}^\nERROR at Row:${row}:Column:${column}\n${reason}`);
}
