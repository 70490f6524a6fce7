import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerError, LedgerSnapshotSchema, type Ledger, type LedgerEventWire, type LedgerSnapshotWire } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, orderInput, PLAN, testLedger } from './fixtures';

checkInvariantsAfterEach();

type Keyed = Record<string, unknown>;

/** What a view does: load a snapshot, then upsert each event's entity by its id. */
class View {
  readonly tables: Record<string, Map<string, Keyed>> = {};
  seq: number;

  constructor(s: LedgerSnapshotWire) {
    this.seq = s.seq;
    const put = (name: string, key: string, rows: readonly Keyed[]) => {
      this.tables[name] = new Map(rows.map((r) => [r[key] as string, r]));
    };
    put('plan', 'plan_id', s.plans);
    put('group', 'group_id', s.groups);
    put('order', 'order_id', s.orders);
    put('fill', 'fill_id', s.fills);
    put('cancel_intent', 'intent_id', s.cancelIntents);
    put('anomaly', 'anomaly_id', s.anomalies);
    put('position', 'symbol', s.positions);
    put('algo_state', 'group_id', s.algoStates);
  }

  apply(e: LedgerEventWire): void {
    if (e.seq !== this.seq + 1) throw new Error(`gap: at ${this.seq}, got ${e.seq}`);
    this.seq = e.seq;
    const key = { plan: 'plan_id', group: 'group_id', order: 'order_id', fill: 'fill_id', cancel_intent: 'intent_id', anomaly: 'anomaly_id', position: 'symbol', algo_state: 'group_id', journal: 'entry_id' }[e.type];
    if (e.type === 'journal') return;
    const data = e.data as Keyed;
    this.tables[e.type]!.set(String(data[key]), data);
  }

  sorted(name: string): Keyed[] {
    return [...this.tables[name]!.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  }
}

function sameAs(view: View, s: LedgerSnapshotWire): void {
  const fresh = new View(s);
  expect(view.seq).toBe(s.seq);
  for (const name of Object.keys(fresh.tables)) expect(view.sorted(name), name).toEqual(fresh.sorted(name));
}

const everything = { planId: PLAN, ordersLimit: 10_000, fillsLimit: 10_000 };

function randomWrites(ledger: Ledger, ops: readonly number[]): void {
  let n = 0;
  for (const op of ops) {
    const live = ledger.liveOrdersOfPlan(PLAN);
    const target = live[op % Math.max(1, live.length)];
    try {
      if (op % 5 === 0 || target === undefined) ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order, quantity: '0.3' } });
      else if (op % 5 === 1) ledger.recordFill(fillInput(target.order_id, '0.1', String(50000 + op)));
      else if (op % 5 === 2) ledger.requestCancel(target.order_id, { reason: 'r', scope: 'GROUP' });
      else if (op % 5 === 3) ledger.transaction(() => {
        ledger.recordFill(fillInput(target.order_id, '0.05'));
        ledger.putAlgoState(GROUP, { n: n++ });
      });
      else ledger.updateOrder({ order_id: target.order_id, status: 'CANCELED' });
    } catch (e) {
      if (!(e instanceof LedgerError)) throw e;
    }
  }
}

