/**
 * Salesforce record ids: a 3-character key prefix naming the object (001 Account, 003
 * Contact, 500 Case, 00a CaseComment, 005 User, 00D Organization), 12 more characters,
 * and the 3-character case-safe suffix that turns the 15-character id into 18.
 */
import type { IdGenerator } from "../kernel/ids.js";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/** The suffix encodes, per block of five characters, which are upper-case letters. */
export function caseSafeSuffix(id15: string): string {
  let out = "";
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[block * 5 + i];
      if (c >= "A" && c <= "Z") bits |= 1 << i;
    }
    out += SUFFIX[bits];
  }
  return out;
}

/** A new 18-character id with the object's key prefix, drawn from the seeded generator. */
export function newRecordId(prefix: string, ids: IdGenerator): string {
  let tail = "";
  for (let i = 0; i < 6; i++) tail += BASE62[ids.next32() % 62];
  const id15 = `${prefix}RO0000${tail}`;
  return id15 + caseSafeSuffix(id15);
}

/** 15 or 18 alphanumeric characters, and an 18-character id must carry the right suffix. */
export function isRecordId(s: string): boolean {
  if (!/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(s)) return false;
  return s.length === 15 || s.slice(15).toUpperCase() === caseSafeSuffix(s.slice(0, 15));
}

/** Ids compare on their first 15 characters, case-sensitively. */
export function sameId(a: string, b: string): boolean {
  return a.slice(0, 15) === b.slice(0, 15);
}
