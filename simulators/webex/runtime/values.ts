/** Conversion of values to a flow variable's declared type (Set Variable, HTTP and Parse outputs, defaults). */
import type { VariableType } from "../model.js";
import { toText } from "../pebble/values.js";

export type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

export function convertValue(type: VariableType, value: unknown): Converted {
  if (value === null || value === undefined) return { ok: true, value: null };
  switch (type) {
    case "STRING":
    case "DATETIME":
      return { ok: true, value: toText(value) };
    case "INTEGER": {
      if (typeof value === "number" && Number.isInteger(value)) return { ok: true, value };
      const t = toText(value).trim();
      return /^[-+]?\d+$/.test(t) ? { ok: true, value: Number(t) } : { ok: false, reason: `"${t}" is not a whole number` };
    }
    case "DECIMAL": {
      if (typeof value === "number") return { ok: true, value };
      const t = toText(value).trim();
      const n = Number(t);
      return t !== "" && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: `"${t}" is not a number` };
    }
    case "BOOLEAN": {
      if (typeof value === "boolean") return { ok: true, value };
      const t = toText(value).trim().toLowerCase();
      return t === "true" || t === "false" ? { ok: true, value: t === "true" } : { ok: false, reason: `"${toText(value)}" is not true or false` };
    }
    case "JSON": {
      if (typeof value === "object") return { ok: true, value };
      const t = toText(value);
      if (t.trim() === "") return { ok: true, value: null };
      try {
        return { ok: true, value: JSON.parse(t) };
      } catch (e) {
        return { ok: false, reason: `not JSON (${(e as Error).message})` };
      }
    }
  }
}
