/**
 * The slice of Java date handling that Pebble's `date` filter and `now()` expose to
 * flows: DateTimeFormatter/SimpleDateFormat patterns (`yyyy-MM-dd HH:mm:ss`,
 * `h:mm a`, `yyyy-MM-dd'T'HH:mm:ss.SSS'Z'`), time zones by IANA id, and the text a
 * Java ZonedDateTime prints (`2026-01-05T09:00:00.250Z[UTC]`).
 */

/** A point in time as Pebble sees the result of `now()`: an instant in a zone. */
export class PebbleDate {
  constructor(
    readonly epochMs: number,
    readonly zone = "UTC",
  ) {}

  /** Java's ZonedDateTime.toString(): seconds and fraction are left out when zero. */
  toString(): string {
    const f = zonedFields(this.epochMs, this.zone);
    let time = `${pad(f.hour, 2)}:${pad(f.minute, 2)}`;
    if (f.second !== 0 || f.ms !== 0) time += `:${pad(f.second, 2)}`;
    if (f.ms !== 0) time += `.${pad(f.ms, 3)}`;
    return `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${time}${offsetText(f.offsetMinutes, "XXX")}[${this.zone}]`;
  }
}

export class JavaTimeError extends Error {
  override name = "JavaTimeError";
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
  offsetMinutes: number;
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    } catch {
      throw new JavaTimeError(`unknown time zone "${zone}"`);
    }
    formatters.set(zone, f);
  }
  return f;
}

export function zonedFields(epochMs: number, zone: string): Fields {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(epochMs))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const localAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, ms);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    ms,
    weekday: new Date(localAsUtc).getUTCDay(),
    offsetMinutes: Math.round((localAsUtc - epochMs) / 60000),
  };
}

function offsetText(minutes: number, style: "X" | "XX" | "XXX" | "Z" | "x" | "xxx"): string {
  if (minutes === 0 && style.startsWith("X")) return "Z";
  const sign = minutes < 0 ? "-" : "+";
  const h = pad(Math.floor(Math.abs(minutes) / 60), 2);
  const m = pad(Math.abs(minutes) % 60, 2);
  if (style === "X" || style === "x") return m === "00" ? `${sign}${h}` : `${sign}${h}${m}`;
  if (style === "XXX" || style === "xxx") return `${sign}${h}:${m}`;
  return `${sign}${h}${m}`;
}

type PatternToken = { letter: string; count: number } | { literal: string };

const PATTERN_CACHE = new Map<string, PatternToken[]>();

function tokenizePattern(pattern: string): PatternToken[] {
  const cached = PATTERN_CACHE.get(pattern);
  if (cached) return cached;
  const out: PatternToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        out.push({ literal: "'" });
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = "";
      for (;;) {
        if (j >= pattern.length) throw new JavaTimeError(`unterminated quote in date pattern "${pattern}"`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j++];
      }
      out.push({ literal: text });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      if (!"yuMLdEaHhKkmsSZXxzV".includes(c)) throw new JavaTimeError(`unsupported letter "${c}" in date pattern "${pattern}"`);
      out.push({ letter: c, count: j - i });
      i = j;
      continue;
    }
    out.push({ literal: c });
    i++;
  }
  PATTERN_CACHE.set(pattern, out);
  return out;
}

function zoneName(epochMs: number, zone: string, long: boolean): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: long ? "long" : "short" }).formatToParts(new Date(epochMs));
  return parts.find((p) => p.type === "timeZoneName")?.value ?? zone;
}

/** Formats an instant with a Java date pattern in the given zone. */
export function formatJava(epochMs: number, pattern: string, zone = "UTC"): string {
  const f = zonedFields(epochMs, zone);
  let out = "";
  for (const t of tokenizePattern(pattern)) {
    if ("literal" in t) {
      out += t.literal;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case "y":
      case "u":
        out += n === 2 ? pad(f.year % 100, 2) : pad(f.year, n);
        break;
      case "M":
      case "L":
        out += n >= 4 ? MONTHS[f.month - 1] : n === 3 ? MONTHS[f.month - 1].slice(0, 3) : pad(f.month, n);
        break;
      case "d":
        out += pad(f.day, n);
        break;
      case "E":
        out += n >= 4 ? DAYS[f.weekday] : DAYS[f.weekday].slice(0, 3);
        break;
      case "a":
        out += f.hour < 12 ? "AM" : "PM";
        break;
      case "H":
        out += pad(f.hour, n);
        break;
      case "k":
        out += pad(f.hour === 0 ? 24 : f.hour, n);
        break;
      case "K":
        out += pad(f.hour % 12, n);
        break;
      case "h":
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n);
        break;
      case "m":
        out += pad(f.minute, n);
        break;
      case "s":
        out += pad(f.second, n);
        break;
      case "S":
        out += pad(f.ms, 3).padEnd(n, "0").slice(0, n);
        break;
      case "Z":
        out += n === 4 ? `GMT${f.offsetMinutes === 0 ? "" : offsetText(f.offsetMinutes, "xxx")}` : n === 5 ? offsetText(f.offsetMinutes, "XXX") : offsetText(f.offsetMinutes, "Z");
        break;
      case "X":
        out += offsetText(f.offsetMinutes, n === 1 ? "X" : n === 2 ? "XX" : "XXX");
        break;
      case "x":
        out += offsetText(f.offsetMinutes, n >= 3 ? "xxx" : n === 2 ? "Z" : "x");
        break;
      case "z":
        out += zoneName(epochMs, zone, n >= 4);
        break;
      case "V":
        out += zone;
        break;
    }
  }
  return out;
}

