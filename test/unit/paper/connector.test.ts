import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock/virtual-clock';
import { PaperExchange } from '../../../core/connectors/paper/paper-exchange';
import { BTC, d, ETH, openExchange, order, placeNow, tradesOf } from './support/fixtures';
import { flat, ScriptedMarketSource } from './support/scripted-source';

const MINUTE = 60_000;

describe('the paper exchange as an IExecutionConnector', () => {
  it('describes itself: paper, connected, every order type, native OCO, in-place modify, the symbol rules', () => {
    const { exchange } = openExchange({});
    const caps = exchange.capabilities();
    expect([exchange.kind, exchange.connectionState(), caps.orderTypes, caps.nativeOco, caps.nativeIceberg, caps.modifyInPlace]).toEqual([
      'paper',
      'CONNECTED',
      ['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT'],
      true,
      false,
      true,
    ]);
    expect(caps.symbols.map((s) => s.symbol)).toEqual([BTC.symbol]);
  });

  it('pulls one bar per symbol per interval on the clock and emits it, until the source runs out', async () => {
    const clock = new VirtualClock(0);
    const source = new ScriptedMarketSource({ [BTC.symbol]: [flat('20000'), flat('20100'), flat('20200')], [ETH.symbol]: [flat('1500'), flat('1510')] }, MINUTE, 0, true);
    const exchange = new PaperExchange({ clock, source, symbols: [BTC, ETH], balances: {} });
    const bars: string[] = [];
    exchange.onMarket((b) => bars.push(`${b.symbol} ${b.close.toFixed()}`));
    await clock.advanceAsync(5 * MINUTE);
    // The first bars were pulled at construction, so there is a book from the start.
    expect(bars).toEqual(['BTC/USDT 20100', 'ETH/USDT 1510', 'BTC/USDT 20200']);
    expect(exchange.isExhausted()).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('modifies a resting order in place: new price, new quantity, the hold follows, priority is lost', async () => {
    const t = openExchange({ balances: { USDT: '100000' } });
    const req = order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('19000') });
    await placeNow(t, req);
    const modifying = t.exchange.modify({ clientOrderId: req.clientOrderId, price: d('19500'), quantity: d('2') }, BTC.symbol);
    await t.clock.advanceAsync(1_000);
    const modified = await modifying;
    expect(modified.ok && [modified.value.price?.toFixed(), modified.value.quantity.toFixed(), modified.value.status]).toEqual(['19500', '2', 'NEW']);
    expect(t.seen.map((s) => s.report.kind)).toEqual(['ACK', 'MODIFIED']);
    const b = await t.exchange.balances();
    expect(b.ok && [b.value.USDT?.free.toFixed(), b.value.USDT?.locked.toFixed()]).toEqual(['61000', '39000']);
  });

  it('a modify that makes a limit marketable executes it', async () => {
    const t = openExchange({ balances: { USDT: '100000' } });
    const req = order({ side: 'BUY', type: 'LIMIT', quantity: d('0.5'), price: d('19000') });
    await placeNow(t, req);
    const modifying = t.exchange.modify({ clientOrderId: req.clientOrderId, price: d('20001') }, BTC.symbol);
    await t.clock.advanceAsync(1_000);
    expect((await modifying).ok).toBe(true);
    expect(t.seen.map((s) => s.report.kind)).toEqual(['ACK', 'MODIFIED', 'FILL']);
    expect(tradesOf(t.seen).map((x) => [x.price.toFixed(), x.liquidity])).toEqual([['20000.01', 'TAKER']]);
  });

  it('cancelMany answers each in request order; one failure does not stop the others', async () => {
    const t = openExchange({ balances: { USDT: '100000' } });
    const a = order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('19000') });
    const b = order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d('18000') });
    await placeNow(t, a);
    await placeNow(t, b);
    const cancelling = t.exchange.cancelMany([
      { clientOrderId: a.clientOrderId, symbol: BTC.symbol },
      { clientOrderId: 'ORD_UNKNOWN', symbol: BTC.symbol },
      { clientOrderId: b.clientOrderId, symbol: BTC.symbol },
    ]);
    await t.clock.advanceAsync(1_000);
    expect((await cancelling).map((r) => (r.ok ? r.value.status : r.outcome))).toEqual(['CANCELED', 'NOT_FOUND', 'CANCELED']);
    const again = t.exchange.cancel(a.clientOrderId, BTC.symbol);
    await t.clock.advanceAsync(1_000);
    expect(await again).toMatchObject({ ok: false, outcome: 'REJECTED', reason: 'INVALID_ORDER' });
  });

  it('cancelMany on a zero-latency exchange runs every cancel in one pass: one checkpoint, reports in request order', async () => {
    const t = openExchange({ balances: { USDT: '1000000' }, fidelity: 'optimistic' });
    const orders = Array.from({ length: 20 }, (_, i) => order({ side: 'BUY', type: 'LIMIT', quantity: d('1'), price: d(String(19000 - i)) }));
    for (const o of orders) await placeNow(t, o);
    const checkpoints: number[] = [];
    t.exchange.onCheckpoint((c) => checkpoints.push(c.orders.length));
    const seenBefore = t.seen.length;
    const results = await t.exchange.cancelMany(orders.map((o) => ({ clientOrderId: o.clientOrderId, symbol: BTC.symbol })));
    expect(results.every((r) => r.ok && r.value.status === 'CANCELED')).toBe(true);
    expect(checkpoints).toEqual([20]);
    expect(t.seen.slice(seenBefore).map((s) => (s.report.kind === 'CANCELED' ? s.report.order.clientOrderId : s.report.kind))).toEqual(orders.map((o) => o.clientOrderId));
  });

  it('close delivers the reports in flight, refuses requests that had not arrived, and disconnects', async () => {
    const t = openExchange({});
    const states: string[] = [];
    t.exchange.onConnectionState((s) => states.push(s));
    const arrived = t.exchange.place(order({ side: 'BUY', type: 'MARKET', quantity: d('0.1') }));
    await t.clock.advanceAsync(100); // acked (50-100 ms); the fill report is still in flight (10-30 ms later) or just in
    const inFlight = t.exchange.place(order({ side: 'BUY', type: 'MARKET', quantity: d('0.1') }));
    await t.exchange.close();
    expect((await arrived).ok).toBe(true);
    expect(await inFlight).toMatchObject({ ok: false, outcome: 'REJECTED', reason: 'EXCHANGE_ERROR' });
    expect(t.seen.map((s) => s.report.kind)).toEqual(['ACK', 'FILL']);
    expect([states, t.exchange.connectionState()]).toEqual([['DISCONNECTED'], 'DISCONNECTED']);
    expect(await t.exchange.place(order({ side: 'BUY', type: 'MARKET', quantity: d('0.1') }))).toMatchObject({ ok: false, reason: 'EXCHANGE_ERROR' });
    expect(t.clock.pendingTimers()).toBe(0);
  });

  it('a listener that throws does not stop the others or the exchange', async () => {
    const clock = new VirtualClock(0);
    const errors: unknown[] = [];
    const exchange = new PaperExchange({
      clock,
      source: new ScriptedMarketSource({ [BTC.symbol]: [flat('20000')] }),
      symbols: [BTC],
      balances: { USDT: d('100000') },
      fidelity: 'optimistic',
      onListenerError: (e) => errors.push(e),
    });
    const kinds: string[] = [];
    exchange.onReport(() => {
      throw new Error('boom');
    });
    exchange.onReport((r) => kinds.push(r.kind));
    const result = await exchange.place(order({ side: 'BUY', type: 'MARKET', quantity: d('0.1') }));
    expect(result.ok).toBe(true);
    expect(kinds).toEqual(['ACK', 'FILL']);
    expect(errors).toHaveLength(2);
  });

  it('pause freezes the market but still serves requests against the last book', async () => {
    const t = openExchange({ script: { [BTC.symbol]: [flat('20000'), flat('19000')] } });
    const bars: number[] = [];
    t.exchange.onMarket((b) => bars.push(b.openTime));
    t.exchange.pause();
    await t.clock.advanceAsync(3 * MINUTE);
    expect(bars).toEqual([]);
    expect((await placeNow(t, order({ side: 'BUY', type: 'MARKET', quantity: d('0.1') }))).ok).toBe(true);
    expect(tradesOf(t.seen)[0]?.price.toFixed()).toBe('20000.01');
    t.exchange.resume();
    await t.clock.advanceAsync(MINUTE);
    expect(bars).toEqual([MINUTE]);
  });
});
