/**
 * Phone number checks for Store customer input (`InputValidation.PhoneNumberValidation`).
 * Connect does not publish its rules; flowsim applies the numbering plans below and, like
 * Connect, stores a valid number in E.164 (`+` country code, national number).
 *
 * - `E164` ("International format: Connect requires customers to enter their country
 *   code"): a keypad has no `+`, so the caller types the country code and number: 8 to 15
 *   digits, not starting with 0.
 * - `Local` with a CountryCode: the national significant number, with or without the
 *   country's trunk prefix (`0` in most of Europe and Asia-Pacific, `1` in the North
 *   American plan, `8` in Russia), or typed after the country calling code; its length
 *   must be one the country uses. North American numbers also need area and exchange
 *   codes that start with 2–9 (US: 10 digits, or 11 starting with 1).
 */

interface NumberingPlan {
  callingCode: string;
  /** Trunk prefix dialled before national numbers ("" when none, or when the 0 is part of the number, as in Italy). */
  trunk: string;
  /** Allowed lengths of the national significant number. */
  min: number;
  max: number;
  pattern?: RegExp;
}

const NANP: NumberingPlan = { callingCode: "1", trunk: "1", min: 10, max: 10, pattern: /^[2-9]\d{2}[2-9]\d{6}$/ };

const plan = (callingCode: string, trunk: string, min: number, max = min): NumberingPlan => ({ callingCode, trunk, min, max });

/** ISO 3166-1 alpha-2 → numbering plan. */
export const NUMBERING_PLANS: Readonly<Record<string, NumberingPlan>> = {
  US: NANP,
  CA: NANP,
  PR: NANP,
  GU: NANP,
  VI: NANP,
  AS: NANP,
  MP: NANP,
  JM: NANP,
  BS: NANP,
  BB: NANP,
  TT: NANP,
  DO: NANP,
  GB: plan("44", "0", 9, 10),
  IE: plan("353", "0", 7, 9),
  AU: plan("61", "0", 9),
  NZ: plan("64", "0", 8, 10),
  DE: plan("49", "0", 6, 13),
  FR: plan("33", "0", 9),
  ES: plan("34", "", 9),
  PT: plan("351", "", 9),
  IT: plan("39", "", 6, 11),
  NL: plan("31", "0", 9),
  BE: plan("32", "0", 8, 9),
  LU: plan("352", "", 4, 11),
  CH: plan("41", "0", 9),
  AT: plan("43", "0", 4, 13),
  SE: plan("46", "0", 7, 13),
  NO: plan("47", "", 8),
  DK: plan("45", "", 8),
  FI: plan("358", "0", 5, 12),
  PL: plan("48", "", 9),
  CZ: plan("420", "", 9),
  HU: plan("36", "06", 8, 9),
  RO: plan("40", "0", 9),
  GR: plan("30", "", 10),
  TR: plan("90", "0", 10),
  UA: plan("380", "0", 9),
  RU: plan("7", "8", 10),
  KZ: plan("7", "8", 10),
  IL: plan("972", "0", 8, 9),
  AE: plan("971", "0", 8, 9),
  SA: plan("966", "0", 9),
  EG: plan("20", "0", 9, 10),
  ZA: plan("27", "0", 9),
  NG: plan("234", "0", 8, 10),
  KE: plan("254", "0", 9),
  IN: plan("91", "0", 10),
  SG: plan("65", "", 8),
  HK: plan("852", "", 8),
  TW: plan("886", "0", 8, 9),
  CN: plan("86", "0", 10, 11),
  JP: plan("81", "0", 9, 10),
  KR: plan("82", "0", 8, 10),
  PH: plan("63", "0", 10),
  MY: plan("60", "0", 9, 10),
  TH: plan("66", "0", 8, 9),
  ID: plan("62", "0", 9, 12),
  VN: plan("84", "0", 9, 10),
  BR: plan("55", "0", 10, 11),
  MX: plan("52", "", 10),
  AR: plan("54", "0", 10),
  CL: plan("56", "", 9),
  CO: plan("57", "", 10),
  PE: plan("51", "0", 8, 9),
};

export type PhoneCheck = { valid: true; e164: string } | { valid: false; why: string };

function nationalFits(national: string, p: NumberingPlan): boolean {
  if (national.length < p.min || national.length > p.max) return false;
  if (p.pattern) return p.pattern.test(national);
  // With a trunk prefix, a national number never starts with 0 once the prefix is off.
  return p.trunk === "" || !national.startsWith("0");
}

export function checkE164Entry(digits: string): PhoneCheck {
  if (!/^\d+$/.test(digits)) return { valid: false, why: `"${digits}" is not all digits` };
  if (digits.startsWith("0")) return { valid: false, why: "an international number starts with its country code, never 0" };
  if (digits.length < 8 || digits.length > 15) return { valid: false, why: `${digits.length} digits; an international number has 8 to 15` };
  return { valid: true, e164: `+${digits}` };
}

export function checkLocalEntry(digits: string, countryCode: string): PhoneCheck {
  const p = NUMBERING_PLANS[countryCode.toUpperCase()];
  if (!p) return { valid: false, why: `flowsim has no numbering plan for country ${countryCode}` };
  if (!/^\d+$/.test(digits)) return { valid: false, why: `"${digits}" is not all digits` };
  const candidates = [digits];
  if (p.trunk && digits.startsWith(p.trunk)) candidates.push(digits.slice(p.trunk.length));
  if (digits.startsWith(p.callingCode)) candidates.push(digits.slice(p.callingCode.length));
  const national = candidates.find((n) => nationalFits(n, p));
  if (national === undefined) {
    const lengths = p.min === p.max ? `${p.min}` : `${p.min} to ${p.max}`;
    const prefixes = [p.trunk ? `the trunk prefix ${p.trunk}` : undefined, `the country code ${p.callingCode}`].filter(Boolean).join(" or ");
    return { valid: false, why: `not a valid number in ${countryCode.toUpperCase()}: a national number there has ${lengths} digits, optionally after ${prefixes}` };
  }
  return { valid: true, e164: `+${p.callingCode}${national}` };
}
