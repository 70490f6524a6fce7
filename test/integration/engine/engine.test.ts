import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../core/api/contract';
import { dispatch } from '../../../core/api/dispatch';
import { createHandlers } from '../../../core/engine/handlers';
import { MarketQuoteSchema } from '../../../core/engine/status';
import { directive, expectClean, openTestDesk, startPaper, type TestDesk } from './support';

let desk: TestDesk | undefined;
afterEach(async () => {
  await desk?.engine.close();
  desk = undefined;
});

describe('engine on a paper session', () => {
  it('refuses a directive before a session exists, with a typed error', async () => {
    desk = await openTestDesk();
    await expect(desk.engine.submitDirective(directive({ quantity: '0.1' }))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('answers the cancel commands with a typed refusal before a session exists, never "ok"', async () => {
    desk = await openTestDesk();
    const handlers = createHandlers(desk.engine);
    for (const [command, payload] of [
      ['cancelAllInPlan', { plan_id: 'TPL_20260101_000000_nothere' }],
      ['cancelGroup', { group_id: 'EXG_20260101_000000_nothere' }],
      ['cancelEverything', undefined],
    ] as const) {
      expect(await dispatch(contract, handlers, command, payload), command).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    }
  });

  it('answers a symbol\'s recent bars, oldest first, from a given open time; refuses an unknown symbol, bad input and a desk with no session', async () => {
    desk = await openTestDesk();
    const handlers = createHandlers(desk.engine);
    expect(await dispatch(contract, handlers, 'bars', { symbol: 'BTC/USDT' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await startPaper(desk);
    await desk.clock.advanceAsync(5 * 60_000);
    const all = await dispatch(contract, handlers, 'bars', { symbol: 'BTC/USDT' });
    if (!all.ok) throw new Error(all.error.message);
    const quotes = MarketQuoteSchema.array().parse(all.value);
    const opens = quotes.map((q) => q.openTime);
    expect(opens.length).toBeGreaterThanOrEqual(5);
    expect(opens).toEqual([...opens].sort((a, b) => a - b));
    // The last one is the bar the status shows.
    expect(quotes.at(-1)).toEqual(desk.engine.status().market.find((q) => q.symbol === 'BTC/USDT'));
    const since = opens[2] ?? 0;
    const later = await dispatch(contract, handlers, 'bars', { symbol: 'BTC/USDT', since });
    expect(later.ok && MarketQuoteSchema.array().parse(later.value).map((q) => q.openTime)).toEqual(opens.filter((t) => t >= since));
    expect(await dispatch(contract, handlers, 'bars', { symbol: 'DOGE/USDT' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const bad of [{ symbol: '' }, { symbol: 'BTC/USDT', since: -1 }, { symbol: 'BTC/USDT', extra: 1 }, null]) {
      expect(await dispatch(contract, handlers, 'bars', bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });

  it('refuses a malformed directive and changes nothing', async () => {
    desk = await openTestDesk();
    await startPaper(desk);
    const before = desk.engine.ledger.lastSeq();
    await expect(desk.engine.submitDirective({ directive_id: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION' });
    expect(desk.engine.ledger.lastSeq()).toBe(before);
  });

  it('SINGLE market entry with an exit plan: protection placed as an OCO pair; the stop-loss fill cancels the take-profit', async () => {
    desk = await openTestDesk();
    await startPaper(desk);
    const { engine, clock } = desk;
    const bar = engine.status().market[0];
    expect(bar).toBeDefined();
    const mid = Number(bar?.last ?? '0');
    const out = await engine.submitDirective(
      directive({
        quantity: '0.5',
        execution: { action: 'EXECUTE_TRADE', execution_urgency: '0.9' },
        exit: { stop_loss_price: (mid * 0.999).toFixed(2), take_profit_price: (mid * 1.5).toFixed(2) },
      }),
    );
    const planId = out.planId ?? '';
    await clock.runUntil(() => engine.ledger.liveOrdersOfPlan(planId).filter((o) => o.role !== 'ENTRY' && o.status === 'OPEN').length === 2, { withinMs: 10 * 60_000 });
    await engine.idle();
    const protection = engine.ledger.liveOrdersOfPlan(planId).filter((o) => o.role !== 'ENTRY');
    expect(protection.map((o) => o.role).sort()).toEqual(['STOP_LOSS', 'TAKE_PROFIT']);
    expect(protection.every((o) => o.quantity.toFixed() === '0.5' && o.side === 'SELL')).toBe(true);
    // Let the market wander until the (tight) stop triggers.
    await clock.runUntil(() => engine.ledger.getPlan(planId)?.status === 'CLOSED', { withinMs: 24 * 60 * 60_000 });
    await engine.idle();
    const orders = engine.ledger.ordersOfPlan(planId);
    const sl = orders.filter((o) => o.role === 'STOP_LOSS');
    const tp = orders.filter((o) => o.role === 'TAKE_PROFIT');
    expect(sl.some((o) => o.status === 'FILLED')).toBe(true);
    expect(tp.every((o) => o.status === 'CANCELED')).toBe(true);
    expectClean(desk);
  });
});
