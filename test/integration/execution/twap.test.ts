import { afterEach, describe, expect, it } from 'vitest';
import { decodeWire, EntryPlanSchema, ExecutionPlanSchema, SizePlanSchema } from '../../../core/domain';
import { BTC, openDesk, T0, type Desk } from './support';

let desk: Desk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

const entry = decodeWire(EntryPlanSchema, { plan_id: 'ENT_20260105_090000_aaaaa', symbol: BTC.symbol, direction: 'BUY', order_type: 'MARKET' }, 'EntryPlan');
const size = decodeWire(SizePlanSchema, { plan_id: 'SIZ_20260105_090000_aaaaa', position_size: '1.2' }, 'SizePlan');
const twap = decodeWire(
  ExecutionPlanSchema,
  {
    plan_id: 'EXP_20260105_090000_aaaaa',
    action: 'EXECUTE_TRADE',
    preferred_execution_style: 'TWAP',
    max_execution_window_minutes: 12,
    chunk_count_hint: 6,
    max_slippage_pct: '0.01',
  },
  'ExecutionPlan',
);

describe('worker: TWAP on the paper exchange', () => {
  it('places evenly spaced slices over the window and completes the group', async () => {
    desk = openDesk();
    const { clock, ledger, worker } = desk;
    await clock.advanceAsync(60_000); // one bar: an arrival price
    const r = await worker.execute({ entryPlan: entry, sizePlan: size, executionPlan: twap });
    expect(r.strategy).toBe('TWAP');
    await clock.runUntil(() => ledger.getGroup(r.groupId)?.status === 'COMPLETED', { withinMs: 30 * 60_000 });
    await worker.idle();
    const group = ledger.getGroup(r.groupId);
    expect(group?.status).toBe('COMPLETED');
    expect(group?.filled_quantity.toFixed()).toBe('1.2');
    const orders = ledger.ordersOfGroup(r.groupId);
    expect(orders.length).toBe(6);
    const times = orders.map((o) => o.created_at.getTime() - T0).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(new Set(gaps).size).toBe(1);
    expect(gaps[0]).toBe(2 * 60_000);
    expect(ledger.checkInvariants().ok).toBe(true);
    expect(desk.errors).toEqual([]);
  });
});
