import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient, type Transport } from '../../../core/api/client';
import { contract } from '../../../core/api/contract';
import { decodeLedgerEventFast } from '../../../core/api/ledger-fast-path';
import type { StreamEvent } from '../../../core/api/define';
import type { LedgerEventWire } from '../../../core/ledger/events';
import { applyEvents, applySnapshot, type LedgerMessage, type LedgerState } from '../../../renderer/src/store/ledger-state';
import { FrameBatch } from '../../../core/api/event-frame';
import { outboxMessage } from '../../../web/host';
import { checkInvariantsAfterEach } from '../../unit/ledger/fixtures';
import { decodedEventsAfter, decodeSnapshot, ledgerWith, writeOps } from '../../unit/renderer/ledger-events';

checkInvariantsAfterEach();

const ENTITIES = ['plans', 'groups', 'orders', 'fills', 'cancelIntents', 'anomalies', 'positions', 'algoStates', 'journalMarks'] as const;
const plain = (s: LedgerState) => ({
  seq: s.seq,
  ...Object.fromEntries(ENTITIES.map((k) => [k, [...(s[k] as Iterable<readonly [string, unknown]>)].sort(([a], [b]) => (a < b ? -1 : 1))])),
});

/** The live messages of `ops` as the web host hands them to a socket (text and entity key). */
function liveMessages(ops: readonly number[], early: readonly number[]) {
  const ledger = ledgerWith(early);
  const snapshot = decodeSnapshot(ledger);
  const messages: StreamEvent<LedgerEventWire>[] = [];
  const stop = ledger.subscribe(ledger.lastSeq(), (wire) => messages.push(outboxMessage(wire)));
  writeOps(ledger, ops);
  stop();
  return { ledger, snapshot, messages };
}

/** Frames cut at `cuts`, through FrameBatch, then the page's client: what the store is fed. */
function throughFrames(messages: readonly StreamEvent<LedgerEventWire>[], cuts: readonly number[]): { fed: LedgerMessage[]; standIns: number; errors: string[] } {
  const frames: string[] = [];
  const batch = new FrameBatch();
  messages.forEach((m, i) => {
    batch.push(m.seq, m.text ?? JSON.stringify({ seq: m.seq, event: m.event }), m.key);
    if (cuts.includes(i)) frames.push(batch.take() ?? '');
  });
  const last = batch.take();
  if (last !== undefined) frames.push(last);
  let standIns = 0;
  const transport: Transport = {
    request: () => Promise.reject(new Error('no commands here')),
    subscribe: (_from, onMessage) => {
      for (const f of frames) for (const m of (JSON.parse(f) as { events: unknown[] }).events) onMessage(m);
      return () => undefined;
    },
  };
  const fed: LedgerMessage[] = [];
  const errors: string[] = [];
  createClient(contract, transport, { decodeEvent: decodeLedgerEventFast }).subscribe(
    messages[0] ? messages[0].seq - 1 : 0,
    (m) => {
      if ('superseded' in m) standIns++;
      fed.push(m);
    },
    (e) => errors.push(e.message),
  );
  return { fed, standIns, errors };
}

describe('batched frames with superseded events, end to end (ledger -> web host -> frame -> client -> store)', () => {
  it('the store ends in the state the full events give, whatever the frames', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 30 }), fc.array(fc.nat(200), { maxLength: 5 }), (ops, cuts) => {
        const { ledger, snapshot, messages } = liveMessages(ops, [0, 1]);
        const { fed, errors } = throughFrames(messages, cuts);
        expect(errors).toEqual([]);
        expect(fed.map((m) => m.seq)).toEqual(messages.map((m) => m.seq));
        const start = applySnapshot(snapshot);
        const compacted = applyEvents(start, fed);
        const full = applyEvents(start, decodedEventsAfter(ledger, snapshot.seq));
        if ('resync' in compacted || 'resync' in full) throw new Error('unexpected resync');
        expect(plain(compacted.state)).toEqual(plain(full.state));
        ledger.close();
      }),
      { numRuns: 60 },
    );
  });

  it('an order cancelled in the frame that registered it goes once in full; the rest are stand-ins', () => {
    // New order, cancel requested, cancel confirmed: all in one frame.
    const { ledger, messages } = liveMessages([0, 2, 4], [0]);
    const { fed, standIns, errors } = throughFrames(messages, []);
    expect(errors).toEqual([]);
    expect(standIns).toBeGreaterThan(0);
    const orders = fed.flatMap((m) => ('event' in m && m.event.type === 'order' ? [m.event.data] : []));
    expect(new Set(orders.map((o) => o.order_id)).size).toBe(orders.length);
    ledger.close();
  });
});
