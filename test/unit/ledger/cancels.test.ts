import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../core/domain';
import { LedgerError } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, ORDER, orderInput, PLAN, testLedger } from './fixtures';

checkInvariantsAfterEach();

describe('cancel intents', () => {
  it('requested -> confirmed: the order goes PENDING_CANCEL then CANCELED, all journaled', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.updateOrder({ order_id: ORDER, status: 'OPEN' });
    const intent = ledger.requestCancel(ORDER, { reason: 'trader clicked', scope: 'GROUP', cause: { commandId: 'EXC_7' } });
    expect(intent).toMatchObject({ status: 'REQUESTED', attempts: 1, scope: 'GROUP', group_id: GROUP, plan_id: PLAN });
    expect(intent.intent_id).toMatch(/^CXL_/);
    expect(ledger.getOrder(ORDER)?.status).toBe('PENDING_CANCEL');
    const confirmed = ledger.confirmCancel(intent.intent_id);
    expect(confirmed.status).toBe('CONFIRMED');
    expect(confirmed.confirmed_at).not.toBeNull();
    expect(ledger.getOrder(ORDER)?.status).toBe('CANCELED');
    expect(ledger.getGroup(GROUP)?.in_flight_quantity.toString()).toBe('0');
    const kinds = ledger.journal.timelineForOrder(ORDER).map((t) => t.kind);
    expect(kinds).toEqual(['ORDER_REGISTERED', 'ORDER_STATUS', 'CANCEL_REQUESTED', 'ORDER_STATUS', 'ORDER_STATUS', 'CANCEL_CONFIRMED']);
    expect(ledger.journal.causalityOf({ orderId: ORDER })?.command_ids).toEqual(['EXC_7']);
    expectHealthy(ledger);
  });

  it('failed: the order is live again; a retry reuses the intent and counts the attempt', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.updateOrder({ order_id: ORDER, status: 'OPEN' });
    ledger.recordFill(fillInput(ORDER, '0.1'));
    const intent = ledger.requestCancel(ORDER, { reason: 'x', scope: 'ORDER' });
    const failed = ledger.failCancel(intent.intent_id, 'exchange busy');
    expect(failed).toMatchObject({ status: 'FAILED', last_error: 'exchange busy' });
    expect(ledger.getOrder(ORDER)?.status).toBe('PARTIALLY_FILLED');
    const retry = ledger.requestCancel(ORDER, { reason: 'again', scope: 'ORDER' });
    expect(retry).toMatchObject({ intent_id: intent.intent_id, status: 'REQUESTED', attempts: 2, failed_at: null });
    const unknown = ledger.markCancelUnknown(intent.intent_id);
    expect(unknown.status).toBe('UNKNOWN');
    expect(ledger.requestCancel(ORDER, { reason: 'third', scope: 'ORDER' }).attempts).toBe(3);
    expect(ledger.cancelIntents({ orderId: ORDER })).toHaveLength(1);
    expectHealthy(ledger);
  });

  it('an order that ends by itself settles its open intents: CANCELED confirms, FILLED fails', () => {
    const { ledger } = testLedger();
    const a = ledger.registerOrder(orderInput()).order.order_id;
    const b = ledger.registerOrder({ group_id: GROUP, order: orderInput().order }).order.order_id;
    const ia = ledger.requestCancel(a, { reason: 'x', scope: 'GROUP' });
    const ib = ledger.requestCancel(b, { reason: 'x', scope: 'GROUP' });
    ledger.updateOrder({ order_id: a, status: 'CANCELED' });
    ledger.recordFill(fillInput(b, '0.5'));
    const byId = new Map(ledger.cancelIntents({ groupId: GROUP }).map((i) => [i.intent_id, i]));
    expect(byId.get(ia.intent_id)?.status).toBe('CONFIRMED');
    expect(byId.get(ib.intent_id)).toMatchObject({ status: 'FAILED', last_error: 'order FILLED before the cancel took effect' });
    expectHealthy(ledger);
  });

  it('confirming a cancel for an order that already FILLED is refused and journaled', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const intent = ledger.requestCancel(ORDER, { reason: 'x', scope: 'ORDER' });
    ledger.recordFill(fillInput(ORDER, '0.5'));
    expect(() => ledger.confirmCancel(intent.intent_id)).toThrow(IllegalTransitionError);
    expect(ledger.getOrder(ORDER)?.status).toBe('FILLED');
    expect(ledger.journal.entries({ orderId: ORDER }).some((e) => e.kind === 'ILLEGAL_TRANSITION')).toBe(true);
    expectHealthy(ledger);
  });

  it('refuses a cancel for an order that is no longer live', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.updateOrder({ order_id: ORDER, status: 'REJECTED' });
    expect(() => ledger.requestCancel(ORDER, { reason: 'x', scope: 'ORDER' })).toThrow(LedgerError);
  });

  it('summarises a plan’s cancels for the emergency button: n of m confirmed, failures', () => {
    const { ledger } = testLedger();
    const ids = [0, 1, 2].map((i) =>
      i === 0 ? ledger.registerOrder(orderInput()).order.order_id : ledger.registerOrder({ group_id: GROUP, order: orderInput().order }).order.order_id,
    );
    ledger.transaction(() => {
      ledger.haltPlan(PLAN, 'CANCEL_ALL_IN_PLAN');
      for (const o of ledger.liveOrdersOfPlan(PLAN)) ledger.requestCancel(o.order_id, { reason: 'panic', scope: 'PLAN' });
    });
    const intents = ledger.cancelIntents({ planId: PLAN });
    ledger.confirmCancel(intents[0]!.intent_id);
    ledger.failCancel(intents[1]!.intent_id, 'unknown order');
    const s = ledger.cancelSummary({ planId: PLAN });
    expect(s).toMatchObject({ total: 3, confirmed: 1, failed: 1, requested: 1, unknown: 0, attempts: 3 });
    expect(s.intents.map((i) => i.order_id)).toEqual(ids);
    expectHealthy(ledger);
  });
});
