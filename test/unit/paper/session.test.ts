import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AcceleratedClock } from '../../../core/clock/accelerated-clock';
import { VirtualClock } from '../../../core/clock/virtual-clock';
import type { ExchangeOrder, PlaceOrderRequest } from '../../../core/connectors/types';
import { deriveFidelityProfile } from '../../../core/connectors/paper/fidelity';
import { PaperSession } from '../../../core/connectors/paper/paper-session';
import { SqlitePaperSessionStore } from '../../../core/connectors/paper/sqlite-session-store';
import { BTC, d, ETH, nextId } from './support/fixtures';
import { flat, ScriptedMarketSource, type BarSpec } from './support/scripted-source';

const MINUTE = 60_000;
const dip = (low: string, volume = '10'): BarSpec => ({ open: '20000', high: '20010', low, close: '20000', volume });
const script: Record<string, BarSpec[]> = {
  [BTC.symbol]: [flat('20000'), dip('19890'), flat('20000'), flat('20000'), dip('19850'), dip('19850'), { open: '20000', high: '20600', low: '19990', close: '20550', volume: '20' }],
  [ETH.symbol]: [flat('1500'), flat('1500'), flat('1500'), flat('1500'), { open: '1500', high: '1500', low: '1400', close: '1420', volume: '50' }],
};
const profile = deriveFidelityProfile('realistic', 'restart-test', { ackJitterMs: 0, fillJitterMs: 0 });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paper-session-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function openStore(file: string) {
  const db = new Database(file);
  return { db, store: new SqlitePaperSessionStore(db) };
}

async function placeAll(clock: VirtualClock, session: PaperSession, requests: PlaceOrderRequest[]) {
  const results = requests.map((r) => session.exchange.place(r));
  await clock.advanceAsync(1_000);
  for (const r of await Promise.all(results)) expect(r.ok).toBe(true);
}

const view = (orders: readonly ExchangeOrder[]) =>
  orders.map((o) => ({ ...o, quantity: o.quantity.toFixed(), price: o.price?.toFixed(), stopPrice: o.stopPrice?.toFixed(), filledQuantity: o.filledQuantity.toFixed(), averagePrice: o.averagePrice?.toFixed() }));

