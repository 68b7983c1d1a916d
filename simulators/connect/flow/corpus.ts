/**
 * Where the shared corpus of real flow exports lives. It is third-party data that users
 * of flowsim do not have, so it is read in place and never copied into the repository.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** `FLOWSIM_CORPUS`, else `../shared/corpus` beside the checkout. Undefined when absent. */
export function corpusDir(): string | undefined {
  const dir = process.env.FLOWSIM_CORPUS ? resolve(process.env.FLOWSIM_CORPUS) : resolve(repoRoot, "../shared/corpus");
  return existsSync(dir) ? dir : undefined;
}
