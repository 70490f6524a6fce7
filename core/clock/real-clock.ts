import type { Clock, TimerHandle } from './clock';

/** Node fires a timer longer than this (about 24.8 days) after 1 ms, with only a warning. */
const NODE_MAX_DELAY_MS = 2_147_483_647;

export interface RealClockOptions {
  /** Longest single Node timer; longer delays are chained. Only tests lower it. */
  readonly maxNativeDelayMs?: number;
}

/**
 * Wall-clock time and Node's own timers: the production clock. Delays longer
 * than Node's limit (a 30-day order expiry, a paused accelerated clock's far
 * timer) are chained through several Node timers instead of firing at once.
 */
export class RealClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly maxDelay: number;
  private nextId = 1;

  constructor(options: RealClockOptions = {}) {
    this.maxDelay = options.maxNativeDelayMs ?? NODE_MAX_DELAY_MS;
  }

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.arm(id, fn, delayMs);
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = this.timers.get(handle.id);
    if (timer === undefined) return;
    this.timers.delete(handle.id);
    clearTimeout(timer);
    clearInterval(timer);
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    const id = this.nextId++;
    if (intervalMs <= this.maxDelay) {
      this.timers.set(id, setInterval(fn, intervalMs));
    } else {
      const tick = (): void => {
        this.arm(id, tick, intervalMs);
        fn();
      };
      this.arm(id, tick, intervalMs);
    }
    return { id };
  }

  clearInterval(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }

  /** One Node timer for at most maxDelay; whatever remains is armed again when it fires. */
  private arm(id: number, fn: () => void, remainingMs: number): void {
    const chunk = Math.min(remainingMs, this.maxDelay);
    this.timers.set(
      id,
      setTimeout(() => {
        if (remainingMs > this.maxDelay) {
          this.arm(id, fn, remainingMs - this.maxDelay);
          return;
        }
        this.timers.delete(id);
        fn();
      }, chunk),
    );
  }
}
