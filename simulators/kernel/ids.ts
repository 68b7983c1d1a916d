/**
 * Deterministic identifiers. The simulator draws every id (contacts, participants,
 * messages) from one seeded generator so that two runs of the same scenario produce the
 * same ids and traces can be compared byte for byte. Secrets never come from here: they
 * would be as predictable as the ids (see secrets.ts).
 */
export class IdGenerator {
  private state: number;

  constructor(seed: number | string = 1) {
    this.state = typeof seed === "number" ? seed >>> 0 : hashString(seed);
    if (this.state === 0) this.state = 0x9e3779b9;
  }

  /** Next 32 random bits (mulberry32). */
  next32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  hex(length: number): string {
    let out = "";
    while (out.length < length) out += this.next32().toString(16).padStart(8, "0");
    return out.slice(0, length);
  }

  /** An RFC 4122 version-4 shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  /** A uniformly drawn integer in [min, max]. */
  int(min: number, max: number): number {
    return min + (this.next32() % (max - min + 1));
  }
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