const NUMERIC = new Set(["y", "u", "M", "L", "d", "H", "h", "K", "k", "m", "s", "S"]);

/**
 * Parses text with a Java date pattern. Fields the pattern lacks default to
 * 1970-01-01 00:00:00; without an offset in the pattern the text is read in `zone`
 * (Pebble parses with the server's default zone, UTC). Text after the pattern is
 * ignored, as SimpleDateFormat.parse(String) does.
 */
export function parseJava(text: string, pattern: string, zone = "UTC"): number {
  const tokens = tokenizePattern(pattern);
  let pos = 0;
  const v = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0, pm: undefined as boolean | undefined, h12: false, offset: undefined as number | undefined };
  const fail = (why: string): never => {
    throw new JavaTimeError(`Unparseable date: "${text}" (pattern "${pattern}": ${why})`);
  };
  for (let ti = 0; ti < tokens.length; ti++) {
    const t = tokens[ti];
    if ("literal" in t) {
      if (!text.startsWith(t.literal, pos)) fail(`expected "${t.literal}" at ${pos + 1}`);
      pos += t.literal.length;
      continue;
    }
    const names = (list: string[], short: boolean): number => {
      const rest = text.slice(pos).toLowerCase();
      for (let k = 0; k < list.length; k++) {
        const name = (short ? list[k].slice(0, 3) : list[k]).toLowerCase();
        if (rest.startsWith(name)) {
          pos += name.length;
          return k;
        }
      }
      return fail(`expected ${list === MONTHS ? "a month" : "a day"} name at ${pos + 1}`);
    };
    if ((t.letter === "M" || t.letter === "L") && t.count >= 3) {
      v.month = names(MONTHS, t.count === 3) + 1;
      continue;
    }
    if (t.letter === "E") {
      names(DAYS, t.count < 4);
      continue;
    }
    if (t.letter === "a") {
      const ap = text.slice(pos, pos + 2).toUpperCase();
      if (ap !== "AM" && ap !== "PM") fail(`expected AM or PM at ${pos + 1}`);
      v.pm = ap === "PM";
      pos += 2;
      continue;
    }
    if (t.letter === "Z" || t.letter === "X" || t.letter === "x") {
      if ((t.letter === "X" || t.letter === "Z") && text[pos] === "Z") {
        v.offset = 0;
        pos++;
        continue;
      }
      const m = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(pos));
      if (!m) fail(`expected a zone offset at ${pos + 1}`);
      v.offset = (m![1] === "-" ? -1 : 1) * (Number(m![2]) * 60 + Number(m![3] ?? 0));
      pos += m![0].length;
      continue;
    }
    if (!NUMERIC.has(t.letter)) fail(`the letter "${t.letter}" cannot be parsed`);
    const nextToken = tokens[ti + 1];
    const adjacent = nextToken !== undefined && "letter" in nextToken && NUMERIC.has(nextToken.letter);
    let digits = "";
    while (pos < text.length && /[0-9]/.test(text[pos]) && (!adjacent || digits.length < t.count)) digits += text[pos++];
    if (digits === "") fail(`expected digits at ${pos + 1}`);
    const n = Number(digits);
    switch (t.letter) {
      case "y":
      case "u":
        v.year = t.count === 2 && digits.length === 2 ? 2000 + n : n;
        break;
      case "M":
      case "L":
        v.month = n;
        break;
      case "d":
        v.day = n;
        break;
      case "H":
        v.hour = n;
        break;
      case "k":
        v.hour = n === 24 ? 0 : n;
        break;
      case "h":
      case "K":
        // SimpleDateFormat is lenient: "hh" reads 15 as 15:00 (flows parse 24-hour text with it), 12 as 0.
        v.hour = t.letter === "h" && n === 12 ? 0 : n;
        v.h12 = true;
        break;
      case "m":
        v.minute = n;
        break;
      case "s":
        v.second = n;
        break;
      case "S":
        v.ms = Math.round(Number(`0.${digits}`) * 1000);
        break;
    }
  }
  if (v.h12 && v.pm) v.hour += 12;
  if (v.month < 1 || v.month > 12) fail(`month ${v.month} is out of range`);
  if (v.day < 1 || v.day > 31) fail(`day ${v.day} is out of range`);
  if (v.hour > 23 || v.minute > 59 || v.second > 59) fail("time is out of range");
  const localAsUtc = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second, v.ms);
  if (v.offset !== undefined) return localAsUtc - v.offset * 60000;
  // Local time in a zone: take the zone's offset at that moment (one correction step covers DST edges well enough).
  const guess = localAsUtc - zonedFields(localAsUtc, zone).offsetMinutes * 60000;
  return localAsUtc - zonedFields(guess, zone).offsetMinutes * 60000;
}
