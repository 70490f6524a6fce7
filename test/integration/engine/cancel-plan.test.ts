import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../core/api/contract';
import { dispatch } from '../../../core/api/dispatch';
import { createHandlers } from '../../../core/engine/handlers';
import { ScriptedSource } from '../execution/scripted-source';
import { directive, expectClean, openConnectorDesk, SYMBOL, T0, type ConnectorDesk } from './support';

let desk: ConnectorDesk | undefined;
afterEach(async () => {
  await desk?.engine.close();
  desk = undefined;
});

const MINUTE = 60_000;
/** Far above every bid the tests rest: nothing fills, everything stays on the book. */
const above = () =>
  new ScriptedSource({ symbol: SYMBOL, startTime: T0, intervalMs: MINUTE, bars: () => ({ open: '31000', high: '31010', low: '30990', close: '31000', volume: '10' }) });

/** A plan with three groups resting on the book: two ladders of four and a single limit (9 orders). */
async function restingPlan(d: ConnectorDesk, limit: string): Promise<{ planId: string; groupIds: string[] }> {
  const { engine } = d;
  const first = await engine.submitDirective(
    directive({ quantity: '0.4', orderType: 'LIMIT', limitPrice: limit, execution: { action: 'EXECUTE_TRADE', chunk_distribution: 'UNIFORM', chunk_count_hint: 4 } }),
  );
  const planId = first.planId ?? '';
  const second = await engine.submitDirective(
    directive({
      scope: 'MODIFY_EXISTING',
      targetPlanId: planId,
      quantity: '0.8',
      orderType: 'LIMIT',
      limitPrice: limit,
      execution: { action: 'EXECUTE_TRADE', chunk_distribution: 'WEIGHTED', chunk_count_hint: 4 },
    }),
  );
  const third = await engine.submitDirective(directive({ scope: 'MODIFY_EXISTING', targetPlanId: planId, quantity: '0.1', orderType: 'LIMIT', limitPrice: limit }));
  await d.clock.advanceAsync(1_000);
  await engine.idle();
  expect(engine.ledger.liveOrdersOfPlan(planId).filter((o) => o.status === 'OPEN').length).toBe(9);
  return { planId, groupIds: [...first.groupIds, ...second.groupIds, ...third.groupIds] };
}