describe('snapshot', () => {
  it('property: a snapshot plus the events after its seq equals a later snapshot', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { maxLength: 25 }), fc.array(fc.nat(1000), { maxLength: 25 }), (before, after) => {
        const { ledger } = testLedger();
        ledger.registerOrder(orderInput({ group: { execution_strategy: 'TWAP', target_quantity: '100' } }));
        randomWrites(ledger, before);
        const view = new View(ledger.snapshot(everything));
        const unsubscribe = ledger.subscribe(view.seq, (e) => view.apply(e));
        randomWrites(ledger, after);
        unsubscribe();
        sameAs(view, ledger.snapshot(everything));
        expectHealthy(ledger);
      }),
      { numRuns: 40 },
    );
  });

  it('shows live orders of every plan and the selected plan’s newest orders and fills, within limits', () => {
    const { ledger } = testLedger();
    const a = ledger.registerOrder(orderInput()).order.order_id;
    ledger.recordFill(fillInput(a, '0.5'));
    const other = ledger.registerOrder({
      plan: { strategy_instance_id: 's2', asset_symbol: 'ETH/USDT', direction: 'SELL' },
      group: { execution_strategy: 'SINGLE' },
      order: { symbol: 'ETH/USDT', side: 'SELL', order_type: 'MARKET', quantity: '2' },
    });
    const s = LedgerSnapshotSchema.parse(ledger.snapshot({ planId: PLAN, ordersLimit: 5, fillsLimit: 1 }));
    expect(s.plans.map((p) => p.plan_id).sort()).toEqual([PLAN, other.plan.plan_id].sort());
    expect(s.orders.map((o) => o.order_id).sort()).toEqual([a, other.order.order_id].sort());
    expect(s.fills).toHaveLength(1);
    expect(s.positions.map((p) => p.symbol)).toEqual(['BTC/USDT']);
    const desk = ledger.snapshot();
    expect(desk.plan_id).toBeNull();
    expect(desk.orders.map((o) => o.order_id)).toEqual([other.order.order_id]); // the FILLED one is not live
    expect(() => ledger.transaction(() => ledger.snapshot())).toThrow(LedgerError);
  });

  it('carries the algorithms still working, and the selected plan’s finished ones (read by its index)', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    const other = ledger.registerOrder({
      plan: { strategy_instance_id: 's2', asset_symbol: 'ETH/USDT', direction: 'SELL' },
      group: { execution_strategy: 'TWAP', target_quantity: '2' },
      order: { symbol: 'ETH/USDT', side: 'SELL', order_type: 'LIMIT', quantity: '2', price: '3000' },
    });
    const otherGroup = other.group.group_id;
    ledger.putAlgoState(GROUP, { arrival: '50000' });
    ledger.putAlgoState(otherGroup, { arrival: '3000' });
    ledger.setAlgoStatus(GROUP, 'DONE');
    const groupsOf = (s: LedgerSnapshotWire) => s.algoStates.map((a) => a.group_id).sort();
    expect(groupsOf(ledger.snapshot({ planId: PLAN }))).toEqual([GROUP, otherGroup].sort());
    expect(groupsOf(ledger.snapshot({ planId: other.plan.plan_id }))).toEqual([otherGroup]);
    ledger.setAlgoStatus(otherGroup, 'DONE');
    expect(groupsOf(ledger.snapshot({ planId: PLAN }))).toEqual([GROUP]);
    expect(groupsOf(ledger.snapshot({ planId: other.plan.plan_id }))).toEqual([otherGroup]);
    expect(groupsOf(ledger.snapshot())).toEqual([]);
    const plan = (ledger.database.prepare("EXPLAIN QUERY PLAN SELECT * FROM algo_states WHERE plan_id = ? AND algo_status = 'DONE' ORDER BY rowid").all('x') as { detail: string }[])
      .map((r) => r.detail)
      .join('; ');
    expect(plan).toContain("USING INDEX algo_states_by_plan");
    expectHealthy(ledger);
  });

  it('pages orders and fills newest first with totals, filtered by plan, group, order and status', () => {
    const { ledger } = testLedger();
    const ids = [0, 1, 2, 3, 4].map((i) =>
      i === 0 ? ledger.registerOrder(orderInput()).order.order_id : ledger.registerOrder({ group_id: GROUP, order: orderInput().order }).order.order_id,
    );
    for (const id of ids.slice(0, 3)) ledger.recordFill(fillInput(id, '0.1'));
    ledger.updateOrder({ order_id: ids[4]!, status: 'REJECTED' });
    const page = ledger.ordersPage({ plan_id: PLAN, offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.items.map((o) => o.order_id)).toEqual([ids[3], ids[2]]);
    expect(ledger.ordersPage({ group_id: GROUP, statuses: ['REJECTED'] }).items.map((o) => o.order_id)).toEqual([ids[4]]);
    const fills = ledger.fillsPage({ group_id: GROUP, limit: 2 });
    expect(fills.total).toBe(3);
    expect(fills.items.map((f) => f.parent_order_id)).toEqual([ids[2], ids[1]]);
    expect(ledger.fillsPage({ order_id: ids[0] }).total).toBe(1);
    expect(() => ledger.ordersPage({ limit: 0 })).toThrow(LedgerError);
    expect(() => ledger.fillsPage({ plan_id: "x' OR 1=1" })).toThrow(LedgerError);
  });
});
