import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockError, VirtualClock } from '../../../core/clock';

function expectClockError(fn: () => unknown, code: ClockError['code']): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClockError);
    expect((error as ClockError).code).toBe(code);
    return;
  }
  throw new Error(`expected ClockError ${code}`);
}

describe('VirtualClock', () => {
  it('fires timers in due-time order with now() at each due time, then stops at the target', () => {
    const clock = new VirtualClock(1_000);
    const seen: [string, number][] = [];
    clock.setTimeout(() => seen.push(['c', clock.now()]), 30);
    clock.setTimeout(() => seen.push(['a', clock.now()]), 10);
    clock.setTimeout(() => seen.push(['b', clock.now()]), 20);
    clock.setTimeout(() => seen.push(['late', clock.now()]), 51);
    clock.advance(50);
    expect(seen).toEqual([
      ['a', 1_010],
      ['b', 1_020],
      ['c', 1_030],
    ]);
    expect(clock.now()).toBe(1_050);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextTimerAt()).toBe(1_051);
  });

  it('fires timers due at the same moment in scheduling order, whatever their delays', () => {
    const clock = new VirtualClock(0);
    const seen: string[] = [];
    clock.advance(5);
    clock.setTimeout(() => seen.push('first'), 10); // due 15
    clock.setTimeout(() => seen.push('second'), 10);
    clock.advance(5);
    clock.setTimeout(() => seen.push('third'), 5); // also due 15, scheduled later
    clock.advanceTo(15);
    expect(seen).toEqual(['first', 'second', 'third']);
  });

  it('property: firing order is a stable sort of the timers by due time', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }), (delays) => {
        const clock = new VirtualClock(0);
        const fired: number[] = [];
        delays.forEach((delay, index) => clock.setTimeout(() => fired.push(index), delay));
        clock.advance(50);
        const expected = delays.map((delay, index) => ({ delay, index })).sort((a, b) => a.delay - b.delay || a.index - b.index);
        expect(fired).toEqual(expected.map((e) => e.index));
        expect(clock.pendingTimers()).toBe(0);
      }),
    );
  });

  it('fires timers scheduled during the advance when they fall inside the range, in order', () => {
    const clock = new VirtualClock(0);
    const seen: [string, number][] = [];
    clock.setTimeout(() => {
      seen.push(['outer', clock.now()]);
      clock.setTimeout(() => seen.push(['nested+5', clock.now()]), 5); // due 15: before 'other'
      clock.setTimeout(() => seen.push(['nested+0', clock.now()]), 0); // due 10: after everything already due at 10
      clock.setTimeout(() => seen.push(['beyond', clock.now()]), 100);
    }, 10);
    clock.setTimeout(() => seen.push(['same-time', clock.now()]), 10);
    clock.setTimeout(() => seen.push(['other', clock.now()]), 20);
    clock.advance(30);
    expect(seen).toEqual([
      ['outer', 10],
      ['same-time', 10],
      ['nested+0', 10],
      ['nested+5', 15],
      ['other', 20],
    ]);
    expect(clock.nextTimerAt()).toBe(110);
  });

  it('clears timers, including from another callback, and ignores stale handles', () => {
    const clock = new VirtualClock(0);
    const seen: string[] = [];
    const doomed = clock.setTimeout(() => seen.push('doomed'), 20);
    clock.setTimeout(() => clock.clearTimeout(doomed), 10);
    const cleared = clock.setTimeout(() => seen.push('cleared'), 5);
    clock.clearTimeout(cleared);
    clock.clearTimeout(cleared);
    clock.clearTimeout({ id: 999 });
    expect(clock.pendingTimers()).toBe(2);
    clock.advance(30);
    expect(seen).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.nextTimerAt()).toBeUndefined();
  });

  it('repeats intervals until cleared, and an interval can clear itself', () => {
    const clock = new VirtualClock(0);
    const ticks: number[] = [];
    const handle = clock.setInterval(() => {
      ticks.push(clock.now());
      if (ticks.length === 3) clock.clearInterval(handle);
    }, 100);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(1_000);
    expect(ticks).toEqual([100, 200, 300]);
    expect(clock.pendingTimers()).toBe(0);

    const every = clock.setInterval(() => ticks.push(clock.now()), 250);
    clock.advance(1_000);
    expect(ticks.slice(3)).toEqual([1_250, 1_500, 1_750, 2_000]);
    clock.clearTimeout(every); // handles are interchangeable, as in Node
    expect(clock.pendingTimers()).toBe(0);
  });

  it('treats bad delays like Node does: never throws, never fires early, never spins', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), -5);
    clock.setTimeout(() => seen.push(clock.now()), Number.NaN);
    clock.setTimeout(() => seen.push(clock.now()), 0.2);
    const spin = clock.setInterval(() => seen.push(clock.now()), 0);
    clock.advance(2);
    clock.clearInterval(spin);
    expect(seen).toEqual([0, 0, 1, 1, 2]);
  });

  it('refuses to go backwards or by a negative or non-finite amount, changing nothing', () => {
    const clock = new VirtualClock(100);
    clock.setTimeout(() => undefined, 1);
    expectClockError(() => clock.advance(-1), 'INVALID_TIME');
    expectClockError(() => clock.advance(Number.POSITIVE_INFINITY), 'INVALID_TIME');
    expectClockError(() => clock.advanceTo(99), 'INVALID_TIME');
    expectClockError(() => new VirtualClock(Number.NaN), 'INVALID_TIME');
    expect(clock.now()).toBe(100);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('refuses to advance from inside a timer callback', () => {
    const clock = new VirtualClock(0);
    let caught: unknown;
    clock.setTimeout(() => {
      try {
        clock.advance(10);
      } catch (error) {
        caught = error;
      }
    }, 5);
    clock.advance(20);
    expect(caught).toBeInstanceOf(ClockError);
    expect((caught as ClockError).code).toBe('CLOCK_BUSY');
    expect(clock.now()).toBe(20);
  });

  it('stops at a throwing callback, keeps later timers and stays usable', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.setTimeout(() => {
      throw new Error('boom');
    }, 10);
    clock.setTimeout(() => seen.push(clock.now()), 20);
    expect(() => clock.advance(30)).toThrow('boom');
    expect(clock.now()).toBe(10);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(20);
    expect(seen).toEqual([20]);
  });

  describe('async advancing', () => {
    /** A handler like execution code: awaits a connector call, then schedules its next step. */
    function asyncHandler(clock: VirtualClock, log: string[], name: string): () => void {
      return () => {
        void (async () => {
          await Promise.resolve();
          await Promise.resolve();
          log.push(`${name} settled at ${clock.now()}`);
          clock.setTimeout(() => log.push(`${name} follow-up at ${clock.now()}`), 5);
        })();
      };
    }

    it('lets async work triggered by a timer settle before the next timer fires', async () => {
      const clock = new VirtualClock(0);
      const log: string[] = [];
      clock.setTimeout(asyncHandler(clock, log, 'a'), 10);
      clock.setTimeout(() => log.push(`b at ${clock.now()}`), 12);
      await clock.advanceAsync(20);
      expect(log).toEqual(['a settled at 10', 'b at 12', 'a follow-up at 15']);
      expect(clock.now()).toBe(20);
    });

    it('the synchronous advance does not wait, so the follow-up misses the range (why advanceAsync exists)', async () => {
      const clock = new VirtualClock(0);
      const log: string[] = [];
      clock.setTimeout(asyncHandler(clock, log, 'a'), 10);
      clock.advance(20);
      await new Promise((resolve) => setImmediate(resolve));
      expect(log).toEqual(['a settled at 20']);
      expect(clock.nextTimerAt()).toBe(25);
    });

    it('runUntil fires timers until a predicate holds', async () => {
      const clock = new VirtualClock(0);
      let count = 0;
      clock.setInterval(() => count++, 100);
      await expect(clock.runUntil(() => count === 3)).resolves.toBe(true);
      expect(clock.now()).toBe(300);
    });

    it('runUntil waits for a promise that needs the clock to move', async () => {
      const clock = new VirtualClock(0);
      const sleep = (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms));
      const work = (async () => {
        await sleep(1_000);
        await sleep(500);
        return clock.now();
      })();
      await expect(clock.runUntil(work)).resolves.toBe(true);
      await expect(work).resolves.toBe(1_500);
    });

    it('runUntil gives up at withinMs, leaving time at the limit', async () => {
      const clock = new VirtualClock(0);
      clock.setTimeout(() => undefined, 5_000);
      await expect(clock.runUntil(() => false, { withinMs: 1_000 })).resolves.toBe(false);
      expect(clock.now()).toBe(1_000);
      expect(clock.pendingTimers()).toBe(1);
    });

    it('runUntil returns false when nothing is left to fire, and refuses to spin forever', async () => {
      const clock = new VirtualClock(0);
      await expect(clock.runUntil(() => false)).resolves.toBe(false);
      clock.setInterval(() => undefined, 1);
      await expect(clock.runUntil(() => false, { maxTimers: 50 })).rejects.toMatchObject({ code: 'RUN_LIMIT_EXCEEDED' });
      expect(clock.now()).toBe(50);
    });

    it('refuses a synchronous advance while an async one is under way', async () => {
      const clock = new VirtualClock(0);
      let caught: unknown;
      clock.setTimeout(() => {
        void Promise.resolve().then(() => {
          try {
            clock.advance(1);
          } catch (error) {
            caught = error;
          }
        });
      }, 1);
      await clock.advanceAsync(10);
      expect(caught).toMatchObject({ code: 'CLOCK_BUSY' });
      expect(clock.now()).toBe(10);
    });
  });
});
