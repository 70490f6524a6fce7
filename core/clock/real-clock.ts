import type { Clock, TimerHandle } from './clock';

/** Wall-clock time and Node's own timers: the production clock. */
export class RealClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        fn();
      }, delayMs),
    );
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const timer = this.timers.get(handle.id);
    if (timer === undefined) return;
    this.timers.delete(handle.id);
    clearTimeout(timer);
  }

  setInterval(fn: () => void, intervalMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, setInterval(fn, intervalMs));
    return { id };
  }

  clearInterval(handle: TimerHandle): void {
    this.clearTimeout(handle);
  }
}
