import type { Clock, TimerHandle } from '../../../../core/clock/clock';

interface Timer {
  id: number;
  seq: number;
  dueAt: number;
  fn: () => void;
  every?: number;
}

/**
 * A test double for Clock: time moves only through advance(). Timers fire in
 * due order (ties in scheduling order) with now() at their due time; timers
 * scheduled while advancing fire too if they fall inside the range.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.add(fn, Math.max(0, delayMs));
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return this.add(fn, Math.max(1, intervalMs), Math.max(1, intervalMs));
  }

  clearInterval(handle: TimerHandle): void {
    this.timers.delete(handle.id);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (let t = this.nextDue(target); t !== undefined; t = this.nextDue(target)) {
      this.current = t.dueAt;
      if (t.every !== undefined) {
        t.dueAt += t.every;
        t.seq = this.seq++;
      } else {
        this.timers.delete(t.id);
      }
      t.fn();
    }
    this.current = target;
  }

  /** advance(), letting promise continuations run after each timer and at the end. */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    await flush();
    for (let t = this.nextDue(target); t !== undefined; t = this.nextDue(target)) {
      this.current = t.dueAt;
      if (t.every !== undefined) {
        t.dueAt += t.every;
        t.seq = this.seq++;
      } else {
        this.timers.delete(t.id);
      }
      t.fn();
      await flush();
    }
    this.current = target;
    await flush();
  }

  private add(fn: () => void, delay: number, every?: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, seq: this.seq++, dueAt: this.current + delay, fn, ...(every !== undefined ? { every } : {}) });
    return { id };
  }

  private nextDue(limit: number): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values()) {
      if (t.dueAt > limit) continue;
      if (best === undefined || t.dueAt < best.dueAt || (t.dueAt === best.dueAt && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
