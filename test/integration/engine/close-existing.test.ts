import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import { ScriptedSource } from '../execution/scripted-source';
import { directive, expectClean, openConnectorDesk, SYMBOL, T0, type ConnectorDesk } from './support';

let desk: ConnectorDesk | undefined;
afterEach(async () => {
  await desk?.engine.close();
  desk = undefined;
});

/** Every bar dips through 29995 on little volume (a resting bid there fills ~0.06 a bar), over a deep book for takers. */
const dipping = () =>
  new ScriptedSource({
    symbol: SYMBOL,
    startTime: T0,
    intervalMs: 60_000,
    bars: (i) => (i > 240 ? undefined : { open: '30000', high: '30005', low: '29990', close: '30000', volume: '0.6', topSize: '5' }),
  });

/** A TWAP buying 1 in six slices over 12 minutes, run five and a half minutes: partly filled, a slice resting. */
async function halfDoneTwap(): Promise<{ desk: ConnectorDesk; planId: string; twapId: string }> {
  const opened = await openConnectorDesk({ fidelity: 'realistic', source: dipping() });
  desk = opened;
  const out = await opened.engine.submitDirective(
    directive({
      quantity: '1',
      orderType: 'LIMIT',
      limitPrice: '29995',
      execution: { action: 'EXECUTE_TRADE', preferred_execution_style: 'TWAP', max_execution_window_minutes: 12, chunk_count_hint: 6 },
    }),
  );
  await opened.clock.advanceAsync(5 * 60_000 + 30_000);
  await opened.engine.idle();
  return { desk: opened, planId: out.planId ?? '', twapId: out.groupIds[0] ?? '' };
}

/** Submit an urgent CLOSE_EXISTING for the plan and run the clock until the plan is CLOSED. */
async function closeUntilClosed(d: ConnectorDesk, planId: string): Promise<{ groupIds: readonly string[] }> {
  const { engine, clock } = d;
  const closing = engine.submitDirective(
    directive({ scope: 'CLOSE_EXISTING', targetPlanId: planId, execution: { action: 'EXECUTE_TRADE', execution_urgency: '0.9' }, now: clock.now() }),
  );
  expect(await clock.runUntil(closing, { withinMs: 60_000 })).toBe(true);
  const closed = await closing;
  await clock.runUntil(() => engine.ledger.getPlan(planId)?.status === 'CLOSED', { withinMs: 10 * 60_000 });
  await engine.idle();
  return closed;
}

describe('CLOSE_EXISTING on a partly filled plan', () => {
  it('cancels the TWAP half way, sells exactly the net position, and the plan ends flat and CLOSED', async () => {
    const { desk: d, planId, twapId } = await halfDoneTwap();
    const { engine, clock } = d;
    const { ledger } = engine;
    const filledHalfWay = ledger.getGroup(twapId)?.filled_quantity ?? new Decimal(0);
    const liveBefore = ledger.liveOrdersOfGroup(twapId);
    expect(filledHalfWay.gt(0)).toBe(true);
    expect(filledHalfWay.lt(1)).toBe(true);
    expect(liveBefore.length).toBe(1); // the current slice rests on the book
    const twapOrdersBefore = ledger.ordersOfGroup(twapId).length;

    const closed = await closeUntilClosed(d, planId);

    // The TWAP stopped: its resting slice was cancelled (a tracked, confirmed intent) and it places nothing more.
    for (const o of liveBefore) expect(ledger.getOrder(o.order_id)?.status).toBe('CANCELED');
    expect(ledger.cancelIntents({ groupId: twapId }).every((i) => i.status === 'CONFIRMED')).toBe(true);
    expect(ledger.getAlgoState(twapId)?.algo_status).toBe('DONE');
    await clock.advanceAsync(10 * 60_000);
    expect(ledger.ordersOfGroup(twapId).length).toBe(twapOrdersBefore);

    // One CLOSE order for exactly what the ledger says the plan holds.
    const entered = ledger.ordersOfGroup(twapId).reduce((s, o) => s.plus(o.filled_quantity), new Decimal(0));
    const closeGroupId = closed.groupIds[0] ?? '';
    const closeOrders = ledger.ordersOfGroup(closeGroupId);
    expect(closeOrders.length).toBe(1);
    const [close] = closeOrders;
    expect(close?.role).toBe('CLOSE');
    expect(close?.side).toBe('SELL');
    expect(close?.quantity.toFixed()).toBe(entered.toFixed());
    expect(close?.status).toBe('FILLED');
    expect(ledger.getGroup(closeGroupId)?.status).toBe('COMPLETED');

    // Flat and closed.
    const position = ledger.positions().find((p) => p.symbol === SYMBOL);
    expect(position?.net_quantity.isZero()).toBe(true);
    expect(ledger.liveOrdersOfPlan(planId)).toEqual([]);
    expect(ledger.getPlan(planId)?.status).toBe('CLOSED');
    expectClean(d);
  });
});

describe('CLOSE_EXISTING after the emergency stop', () => {
  it('flattens a halted plan, while a scale-in stays refused until the plan is re-armed', async () => {
    const { desk: d, planId } = await halfDoneTwap();
    const { engine, clock } = d;
    const { ledger } = engine;
    const cancelling = engine.cancelAllInPlan(planId);
    expect(await clock.runUntil(cancelling, { withinMs: 60_000 })).toBe(true);
    await cancelling;
    expect(ledger.getPlan(planId)?.trading_halted).toBe(true);
    const held = ledger.positions().find((p) => p.symbol === SYMBOL)?.net_quantity ?? new Decimal(0);
    expect(held.gt(0)).toBe(true);

    await expect(
      engine.submitDirective(directive({ scope: 'MODIFY_EXISTING', targetPlanId: planId, quantity: '0.1', now: clock.now() })),
    ).rejects.toMatchObject({ code: 'HALTED' });

    const closed = await closeUntilClosed(d, planId);
    const [close] = ledger.ordersOfGroup(closed.groupIds[0] ?? '');
    expect(close).toMatchObject({ role: 'CLOSE', side: 'SELL', status: 'FILLED' });
    expect(close?.quantity.toFixed()).toBe(held.toFixed());
    expect(ledger.positions().find((p) => p.symbol === SYMBOL)?.net_quantity.isZero()).toBe(true);
    expect(ledger.getPlan(planId)?.status).toBe('CLOSED');
    expectClean(d);
  });
});
