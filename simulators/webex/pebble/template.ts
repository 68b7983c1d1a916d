/**
 * Flow Designer text with `{{ expr }}` placeholders, compiled once at load time.
 *
 * A placeholder that does not parse is handled by policy (README, "templates"):
 * `repair` (default) drops stray square brackets — Cisco's Salesforce template ships
 * `{{[phoneNumber}}` — and warns; anything else that does not parse is a load error.
 * `runtime` keeps the text broken, warns at load, and fails when the activity renders
 * it, which is what Pebble does on the platform (the activity then takes its error path).
 */
import { parseExpression, walk, PebbleSyntaxError, type Expr } from "./parser.js";
import { Evaluator, type PebbleScope } from "./evaluate.js";
import { FILTERS, FUNCTIONS } from "./filters.js";
import { PebbleEvalError, toText } from "./values.js";

export type TemplateSyntaxPolicy = "repair" | "runtime";

export interface Placeholder {
  expr: Expr;
  /** The text between the braces, as written. */
  source: string;
}

export type TemplatePart = string | Placeholder;

/** A top-level name the template reads, with the attribute read from it (`NewPhoneContact.ANI` → name NewPhoneContact, attr ANI). */
export interface NameReference {
  name: string;
  attr?: string;
}

export interface CompiledTemplate {
  source: string;
  parts: TemplatePart[];
  /** Why the template cannot be rendered; set only under the `runtime` policy. */
  broken?: string;
  references: NameReference[];
}

export interface TemplateProblem {
  severity: "error" | "warning";
  message: string;
}

export class TemplateError extends Error {
  override name = "TemplateError";
}

/** Splits text into literal parts and `{{ }}` sources; quotes inside braces may contain `}}`. */
function scan(source: string): { parts: (string | { raw: string })[]; error?: string } {
  const parts: (string | { raw: string })[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    if (source.startsWith("{#", i)) {
      const end = source.indexOf("#}", i + 2);
      if (end < 0) return { parts, error: "unclosed comment {# ... #}" };
      i = end + 2;
      continue;
    }
    if (source.startsWith("{%", i)) return { parts, error: "Pebble tags ({% ... %}) are not supported" };
    if (!source.startsWith("{{", i)) {
      text += source[i++];
      continue;
    }
    let j = i + 2;
    let quote: string | undefined;
    while (j < source.length) {
      const c = source[j];
      if (quote) {
        if (c === "\\") j++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (source.startsWith("}}", j)) break;
      j++;
    }
    if (j >= source.length) return { parts, error: `unclosed placeholder "${source.slice(i, i + 30)}"` };
    if (text) parts.push(text);
    text = "";
    parts.push({ raw: source.slice(i + 2, j) });
    i = j + 2;
  }
  if (text) parts.push(text);
  return { parts };
}

/** Removes square brackets that have no partner (outside string literals). */
function dropStrayBrackets(expr: string): string | undefined {
  const open: number[] = [];
  const stray: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "[") open.push(i);
    else if (c === "]") {
      if (open.length) open.pop();
      else stray.push(i);
    }
  }
  stray.push(...open);
  if (!stray.length) return undefined;
  return [...expr].filter((_, i) => !stray.includes(i)).join("");
}

function checkNames(expr: Expr): string | undefined {
  for (const node of walk(expr)) {
    if (node.type === "filter" && !(node.name in FILTERS)) return `unknown filter "${node.name}"`;
    if (node.type === "call" && !(node.name in FUNCTIONS)) return `unknown function "${node.name}()"`;
  }
  return undefined;
}

function parsePlaceholder(raw: string): Expr {
  const expr = parseExpression(raw);
  const bad = checkNames(expr);
  if (bad) throw new PebbleSyntaxError(bad, 0);
  return expr;
}

function referencesOf(expr: Expr): NameReference[] {
  const out: NameReference[] = [];
  const seen = new Set<Expr>();
  for (const node of walk(expr)) {
    if (node.type === "attr" && node.object.type === "var") {
      out.push({ name: node.object.name, attr: node.name });
      seen.add(node.object);
    } else if (node.type === "var" && !seen.has(node)) out.push({ name: node.name });
  }
  return out;
}

export function compileTemplate(source: string, policy: TemplateSyntaxPolicy = "repair"): { template: CompiledTemplate; problems: TemplateProblem[] } {
  const problems: TemplateProblem[] = [];
  const template: CompiledTemplate = { source, parts: [], references: [] };
  const fail = (why: string) => {
    if (policy === "runtime") {
      template.broken = why;
      problems.push({ severity: "warning", message: `${why}; rendering it will fail at run time (template policy "runtime")` });
    } else {
      template.broken = why;
      problems.push({ severity: "error", message: why });
    }
  };
  const scanned = scan(source);
  if (scanned.error) {
    fail(scanned.error);
    return { template, problems };
  }
  for (const part of scanned.parts) {
    if (typeof part === "string") {
      template.parts.push(part);
      continue;
    }
    try {
      template.parts.push({ expr: parsePlaceholder(part.raw), source: part.raw });
    } catch (e) {
      if (!(e instanceof PebbleSyntaxError)) throw e;
      const repaired = policy === "repair" ? dropStrayBrackets(part.raw) : undefined;
      let expr: Expr | undefined;
      if (repaired !== undefined) {
        try {
          expr = parsePlaceholder(repaired);
        } catch {
          expr = undefined;
        }
      }
      if (expr) {
        template.parts.push({ expr, source: repaired! });
        problems.push({ severity: "warning", message: `stray bracket in {{${part.raw}}}: read as {{${repaired}}} (template policy "repair"; Pebble itself would fail to parse it)` });
      } else {
        fail(`{{${part.raw}}} does not parse: ${e.message}`);
        return { template, problems };
      }
    }
  }
  for (const p of template.parts) if (typeof p !== "string") template.references.push(...referencesOf(p.expr));
  return { template, problems };
}

function guard<T>(t: CompiledTemplate, run: () => T): T {
  if (t.broken) throw new TemplateError(`template "${t.source}" cannot be rendered: ${t.broken}`);
  try {
    return run();
  } catch (e) {
    if (e instanceof PebbleEvalError) throw new TemplateError(`${e.message} in "${t.source}"`);
    throw e;
  }
}

/** Renders the template to text. Throws TemplateError. */
export function renderTemplate(t: CompiledTemplate, scope: PebbleScope): string {
  return guard(t, () => {
    const ev = new Evaluator(scope);
    return t.parts.map((p) => (typeof p === "string" ? p : toText(ev.eval(p.expr)))).join("");
  });
}

/**
 * The value of a template that is one placeholder and nothing else (a Condition's
 * `{{a == 1}}` yields a boolean); any other template yields its rendered text.
 */
export function evaluateTemplate(t: CompiledTemplate, scope: PebbleScope): unknown {
  return guard(t, () => {
    const only = t.parts.filter((p) => typeof p !== "string" || p.trim() !== "");
    if (only.length === 1 && typeof only[0] !== "string") return new Evaluator(scope).eval(only[0].expr);
    return renderTemplate(t, scope);
  });
}

/** True when the text has no placeholder at all (a plain literal). */
export function isLiteral(t: CompiledTemplate): boolean {
  return !t.broken && t.parts.every((p) => typeof p === "string");
}
