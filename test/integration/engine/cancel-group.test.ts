import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import type { OrderView } from '../../../core/ledger';
import { ScriptedSource } from '../execution/scripted-source';
import { directive, expectClean, openConnectorDesk, SYMBOL, T0, type ConnectorDesk } from './support';

let desk: ConnectorDesk | undefined;
afterEach(async () => {
  await desk?.engine.close();
  desk = undefined;
});

const MINUTE = 60_000;
const DIP_BAR = 4;

/** Flat at 30000, except bar DIP_BAR, which trades down through 29995 on `dipVolume`. */
function dipOnce(dipVolume: string): ScriptedSource {
  return new ScriptedSource({
    symbol: SYMBOL,
    startTime: T0,
    intervalMs: MINUTE,
    bars: (i) =>
      i === DIP_BAR
        ? { open: '30000', high: '30005', low: '29900', close: '30000', volume: dipVolume }
        : { open: '30000', high: '30005', low: '29999', close: '30000', volume: '10' },
  });
}

function statuses(orders: readonly OrderView[]): Record<string, string> {
  return Object.fromEntries(orders.map((o) => [o.order_id, `${o.status}:${o.filled_quantity.toFixed()}`]));
}

/** Plan A: a LAYERED group (levels 29995 / 29895 / ...) and a SINGLE limit far below; plan B: another SINGLE. */
async function setUp(d: ConnectorDesk) {
  const { engine, clock } = d;
  const a = await engine.submitDirective(
    directive({ quantity: '1.5', orderType: 'LIMIT', limitPrice: '29995', execution: { action: 'EXECUTE_TRADE', chunk_distribution: 'UNIFORM', chunk_count_hint: 3 } }),
  );
  const planA = a.planId ?? '';
  const target = a.groupIds[0] ?? '';
  const sibling = await engine.submitDirective(
    directive({ scope: 'MODIFY_EXISTING', targetPlanId: planA, quantity: '0.3', orderType: 'LIMIT', limitPrice: '29000' }),
  );
  const b = await engine.submitDirective(directive({ quantity: '0.2', orderType: 'LIMIT', limitPrice: '29100' }));
  await clock.advanceAsync(1_000);
  await engine.idle();
  const others = [...engine.ledger.ordersOfGroup(sibling.groupIds[0] ?? ''), ...engine.ledger.ordersOfPlan(b.planId ?? '')];
  expect(others.length).toBe(2);
  expect(engine.ledger.liveOrdersOfGroup(target).length).toBe(3);
  return { planA, target, others };
}