describe('CANCEL_ALL_IN_PLAN when some cancels fail', () => {
  it('retries failed and unknown cancels until every order is CANCELED; the others go through at once; the plan stays halted until re-armed', async () => {
    desk = await openConnectorDesk({ source: above() });
    const { engine, clock, connector } = desk;
    const { ledger } = engine;
    const { planId, groupIds } = await restingPlan(desk, '30000');
    const orders = ledger.liveOrdersOfPlan(planId).map((o) => o.order_id);
    const [rejected, timedOut, lost] = [orders[0] ?? '', orders[4] ?? '', orders[8] ?? ''];
    connector.failCancels([rejected], 2, 'REJECTED');
    connector.failCancels([timedOut], 1, 'UNKNOWN');
    connector.failCancels([lost], 1, 'UNKNOWN_AFTER');

    const askedAt = clock.now();
    const cancelling = engine.submitDirective(
      directive({ scope: 'CLOSE_EXISTING', targetPlanId: planId, execution: { action: 'CANCEL_ALL_IN_PLAN' }, now: askedAt }),
    );
    expect(await clock.runUntil(cancelling, { withinMs: 10 * MINUTE })).toBe(true);
    await cancelling;
    await engine.idle();

    for (const id of orders) expect(ledger.getOrder(id)?.status).toBe('CANCELED');
    const open = await desk.exchange.openOrders(SYMBOL);
    expect(open.ok && open.value.length).toBe(0);
    const intents = ledger.cancelIntents({ planId });
    expect(intents.length).toBe(9);
    expect(intents.every((i) => i.status === 'CONFIRMED' && i.scope === 'PLAN')).toBe(true);
    const attempts = Object.fromEntries(intents.map((i) => [i.order_id, i.attempts]));
    expect(attempts[rejected]).toBe(3);
    expect(attempts[timedOut]).toBe(2);
    expect(connector.cancelCalls.get(rejected)).toBe(3);
    expect(connector.cancelCalls.get(timedOut)).toBe(2);
    // The lost answer is resolved by looking the order up, not by cancelling again.
    expect(connector.cancelCalls.get(lost)).toBe(1);
    expect(ledger.getOrder(lost)?.status).toBe('CANCELED');
    // One failure never held the others back: they were confirmed at the moment of the request, before any retry.
    for (const i of intents.filter((x) => ![rejected, timedOut, lost].includes(x.order_id))) {
      expect(i.attempts).toBe(1);
      expect(i.confirmed_at?.getTime()).toBe(askedAt);
    }
    for (const g of groupIds) expect(ledger.getGroup(g)?.status).toBe('CANCELLED');

    // Halted: a new directive on the plan is refused with a typed error and changes nothing...
    expect(ledger.getPlan(planId)?.trading_halted).toBe(true);
    const before = ledger.ordersOfPlan(planId).length;
    await expect(
      engine.submitDirective(directive({ scope: 'MODIFY_EXISTING', targetPlanId: planId, quantity: '0.1', orderType: 'LIMIT', limitPrice: '30000', now: clock.now() })),
    ).rejects.toMatchObject({ code: 'HALTED' });
    expect(ledger.ordersOfPlan(planId).length).toBe(before);
    expect(ledger.groupsOfPlan(planId).length).toBe(groupIds.length);
    // ...until the trader re-arms it.
    engine.rearmPlan(planId);
    const again = await engine.submitDirective(
      directive({ scope: 'MODIFY_EXISTING', targetPlanId: planId, quantity: '0.1', orderType: 'LIMIT', limitPrice: '30000', now: clock.now() }),
    );
    await clock.advanceAsync(1_000);
    await engine.idle();
    expect(ledger.liveOrdersOfGroup(again.groupIds[0] ?? '').map((o) => o.status)).toEqual(['OPEN']);
    expectClean(desk);
  });

  it('a cancel that keeps failing ends as a FAILED intent on a still-open order, and never stops the others', async () => {
    desk = await openConnectorDesk({ source: above() });
    const { engine, clock, connector } = desk;
    const { ledger } = engine;
    const { planId } = await restingPlan(desk, '30000');
    const orders = ledger.liveOrdersOfPlan(planId).map((o) => o.order_id);
    const stuck = orders[3] ?? '';
    connector.failCancels([stuck], Infinity, 'REJECTED');
    const cancelling = engine.cancelAllInPlan(planId);
    expect(await clock.runUntil(cancelling, { withinMs: 10 * MINUTE })).toBe(true);
    await engine.idle();
    expect(connector.cancelCalls.get(stuck)).toBe(3); // the engine's retry budget
    const stuckIntent = ledger.cancelIntents({ orderId: stuck });
    expect(stuckIntent.map((i) => [i.status, i.attempts])).toEqual([['FAILED', 3]]);
    expect(ledger.getOrder(stuck)?.status).toBe('OPEN'); // the ledger does not pretend: it is still on the book
    const open = await desk.exchange.openOrders(SYMBOL);
    expect(open.ok && open.value.map((o) => o.clientOrderId)).toEqual([stuck]);
    for (const id of orders.filter((x) => x !== stuck)) expect(ledger.getOrder(id)?.status).toBe('CANCELED');
    expect(ledger.cancelSummary({ planId })).toMatchObject({ total: 9, confirmed: 8, failed: 1 });
    // Asking again retries the same intent (attempts go on counting) and, once the exchange answers, confirms it.
    connector.failCancels([stuck], 0, 'REJECTED');
    const retry = engine.cancelAllInPlan(planId);
    expect(await clock.runUntil(retry, { withinMs: MINUTE })).toBe(true);
    expect(ledger.getOrder(stuck)?.status).toBe('CANCELED');
    expect(ledger.cancelIntents({ orderId: stuck }).map((i) => [i.status, i.attempts])).toEqual([['CONFIRMED', 4]]);
    expectClean(desk);
  });

  it('the cancelAllInPlan command answers the counts of the intents it committed, not the intents (those arrive as events)', async () => {
    desk = await openConnectorDesk({ source: above() });
    const { planId } = await restingPlan(desk, '30000');
    const answer = await dispatch(contract, createHandlers(desk.engine), 'cancelAllInPlan', { plan_id: planId });
    expect(answer).toEqual({ ok: true, value: { total: 9, requested: 9, confirmed: 0, failed: 0, unknown: 0, attempts: 9 } });
    await desk.clock.runUntil(desk.engine.idle(), { withinMs: MINUTE });
    expect(desk.engine.ledger.cancelCounts({ planId })).toEqual({ total: 9, requested: 0, confirmed: 9, failed: 0, unknown: 0, attempts: 9 });
    // Bad input is refused with a typed error, not answered "ok" while the background cancel fails.
    const handlers = createHandlers(desk.engine);
    const before = desk.engine.ledger.snapshot();
    expect(await dispatch(contract, handlers, 'cancelAllInPlan', { plan_id: 'TPL_20260101_000000_nothere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(contract, handlers, 'cancelGroup', { group_id: 'EXG_20260101_000000_nothere' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(desk.engine.ledger.snapshot()).toEqual(before);
    expectClean(desk);
  });

  it('cancelEverything stops two plans at once, each with a flaky cancel, and halts both', async () => {
    desk = await openConnectorDesk({ source: above() });
    const { engine, clock, connector } = desk;
    const { ledger } = engine;
    const a = await restingPlan(desk, '30000');
    const b = await restingPlan(desk, '29500');
    connector.failCancels([ledger.liveOrdersOfPlan(a.planId)[2]?.order_id ?? ''], 1, 'UNKNOWN');
    connector.failCancels([ledger.liveOrdersOfPlan(b.planId)[5]?.order_id ?? ''], 2, 'REJECTED');
    const stopping = engine.cancelEverything();
    expect(await clock.runUntil(stopping, { withinMs: 10 * MINUTE })).toBe(true);
    expect(await stopping).toEqual({ plans: 2, failures: [] });
    await engine.idle();
    for (const planId of [a.planId, b.planId]) {
      expect(ledger.ordersOfPlan(planId).every((o) => o.status === 'CANCELED')).toBe(true);
      expect(ledger.cancelIntents({ planId }).every((i) => i.status === 'CONFIRMED' && i.scope === 'DESK')).toBe(true);
      expect(ledger.getPlan(planId)?.trading_halted).toBe(true);
    }
    expect(ledger.cancelIntents({ planId: b.planId }).some((i) => i.attempts === 3)).toBe(true);
    const open = await desk.exchange.openOrders(SYMBOL);
    expect(open.ok && open.value.length).toBe(0);
    expectClean(desk);
  });
});
