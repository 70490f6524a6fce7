import { afterEach, describe, expect, it } from 'vitest';
import { algoRecord, BTC, expectClean, openDesk, plans, T0, type Desk } from './support';
import { ScriptedSource } from './scripted-source';

let desk: Desk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

describe('the execution window ends with the group PARTIAL', () => {
  it('resting slices fill only in part; at the window end the live slice is cancelled and the group is PARTIAL', async () => {
    // The market dips just through 29995 every bar, with little volume: a resting bid there fills a bit per bar.
    const source = new ScriptedSource({
      symbol: BTC.symbol,
      startTime: T0,
      intervalMs: 60_000,
      bars: (i) => (i > 60 ? undefined : { open: '30000', high: '30005', low: '29990', close: '30000', volume: '0.4' }),
    });
    desk = openDesk({ fidelity: 'realistic', source });
    const { clock, ledger, worker } = desk;
    await clock.advanceAsync(60_000);
    const r = await worker.execute(
      plans({
        quantity: '1',
        orderType: 'LIMIT',
        limitPrice: '29995',
        execution: { preferred_execution_style: 'TWAP', max_execution_window_minutes: 10, chunk_count_hint: 5 },
      }),
    );
    const endTime = algoRecord(ledger, r.groupId).spec.endTime ?? 0;
    expect(endTime).toBeGreaterThan(clock.now());
    await clock.runUntil(() => ledger.getAlgoState(r.groupId)?.algo_status === 'DONE', { withinMs: 30 * 60_000 });
    await worker.idle();

    const group = ledger.getGroup(r.groupId);
    const record = algoRecord(ledger, r.groupId);
    expect(group?.status).toBe('PARTIAL');
    expect(group?.filled_quantity.gt(0)).toBe(true);
    expect(group?.filled_quantity.lt(1)).toBe(true);
    // Seeds 000/001: completed_at is set only by COMPLETED, cancelled_at only by CANCELLED; updated_at moves with the status.
    expect(group?.completed_at).toBeNull();
    expect(group?.cancelled_at).toBeNull();
    expect(record.state.finish?.status).toBe('PARTIAL');
    expect(record.state.finish?.reason).toMatch(/execution window ended/);
    expect(group?.updated_at.getTime()).toBe(record.state.finish?.at);
    expect(record.state.finish?.at).toBeGreaterThanOrEqual(endTime);
    expect(record.state.finish?.at).toBeLessThan(endTime + 1_000); // the cancel's round trip, not another slice
    // Nothing is left working, the last slice's cancel is a confirmed intent, and no order came after the end.
    const orders = ledger.ordersOfGroup(r.groupId);
    expect(ledger.liveOrdersOfGroup(r.groupId)).toEqual([]);
    expect(orders.every((o) => o.created_at.getTime() < endTime)).toBe(true);
    const intents = ledger.cancelIntents({ groupId: r.groupId });
    expect(intents.length).toBeGreaterThan(0);
    expect(intents.every((i) => i.status === 'CONFIRMED')).toBe(true);
    expectClean(desk);
  });
});