describe('CANCEL_GROUP with fills racing the cancel', () => {
  it("a fill that lands while the cancel travels ('realistic' latency) is recorded and flagged; the group is CANCELLED and nothing else is touched", async () => {
    desk = await openConnectorDesk({ fidelity: 'realistic', source: dipOnce('2') });
    const { engine, clock } = desk;
    const { ledger } = engine;
    const { planA, target, others } = await setUp(desk);
    const othersBefore = statuses(others);

    // Ask 10 ms before the dipping bar: the request needs 50-100 ms to arrive, the bar fills 29995 first.
    await clock.advanceToAsync(T0 + DIP_BAR * MINUTE - 10);
    const trail = new Map<string, string[]>();
    engine.subscribe(ledger.lastSeq(), (e) => {
      if (e.type === 'order' && e.data.parent_group_id === target) trail.set(e.data.order_id, [...(trail.get(e.data.order_id) ?? []), e.data.status]);
    });
    const cancelled = engine.submitDirective(
      directive({ scope: 'MODIFY_EXISTING', targetPlanId: planA, targetGroupId: target, execution: { action: 'CANCEL_GROUP' }, now: clock.now() }),
    );
    expect(await clock.runUntil(cancelled, { withinMs: MINUTE })).toBe(true);
    await cancelled;
    await engine.idle();

    const orders = ledger.ordersOfGroup(target);
    const raced = orders.filter((o) => o.filled_quantity.gt(0));
    expect(raced.length).toBe(1);
    const [order] = raced;
    expect(order?.price?.toFixed()).toBe('29995');
    expect(order?.status).toBe('CANCELED'); // filled in part, the rest cancelled
    // The fill did not take the order out of PENDING_CANCEL while the cancel was still on its way.
    expect(trail.get(order?.order_id ?? '')).toEqual(['PENDING_CANCEL', 'PENDING_CANCEL', 'CANCELED']);
    const fills = ledger.fillsOfOrder(order?.order_id ?? '');
    expect(fills.length).toBe(1);
    expect(fills[0]?.quantity.toFixed()).toBe('0.2'); // 10% of the dipping bar's volume
    const anomalies = ledger.anomalies({ planId: planA }).filter((a) => a.order_id === order?.order_id);
    expect(anomalies.map((a) => a.kind)).toContain('FILL_RACED_CANCEL');
    expect(anomalies.find((a) => a.kind === 'FILL_RACED_CANCEL')?.fill_id).toBe(fills[0]?.fill_id);

    const group = ledger.getGroup(target);
    expect(group?.status).toBe('CANCELLED');
    expect(group?.filled_quantity.toFixed()).toBe('0.2');
    expect(orders.every((o) => o.status === 'CANCELED')).toBe(true);
    const intents = ledger.cancelIntents({ groupId: target });
    expect(intents.length).toBe(3);
    expect(intents.every((i) => i.status === 'CONFIRMED' && i.scope === 'GROUP')).toBe(true);

    // Nothing after the cancel: no new order in the group, however long the market runs.
    await clock.advanceAsync(30 * MINUTE);
    await engine.idle();
    expect(ledger.ordersOfGroup(target).length).toBe(3);
    // Only that group was touched: the others are as they were, with no cancel intent.
    expect(statuses(others.map((o) => ledger.getOrder(o.order_id) ?? o))).toEqual(othersBefore);
    for (const o of others) expect(ledger.cancelIntents({ orderId: o.order_id })).toEqual([]);
    expect(desk.connector.cancelCalls.size).toBe(3);
    expectClean(desk);
  });

  it('an order that fills completely before the cancel arrives: the fill stands, the intent fails, the group is CANCELLED', async () => {
    desk = await openConnectorDesk({ fidelity: 'realistic', source: dipOnce('100') });
    const { engine, clock } = desk;
    const { ledger } = engine;
    const { target, others } = await setUp(desk);
    const othersBefore = statuses(others);
    await clock.advanceToAsync(T0 + DIP_BAR * MINUTE - 10);
    const cancelled = engine.cancelGroup(target);
    expect(await clock.runUntil(cancelled, { withinMs: MINUTE })).toBe(true);
    await engine.idle();

    const orders = ledger.ordersOfGroup(target);
    const filled = orders.filter((o) => o.status === 'FILLED');
    expect(filled.map((o) => o.price?.toFixed())).toEqual(['29995']);
    const fillIds = ledger.fillsOfOrder(filled[0]?.order_id ?? '').map((f) => f.fill_id);
    expect(fillIds.length).toBeGreaterThan(0);
    const flagged = ledger.anomalies().filter((a) => a.order_id === filled[0]?.order_id && (a.kind === 'FILL_RACED_CANCEL' || a.kind === 'LATE_FILL'));
    expect(flagged.length).toBeGreaterThan(0);
    const intent = ledger.cancelIntents({ orderId: filled[0]?.order_id ?? '' });
    expect(intent.map((i) => i.status)).toEqual(['FAILED']);
    expect(orders.filter((o) => o.status !== 'FILLED').every((o) => o.status === 'CANCELED')).toBe(true);
    expect(ledger.getGroup(target)?.status).toBe('CANCELLED');
    expect(ledger.getGroup(target)?.filled_quantity.eq(filled[0]?.quantity ?? new Decimal(-1))).toBe(true);
    expect(statuses(others.map((o) => ledger.getOrder(o.order_id) ?? o))).toEqual(othersBefore);
    expectClean(desk);
  });
});
