import { describe, expect, it } from 'vitest';
import { RealClock } from '../../../core/clock';

describe('RealClock', () => {
  it('tells wall-clock time', () => {
    const before = Date.now();
    const now = new RealClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('fires timeouts in order and skips cleared ones (awaiting the last timer, not sleeping)', async () => {
    const clock = new RealClock();
    const seen: string[] = [];
    const cleared = clock.setTimeout(() => seen.push('cleared'), 1);
    clock.clearTimeout(cleared);
    clock.setTimeout(() => seen.push('first'), 1);
    await new Promise<void>((resolve) => clock.setTimeout(resolve, 5));
    expect(seen).toEqual(['first']);
  });

  it('repeats intervals until cleared', async () => {
    const clock = new RealClock();
    let count = 0;
    await new Promise<void>((resolve) => {
      const handle = clock.setInterval(() => {
        count++;
        if (count === 3) {
          clock.clearInterval(handle);
          resolve();
        }
      }, 1);
    });
    expect(count).toBe(3);
  });

  it('chains delays longer than one Node timer allows instead of firing early', async () => {
    const clock = new RealClock({ maxNativeDelayMs: 4 });
    const start = performance.now();
    let fired = 0;
    await new Promise<void>((resolve) =>
      clock.setTimeout(() => {
        fired++;
        resolve();
      }, 13),
    );
    // Node timers may round by a millisecond; firing after one 4 ms chunk would be ~9 ms early.
    expect(performance.now() - start).toBeGreaterThanOrEqual(12);
    expect(fired).toBe(1);
  });

  it('chains long intervals and clears them mid-chain', async () => {
    const clock = new RealClock({ maxNativeDelayMs: 2 });
    let count = 0;
    await new Promise<void>((resolve) => {
      const handle = clock.setInterval(() => {
        count++;
        if (count === 2) {
          clock.clearInterval(handle);
          clock.setTimeout(resolve, 10); // would see a third tick if the clear had not held
        }
      }, 5);
    });
    expect(count).toBe(2);
  });
});
