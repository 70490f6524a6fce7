import { describe, expect, it } from 'vitest';
import type { LedgerError} from '../../../core/ledger';
import { LedgerEventSchema, openLedger, type LedgerEventWire } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, ORDER, orderInput, testLedger } from './fixtures';

checkInvariantsAfterEach();

const seqs = (events: readonly LedgerEventWire[]) => events.map((e) => e.seq);
const consecutive = (events: readonly LedgerEventWire[]) => events.every((e, i) => i === 0 || e.seq === events[i - 1]!.seq + 1);

describe('outbox', () => {
  it('every event is typed (parses with LedgerEventSchema) and seqs are consecutive', () => {
    const { ledger } = testLedger();
    const events: LedgerEventWire[] = [];
    ledger.subscribe(0, (e) => events.push(e));
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.recordFill(fillInput(ORDER, '0.3'));
    ledger.requestCancel(ORDER, { reason: 'x', scope: 'ORDER' });
    ledger.updateOrder({ order_id: ORDER, status: 'CANCELED' });
    ledger.recordFill(fillInput(ORDER, '0.1'));
    ledger.putAlgoState(GROUP, { x: 1 });
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['plan', 'group', 'order', 'fill', 'position', 'cancel_intent', 'anomaly', 'journal', 'algo_state']),
    );
    for (const e of events) expect(LedgerEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    expect(seqs(events)).toEqual(events.map((_, i) => i + 1));
    expect(ledger.lastSeq()).toBe(events.length);
    // what was delivered is what was stored
    expect(ledger.eventsAfter(0, 10_000)).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('events a bulk write prints in SQL (emitJson) are typed, stored and delivered like the others', () => {
    const { ledger } = testLedger();
    const ids = [0, 1, 2].map((i) => ledger.registerOrder(orderInput({}, i === 0 ? { order_id: ORDER } : {})).order.order_id);
    ledger.recordFill(fillInput(ORDER, '0.3', '50123.45'));
    const events: LedgerEventWire[] = [];
    ledger.subscribe(ledger.lastSeq(), (e) => events.push(e));
    const from = ledger.lastSeq();
    ledger.requestCancels(ids, { reason: 'panic', scope: 'PLAN' });
    ledger.settleOrders(ids.map((order_id) => ({ order_id, status: 'CANCELED' as const })));
    expect(events.filter((e) => e.type === 'order' || e.type === 'cancel_intent')).toHaveLength(12);
    for (const e of events) expect(LedgerEventSchema.safeParse(e).success, JSON.stringify(e)).toBe(true);
    expect(consecutive(events)).toBe(true);
    expect(ledger.eventsAfter(from, 10_000)).toEqual(JSON.parse(JSON.stringify(events)));
    const last = events.filter((e) => e.type === 'order' && e.data.order_id === ORDER).at(-1);
    expect(last?.data).toMatchObject({ status: 'CANCELED', filled_quantity: '0.3', average_fill_price: '50123.45' });
  });

  it('delivers only after the outermost commit, one upsert per entity per transaction', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const events: LedgerEventWire[] = [];
    ledger.subscribe(ledger.lastSeq(), (e) => events.push(e));
    ledger.transaction(() => {
      ledger.updateOrder({ order_id: ORDER, status: 'OPEN' });
      ledger.transaction(() => ledger.recordFill(fillInput(ORDER, '0.1')));
      ledger.recordFill(fillInput(ORDER, '0.2'));
      expect(events).toEqual([]);
    });
    const orderEvents = events.filter((e) => e.type === 'order');
    expect(orderEvents).toHaveLength(1);
    expect(orderEvents[0]?.data).toMatchObject({ status: 'PARTIALLY_FILLED', filled_quantity: '0.3' });
    expect(events.filter((e) => e.type === 'fill')).toHaveLength(2);
    expect(consecutive(events)).toBe(true);
  });

  it('drops the events of a rolled-back transaction and of a rolled-back savepoint only', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const start = ledger.lastSeq();
    const events: LedgerEventWire[] = [];
    ledger.subscribe(start, (e) => events.push(e));
    expect(() =>
      ledger.transaction(() => {
        ledger.recordFill(fillInput(ORDER, '0.1'));
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(events).toEqual([]);
    expect(ledger.lastSeq()).toBe(start);
    ledger.transaction(() => {
      ledger.recordFill(fillInput(ORDER, '0.1', '50000', { trade_id: 'kept' }));
      try {
        ledger.transaction(() => {
          ledger.recordFill(fillInput(ORDER, '0.2', '50000', { trade_id: 'dropped' }));
          throw new Error('inner');
        });
      } catch {
        // the caller decides to go on without the inner part
      }
    });
    const fills = events.filter((e) => e.type === 'fill').map((e) => (e.data as { trade_id: string }).trade_id);
    expect(fills).toEqual(['kept']);
    expect(events[0]?.seq).toBe(start + 1);
    expect(consecutive(events)).toBe(true);
    expect(ledger.getOrder(ORDER)?.filled_quantity.toString()).toBe('0.1');
    expectHealthy(ledger);
  });

  it('replays what a subscriber missed, then streams, without gap or duplicate across the switch', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.recordFill(fillInput(ORDER, '0.1'));
    const mid = 5;
    const late: LedgerEventWire[] = [];
    const nested: LedgerEventWire[] = [];
    let nestedSubscribed = false;
    ledger.subscribe(mid, (e) => {
      late.push(e);
      // a listener that subscribes another one while events are being delivered
      if (!nestedSubscribed && e.seq > ledger.lastSeq() - 3) {
        nestedSubscribed = true;
        ledger.subscribe(e.seq - 2, (x) => nested.push(x));
      }
    });
    ledger.recordFill(fillInput(ORDER, '0.1'));
    ledger.recordFill(fillInput(ORDER, '0.1'));
    const all = ledger.eventsAfter(0, 10_000);
    expect(seqs(late)).toEqual(seqs(all).filter((s) => s > mid));
    expect(consecutive(nested)).toBe(true);
    expect(nested.at(-1)?.seq).toBe(ledger.lastSeq());
  });

  it('a listener that writes does not reorder delivery to the others', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const seen: number[] = [];
    let wrote = false;
    ledger.subscribe(ledger.lastSeq(), (e) => {
      if (!wrote && e.type === 'fill') {
        wrote = true;
        ledger.journal.record({ kind: 'NOTE', orderId: ORDER, message: 'saw a fill' });
      }
    });
    ledger.subscribe(ledger.lastSeq(), (e) => seen.push(e.seq));
    ledger.recordFill(fillInput(ORDER, '0.1'));
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(ledger.lastSeq());
    expect(consecutive(ledger.eventsAfter(0, 1000))).toBe(true);
  });

  it('a throwing listener is reported and does not undo the write or starve the others', () => {
    const errors: unknown[] = [];
    const l = openLedger(':memory:', { onError: (e) => errors.push(e) });
    const got: number[] = [];
    l.subscribe(0, () => {
      throw new Error('view bug');
    });
    l.subscribe(0, (e) => got.push(e.seq));
    l.registerOrder(orderInput());
    expect(got.length).toBeGreaterThan(0);
    expect(errors.length).toBe(got.length);
    expect(l.listPlans()).toHaveLength(1);
  });

  it('compaction keeps the newest event, never reuses a seq, and refuses a subscriber behind it', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const last = ledger.lastSeq();
    expect(ledger.compactOutbox(last + 100)).toBe(last - 1);
    let error: unknown;
    try {
      ledger.subscribe(0, () => undefined);
    } catch (e) {
      error = e;
    }
    expect((error as LedgerError).code).toBe('CONFLICT');
    const after: LedgerEventWire[] = [];
    ledger.subscribe(last - 1, (e) => after.push(e));
    ledger.recordFill(fillInput(ORDER, '0.1'));
    expect(after[0]?.seq).toBe(last);
    expect(after[1]?.seq).toBe(last + 1);
    expectHealthy(ledger);
  });
});
