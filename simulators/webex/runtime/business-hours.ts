/**
 * Business Hours schedules as data, evaluated on the simulator clock the way the
 * activity routes (toolkit business-hours.md): an override in force wins, then a
 * holiday, then a working-hours shift; otherwise `default`.
 */
import { zonedFields } from "../pebble/java-time.js";

export type Weekday = "SUN" | "MON" | "TUE" | "WED" | "THU" | "FRI" | "SAT";
const WEEKDAYS: Weekday[] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

export interface Shift {
  name: string;
  days: Weekday[];
  /** "HH:mm" local time; `end` may be "24:00"; an end before the start runs past midnight. */
  start: string;
  end: string;
}

export interface Holiday {
  name: string;
  /** "YYYY-MM-DD", or the first and last day of a range. */
  date?: string;
  from?: string;
  to?: string;
}

export interface Override {
  name: string;
  /** Local date-times "YYYY-MM-DDTHH:mm"; `to` is exclusive. */
  from: string;
  to: string;
}

export interface BusinessHoursSchedule {
  name?: string;
  /** IANA zone the times are written in. */
  timeZone: string;
  workingHours: Shift[];
  holidays?: Holiday[];
  overrides?: Override[];
}

export interface BusinessHoursResult {
  port: "workingHours" | "holidays" | "override" | "default";
  shiftName?: string;
  holidayName?: string;
  overrideName?: string;
}

const minutes = (hhmm: string): number => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`"${hhmm}" is not an HH:mm time`);
  return Number(m[1]) * 60 + Number(m[2]);
};

export function evaluateSchedule(schedule: BusinessHoursSchedule, at: number): BusinessHoursResult {
  const f = zonedFields(at, schedule.timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${f.year}-${pad(f.month)}-${pad(f.day)}`;
  const local = `${date}T${pad(f.hour)}:${pad(f.minute)}`;
  for (const o of schedule.overrides ?? []) if (o.from <= local && local < o.to) return { port: "override", overrideName: o.name };
  for (const h of schedule.holidays ?? []) {
    const from = h.date ?? h.from;
    const to = h.date ?? h.to ?? from;
    if (from !== undefined && to !== undefined && from <= date && date <= to) return { port: "holidays", holidayName: h.name };
  }
  const now = f.hour * 60 + f.minute;
  const today = WEEKDAYS[f.weekday];
  const yesterday = WEEKDAYS[(f.weekday + 6) % 7];
  for (const s of schedule.workingHours) {
    const start = minutes(s.start);
    const end = minutes(s.end);
    if (end > start) {
      if (s.days.includes(today) && start <= now && now < end) return { port: "workingHours", shiftName: s.name };
    } else if ((s.days.includes(today) && now >= start) || (s.days.includes(yesterday) && now < end)) {
      return { port: "workingHours", shiftName: s.name };
    }
  }
  return { port: "default" };
}
