import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import type { LedgerError} from '../../../core/ledger';
import { type LedgerEventWire } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, ORDER, orderInput, PLAN, tableContents, testLedger } from './fixtures';

checkInvariantsAfterEach();

describe('recordFill', () => {
  it("moves the order's, group's and plan's aggregates and completes the group at its target", () => {
    const { ledger, clock } = testLedger();
    const a = ledger.registerOrder(orderInput({}, { order_id: ORDER })).order.order_id;
    const b = ledger.registerOrder({ group_id: GROUP, order: orderInput().order }).order.order_id;
    ledger.updateOrder({ order_id: a, status: 'OPEN' });
    clock.advance(1000);
    const r1 = ledger.recordFill(fillInput(a, '0.2', '50000'));
    expect(r1).toMatchObject({ duplicate: false, order_status: 'PARTIALLY_FILLED', group_status: 'ACTIVE', anomalies: [] });
    ledger.recordFill(fillInput(a, '0.3', '50100'));
    const last = ledger.recordFill(fillInput(b, '0.5', '49900', { executed_at: '2025-12-01T14:30:05Z' }));
    expect(last).toMatchObject({ order_status: 'FILLED', group_status: 'COMPLETED', anomalies: [] });

    const order = ledger.getOrder(a)!;
    expect(order.status).toBe('FILLED');
    expect(order.filled_quantity.toString()).toBe('0.5');
    expect(order.average_fill_price?.toString()).toBe('50060'); // (0.2*50000 + 0.3*50100) / 0.5
    expect(order.fill_count).toBe(2);
    const group = ledger.getGroup(GROUP)!;
    expect(group.filled_quantity.toString()).toBe('1');
    expect(group.average_fill_price?.toString()).toBe('49980');
    expect(group.completed_at?.toISOString()).toBe('2025-12-01T14:30:01.000Z');
    expect(group.in_flight_quantity.toString()).toBe('0');
    expect(group.order_counts).toEqual({ FILLED: 2 });
    const plan = ledger.getPlan(PLAN)!;
    expect(plan.filled_quantity.toString()).toBe('1');
    expect(plan.fees_paid.toString()).toBe('0.03');
    expect(plan.fill_count).toBe(3);
    expect(ledger.lastFillTime(b)?.toISOString()).toBe('2025-12-01T14:30:05.000Z');
    expect(ledger.fillsOfOrder(a)).toHaveLength(2);
    expect(ledger.fillsOfGroup(GROUP)).toHaveLength(3);
    expect(ledger.fillsOfPlan(PLAN).map((f) => f.parent_order_id)).toEqual([a, a, b]);
    expectHealthy(ledger);
  });

  it('de-duplicates by (order, exchange trade id): a replay changes nothing and emits nothing', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const fill = fillInput(ORDER, '0.1');
    const first = ledger.recordFill(fill);
    const before = tableContents(ledger.database);
    const events: LedgerEventWire[] = [];
    ledger.subscribe(ledger.lastSeq(), (e) => events.push(e));
    const again = ledger.recordFill({ ...fill, price: '1' });
    expect(again).toEqual({ duplicate: true, fill_id: first.fill_id });
    expect(tableContents(ledger.database)).toEqual(before);
    expect(events).toEqual([]);
    expectHealthy(ledger);
  });

  it('records an overfill as an anomaly, never capping it', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER, quantity: '1' }));
    ledger.recordFill(fillInput(ORDER, '0.7'));
    const r = ledger.recordFill(fillInput(ORDER, '0.5'));
    expect(r.duplicate).toBe(false);
    if (r.duplicate) return;
    expect(r.order_filled_quantity.toString()).toBe('1.2');
    expect(r.group_filled_quantity.toString()).toBe('1.2');
    expect(r.anomalies.map((a) => a.kind)).toEqual(['OVERFILL', 'OVERFILL']); // the order and the group
    const g = ledger.getGroup(GROUP)!;
    expect(g.filled_quantity.toString()).toBe('1.2');
    expect(g.status).toBe('COMPLETED');
    expect(ledger.anomalies({ unacknowledgedOnly: true })).toHaveLength(2);
    expectHealthy(ledger);
  });

  it('records a late fill on a canceled order, counts it, and raises LATE_FILL', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.recordFill(fillInput(ORDER, '0.1'));
    ledger.updateOrder({ order_id: ORDER, status: 'CANCELED' });
    const r = ledger.recordFill(fillInput(ORDER, '0.2'));
    expect(r).toMatchObject({ duplicate: false, order_status: 'CANCELED' });
    if (r.duplicate) return;
    expect(r.anomalies.map((a) => a.kind)).toEqual(['LATE_FILL']);
    expect(ledger.getOrder(ORDER)?.filled_quantity.toString()).toBe('0.3');
    expect(ledger.getGroup(GROUP)?.filled_quantity.toString()).toBe('0.3');
    const [anomaly] = ledger.anomalies();
    expect(anomaly?.order_id).toBe(ORDER);
    expect(anomaly?.fill_id).toBe(r.fill_id);
    const acked = ledger.acknowledgeAnomaly(anomaly!.anomaly_id);
    expect(acked.acknowledged_at).not.toBeNull();
    expect(ledger.anomalies({ unacknowledgedOnly: true })).toEqual([]);
    expectHealthy(ledger);
  });

  it('keeps PENDING_CANCEL on a partial fill and completes a SINGLE group without a target', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({ group: { execution_strategy: 'SINGLE' } }, { order_id: ORDER }));
    ledger.requestCancel(ORDER, { reason: 'trader', scope: 'ORDER' });
    expect(ledger.recordFill(fillInput(ORDER, '0.1'))).toMatchObject({ order_status: 'PENDING_CANCEL' });
    expect(ledger.recordFill(fillInput(ORDER, '0.4'))).toMatchObject({ order_status: 'FILLED', group_status: 'COMPLETED' });
    expect(ledger.cancelIntents({ orderId: ORDER })[0]?.status).toBe('FAILED');
    expectHealthy(ledger);
  });

  it('refuses a fill for an unknown order (NOT_FOUND) and a reused fill_id (CONFLICT)', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as LedgerError).code;
      }
      return 'none';
    };
    expect(code(() => ledger.recordFill(fillInput('ORD_20251201_143000_nope1', '0.1')))).toBe('NOT_FOUND');
    ledger.recordFill(fillInput(ORDER, '0.1', '50000', { fill_id: 'FILL_20251201_143000_aaaaa' }));
    expect(code(() => ledger.recordFill(fillInput(ORDER, '0.1', '50000', { fill_id: 'FILL_20251201_143000_aaaaa' })))).toBe(
      'CONFLICT',
    );
    expectHealthy(ledger);
  });

  it('keeps a position per symbol by average cost: adds, partial close with realized P&L, flip', () => {
    const { ledger } = testLedger();
    const buy = ledger.registerOrder(orderInput({}, { quantity: '3', side: 'BUY' })).order.order_id;
    const sell = ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order, side: 'SELL', quantity: '5' } }).order
      .order_id;
    ledger.recordFill(fillInput(buy, '1', '100', { fee: '0.1' }));
    ledger.recordFill(fillInput(buy, '1', '200', { fee: '0.1' }));
    let [p] = ledger.positions();
    expect(p?.net_quantity.toString()).toBe('2');
    expect(p?.average_entry_price?.toString()).toBe('150');
    ledger.recordFill(fillInput(sell, '1.5', '300', { fee: '0.1' }));
    [p] = ledger.positions();
    expect(p?.net_quantity.toString()).toBe('0.5');
    expect(p?.realized_pnl.toString()).toBe('225'); // 1.5 * (300 - 150)
    expect(p?.average_entry_price?.toString()).toBe('150');
    ledger.recordFill(fillInput(sell, '1.5', '100', { fee: '0.1' }));
    [p] = ledger.positions();
    expect(p?.net_quantity.toString()).toBe('-1');
    expect(p?.realized_pnl.toString()).toBe('200'); // + 0.5 * (100 - 150)
    expect(p?.average_entry_price?.toString()).toBe('100'); // short 1 opened at 100
    expect(p?.fees_paid.toString()).toBe('0.4');
    expectHealthy(ledger);
  });

  it('property: any sequence of fills, cancels and duplicates keeps every invariant and never loses a fill', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('fill' as const),
        order: fc.nat(3),
        quantity: fc.integer({ min: 1, max: 400 }),
        price: fc.integer({ min: 1, max: 10_000_000 }),
        trade: fc.nat(30),
      }),
      fc.record({ kind: fc.constant('cancel' as const), order: fc.nat(3) }),
      fc.record({ kind: fc.constant('status' as const), order: fc.nat(3), status: fc.constantFrom('OPEN', 'CANCELED', 'EXPIRED') }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const { ledger } = testLedger();
        const orders = [0, 1, 2, 3].map(
          (i) =>
            ledger.registerOrder(
              i === 0 ? orderInput() : { group_id: GROUP, order: { ...orderInput().order, side: i % 2 ? 'SELL' : 'BUY', quantity: '1' } },
            ).order.order_id,
        );
        const accepted = new Map<string, Decimal>();
        for (const s of steps) {
          const orderId = orders[s.order] as string;
          try {
            if (s.kind === 'fill') {
              const r = ledger.recordFill({
                parent_order_id: orderId,
                trade_id: `t${s.trade}`,
                price: new Decimal(s.price).div(100).toFixed(),
                quantity: new Decimal(s.quantity).div(1000).toFixed(),
                fee: '0.001',
                executed_at: '2025-12-01T14:30:01Z',
              });
              const key = `${orderId}/t${s.trade}`;
              expect(r.duplicate).toBe(accepted.has(key));
              if (!r.duplicate) accepted.set(key, new Decimal(s.quantity).div(1000));
            } else if (s.kind === 'cancel') {
              ledger.requestCancel(orderId, { reason: 'p', scope: 'GROUP' });
            } else {
              ledger.updateOrder({ order_id: orderId, status: s.status });
            }
          } catch (e) {
            if (!(e instanceof Error && 'code' in e)) throw e; // only typed refusals are acceptable
          }
        }
        expectHealthy(ledger);
        const total = [...accepted.values()].reduce((a, b) => a.plus(b), new Decimal(0));
        expect(ledger.getGroup(GROUP)?.filled_quantity.toString()).toBe(total.toString());
        expect(ledger.fillsOfGroup(GROUP)).toHaveLength(accepted.size);
      }),
      { numRuns: 60 },
    );
  });
});
