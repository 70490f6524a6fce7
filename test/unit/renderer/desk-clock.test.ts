import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAge } from '../../../renderer/src/panels/DeskTime';
import { deskClockAt } from '../../../renderer/src/store/desk-clock';

describe('deskClockAt: the desk clock between status pushes', () => {
  const status = fc.record({ now: fc.integer({ min: 0, max: 2 ** 42 }), speed: fc.integer({ min: 1, max: 100 }), paused: fc.boolean() });
  const pageTime = fc.integer({ min: 0, max: 10 ** 9 });

  it('starts at the status time, runs at the session speed, stands still when paused, and never runs backwards', () => {
    fc.assert(
      fc.property(status, pageTime, fc.nat(10 ** 6), fc.nat(10 ** 6), (s, receivedAt, a, b) => {
        expect(deskClockAt(s, receivedAt, receivedAt)).toBe(s.now);
        const early = deskClockAt(s, receivedAt, receivedAt + Math.min(a, b));
        const late = deskClockAt(s, receivedAt, receivedAt + Math.max(a, b));
        expect(late).toBeGreaterThanOrEqual(early);
        expect(late - early).toBe(s.paused ? 0 : (Math.max(a, b) - Math.min(a, b)) * s.speed);
        // A page clock reading before the push (timers are coarse) is the status time, not earlier.
        expect(deskClockAt(s, receivedAt + a + 1, receivedAt)).toBe(s.now);
      }),
    );
  });

  it('makes a quiet market age: 90 s of page time at 10x is a quarter hour of desk time', () => {
    const s = { now: 1_700_000_000_000, speed: 10, paused: false };
    const lastBarClose = s.now - 30_000;
    expect(formatAge(deskClockAt(s, 5_000, 95_000) - lastBarClose)).toBe('15:30');
    expect(formatAge(deskClockAt({ ...s, paused: true }, 5_000, 95_000) - lastBarClose)).toBe('0:30');
    expect(formatAge(4 * 3600_000 + 5 * 60_000)).toBe('4 h 05 min');
    expect(formatAge(-1_000)).toBe('0:00');
  });
});
