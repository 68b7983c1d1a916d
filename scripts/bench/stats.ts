/**
 * Pure helpers the wire benches share: percentiles and bounded command-line numbers. Kept
 * apart from the benches so they can be tested without starting anything.
 */

/** The p-th percentile (nearest rank) of values already sorted ascending; NaN for none. */
export function percentileOf(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** p50, p99 and max of a set of latencies (sorted here, in a typed array: there may be millions). */
export function summarise(values: ArrayLike<number>): LatencySummary {
  const sorted = Float64Array.from(values).sort();
  return { count: sorted.length, p50: percentileOf(sorted, 50), p99: percentileOf(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : NaN };
}

/**
 * A numeric option from the command line (`--name 5` or `--name=5`), else the environment
 * variable, else the default; always clamped to [min, max] so a typo cannot start a bench
 * that runs for hours or opens more sockets than the machine has.
 */
export function numberOption(argv: readonly string[], env: NodeJS.ProcessEnv, spec: { flag: string; env: string; fallback: number; min: number; max: number }): number {
  let raw: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${spec.flag}`) raw = argv[i + 1];
    else if (argv[i].startsWith(`--${spec.flag}=`)) raw = argv[i].slice(spec.flag.length + 3);
  }
  raw ??= env[spec.env];
  const value = raw === undefined || raw.trim() === "" ? spec.fallback : Number(raw);
  if (!Number.isFinite(value)) throw new Error(`--${spec.flag} (or ${spec.env}) must be a number, not ${JSON.stringify(raw)}`);
  return Math.min(spec.max, Math.max(spec.min, value));
}

/** `1234.5` → `"1.2 ms"`-style text for milliseconds, keeping small values readable. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`;
}

export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
