/**
 * For tests: which Allure category a result lands in, the way Allure 2 decides it from
 * reports/categories.json, so a test can check the category a real failure ends up in.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Category {
  name: string;
  matchedStatuses?: string[];
  messageRegex?: string;
  traceRegex?: string;
}

export const categories = JSON.parse(readFileSync(fileURLToPath(new URL("../../reports/categories.json", import.meta.url)), "utf8")) as Category[];

/** Java's `String.matches` with DOTALL, as Allure 2 applies a category's regex: the whole message must match. */
export function javaMatches(regex: string, text: string): boolean {
  const dotAll = regex.startsWith("(?s)");
  return new RegExp(`^(?:${dotAll ? regex.slice(4) : regex})$`, "s").test(text);
}

/** Allure 2 puts a result in the first category that matches, else in its own default. */
export function categoryOf(status: string, message: string): string {
  const found = categories.find((c) => (!c.matchedStatuses?.length || c.matchedStatuses.includes(status)) && (!c.messageRegex || javaMatches(c.messageRegex, message)));
  return found?.name ?? (status === "failed" ? "Product defects" : status === "broken" ? "Test defects" : "(none)");
}

/** The status message allure-cucumberjs records: cucumber's formatted error, type first, then the stack. */
export function messageOf(err: Error): string {
  return `${err.constructor.name}: ${err.message}\n    at World.<anonymous> (file:///work/steps/assertion-steps.ts:12:5)`;
}

/** The category whose name contains `fragment`. */
export function categoryNamed(fragment: string): string {
  const c = categories.find((x) => x.name.includes(fragment));
  assert.ok(c, `a category named like "${fragment}"`);
  return c.name;
}
