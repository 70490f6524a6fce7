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
});
