// Cucumber profiles: one per target. `npm run e2e` uses the default (the embedded simulator).
// Support code is TypeScript, loaded through tsx (see the e2e script).
// No `paths`: cucumber's own default is every feature under features/, and paths given on
// the command line (`npm run e2e -- features/callback`) replace it; paths in a profile
// would be run as well as the ones given.
const common = {
  import: ["support/hooks.ts", "steps/**/*.steps.ts"],
  format: ["./support/report/console-formatter.ts", ["./support/report/formatter.ts", "reports/.allure-formatter.log"]],
  formatOptions: { snippetInterface: "async-await" },
};

export default { ...common, worldParameters: { target: "sim" } };
export const sim = { ...common, worldParameters: { target: "sim" } };
export const server = { ...common, worldParameters: { target: "server" } };
export const container = { ...common, worldParameters: { target: "container" } };
export const staging = { ...common, worldParameters: { target: "staging" }, retry: 1 };
