import type { Clock, TimerHandle } from './clock';
import { ClockError } from './clock-error';
import { intervalDelay, timeoutDelay } from './delays';
import { TimerQueue } from './timer-queue';

export interface VirtualClockOptions {
  /**
   * Event-loop turns to wait between timers in the async methods. One
   * setImmediate turn drains every pending promise job (and the jobs those
   * jobs queue); raise it only for handlers that themselves wait on
   * setImmediate.
   */
  readonly settleTurns?: number;
}

export interface RunUntilOptions {
  /** Give up once the clock would pass now + withinMs (time is then left at that limit). Default: no limit. */
  readonly withinMs?: number;
  /** Refuse (ClockError RUN_LIMIT_EXCEEDED) after firing this many timers. Default 1,000,000. */
  readonly maxTimers?: number;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Time that moves only when a test says so. Timers fire in due-time order
 * (ties in scheduling order) with now() set to each timer's due time; timers
 * scheduled while advancing fire too if they fall inside the range. A
 * callback that throws stops the advance there (now() stays at that timer's
 * due time, later timers stay queued) and the error propagates.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly queue = new TimerQueue();
  private readonly settleTurns: number;
  private busy = false;

  constructor(startMs = 0, options: VirtualClockOptions = {}) {
    if (!Number.isFinite(startMs)) throw new ClockError('INVALID_TIME', `start time ${startMs} is not a finite number`);
    this.current = startMs;
    this.settleTurns = Math.max(1, Math.floor(options.settleTurns ?? 1));
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    return { id: this.queue.add(fn, this.current + timeoutDelay(delayMs)) };
  }

  clearTimeout(handle: TimerHandle): void {
    this.queue.remove(handle.id);
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    const every = intervalDelay(intervalMs);
    return { id: this.queue.add(fn, this.current + every, every) };
  }

  clearInterval(handle: TimerHandle): void {
    this.queue.remove(handle.id);
  }

  /** Timers still to fire (an interval counts once). */
  pendingTimers(): number {
    return this.queue.size;
  }

  /** Due time of the next timer, or undefined when none is queued. */
  nextTimerAt(): number | undefined {
    return this.queue.nextDueAt();
  }

  advance(ms: number): void {
    this.advanceTo(this.current + this.checkDuration(ms));
  }

  advanceTo(targetMs: number): void {
    this.checkTarget(targetMs);
    this.enter();
    try {
      while (this.fireNext(targetMs));
      this.current = targetMs;
    } finally {
      this.busy = false;
    }
  }

  /** advance(), but pending promise jobs settle before the first timer, after each timer, and at the end. */
  async advanceAsync(ms: number): Promise<void> {
    await this.advanceToAsync(this.current + this.checkDuration(ms));
  }

  async advanceToAsync(targetMs: number): Promise<void> {
    this.checkTarget(targetMs);
    this.enter();
    try {
      await this.settle();
      while (this.fireNext(targetMs)) await this.settle();
      this.current = targetMs;
      await this.settle();
    } finally {
      this.busy = false;
    }
  }

  /**
   * Fire timers one at a time, settling promise jobs after each, until
   * `until` holds (a predicate, or a promise that has settled). Returns true
   * when it holds, false when no timer is left within `withinMs`.
   */
  async runUntil(until: (() => boolean) | PromiseLike<unknown>, options: RunUntilOptions = {}): Promise<boolean> {
    const limit = options.withinMs === undefined ? Infinity : this.current + this.checkDuration(options.withinMs);
    const maxTimers = options.maxTimers ?? 1_000_000;
    let holds: () => boolean;
    if (typeof until === 'function') {
      holds = until;
    } else {
      let settled = false;
      until.then(
        () => (settled = true),
        () => (settled = true),
      );
      holds = () => settled;
    }
    this.enter();
    try {
      await this.settle();
      for (let fired = 0; !holds(); fired++) {
        if (fired >= maxTimers) {
          throw new ClockError('RUN_LIMIT_EXCEEDED', `runUntil fired ${maxTimers} timers without the condition holding`);
        }
        if (!this.fireNext(limit)) {
          if (limit !== Infinity) this.current = limit;
          return false;
        }
        await this.settle();
      }
      return true;
    } finally {
      this.busy = false;
    }
  }

  /** Fire the next timer due at or before `limit`; false when there is none. */
  private fireNext(limit: number): boolean {
    const timer = this.queue.takeDue(limit);
    if (timer === undefined) return false;
    this.current = timer.dueAt;
    timer.fn();
    return true;
  }

  private async settle(): Promise<void> {
    for (let i = 0; i < this.settleTurns; i++) await nextTurn();
  }

  private enter(): void {
    if (this.busy) throw new ClockError('CLOCK_BUSY', 'the virtual clock is already advancing');
    this.busy = true;
  }

  private checkDuration(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new ClockError('INVALID_TIME', `duration ${ms} is not a finite number >= 0`);
    return ms;
  }

  private checkTarget(targetMs: number): void {
    if (!Number.isFinite(targetMs) || targetMs < this.current) {
      throw new ClockError('INVALID_TIME', `cannot move the clock from ${this.current} to ${targetMs}`);
    }
  }
}
