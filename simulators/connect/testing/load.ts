/**
 * A test case as DescribeTestCase returns it (`Name`, `EntryPoint`, `InitializationData`,
 * `Content`), checked as a whole and made runnable. `Content` may be the JSON text or
 * the object itself; `InitializationData` the JSON text or the object.
 */
import { ProblemList, type Problem } from "../../kernel/problems.js";
import type { RunnableTestCase } from "./model.js";
import { parseContent } from "./parse.js";
import { readEntryPoint, readInitializationData } from "./parse-entry.js";
import { ContentReader } from "./reader.js";

export interface TestCaseInput {
  Name?: unknown;
  EntryPoint?: unknown;
  InitializationData?: unknown;
  Content?: unknown;
}

export interface LoadedTestCase {
  /** Present when there are no errors. */
  testCase?: RunnableTestCase;
  /** Errors and warnings, entry point and initialization data first. */
  problems: Problem[];
}

export function loadTestCase(input: TestCaseInput, source: string): LoadedTestCase {
  const list = new ProblemList(source);
  const r = new ContentReader(list);
  const name = typeof input.Name === "string" && input.Name.trim() !== "" ? input.Name : source;
  const entryPoint = readEntryPoint(r, input.EntryPoint);
  const initialData = readInitializationData(r, input.InitializationData);
  const content = parseContent(input.Content, { source, entryPoint });
  const problems = [...list.items, ...content.problems];
  if (!entryPoint || !initialData || !content.document || problems.some((p) => p.severity === "error")) return { problems };
  return { testCase: { name, entryPoint, initialData, document: content.document }, problems };
}
