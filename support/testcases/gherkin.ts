/** Feature files as cucumber reads them: pickles (outlines expanded, backgrounds included) and where each step was written. */
import { readFileSync } from "node:fs";
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from "@cucumber/gherkin";
import { IdGenerator, type GherkinDocument, type Pickle } from "@cucumber/messages";

/** Where a step was written: its line and its keyword as written (`And `, `When `...). */
export interface StepSource {
  line: number;
  keyword: string;
}

export interface ParsedFeature {
  uri: string;
  pickles: readonly Pickle[];
  /** A pickle step's source, by the first of its `astNodeIds`. */
  source(astNodeId: string): StepSource | undefined;
  /** The line a pickle comes from: its row of examples for an outline, else its scenario. */
  lineOf(pickle: Pickle): number | undefined;
}

type Child = NonNullable<GherkinDocument["feature"]>["children"][number];

interface Written {
  id: string;
  location: { line: number };
  keyword?: string;
}

/** Every step, scenario and row of examples written in the feature, its rules' included. */
function written(children: readonly Child[]): Written[] {
  return children.flatMap((child) => {
    const scenario = child.scenario ? [child.scenario, ...child.scenario.steps, ...child.scenario.examples.flatMap((e) => e.tableBody)] : [];
    return [...(child.background?.steps ?? []), ...scenario, ...written(child.rule?.children ?? [])];
  });
}

export function parseFeature(path: string, uri = path): ParsedFeature {
  const newId = IdGenerator.incrementing();
  const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(path, "utf8"));
  const nodes = new Map(written(doc.feature?.children ?? []).map((n) => [n.id, { line: n.location.line, keyword: n.keyword ?? "" }]));
  return { uri, pickles: compile(doc, uri, newId), source: (id) => nodes.get(id), lineOf: (pickle) => nodes.get(pickle.astNodeIds.at(-1) ?? "")?.line };
}
