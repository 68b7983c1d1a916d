/** Durations as features write them: "3 minutes", "1 hour". */
const UNIT_MS: Record<string, number> = { second: 1000, seconds: 1000, minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000 };

export function ms(amount: number, unit: string): number {
  const per = UNIT_MS[unit];
  if (per === undefined) throw new Error(`unknown time unit "${unit}" (seconds, minutes, hours)`);
  return amount * per;
}
