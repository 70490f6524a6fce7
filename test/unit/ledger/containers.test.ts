import { describe, expect, it } from 'vitest';
import { LedgerError, type LedgerEventWire } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, GROUP, orderInput, PLAN, planSpec, testLedger } from './fixtures';

checkInvariantsAfterEach();

function refusal(fn: () => unknown): LedgerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LedgerError) return e;
    throw e;
  }
  throw new Error('expected a LedgerError');
}

describe('lazy, bottom-up container creation (seed 004, 1.2)', () => {
  it('creates the missing plan, then the group under it, then the order, in one transaction', () => {
    const { ledger } = testLedger();
    const events: LedgerEventWire[] = [];
    ledger.subscribe(0, (e) => events.push(e));
    const r = ledger.registerOrder(orderInput());
    expect(r.createdPlan).toBe(true);
    expect(r.createdGroup).toBe(true);
    expect(r.plan.plan_id).toBe(PLAN);
    expect(r.group.parent_plan_id).toBe(PLAN);
    expect(r.order.parent_group_id).toBe(GROUP);
    expect(r.order.parent_plan_id).toBe(PLAN);
    expect(r.group.status).toBe('ACTIVE');
    expect(r.group.order_ids).toEqual([r.order.order_id]);
    expect(r.order.status).toBe('PENDING_SUBMIT');
    expect(r.plan.group_count).toBe(1);
    expect(r.plan.target_quantity.toString()).toBe('1');
    // the journal tells it in the seed's order: plan, group, order
    const kinds = events.filter((e) => e.type === 'journal').map((e) => (e.data as { kind: string }).kind);
    expect(kinds).toEqual(['PLAN_CREATED', 'GROUP_CREATED', 'GROUP_STATUS', 'ORDER_REGISTERED']);
    // all of it committed together: one batch of events with consecutive seqs
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expectHealthy(ledger);
  });

  it('reuses an existing group and plan; their specs are not needed then', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    const r = ledger.registerOrder({ group_id: GROUP, order: orderInput().order });
    expect(r.createdGroup).toBe(false);
    expect(r.createdPlan).toBe(false);
    expect(r.group.order_ids).toHaveLength(2);
    expect(r.group.in_flight_quantity.toString()).toBe('1');
    expectHealthy(ledger);
  });

  it('creates a new group under an existing plan and generates ids the caller left out', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    const r = ledger.registerOrder({ plan_id: PLAN, group: { execution_strategy: 'SINGLE' }, order: orderInput().order });
    expect(r.createdGroup).toBe(true);
    expect(r.createdPlan).toBe(false);
    expect(r.group.group_id).toMatch(/^EXG_20251201_143000_/);
    expect(r.order.order_id).toMatch(/^ORD_20251201_143000_/);
    expect(ledger.getPlan(PLAN)?.group_count).toBe(2);
    expectHealthy(ledger);
  });

  it('ensureGroup makes a PENDING group (for algorithm state before its first order)', () => {
    const { ledger } = testLedger();
    const r = ledger.ensureGroup({ plan: planSpec, group: { execution_strategy: 'TWAP', target_quantity: '2' } });
    expect(r.group.status).toBe('PENDING');
    expect(r.group.order_ids).toEqual([]);
    expect(r.createdPlan).toBe(true);
    const again = ledger.ensureGroup({ group_id: r.group.group_id });
    expect(again.createdGroup).toBe(false);
    expectHealthy(ledger);
  });

  it('refuses an unknown group without a spec to create it (NOT_FOUND), and an unknown plan likewise', () => {
    const { ledger } = testLedger();
    expect(refusal(() => ledger.registerOrder({ group_id: GROUP, order: orderInput().order })).code).toBe('NOT_FOUND');
    expect(
      refusal(() => ledger.registerOrder({ group_id: GROUP, plan_id: PLAN, group: { execution_strategy: 'SINGLE' }, order: orderInput().order }))
        .code,
    ).toBe('NOT_FOUND');
    expect(ledger.listPlans()).toEqual([]);
  });

  it('refuses a group named under another plan (CONFLICT)', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    const e = refusal(() =>
      ledger.registerOrder({ group_id: GROUP, plan_id: 'TPL_20251201_143000_other', order: orderInput().order }),
    );
    expect(e.code).toBe('CONFLICT');
  });

  it("applies the domain's group rules: quantity-driven strategies need a target; SINGLE holds one order", () => {
    const { ledger } = testLedger();
    const noTarget = refusal(() => ledger.registerOrder(orderInput({ group: { execution_strategy: 'TWAP' } })));
    expect(noTarget.code).toBe('VALIDATION');
    expect(noTarget.message).toMatch(/target_quantity must be set/);
    ledger.registerOrder(orderInput({ group: { execution_strategy: 'SINGLE' } }));
    const second = refusal(() => ledger.registerOrder({ group_id: GROUP, order: orderInput().order }));
    expect(second.code).toBe('CONFLICT');
    expect(second.message).toMatch(/SINGLE/);
  });

  it("applies the domain's order rules and the plan's symbol", () => {
    const { ledger } = testLedger();
    const noPrice = refusal(() => ledger.registerOrder(orderInput({}, { price: undefined })));
    expect(noPrice.code).toBe('VALIDATION');
    expect(noPrice.message).toMatch(/LIMIT order requires price/);
    const symbol = refusal(() => ledger.registerOrder(orderInput({}, { symbol: 'ETH/USDT' })));
    expect(symbol.message).toMatch(/asset_symbol/);
  });

  it('refuses new orders in a halted plan until it is re-armed, and in a closed plan', () => {
    const { ledger } = testLedger();
    const first = ledger.registerOrder(orderInput());
    const halted = ledger.haltPlan(PLAN, 'panic button');
    expect(halted.trading_halted).toBe(true);
    expect(halted.halt_reason).toBe('panic button');
    expect(refusal(() => ledger.registerOrder({ group_id: GROUP, order: orderInput().order })).code).toBe('HALTED');
    expect(ledger.rearmPlan(PLAN).trading_halted).toBe(false);
    ledger.registerOrder({ group_id: GROUP, order: orderInput().order });
    expect(refusal(() => ledger.closePlan(PLAN)).code).toBe('CONFLICT'); // live orders left
    for (const o of ledger.liveOrdersOfPlan(PLAN)) ledger.updateOrder({ order_id: o.order_id, status: 'CANCELED' });
    expect(ledger.closePlan(PLAN).status).toBe('CLOSED');
    expect(refusal(() => ledger.registerOrder({ group_id: GROUP, order: orderInput().order })).code).toBe('CONFLICT');
    expect(first.order.order_id).toBeTruthy();
    expectHealthy(ledger);
  });

  it('a halted plan still takes what only closes its position: a closing group and CLOSE orders', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    ledger.haltPlan(PLAN, 'panic button');
    const closeGroup = 'EXG_20251201_143000_close';
    expect(refusal(() => ledger.ensureGroup({ plan_id: PLAN, group_id: closeGroup, group: { execution_strategy: 'SINGLE' } })).code).toBe('HALTED');
    ledger.ensureGroup({ plan_id: PLAN, group_id: closeGroup, group: { execution_strategy: 'SINGLE', closing: true } });
    expect(refusal(() => ledger.registerOrder({ group_id: closeGroup, order: orderInput().order })).code).toBe('HALTED');
    const close = ledger.registerOrder({ group_id: closeGroup, order: { ...orderInput().order, side: 'SELL', role: 'CLOSE' } });
    expect(close.order.role).toBe('CLOSE');
    expect(ledger.getPlan(PLAN)?.trading_halted).toBe(true);
    expectHealthy(ledger);
  });

  it('refuses orders into a finished group', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    ledger.setGroupStatus(GROUP, 'CANCELLED');
    expect(refusal(() => ledger.registerOrder({ group_id: GROUP, order: orderInput().order })).code).toBe('CONFLICT');
  });

  it('keeps protection levels: set, keep when absent, clear with null', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    ledger.setProtection(PLAN, { stop_loss_price: '45000', take_profit_price: '60000' });
    const kept = ledger.setProtection(PLAN, { take_profit_price: '61000' });
    expect(kept.stop_loss_price?.toString()).toBe('45000');
    expect(kept.take_profit_price?.toString()).toBe('61000');
    expect(ledger.setProtection(PLAN, { stop_loss_price: null }).stop_loss_price).toBeNull();
  });
});
