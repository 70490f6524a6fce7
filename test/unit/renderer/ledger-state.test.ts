import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LedgerSnapshot } from '../../../core/ledger';
import { applyEvent, applyEvents, applySnapshot, mergeHistory, type LedgerState } from '../../../renderer/src/store/ledger-state';
import { checkInvariantsAfterEach } from '../ledger/fixtures';
import { decodedEventsAfter, decodeSnapshot, ledgerWith, writeOps } from './ledger-events';

checkInvariantsAfterEach();

const ENTITIES = ['plans', 'groups', 'orders', 'fills', 'cancelIntents', 'anomalies', 'positions', 'algoStates'] as const;

/** Every entity the ledger's own later snapshot holds must be in the view, equal. */
function expectShows(view: LedgerState, fresh: LedgerSnapshot): void {
  const truth = applySnapshot(fresh);
  expect(view.seq).toBe(truth.seq);
  for (const key of ENTITIES) {
    for (const [id, entity] of truth[key]) expect(view[key].get(id), `${key} ${id}`).toEqual(entity);
  }
}

/** Apply one at a time, stopping at the first resync; the states passed through, by seq. */
function applyOneByOne(start: LedgerState, messages: Parameters<typeof applyEvent>[1][]) {
  const states: LedgerState[] = [];
  let state = start;
  for (const m of messages) {
    const r = applyEvent(state, m);
    if ('resync' in r) return { states, resynced: true };
    state = r.state;
    states.push(state);
  }
  return { states, resynced: false };
}

describe('applySnapshot + applyEvents against a real ledger', () => {
  it('a snapshot plus the events after it shows what a later snapshot shows', () => {
    const ledger = ledgerWith([0, 1, 3, 2, 0, 1]);
    const early = decodeSnapshot(ledger);
    writeOps(ledger, [0, 1, 1, 2, 4, 5, 3, 0, 2, 4, 5]);
    const events = decodedEventsAfter(ledger, early.seq);
    expect(events.length).toBeGreaterThan(10);
    const r = applyEvents(applySnapshot(early), events);
    if ('resync' in r) throw new Error('unexpected resync');
    expectShows(r.state, decodeSnapshot(ledger));
    // The late fill surfaced as an anomaly, and journal entries moved the group's timeline mark.
    expect([...r.state.anomalies.values()].some((a) => a.kind === 'LATE_FILL')).toBe(true);
    expect(r.state.journalMarks.get([...r.state.groups.keys()][0] ?? '')).toBeGreaterThan(early.seq);
  });

  it('ignores repeats (seq at or below the current one) and changes nothing for them', () => {
    const ledger = ledgerWith([0, 1, 2]);
    const snap = decodeSnapshot(ledger);
    writeOps(ledger, [1, 0, 1]);
    const events = decodedEventsAfter(ledger, 0); // replays events the snapshot already holds
    const state = applySnapshot(snap);
    const r = applyEvents(state, events.filter((e) => e.seq <= snap.seq));
    expect(r).toEqual({ state });
    if ('resync' in r) return;
    expect(r.state).toBe(state); // not even a copy
    const all = applyEvents(state, events);
    if ('resync' in all) throw new Error('unexpected resync');
    expectShows(all.state, decodeSnapshot(ledger));
  });

  it('asks for a resync on a gap, and keeps nothing of the batch', () => {
    const ledger = ledgerWith([0]);
    const snap = decodeSnapshot(ledger);
    writeOps(ledger, [1, 1, 0]);
    const events = decodedEventsAfter(ledger, snap.seq);
    expect(events.length).toBeGreaterThan(2);
    expect(applyEvents(applySnapshot(snap), [events[0]!, events[2]!])).toEqual({ resync: true });
    expect(applyEvent(applySnapshot(snap), events[1]!)).toEqual({ resync: true });
  });

  it('property: any order of a contiguous run of events either yields the in-order states or asks for a resync, never a wrong state', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1000), { maxLength: 12 }),
        fc.array(fc.nat(1000), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (before, after, seed) => {
          const ledger = ledgerWith(before);
          const snap = decodeSnapshot(ledger);
          writeOps(ledger, after);
          const events = decodedEventsAfter(ledger, snap.seq);
          const start = applySnapshot(snap);
          const inOrder = applyOneByOne(start, events);
          expect(inOrder.resynced).toBe(false);
          // A permutation drawn from the seed (fast-check shrinks the seed).
          const shuffled = fc.sample(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), { seed, numRuns: 1 })[0] ?? events;
          // With repeats sprinkled in: a resent event must never matter.
          const withRepeats = shuffled.flatMap((e, i) => (i % 3 === 0 ? [e, e] : [e]));
          const result = applyOneByOne(start, withRepeats);
          // Every state passed through is the in-order state at the same seq.
          const bySeq = new Map(inOrder.states.map((s) => [s.seq, s]));
          for (const s of result.states) expect(s).toEqual(bySeq.get(s.seq) ?? start);
          const identity = shuffled.every((e, i) => e.seq === events[i]?.seq);
          if (identity) expect(result.resynced).toBe(false);
          if (!result.resynced) expectShows(result.states.at(-1) ?? start, decodeSnapshot(ledger));
          ledger.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('mergeHistory', () => {
  it('adds orders and fills the state lacks and never overwrites newer ones', () => {
    const ledger = ledgerWith([0, 1, 1, 0]);
    const full = decodeSnapshot(ledger);
    const [first, ...rest] = full.orders;
    if (!first) throw new Error('no orders');
    const partial = applySnapshot({ ...full, orders: [first], fills: [] });
    const stale = { ...first, status: 'PENDING_SUBMIT' as const };
    const merged = mergeHistory(partial, { orders: [stale, ...rest], fills: full.fills });
    expect(merged.orders.get(first.order_id)).toBe(first);
    expect(merged.orders.size).toBe(full.orders.length);
    expect(merged.fills.size).toBe(full.fills.length);
    expect(merged.seq).toBe(partial.seq);
    expect(mergeHistory(merged, { orders: rest })).toBe(merged);
  });
});
