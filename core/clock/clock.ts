/**
 * Time comes from an injected clock: the real one in production, a virtual
 * one that tests advance by hand, an accelerated one for paper sessions.
 * All times are epoch milliseconds (UTC).
 */
export interface TimerHandle {
  readonly id: number;
}

/**
 * Contract shared by every implementation: timers fire in due-time order,
 * ties in the order they were scheduled; clearing an unknown, fired or
 * already cleared handle does nothing; clearTimeout and clearInterval accept
 * each other's handles (as in Node).
 */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
  /** Run `fn` once, `delayMs` clock-milliseconds from now. */
  setTimeout(fn: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  /** Run `fn` every `intervalMs` clock-milliseconds. */
  setInterval(fn: () => void, intervalMs: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}
