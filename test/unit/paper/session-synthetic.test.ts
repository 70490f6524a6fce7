import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock/virtual-clock';
import type { PlaceOrderRequest } from '../../../core/connectors/types';
import { PaperSession } from '../../../core/connectors/paper/paper-session';
import { SqlitePaperSessionStore } from '../../../core/connectors/paper/sqlite-session-store';
import { SyntheticMarketSource } from '../../../core/market/synthetic-source';
import { BTC, d } from './support/fixtures';
import { tradeFields } from './support/simulation';

const MINUTE = 60_000;

function market() {
  return new SyntheticMarketSource({ seed: 2023, symbols: [BTC.symbol], startPrices: { [BTC.symbol]: '20000' }, startTime: 0, intervalMs: MINUTE, volatility: 0.002 });
}

function grid(): PlaceOrderRequest[] {
  const orders: PlaceOrderRequest[] = [];
  for (let i = 1; i <= 8; i++) {
    orders.push({ clientOrderId: `ORD_B${i}`, symbol: BTC.symbol, side: 'BUY', type: 'LIMIT', quantity: d('0.3'), price: d(20_000 - 15 * i) });
    orders.push({ clientOrderId: `ORD_S${i}`, symbol: BTC.symbol, side: 'SELL', type: 'LIMIT', quantity: d('0.3'), price: d(20_000 + 15 * i) });
  }
  orders.push({ clientOrderId: 'ORD_TP', symbol: BTC.symbol, side: 'SELL', type: 'LIMIT', quantity: d('1'), price: d('20200'), ocoWith: 'ORD_SL' });
  orders.push({ clientOrderId: 'ORD_SL', symbol: BTC.symbol, side: 'SELL', type: 'STOP_MARKET', quantity: d('1'), stopPrice: d('19800'), ocoWith: 'ORD_TP' });
  return orders;
}

async function startWithGrid(store: SqlitePaperSessionStore, clock: VirtualClock) {
  const session = PaperSession.start({ store, clock, source: market(), symbols: [BTC], balances: { USDT: d('100000'), BTC: d('5') }, seed: 99, id: 'PSS_SYN' });
  const placed = grid().map((r) => session.exchange.place(r));
  await clock.advanceAsync(1_000);
  for (const r of await Promise.all(placed)) expect(r.ok).toBe(true);
  return session;
}

describe('paper session on the synthetic market', () => {
  it('restored mid-way, gives the same fills as a session that never stopped', async () => {
    const intervals = 40;
    const straightDb = new Database(':memory:');
    const straightClock = new VirtualClock(0);
    const straight = await startWithGrid(new SqlitePaperSessionStore(straightDb), straightClock);
    await straightClock.advanceAsync(intervals * MINUTE);
    const expected = await straight.exchange.tradesSince(0);
    if (!expected.ok) throw new Error('query refused');
    // Fills on both sides of the restart, or the comparison would prove little.
    expect(expected.value.some((t) => t.time < 15 * MINUTE) && expected.value.some((t) => t.time > 15 * MINUTE)).toBe(true);

    const db = new Database(':memory:');
    const store = new SqlitePaperSessionStore(db);
    const clock = new VirtualClock(0);
    const first = await startWithGrid(store, clock);
    await clock.advanceAsync(15 * MINUTE - 1_000); // stop exactly at a bar time, with every report delivered
    await first.close();
    const resumedClock = new VirtualClock(clock.now());
    const second = PaperSession.restore(store, 'PSS_SYN', { clock: resumedClock }); // the market module recreates the source
    await resumedClock.advanceAsync(intervals * MINUTE - clock.now() + 1_000);
    const actual = await second.exchange.tradesSince(0);
    if (!actual.ok) throw new Error('query refused');
    expect(actual.value.map(tradeFields)).toEqual(expected.value.map(tradeFields));
    expect(await second.exchange.balances()).toEqual(await straight.exchange.balances());
    await second.close();
    await straight.close();
  });
});
