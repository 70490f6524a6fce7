/**
 * Amounts spent over the last `windowMs`: request weight per minute, new
 * orders per ten seconds. Local accounting of what this process sent.
 */
export class SlidingWindow {
  private readonly entries: Array<{ readonly at: number; readonly amount: number }> = [];

  constructor(readonly windowMs: number) {}

  add(at: number, amount: number): void {
    this.entries.push({ at, amount });
  }

  /** Spent within (now - windowMs, now]. */
  used(now: number): number {
    this.expire(now);
    return this.entries.reduce((n, e) => n + e.amount, 0);
  }

  /** The earliest time at which at most `target` is spent, assuming nothing more is added. */
  timeWhenAtMost(target: number, now: number): number {
    this.expire(now);
    let left = this.entries.reduce((n, e) => n + e.amount, 0);
    if (left <= target) return now;
    for (const e of this.entries) {
      left -= e.amount;
      if (left <= target) return e.at + this.windowMs;
    }
    return now;
  }

  private expire(now: number): void {
    while (this.entries.length > 0 && (this.entries[0]?.at ?? Infinity) <= now - this.windowMs) this.entries.shift();
  }
}
