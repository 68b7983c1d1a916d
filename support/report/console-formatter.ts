/**
 * What `npm run e2e` prints: cucumber's progress formatter, except that a step no
 * definition matches gets the nearest sentences of the vocabulary (step-suggestions.ts)
 * where cucumber prints a code snippet to implement it.
 *
 *   format: ["./support/report/console-formatter.ts", ...]
 */
import { ProgressFormatter, type IFormatterOptions } from "@cucumber/cucumber";
import { didYouMean, stepDefinitionsOf } from "./step-suggestions.js";

// Cucumber writes this heading itself before the snippet (formatter/helpers/test_case_attempt_formatter.js).
export const CUCUMBER_UNDEFINED_HEADING = "Undefined. Implement with the following snippet:";
export const UNDEFINED_HEADING = "Undefined: no step matches this sentence.";

type LogIssues = ProgressFormatter["logIssues"];

export default class FlowsimConsoleFormatter extends ProgressFormatter {
  static override readonly documentation = "cucumber's progress output, with the nearest known sentences for an undefined step";

  constructor(options: IFormatterOptions) {
    super(options);
    const definitions = stepDefinitionsOf(options.supportCodeLibrary);
    // Only `build` is used by the issue formatter; the snippet becomes the suggestion.
    this.snippetBuilder = { build: ({ pickleStep }: { pickleStep: { text: string } }) => didYouMean(pickleStep.text, definitions) } as unknown as typeof this.snippetBuilder;
  }

  override logIssues(...args: Parameters<LogIssues>): ReturnType<LogIssues> {
    const log = this.log;
    this.log = (text) => log(String(text).replaceAll(CUCUMBER_UNDEFINED_HEADING, UNDEFINED_HEADING));
    try {
      super.logIssues(...args);
    } finally {
      this.log = log;
    }
  }
}
