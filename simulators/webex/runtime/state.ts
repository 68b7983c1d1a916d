/**
 * The data of one call: flow variables (shared by the main flow and every event
 * handler) and activity outputs (`<label>.<name>`, read case-insensitively, the start
 * activity also as NewPhoneContact/NewContact).
 */
import type { WebexFlow } from "../model.js";
import type { PebbleScope } from "../pebble/evaluate.js";
import { Namespace } from "../pebble/values.js";
import { convertValue, type Converted } from "./values.js";

export interface VariableChange {
  name: string;
  from: unknown;
  to: unknown;
}

export class FlowState {
  private readonly values = new Map<string, unknown>();
  private readonly namespaces = new Map<string, Namespace>();

  constructor(private readonly flow: WebexFlow) {
    for (const v of flow.variables.values()) this.values.set(v.name, v.initial);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): unknown {
    return this.values.get(name);
  }

  /** Sets a variable, converted to its declared type (undeclared names are kept as text). */
  set(name: string, value: unknown): { ok: true; change: VariableChange } | { ok: false; reason: string } {
    const decl = this.flow.variables.get(name);
    const converted: Converted = convertValue(decl?.type ?? "STRING", value);
    if (!converted.ok) return { ok: false, reason: `${name} is ${decl?.type ?? "STRING"}: ${converted.reason}` };
    const from = this.values.get(name);
    this.values.set(name, converted.value);
    return { ok: true, change: { name, from: from ?? null, to: converted.value } };
  }

  /** The outputs of an activity (created on first use) under its label and any aliases. */
  outputs(label: string, aliases: string[] = []): Namespace {
    let ns = this.namespaces.get(label.toLowerCase());
    if (!ns) {
      ns = new Namespace(label);
      this.namespaces.set(label.toLowerCase(), ns);
    }
    for (const a of aliases) this.namespaces.set(a.toLowerCase(), ns);
    return ns;
  }

  snapshot(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  private lookup(name: string, extra: Namespace[]): unknown {
    if (this.values.has(name)) {
      const v = this.values.get(name);
      return v === undefined ? null : v;
    }
    const lower = name.toLowerCase();
    return extra.find((n) => n.matches(lower)) ?? this.namespaces.get(lower);
  }

  /** A variable or an output written as `Label.name` (Parse's inputVariable, a queue variable). */
  read(name: string, extra: Namespace[] = []): unknown {
    const direct = this.lookup(name, extra);
    if (direct !== undefined && !(direct instanceof Namespace)) return direct;
    const dot = name.indexOf(".");
    if (dot < 0) return undefined;
    const ns = this.lookup(name.slice(0, dot), extra);
    return ns instanceof Namespace ? ns.get(name.slice(dot + 1)) : undefined;
  }

  scope(extra: Namespace[], now: () => number, strict: boolean): PebbleScope {
    return { lookup: (name) => this.lookup(name, extra), now, strict };
  }
}

/** Event outputs, readable under every name of the event (AgentAnswered, AgentContactAssigned, AgentAccepted...). */
export function eventNamespace(labels: string[], values: Record<string, unknown>): Namespace {
  const ns = new Namespace(labels[0], labels.slice(1));
  for (const [k, v] of Object.entries(values)) ns.set(k, v);
  return ns;
}
