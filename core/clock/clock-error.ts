export type ClockErrorCode =
  /** An accelerated clock's speed outside [1, 100] (or not a finite number). */
  | 'INVALID_SPEED'
  /** A time or duration that is negative, not finite, or moves a clock backwards. */
  | 'INVALID_TIME'
  /** A virtual clock asked to advance while it is already advancing (from a timer callback or a concurrent async advance). */
  | 'CLOCK_BUSY'
  /** runUntil fired more timers than its limit allows (usually an interval that never lets the condition hold). */
  | 'RUN_LIMIT_EXCEEDED';

/** Typed failure of a clock operation; nothing about the clock changed. */
export class ClockError extends Error {
  readonly code: ClockErrorCode;

  constructor(code: ClockErrorCode, message: string) {
    super(message);
    this.name = 'ClockError';
    this.code = code;
  }
}
