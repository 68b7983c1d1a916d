#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx flowsim` works from a clean checkout without a build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../support/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
