import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderStatus } from '../../../core/domain';
import { LedgerError, type Ledger } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, orderInput, PLAN, tableContents, testLedger } from './fixtures';

checkInvariantsAfterEach();

const GROUP2 = 'EXG_20251201_143000_grp02';

/** `n` OPEN orders, alternately in GROUP and GROUP2 of PLAN. */
function openOrders(ledger: Ledger, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const id = ledger.registerOrder(orderInput({ group_id: i % 2 === 0 ? GROUP : GROUP2 })).order.order_id;
    ledger.updateOrder({ order_id: id, status: 'OPEN' });
    return id;
  });
}

const rows = (ledger: Ledger, table: string, key: string) => ledger.database.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all();

describe('requestCancels (bulk)', () => {
  it('opens an intent per live order, moves each to PENDING_CANCEL, writes and journals each group once', () => {
    const { ledger } = testLedger();
    const ids = openOrders(ledger, 6);
    ledger.updateOrder({ order_id: ids[5]!, status: 'CANCELED' }); // no longer live: skipped
    const events: { type: string }[] = [];
    const stop = ledger.subscribe(ledger.lastSeq(), (e) => events.push(e));
    const requested = ledger.requestCancels(ids, { reason: 'panic', scope: 'PLAN', cause: { commandId: 'EXC_9' } });

    expect(requested.map((r) => r.order_id)).toEqual(ids.slice(0, 5));
    expect(requested.every((r) => r.status === 'OPEN' && r.symbol === 'BTC/USDT' && r.intent_id.startsWith('CXL_'))).toBe(true);
    for (const id of ids.slice(0, 5)) expect(ledger.getOrder(id)?.status).toBe('PENDING_CANCEL');
    const intents = ledger.cancelIntents({ planId: PLAN });
    expect(intents.map((i) => [i.order_id, i.status, i.scope, i.attempts])).toEqual(ids.slice(0, 5).map((id) => [id, 'REQUESTED', 'PLAN', 1]));
    expect(ledger.getGroup(GROUP)?.order_counts).toEqual({ PENDING_CANCEL: 3 });
    expect(ledger.getGroup(GROUP2)?.order_counts).toEqual({ PENDING_CANCEL: 2, CANCELED: 1 });

    const entries = ledger.journal
      .entries({ planId: PLAN })
      .filter((e) => e.kind === 'CANCEL_REQUESTED')
      .sort((x, y) => x.entry_id - y.entry_id);
    expect(entries).toHaveLength(2);
    expect(entries.map((e) => [e.group_id, e.order_id, e.command_id])).toEqual([
      [GROUP, null, 'EXC_9'],
      [GROUP2, null, 'EXC_9'],
    ]);
    expect(entries[0]?.data).toMatchObject({ scope: 'PLAN', order_ids: [ids[0], ids[2], ids[4]] });
    // One event per intent and per order, one per group (and one journal event per group).
    stop();
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect([count('cancel_intent'), count('order'), count('group'), count('journal')]).toEqual([5, 5, 2, 2]);
    // An order's timeline shows its group's bulk entry.
    expect(ledger.journal.timelineForOrder(ids[2]!).map((t) => t.kind)).toContain('CANCEL_REQUESTED');
    expect(ledger.journal.timelineForOrder(ids[5]!).map((t) => t.kind)).not.toContain('CANCEL_REQUESTED');
    expectHealthy(ledger);
  });

  it('retries an order’s unfinished intent (attempts + 1) instead of opening another', () => {
    const { ledger } = testLedger();
    const [a, b] = openOrders(ledger, 2);
    const first = ledger.requestCancel(a!, { reason: 'x', scope: 'ORDER' });
    ledger.failCancel(first.intent_id, 'busy');
    const again = ledger.requestCancels([a!, b!], { reason: 'again', scope: 'PLAN' });
    expect(again[0]).toMatchObject({ order_id: a, intent_id: first.intent_id });
    expect(ledger.cancelIntents({ orderId: a! })).toMatchObject([{ intent_id: first.intent_id, status: 'REQUESTED', attempts: 2 }]);
    expect(ledger.cancelIntents({ orderId: b! })).toHaveLength(1);
  });

  it('refuses the whole call on an unknown order or bad input, changing nothing', () => {
    const { ledger } = testLedger();
    const ids = openOrders(ledger, 3);
    const before = tableContents(ledger.database);
    const unknown = 'ORD_20251201_143000_nope1';
    expect(() => ledger.requestCancels([...ids, unknown], { reason: 'x', scope: 'PLAN' })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining(unknown) }),
    );
    fc.assert(
      fc.property(
        fc.record({
          ids: fc.oneof(fc.array(fc.string(), { minLength: 1 }), fc.constant([ids[0], 'not-an-id'])),
          reason: fc.oneof(fc.constant(''), fc.string()),
          scope: fc.oneof(fc.constant('EVERYTHING'), fc.string()),
        }),
        ({ ids: bad, reason, scope }) => {
          let error: unknown;
          try {
            ledger.requestCancels(bad as string[], { reason, scope: scope as 'PLAN' });
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(LedgerError);
          expect((error as LedgerError).code).toMatch(/^(VALIDATION|NOT_FOUND)$/);
        },
      ),
      { numRuns: 60 },
    );
    expect(tableContents(ledger.database)).toEqual(before);
  });
});

