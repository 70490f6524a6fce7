/**
 * Seeded pseudo-random numbers (mulberry32) for the simulated exchange: the
 * same seed gives the same sequence on every machine, and the whole state is
 * one uint32 so a session can persist it and continue the sequence after a
 * restart. Not for anything secret.
 */
export class SeededRandom {
  private s: number;

  constructor(seedOrState: number) {
    this.s = seedOrState >>> 0;
  }

  /** The full generator state: `new SeededRandom(r.state)` continues where `r` is. */
  get state(): number {
    return this.s;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, maxInclusive]; draws nothing when maxInclusive <= 0. */
  intUpTo(maxInclusive: number): number {
    if (maxInclusive <= 0) return 0;
    return Math.floor(this.next() * (Math.floor(maxInclusive) + 1));
  }
}
