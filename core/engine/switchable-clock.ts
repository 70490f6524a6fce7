import type { Clock, TimerHandle } from '../clock/clock';

/**
 * The ledger reads time from one clock for its whole life, but a paper
 * session brings its own (accelerated) clock. This clock forwards to the
 * current target, so ledger timestamps follow the session's simulated time.
 */
export class SwitchableClock implements Clock {
  constructor(private target: Clock) {}

  use(target: Clock): void {
    this.target = target;
  }

  get current(): Clock {
    return this.target;
  }

  now(): number {
    return this.target.now();
  }
  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return this.target.setTimeout(fn, delayMs);
  }
  clearTimeout(handle: TimerHandle): void {
    this.target.clearTimeout(handle);
  }
  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    return this.target.setInterval(fn, intervalMs);
  }
  clearInterval(handle: TimerHandle): void {
    this.target.clearInterval(handle);
  }
}
