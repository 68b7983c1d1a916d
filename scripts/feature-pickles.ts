/** The scenarios of `features/` as cucumber runs them (outlines expanded), read with cucumber's own Gherkin parser. */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from "@cucumber/gherkin";
import { IdGenerator, type GherkinDocument, type Pickle } from "@cucumber/messages";

export function featureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return featureFiles(path);
    return name.endsWith(".feature") ? [path] : [];
  });
}

export interface ParsedFeature {
  uri: string;
  document: GherkinDocument;
  pickles: readonly Pickle[];
}

/** Every feature under `root/features`, in path order. */
export function parsedFeatures(root: string): ParsedFeature[] {
  const newId = IdGenerator.incrementing();
  return featureFiles(join(root, "features"))
    .sort()
    .map((file) => {
      const uri = relative(root, file);
      const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(file, "utf8"));
      return { uri, document, pickles: compile(document, uri, newId) };
    });
}
