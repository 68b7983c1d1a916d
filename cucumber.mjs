// Cucumber profiles: one per target. `npm run e2e` uses the default (the embedded simulator).
// Support code is TypeScript, loaded through tsx (see the e2e script).
const common = {
  paths: ["features/**/*.feature"],
  import: ["support/hooks.ts", "steps/**/*.steps.ts"],
  format: ["./support/report/console-formatter.ts", ["./support/report/formatter.ts", "reports/.allure-formatter.log"]],
  formatOptions: { snippetInterface: "async-await" },
};

export default { ...common, worldParameters: { target: "sim" } };
export const sim = { ...common, worldParameters: { target: "sim" } };
export const server = { ...common, worldParameters: { target: "server" } };
export const container = { ...common, worldParameters: { target: "container" } };
export const staging = { ...common, worldParameters: { target: "staging" }, retry: 1 };
