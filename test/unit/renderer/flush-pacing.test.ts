import { describe, expect, it } from 'vitest';
import { pacedSchedule } from '../../../renderer/src/store/flush-pacing';

/** A hand-driven clock and timer queue. */
function fakeTime() {
  let now = 0;
  const timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    setTimer: (run: () => void, ms: number) => void timers.push({ at: now + ms, run }),
    /** Moves to `t`, running the timers due on the way, in order. */
    advanceTo(t: number) {
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > t) break;
        timers.shift();
        now = next.at;
        next.run();
      }
      now = t;
    },
  };
}

describe('pacedSchedule', () => {
  it('flushes a frame after the first event of a quiet spell, and keeps batches of a stream at least the gap apart', () => {
    const time = fakeTime();
    const schedule = pacedSchedule({ gapMs: 100, frameMs: 16, now: time.now, setTimer: time.setTimer });
    const flushedAt: number[] = [];
    const flush = () => flushedAt.push(time.now());
    // A stream: the store schedules a flush whenever an event arrives and none is pending.
    let pending = false;
    const event = () => {
      if (pending) return;
      pending = true;
      schedule(() => {
        pending = false;
        flush();
      });
    };
    for (let t = 0; t <= 500; t += 5) {
      time.advanceTo(t);
      event();
    }
    time.advanceTo(1000);
    expect(flushedAt[0]).toBe(16);
    for (let i = 1; i < flushedAt.length; i++) expect(flushedAt[i]! - flushedAt[i - 1]!).toBeGreaterThanOrEqual(100);
    expect(flushedAt.length).toBeGreaterThanOrEqual(5);
    // After a quiet spell, a lone event shows a frame later again.
    time.advanceTo(2000);
    event();
    time.advanceTo(3000);
    expect(flushedAt.at(-1)).toBe(2016);
  });

  it('a prompt batch goes a frame after its first event, inside the gap too', () => {
    const time = fakeTime();
    const schedule = pacedSchedule({ gapMs: 100, frameMs: 16, now: time.now, setTimer: time.setTimer });
    const flushedAt: number[] = [];
    schedule(() => flushedAt.push(time.now()));
    time.advanceTo(20);
    schedule(() => flushedAt.push(time.now()), true);
    time.advanceTo(40);
    schedule(() => flushedAt.push(time.now()));
    time.advanceTo(1000);
    // The paced one after the prompt one waits out the gap from the prompt one's start.
    expect(flushedAt).toEqual([16, 36, 136]);
  });
});
