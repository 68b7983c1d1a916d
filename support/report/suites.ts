/**
 * Allure's Suites tab: each capability folder of `features/` a parent suite, each feature
 * a suite inside it, so a reader finds "callback › Scheduled callback" rather than a flat
 * list of files. allure-cucumberjs sets neither label.
 */
import type { AllureLabel } from "./tags.js";

/**
 * The labels for a scenario of the feature `feature` in the file `path` (relative to the
 * project, as the result's fullName has it: `features/callback/callback-task.feature`).
 */
export function suiteLabels(path: string, feature: string | undefined): AllureLabel[] {
  const dirs = path.split("/").slice(0, -1);
  // features/<capability>/x.feature → the capability; a feature outside features/ → its folder.
  const capability = dirs[0] === "features" ? dirs[1] : dirs.at(-1);
  return [
    ...(capability ? [{ name: "parentSuite", value: capability }] : []),
    ...(feature ? [{ name: "suite", value: feature }] : []),
  ];
}
