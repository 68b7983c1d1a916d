/**
 * Nothing secret may reach the reports a staging run leaves behind (they are published as CI
 * artifacts). The scan reads every text file under a folder for values planted in the run's
 * environment (its AWS secret key and session token) and for anything shaped like a token
 * (report/redact.ts's shapes). Findings name the file and show only the first characters.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { secretShapes } from "../report/redact.js";

export interface SecretFinding {
  file: string;
  what: string;
}

const MAX_BYTES = 20 * 1024 * 1024;
const hint = (value: string) => `${value.slice(0, 4)}…`;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

export function scanForSecrets(dir: string, planted: readonly string[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const file of files(dir)) {
    if (statSync(file).size > MAX_BYTES) {
      findings.push({ file, what: `too large to scan (over ${MAX_BYTES} bytes)` });
      continue;
    }
    const body = readFileSync(file);
    // Images and other binary attachments carry no text a token could be written in.
    if (body.includes(0)) continue;
    const text = body.toString("utf8");
    for (const value of planted) if (value && text.includes(value)) findings.push({ file, what: `the planted secret ${hint(value)}` });
    for (const shape of secretShapes(text)) findings.push({ file, what: `a token-shaped value ${hint(shape)}` });
  }
  return findings;
}
