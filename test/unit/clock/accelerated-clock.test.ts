import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AcceleratedClock, ClockError, VirtualClock } from '../../../core/clock';

const START = Date.UTC(2023, 2, 10);

/** Real time is a VirtualClock we move by hand: no sleeping. */
function setup(speed: number): { real: VirtualClock; clock: AcceleratedClock } {
  const real = new VirtualClock(5_000);
  return { real, clock: new AcceleratedClock({ speed, startMs: START, base: real }) };
}

describe('AcceleratedClock', () => {
  it('runs simulated time `speed` times faster than its base', () => {
    const { real, clock } = setup(10);
    expect(clock.now()).toBe(START);
    real.advance(1_500);
    expect(clock.now()).toBe(START + 15_000);
  });

  it('starts at the base time when no start is given', () => {
    const real = new VirtualClock(42_000);
    const clock = new AcceleratedClock({ speed: 3, base: real });
    real.advance(10);
    expect(clock.now()).toBe(42_030);
  });

  it('fires a timer at its simulated due time, reading that time exactly', () => {
    const { real, clock } = setup(10);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 1_000);
    real.advance(99);
    expect(seen).toEqual([]);
    real.advance(1);
    expect(seen).toEqual([START + 1_000]);
    expect(real.pendingTimers()).toBe(0);
  });

  it('rounds real delays up, so a timer never fires early at a speed that does not divide it', () => {
    const { real, clock } = setup(3);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 10); // 3.33 real ms
    real.advance(3);
    expect(seen).toEqual([]);
    expect(clock.now()).toBe(START + 9);
    real.advance(1);
    expect(seen).toEqual([START + 10]);
    expect(clock.now()).toBe(START + 12);
  });

  it('keeps a pending timer on its simulated moment across a speed change', () => {
    const { real, clock } = setup(10);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 1_000);
    real.advance(50); // 500 simulated
    clock.setSpeed(50); // the remaining 500 simulated ms now take 10 real ms
    expect(clock.speed).toBe(50);
    real.advance(9);
    expect(seen).toEqual([]);
    expect(clock.now()).toBe(START + 950);
    real.advance(1);
    expect(seen).toEqual([START + 1_000]);
  });

  it('slows down too: a speed cut mid-timer delays it in real time, not in simulated time', () => {
    const { real, clock } = setup(100);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 10_000);
    real.advance(50); // 5,000 simulated
    clock.setSpeed(1);
    real.advance(4_999);
    expect(seen).toEqual([]);
    real.advance(1);
    expect(seen).toEqual([START + 10_000]);
  });

  it('stands still while paused and fires on time after resuming', () => {
    const { real, clock } = setup(10);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 1_000);
    real.advance(50);
    clock.pause();
    clock.pause(); // idempotent
    expect(clock.paused).toBe(true);
    expect(real.pendingTimers()).toBe(0); // nothing armed while paused
    real.advance(60_000);
    expect(clock.now()).toBe(START + 500);
    expect(seen).toEqual([]);
    clock.setSpeed(20); // allowed while paused, takes effect on resume
    clock.resume();
    expect(clock.paused).toBe(false);
    real.advance(24);
    expect(seen).toEqual([]);
    real.advance(1);
    expect(seen).toEqual([START + 1_000]);
  });

  it('timers scheduled while paused count from the paused time', () => {
    const { real, clock } = setup(10);
    clock.pause();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 100);
    real.advance(1_000);
    clock.resume();
    real.advance(10);
    expect(seen).toEqual([START + 100]);
  });

  it('fires intervals on the simulated grid and stops them when cleared', () => {
    const { real, clock } = setup(4);
    const ticks: number[] = [];
    const handle = clock.setInterval(() => ticks.push(clock.now() - START), 100);
    real.advance(250); // 1,000 simulated
    expect(ticks).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1_000]);
    clock.clearInterval(handle);
    expect(clock.pendingTimers()).toBe(0);
    real.advance(1_000);
    expect(ticks).toHaveLength(10);
    expect(real.pendingTimers()).toBe(0);
  });

  it('a callback that pauses the clock holds back later timers; those due at the frozen time still run', () => {
    const { real, clock } = setup(10);
    const seen: string[] = [];
    clock.setTimeout(() => {
      seen.push('first');
      clock.pause();
    }, 100);
    clock.setTimeout(() => seen.push('same moment'), 100);
    clock.setTimeout(() => seen.push('later'), 200);
    real.advance(100);
    expect(seen).toEqual(['first', 'same moment']);
    expect(clock.now()).toBe(START + 100);
    clock.resume();
    real.advance(10);
    expect(seen).toEqual(['first', 'same moment', 'later']);
  });

  it('a timer due now fires even if the clock is paused before the base timer runs', () => {
    const { real, clock } = setup(10);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 0);
    clock.pause();
    real.advance(1);
    expect(seen).toEqual([START]);
  });

  it('dispose drops every timer and its base timer', () => {
    const { real, clock } = setup(10);
    clock.setTimeout(() => undefined, 100);
    clock.setInterval(() => undefined, 100);
    clock.dispose();
    expect(clock.pendingTimers()).toBe(0);
    expect(real.pendingTimers()).toBe(0);
  });

  it.each([0, 0.5, -1, 101, 1_000, Number.NaN, Number.POSITIVE_INFINITY])('refuses speed %s with ClockError INVALID_SPEED', (speed) => {
    expect(() => new AcceleratedClock({ speed, base: new VirtualClock(0) })).toThrow(ClockError);
    const { clock } = setup(5);
    let caught: unknown;
    try {
      clock.setSpeed(speed);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClockError);
    expect((caught as ClockError).code).toBe('INVALID_SPEED');
    expect(clock.speed).toBe(5);
  });

  it.each([1, 2.5, 100])('accepts speed %s', (speed) => {
    const { real, clock } = setup(speed);
    real.advance(10);
    expect(clock.now()).toBe(START + Math.floor(10 * speed));
  });

  it('property: at every real millisecond, exactly the timers due by simulated now have fired, at their due time', () => {
    type Op =
      | { kind: 'schedule'; delay: number }
      | { kind: 'tick'; ms: number }
      | { kind: 'speed'; speed: number }
      | { kind: 'pause' }
      | { kind: 'resume' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('schedule' as const), delay: fc.integer({ min: 0, max: 3_000 }) }),
      fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('speed' as const), speed: fc.double({ min: 1, max: 100, noNaN: true }) }),
      fc.record({ kind: fc.constant('pause' as const) }),
      fc.record({ kind: fc.constant('resume' as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.array(op, { maxLength: 40 }), (speed, ops) => {
        const { real, clock } = setup(speed);
        const timers: { due: number; firedAt?: number }[] = [];
        const check = () => {
          const now = clock.now();
          for (const timer of timers) {
            expect(timer.firedAt !== undefined).toBe(timer.due <= now);
            if (timer.firedAt !== undefined) expect(timer.firedAt).toBe(timer.due);
          }
        };
        for (const o of ops) {
          if (o.kind === 'schedule') {
            const timer: { due: number; firedAt?: number } = { due: clock.now() + o.delay };
            timers.push(timer);
            clock.setTimeout(() => (timer.firedAt = clock.now()), o.delay);
          } else if (o.kind === 'tick') {
            for (let i = 0; i < o.ms; i++) {
              real.advance(1);
              check();
            }
          } else if (o.kind === 'speed') {
            clock.setSpeed(o.speed);
          } else if (o.kind === 'pause') {
            clock.pause();
          } else {
            clock.resume();
          }
        }
        clock.resume();
        real.advance(3_000); // at speed >= 1, past every due time
        check();
        expect(timers.every((t) => t.firedAt !== undefined)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
