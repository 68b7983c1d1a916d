// The image's entry: the `flowsim` command, bundled into one file so the image carries no
// node_modules and no TypeScript loader.
import { main } from "../simulators/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