describe('paper session', () => {
  it('continues after a restart with the same resting orders, balances and trade numbering; they fill afterwards', async () => {
    const file = join(dir, 'ledger.sqlite');
    const first = openStore(file);
    const clock = new VirtualClock(0);
    const session = PaperSession.start({
      store: first.store,
      clock,
      source: new ScriptedMarketSource(script),
      symbols: [BTC, ETH],
      balances: { USDT: d('100000'), BTC: d('1'), ETH: d('0') },
      fidelity: profile,
      seed: 7,
    });
    const seenBefore: string[] = [];
    session.exchange.onReport((r) => seenBefore.push(r.kind));
    const tp = nextId();
    const sl = nextId();
    const bid = nextId();
    const ethBid = nextId();
    await placeAll(clock, session, [
      { clientOrderId: bid, symbol: BTC.symbol, side: 'BUY', type: 'LIMIT', quantity: d('2.5'), price: d('19900') },
      { clientOrderId: tp, symbol: BTC.symbol, side: 'SELL', type: 'LIMIT', quantity: d('1'), price: d('20500'), ocoWith: sl },
      { clientOrderId: sl, symbol: BTC.symbol, side: 'SELL', type: 'STOP_MARKET', quantity: d('1'), stopPrice: d('19000'), ocoWith: tp },
      { clientOrderId: ethBid, symbol: ETH.symbol, side: 'BUY', type: 'LIMIT', quantity: d('3'), price: d('1450') },
    ]);
    await clock.advanceAsync(MINUTE); // bar 1 trades through 19900: 1 of 2.5 fills
    const partial = await session.exchange.findOrder(bid, BTC.symbol);
    expect(partial.ok && [partial.value.status, partial.value.filledQuantity.toFixed()]).toEqual(['PARTIALLY_FILLED', '1']);

    const openBefore = await session.exchange.openOrders();
    const balancesBefore = await session.exchange.balances();
    const tradesBefore = await session.exchange.tradesSince(0);
    if (!openBefore.ok || !balancesBefore.ok || !tradesBefore.ok) throw new Error('query refused');
    expect(openBefore.value).toHaveLength(4);
    await session.close();
    // What was written: the holds lock exactly what the balances say is locked.
    const saved = first.store.load(session.id);
    for (const b of saved?.state.balances ?? []) {
      const held = (saved?.state.holds ?? []).filter((h) => h.asset === b.asset).reduce((sum, h) => sum.plus(h.amount), d(0));
      expect([b.asset, held.toFixed()]).toEqual([b.asset, b.locked.toFixed()]);
    }
    expect(saved?.state.holds.length).toBe(3); // the bid, the pair (shared), the ETH bid
    first.db.close();

    // A new process: the same file, a new clock from where the old one was.
    const second = openStore(file);
    const clock2 = new VirtualClock(clock.now());
    const restored = PaperSession.restore(second.store, session.id, {
      clock: clock2,
      sourceFactory: (descriptor) => ScriptedMarketSource.fromDescriptor(script, descriptor),
    });
    expect(restored.status).toBe('RUNNING');
    expect(restored.fidelityProfile.name).toBe('restart-test');
    const openAfter = await restored.exchange.openOrders();
    const balancesAfter = await restored.exchange.balances();
    const tradesAfter = await restored.exchange.tradesSince(0);
    if (!openAfter.ok || !balancesAfter.ok || !tradesAfter.ok) throw new Error('query refused');
    expect(view(openAfter.value)).toEqual(view(openBefore.value));
    expect(balancesAfter.value).toEqual(balancesBefore.value);
    expect(tradesAfter.value).toEqual(tradesBefore.value);

    const seen: { kind: string; id: string }[] = [];
    restored.exchange.onReport((r) => seen.push({ kind: r.kind, id: 'order' in r ? r.order.clientOrderId : r.clientOrderId }));
    await clock2.advanceAsync(6 * MINUTE);
    // Bars 4 and 5 fill the rest of the bid (1 + 0.5); ETH's bar 4 trades through 1450 with volume for all 3;
    // bar 6 reaches the take-profit, which cancels the stop.
    expect(seen).toEqual([
      { kind: 'PARTIAL_FILL', id: bid },
      { kind: 'FILL', id: ethBid },
      { kind: 'FILL', id: bid },
      { kind: 'FILL', id: tp },
      { kind: 'CANCELED', id: sl },
    ]);
    const all = await restored.exchange.tradesSince(0);
    if (!all.ok) throw new Error('query refused');
    const ids = all.value.map((t) => Number(t.tradeId));
    expect(ids).toEqual(ids.map((_, i) => i + 1)); // numbering continued, nothing reused
    expect(all.value.every((t) => t.fidelityProfile === 'restart-test')).toBe(true);
    await restored.close();
    second.db.close();
  });

  it('a cancelMany is stored in one checkpoint: the orders CANCELED, their holds gone, the funds free again', async () => {
    const { db, store } = openStore(join(dir, 'ledger.sqlite'));
    const clock = new VirtualClock(0);
    const session = PaperSession.start({
      store,
      clock,
      source: new ScriptedMarketSource(script),
      symbols: [BTC, ETH],
      balances: { USDT: d('100000'), BTC: d('1'), ETH: d('0') },
      fidelity: 'optimistic',
      seed: 7,
    });
    const ids = [nextId(), nextId(), nextId()];
    await placeAll(clock, session, ids.map((id, i) => ({ clientOrderId: id, symbol: BTC.symbol, side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d(String(15000 - i)) })));
    expect(store.load(session.id)?.state.holds).toHaveLength(3);
    const results = await session.exchange.cancelMany(ids.map((id) => ({ clientOrderId: id, symbol: BTC.symbol })));
    expect(results.every((r) => r.ok)).toBe(true);
    const saved = store.load(session.id);
    expect(saved?.state.holds).toEqual([]);
    expect(saved?.state.orders.filter((o) => ids.includes(o.clientOrderId)).map((o) => o.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(saved?.state.balances.find((b) => b.asset === 'USDT')?.locked.toFixed()).toBe('0');
    await session.close();
    db.close();
  });

  it('pauses, speeds up and stops, recording each state; a stopped session cannot be restored', async () => {
    const { db, store } = openStore(join(dir, 'ledger.sqlite'));
    const base = new VirtualClock(0);
    const clock = new AcceleratedClock({ speed: 10, base, startMs: 0 });
    const session = PaperSession.start({
      store,
      clock,
      source: new ScriptedMarketSource(script),
      symbols: [BTC],
      balances: { USDT: d('100000') },
      speed: 20,
      id: 'PSS_TEST',
    });
    expect([clock.speed, store.load('PSS_TEST')?.info.clockSpeed, store.load('PSS_TEST')?.info.fidelity.name]).toEqual([20, 20, 'realistic']);
    const bars: number[] = [];
    session.exchange.onMarket((b) => bars.push(b.openTime));
    await base.advanceAsync(MINUTE / 20); // one simulated minute at 20x
    expect(bars).toEqual([MINUTE]);

    session.pause();
    expect([store.load('PSS_TEST')?.info.status, clock.paused]).toEqual(['PAUSED', true]);
    await base.advanceAsync(MINUTE);
    expect(bars).toEqual([MINUTE]);

    session.resume();
    session.setSpeed(100);
    expect(() => session.setSpeed(1_000)).toThrow(); // the clock refuses; nothing changes
    expect([session.speed, store.load('PSS_TEST')?.info.clockSpeed, store.load('PSS_TEST')?.info.status]).toEqual([100, 100, 'RUNNING']);
    await base.advanceAsync(MINUTE / 100);
    expect(bars).toEqual([MINUTE, 2 * MINUTE]);

    const req: PlaceOrderRequest = { clientOrderId: nextId(), symbol: BTC.symbol, side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('15000') };
    const placing = session.exchange.place(req);
    await base.advanceAsync(10);
    expect((await placing).ok).toBe(true);
    const reports: string[] = [];
    session.exchange.onReport((r) => reports.push(r.kind));
    await session.stop();
    expect(reports).toEqual(['CANCELED']);
    const stored = store.load('PSS_TEST');
    expect(stored?.info.status).toBe('STOPPED');
    expect(stored?.state.orders.map((o) => o.status)).toEqual(['CANCELED']);
    expect(stored?.state.balances.map((b) => [b.asset, b.free.toFixed(), b.locked.toFixed()])).toEqual([['USDT', '100000', '0']]);
    expect(() => PaperSession.restore(store, 'PSS_TEST', { clock: base, sourceFactory: () => new ScriptedMarketSource(script) })).toThrow(
      expect.objectContaining({ code: 'SESSION_STOPPED' }),
    );
    expect(() => session.pause()).toThrow(expect.objectContaining({ code: 'SESSION_STOPPED' }));
    db.close();
  });

  it('a paused session restores paused', async () => {
    const { db, store } = openStore(join(dir, 'ledger.sqlite'));
    const clock = new VirtualClock(0);
    const session = PaperSession.start({ store, clock, source: new ScriptedMarketSource(script), symbols: [BTC], balances: {}, id: 'PSS_P' });
    session.pause();
    await session.close();
    const restored = PaperSession.restore(store, 'PSS_P', { clock, sourceFactory: (x) => ScriptedMarketSource.fromDescriptor(script, x) });
    const bars: number[] = [];
    restored.exchange.onMarket((b) => bars.push(b.openTime));
    await clock.advanceAsync(3 * MINUTE);
    expect([restored.status, bars]).toEqual(['PAUSED', []]);
    restored.resume();
    await clock.advanceAsync(MINUTE);
    expect(bars).toEqual([MINUTE]);
    await restored.close();
    db.close();
  });

  it('refuses unknown sessions, duplicate ids and corrupt rows with typed errors', () => {
    const { db, store } = openStore(join(dir, 'ledger.sqlite'));
    const clock = new VirtualClock(0);
    const opts = { clock, sourceFactory: () => new ScriptedMarketSource(script) };
    expect(() => PaperSession.restore(store, 'PSS_NOPE', opts)).toThrow(expect.objectContaining({ code: 'SESSION_NOT_FOUND' }));
    const start = () => PaperSession.start({ store, clock, source: new ScriptedMarketSource(script), symbols: [BTC], balances: {}, id: 'PSS_X' });
    const session = start();
    expect(start).toThrow(expect.objectContaining({ code: 'SESSION_EXISTS' }));
    void session.close();
    db.prepare(`UPDATE paper_sessions SET last_bars_json = '[{"symbol":"BTC/USDT","open":"abc"}]' WHERE id = 'PSS_X'`).run();
    expect(() => PaperSession.restore(store, 'PSS_X', opts)).toThrow(expect.objectContaining({ code: 'CORRUPT_STATE' }));
    db.close();
  });

  it('records the fills of the session in its own table, one row per trade id', async () => {
    const { db, store } = openStore(':memory:');
    const clock = new VirtualClock(0);
    const session = PaperSession.start({ store, clock, source: new ScriptedMarketSource(script), symbols: [BTC], balances: { USDT: d('100000') }, id: 'PSS_T' });
    const placing = session.exchange.place({ clientOrderId: nextId(), symbol: BTC.symbol, side: 'BUY', type: 'MARKET', quantity: d('2') });
    await clock.advanceAsync(1_000);
    await placing;
    const stored = store.load('PSS_T');
    const trades = await session.exchange.tradesSince(0);
    if (!trades.ok) throw new Error('query refused');
    expect(stored?.state.trades.map((t) => [t.tradeId, t.price.toFixed(), t.quantity.toFixed(), t.fidelityProfile])).toEqual(
      trades.value.map((t) => [t.tradeId, t.price.toFixed(), t.quantity.toFixed(), 'realistic']),
    );
    expect(trades.value.length).toBeGreaterThan(1);
    await session.close();
    db.close();
  });
});
