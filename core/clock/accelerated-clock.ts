import type { Clock, TimerHandle } from './clock';
import { ClockError } from './clock-error';
import { intervalDelay, timeoutDelay } from './delays';
import { RealClock } from './real-clock';
import { TimerQueue, type DueTimer } from './timer-queue';

export const MIN_SPEED = 1;
export const MAX_SPEED = 100;

export interface AcceleratedClockOptions {
  /** Simulated ms per real ms, from 1 to 100. */
  readonly speed: number;
  /** Simulated time at construction; defaults to the base clock's now(). */
  readonly startMs?: number;
  /** The real-time source; a RealClock by default, a VirtualClock in tests. */
  readonly base?: Clock;
}

/** Float slack when comparing simulated time with a due time, so rounding never makes a timer wait one more real ms. */
const EPSILON_MS = 1e-6;

function checkSpeed(speed: number): number {
  if (typeof speed !== 'number' || !Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new ClockError('INVALID_SPEED', `clock speed must be a number from ${MIN_SPEED} to ${MAX_SPEED}, got ${String(speed)}`);
  }
  return speed;
}

/**
 * Simulated time for paper sessions: runs `speed` times faster than the base
 * clock and can be paused. Simulated time is anchored at the last change
 * (construction, pause, resume, speed change): sim = anchorSim +
 * (base.now() - anchorReal) * speed. Timers live in simulated time; a single
 * base timer is armed for the earliest one and re-armed on every change, so
 * a timer fires at its simulated due time whatever happened in between.
 * While a callback runs, now() reads that timer's due time exactly. Pausing
 * freezes simulated time: timers due by the frozen time still fire, later
 * ones wait for resume().
 */
export class AcceleratedClock implements Clock {
  private readonly base: Clock;
  private readonly queue = new TimerQueue();
  private currentSpeed: number;
  private isPaused = false;
  private anchorSim: number;
  private anchorReal: number;
  /** Due time of the timer whose callback is running. */
  private firingAt: number | undefined;
  /** Latest due time fired: keeps now() monotonic despite float rounding. */
  private floorMs: number;
  private armed: TimerHandle | undefined;

  constructor(options: AcceleratedClockOptions) {
    this.currentSpeed = checkSpeed(options.speed);
    this.base = options.base ?? new RealClock();
    this.anchorReal = this.base.now();
    const start = options.startMs ?? this.anchorReal;
    if (!Number.isFinite(start)) throw new ClockError('INVALID_TIME', `start time ${start} is not a finite number`);
    this.anchorSim = start;
    this.floorMs = Math.floor(start);
  }

  get speed(): number {
    return this.currentSpeed;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  now(): number {
    if (this.firingAt !== undefined) return this.firingAt;
    return Math.max(this.floorMs, Math.floor(this.simNow()));
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const id = this.queue.add(fn, this.now() + timeoutDelay(delayMs));
    this.arm();
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    if (this.queue.remove(handle.id)) this.arm();
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    const every = intervalDelay(intervalMs);
    const id = this.queue.add(fn, this.now() + every, every);
    this.arm();
    return { id };
  }

  clearInterval(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }

  pause(): void {
    if (this.isPaused) return;
    this.reanchor();
    this.isPaused = true;
    this.arm();
  }

  resume(): void {
    if (!this.isPaused) return;
    this.anchorReal = this.base.now();
    this.isPaused = false;
    this.arm();
  }

  /** Change speed from now on; time already simulated is unaffected. Refuses (ClockError INVALID_SPEED) outside [1, 100]. */
  setSpeed(speed: number): void {
    const next = checkSpeed(speed);
    if (!this.isPaused) this.reanchor();
    this.currentSpeed = next;
    this.arm();
  }

  /** Timers still to fire (an interval counts once). */
  pendingTimers(): number {
    return this.queue.size;
  }

  /** Drop every timer and release the base timer; the clock still tells time. */
  dispose(): void {
    this.queue.clear();
    this.arm();
  }

  private simNow(): number {
    if (this.isPaused) return this.anchorSim;
    return this.anchorSim + (this.base.now() - this.anchorReal) * this.currentSpeed;
  }

  private reanchor(): void {
    this.anchorSim = this.simNow();
    this.anchorReal = this.base.now();
  }

  /** (Re)arm the one base timer for the earliest simulated timer. */
  private arm(): void {
    if (this.armed !== undefined) {
      this.base.clearTimeout(this.armed);
      this.armed = undefined;
    }
    const due = this.queue.nextDueAt();
    if (due === undefined) return;
    const ahead = due - this.simNow() - EPSILON_MS;
    // Paused, time is frozen: only timers already due by the frozen time still run.
    if (this.isPaused && ahead > 0) return;
    const realDelay = Math.max(0, Math.ceil(ahead / this.currentSpeed));
    this.armed = this.base.setTimeout(() => this.fireDue(), realDelay);
  }

  private fireDue(): void {
    this.armed = undefined;
    try {
      // Re-read the simulated time each round: a callback may pause or change speed.
      for (let timer = this.takeDue(); timer !== undefined; timer = this.takeDue()) {
        this.firingAt = timer.dueAt;
        this.floorMs = Math.max(this.floorMs, timer.dueAt);
        try {
          timer.fn();
        } finally {
          this.firingAt = undefined;
        }
      }
    } finally {
      this.arm();
    }
  }

  private takeDue(): DueTimer | undefined {
    return this.queue.takeDue(this.simNow() + EPSILON_MS);
  }
}
