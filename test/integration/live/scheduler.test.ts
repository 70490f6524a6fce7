/**
 * RequestScheduler on its own, with tasks the test settles by hand: lane
 * priority, places held behind cancels, pauses, retry limits, budgets.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { DEFAULT_SCHEDULER_POLICY, RequestRefused, RequestScheduler, type Lane, type SchedulerEvent, type SchedulerPolicy } from '../../../core/connectors/live';

class Limited extends Error {}

interface Pending {
  readonly name: string;
  readonly resolve: (v: string) => void;
  readonly reject: (e: unknown) => void;
}

function setup(policy: Partial<SchedulerPolicy> = {}) {
  const clock = new VirtualClock(0);
  const events: SchedulerEvent[] = [];
  const scheduler = new RequestScheduler(
    clock,
    { ...DEFAULT_SCHEDULER_POLICY, ...policy },
    (e) => (e instanceof Limited ? { status: 429, pauseMs: 1000 } : undefined),
    (e) => events.push(e),
  );
  const started: string[] = [];
  const pending = new Map<string, Pending>();
  const run = (lane: Lane, name: string, weight = 1) =>
    scheduler.run(lane, weight, () => {
      started.push(name);
      return new Promise<string>((resolve, reject) => pending.set(name, { name, resolve, reject }));
    });
  const settle = async (name: string, error?: unknown) => {
    const p = pending.get(name);
    if (p === undefined) throw new Error(`${name} is not on the wire`);
    pending.delete(name);
    if (error === undefined) p.resolve(name);
    else p.reject(error);
    await clock.advanceAsync(0);
  };
  return { clock, scheduler, events, started, run, settle };
}

describe('RequestScheduler', () => {
  it('serves lanes in priority order: cancel, resolve, query, place', async () => {
    const s = setup({ maxInFlight: 1 });
    const done = [s.run('query', 'blocker'), s.run('place', 'place'), s.run('query', 'query'), s.run('resolve', 'resolve'), s.run('cancel', 'cancel')];
    for (const name of ['blocker', 'cancel', 'resolve', 'query', 'place']) await s.settle(name);
    await Promise.all(done);
    expect(s.started).toEqual(['blocker', 'cancel', 'resolve', 'query', 'place']);
  });

  it('holds places while a cancel is on the wire, even with free slots', async () => {
    const s = setup({ maxInFlight: 5 });
    const cancel = s.run('cancel', 'cancel');
    const place = s.run('place', 'place');
    const query = s.run('query', 'query');
    await s.clock.advanceAsync(0);
    expect(s.started).toEqual(['cancel', 'query']);
    await s.settle('cancel');
    expect(s.started).toEqual(['cancel', 'query', 'place']);
    await s.settle('query');
    await s.settle('place');
    await Promise.all([cancel, place, query]);
  });

  it('a rate-limited request pauses everything, goes again first in its lane, and is refused after maxRateLimitRetries', async () => {
    const s = setup({ maxRateLimitRetries: 1 });
    const query = s.run('query', 'q').catch((e: unknown) => e);
    await s.settle('q', new Limited('429'));
    expect(s.events).toEqual([{ kind: 'PAUSED', reason: 'RATE_LIMITED', status: 429, until: 1000 }]);
    const other = s.run('cancel', 'c');
    await s.clock.advanceAsync(999);
    expect(s.started).toEqual(['q']);
    await s.clock.advanceAsync(1);
    expect(s.events.at(-1)).toEqual({ kind: 'RESUMED', at: 1000 });
    expect(s.started).toEqual(['q', 'c', 'q']);
    await s.settle('c');
    await s.settle('q', new Limited('429 again'));
    expect(await query).toBeInstanceOf(RequestRefused);
    await expect(other).resolves.toBe('c');
  });

  it('the cancel reserve: other lanes stop at limit - reserve, cancels may use the rest', async () => {
    const s = setup({ weightLimit: 5, cancelReserve: 2, weightWindowMs: 1000 });
    const work = [s.run('query', 'q1', 2), s.run('query', 'q2', 1), s.run('query', 'q3', 1), s.run('cancel', 'c1', 2)];
    await s.clock.advanceAsync(0);
    // q1 + q2 reach the cap for queries (3); q3 waits for the window; the cancel still fits (3 + 2 <= 5).
    expect(s.started).toEqual(['q1', 'q2', 'c1']);
    expect(s.events).toEqual([{ kind: 'HELD_FOR_BUDGET', lane: 'query', until: 1000 }]);
    for (const n of ['c1', 'q1', 'q2']) await s.settle(n);
    await s.clock.advanceAsync(1000);
    expect(s.started).toEqual(['q1', 'q2', 'c1', 'q3']);
    await s.settle('q3');
    await Promise.all(work);
  });

  it('close refuses what is queued', async () => {
    const s = setup({ maxInFlight: 1 });
    const first = s.run('query', 'a');
    const queued = s.run('place', 'b').catch((e: unknown) => e);
    s.scheduler.close();
    expect(await queued).toMatchObject({ code: 'CLOSED' });
    await s.settle('a');
    await expect(first).resolves.toBe('a');
    await expect(s.run('cancel', 'late')).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