describe('settleOrders (bulk)', () => {
  it('ends orders, confirms their intents, skips ended ones and journals a refused move without holding up the rest', () => {
    const { ledger } = testLedger();
    const ids = openOrders(ledger, 4);
    ledger.requestCancels(ids, { reason: 'panic', scope: 'PLAN' });
    ledger.recordFill(fillInput(ids[3]!, '0.5')); // filled before the cancel took effect
    const settled = ledger.settleOrders(
      [
        { order_id: ids[0]!, status: 'CANCELED' },
        { order_id: ids[1]!, status: 'CANCELED' },
        { order_id: ids[2]!, status: 'FILLED' }, // nothing filled: refused
        { order_id: ids[3]!, status: 'CANCELED' }, // FILLED first: left alone
        { order_id: ids[0]!, status: 'CANCELED' }, // twice: already so
      ],
      { reason: 'cancel confirmed' },
    );
    expect(settled.map((s) => [s.order_id, s.status, s.outcome])).toEqual([
      [ids[0], 'CANCELED', 'changed'],
      [ids[1], 'CANCELED', 'changed'],
      [ids[2], 'PENDING_CANCEL', 'refused'],
      [ids[3], 'FILLED', 'ended'],
      [ids[0], 'CANCELED', 'unchanged'],
    ]);
    const intents = new Map(ledger.cancelIntents({ planId: PLAN }).map((i) => [i.order_id, i]));
    expect(intents.get(ids[0]!)?.status).toBe('CONFIRMED');
    expect(intents.get(ids[1]!)?.status).toBe('CONFIRMED');
    expect(intents.get(ids[2]!)?.status).toBe('REQUESTED');
    expect(intents.get(ids[3]!)).toMatchObject({ status: 'FAILED', last_error: 'order FILLED before the cancel took effect' });
    const refusals = ledger.journal.entries({ orderId: ids[2]! }).filter((e) => e.kind === 'ILLEGAL_TRANSITION');
    expect(refusals).toHaveLength(1);
    expect(ledger.journal.entries({ orderId: ids[3]! }).some((e) => e.kind === 'ILLEGAL_TRANSITION')).toBe(false);
    const timeline = ledger.journal.timelineForOrder(ids[1]!).map((t) => t.kind);
    expect(timeline.slice(-3)).toEqual(['CANCEL_REQUESTED', 'ORDER_STATUS', 'CANCEL_CONFIRMED']);
    expect(ledger.getGroup(GROUP)?.in_flight_quantity.toString()).toBe('0.5'); // ids[2] still pending
    expectHealthy(ledger);
  });

  it('an unknown order refuses the whole call and changes nothing', () => {
    const { ledger } = testLedger();
    const ids = openOrders(ledger, 2);
    const before = tableContents(ledger.database);
    expect(() =>
      ledger.settleOrders([
        { order_id: ids[0]!, status: 'CANCELED' },
        { order_id: 'ORD_20251201_143000_nope1', status: 'CANCELED' },
      ]),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => ledger.settleOrders([{ order_id: ids[0]!, status: 'GONE' as OrderStatus }])).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(tableContents(ledger.database)).toEqual(before);
  });

  it('leaves orders, groups and intents exactly as the one-order writes would (property)', () => {
    type Start = 'PENDING_SUBMIT' | 'OPEN' | 'PARTIALLY_FILLED' | 'PENDING_CANCEL' | 'UNKNOWN' | 'CANCELED' | 'FILLED';
    const starts: readonly Start[] = ['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'UNKNOWN', 'CANCELED', 'FILLED'];
    const prepare = (ledger: Ledger, plan: readonly Start[]) =>
      plan.map((start, i) => {
        const group = { execution_strategy: 'TWAP', target_quantity: '100' }; // never completes
        const id = ledger.registerOrder(orderInput({ group_id: i % 2 === 0 ? GROUP : GROUP2, group })).order.order_id;
        if (start === 'UNKNOWN') ledger.updateOrder({ order_id: id, status: 'UNKNOWN' });
        if (start !== 'PENDING_SUBMIT' && start !== 'UNKNOWN') ledger.updateOrder({ order_id: id, status: 'OPEN' });
        if (start === 'PARTIALLY_FILLED') ledger.recordFill(fillInput(id, '0.1', '50000', { trade_id: `P${i}` }));
        if (start === 'FILLED') ledger.recordFill(fillInput(id, '0.5', '50000', { trade_id: `F${i}` }));
        if (start === 'PENDING_CANCEL') ledger.requestCancel(id, { reason: 'x', scope: 'ORDER' });
        if (start === 'CANCELED') ledger.updateOrder({ order_id: id, status: 'CANCELED' });
        return id;
      });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...starts), fc.constantFrom(...OrderStatus.options)), { minLength: 1, maxLength: 8 }),
        (cases) => {
          const bulk = testLedger().ledger;
          const single = testLedger().ledger;
          const bulkIds = prepare(bulk, cases.map(([s]) => s));
          const singleIds = prepare(single, cases.map(([s]) => s));
          bulk.settleOrders(bulkIds.map((order_id, i) => ({ order_id, status: cases[i]![1] })));
          singleIds.forEach((order_id, i) => {
            const status = cases[i]![1];
            const order = single.getOrder(order_id);
            if (!order || order.status === status || ['FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'].includes(order.status)) return;
            try {
              single.updateOrder({ order_id, status });
            } catch {
              // refused: the order stays as it is, as in the bulk write
            }
          });
          for (const [table, key] of [['orders', 'order_id'], ['cancel_intents', 'intent_id']] as const) {
            const strip = (l: Ledger) => rows(l, table, key).map((r) => ({ ...(r as object), order_id: undefined, intent_id: undefined }));
            expect(strip(bulk)).toEqual(strip(single));
          }
          const groupState = (l: Ledger) => [GROUP, GROUP2].map((g) => ({ ...l.getGroup(g), order_ids: undefined, updated_at: undefined }));
          expect(groupState(bulk)).toEqual(groupState(single));
          expectHealthy(bulk);
          expectHealthy(single);
        },
      ),
      { numRuns: 40 },
    );
  });
});
