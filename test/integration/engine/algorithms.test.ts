import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import type { LedgerEventWire } from '../../../core/ledger';
import type { MarketBar } from '../../../core/market';
import { algoRecord } from '../execution/support';
import { ScriptedSource, type ScriptedBar } from '../execution/scripted-source';
import { directive, expectClean, openConnectorDesk, SYMBOL, T0, type ConnectorDesk } from './support';

let desk: ConnectorDesk | undefined;
afterEach(async () => {
  await desk?.engine.close();
  desk = undefined;
});

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function scripted(bars: (i: number) => ScriptedBar | undefined): ScriptedSource {
  return new ScriptedSource({ symbol: SYMBOL, startTime: T0, intervalMs: MINUTE, bars });
}

describe('algorithms end to end through the engine (paper exchange, virtual clock)', () => {
  it('VWAP sizes its slices by the volume profile learned from the market by time of day', async () => {
    // Volume depends on the minute of the day: 5, 8, ..., 32, then again.
    const volumeAt = (i: number) => String(5 + (i % 10) * 3);
    desk = await openConnectorDesk({ source: scripted((i) => ({ open: '30000', high: '30010', low: '29990', close: '30000', volume: volumeAt(i) })) });
    const { engine, clock, exchange } = desk;
    const bars: MarketBar[] = [];
    exchange.onMarket((b) => bars.push(b));
    await clock.advanceAsync(DAY + 3 * MINUTE); // a day of history, so today's buckets have yesterday's volume
    const start = clock.now();
    const out = await engine.submitDirective(
      directive({
        quantity: '2',
        execution: { action: 'EXECUTE_TRADE', preferred_execution_style: 'VWAP', max_execution_window_minutes: 10, chunk_count_hint: 5 },
        now: start,
      }),
    );
    const groupId = out.groupIds[0] ?? '';
    const { spec } = algoRecord(engine.ledger, groupId);
    expect(spec.strategy).toBe('VWAP');
    // The profile is the mean volume of the bars (yesterday's and today's) opening in each 2-minute bucket of the day.
    const expected = Array.from({ length: 5 }, (_, j) => {
      const inBucket = bars.filter((b) => {
        const offset = (((b.openTime - start) % DAY) + DAY) % DAY;
        return offset >= j * 2 * MINUTE && offset < (j + 1) * 2 * MINUTE;
      });
      return inBucket.reduce((s, b) => s.plus(b.volume), new Decimal(0)).div(inBucket.length);
    });
    expect(spec.volumeProfile?.map((w) => w.toDecimalPlaces(6).toFixed())).toEqual(expected.map((w) => w.toDecimalPlaces(6).toFixed()));
    expect(new Set(expected.map((w) => w.toFixed())).size).toBeGreaterThan(1); // not flat

    await clock.runUntil(() => engine.ledger.getGroup(groupId)?.status === 'COMPLETED', { withinMs: 20 * MINUTE });
    await engine.idle();
    const orders = engine.ledger.ordersOfGroup(groupId).sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    expect(orders.length).toBe(5);
    const profile = spec.volumeProfile ?? [];
    const weight = profile.reduce((s, w) => s.plus(w), new Decimal(0));
    let placed = new Decimal(0);
    orders.forEach((o, i) => {
      expect(o.created_at.getTime()).toBe(start + i * 2 * MINUTE);
      // Every slice filled in full (optimistic book), so slice i is total * w[i] / sum(w), to the step; the last takes the rest.
      const share = new Decimal(2).mul(profile[i] ?? 0).div(weight);
      const want = i === orders.length - 1 ? new Decimal(2).minus(placed) : share;
      expect(o.quantity.minus(want).abs().lte('0.00002')).toBe(true);
      placed = placed.plus(o.quantity);
    });
    expect(engine.ledger.getGroup(groupId)?.filled_quantity.toFixed()).toBe('2');
    expectClean(desk);
  });

  it('ICEBERG never shows more than the visible quantity: checked on every ledger change', async () => {
    // A bid at 29995 fills ~0.04 a bar (realistic: 10% of 0.4), so chunks stay on the book for several bars.
    desk = await openConnectorDesk({
      fidelity: 'realistic',
      source: scripted((i) => (i > 400 ? undefined : { open: '30000', high: '30005', low: '29990', close: '30000', volume: '0.4' })),
    });
    const { engine, clock } = desk;
    const { ledger } = engine;
    const open = new Map<string, { group: string; open: Decimal; live: boolean }>();
    const worst = new Map<string, Decimal>();
    let events = 0;
    engine.subscribe(ledger.lastSeq(), (e: LedgerEventWire) => {
      if (e.type !== 'order') return;
      events += 1;
      const o = e.data;
      const live = ['PENDING_SUBMIT', 'UNKNOWN', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL'].includes(o.status);
      open.set(o.order_id, { group: o.parent_group_id, open: new Decimal(o.quantity).minus(o.filled_quantity), live });
      const exposed = [...open.values()].filter((x) => x.group === o.parent_group_id && x.live).reduce((s, x) => s.plus(x.open), new Decimal(0));
      // The same figure from the ledger itself, after the commit that emitted this event.
      const fromLedger = ledger.liveOrdersOfGroup(o.parent_group_id).reduce((s, x) => s.plus(x.quantity.minus(x.filled_quantity)), new Decimal(0));
      const max = Decimal.max(exposed, fromLedger);
      worst.set(o.parent_group_id, Decimal.max(worst.get(o.parent_group_id) ?? new Decimal(0), max));
    });
    const out = await engine.submitDirective(
      directive({ quantity: '0.5', orderType: 'LIMIT', limitPrice: '29995', execution: { action: 'EXECUTE_TRADE', visibility_preference: '0.2' } }),
    );
    const groupId = out.groupIds[0] ?? '';
    const { spec } = algoRecord(ledger, groupId);
    expect(spec.strategy).toBe('ICEBERG');
    const visible = spec.visibleQuantity ?? new Decimal(0);
    expect(visible.toFixed()).toBe('0.1');
    await clock.runUntil(() => ledger.getGroup(groupId)?.status === 'COMPLETED', { withinMs: 6 * 60 * MINUTE });
    await engine.idle();
    expect(ledger.getGroup(groupId)?.filled_quantity.toFixed()).toBe('0.5');
    const orders = ledger.ordersOfGroup(groupId);
    expect(orders.length).toBe(5);
    expect(orders.every((o) => o.quantity.lte(visible) && o.price?.toFixed() === '29995')).toBe(true);
    expect(orders.every((o) => o.fill_count > 1)).toBe(true); // chunks really rested through several partial fills
    expect(events).toBeGreaterThan(20);
    expect(worst.get(groupId)?.lte(visible)).toBe(true);
    expectClean(desk);
  });

  it('LAYERED places its price ladder on the exchange (prices and WEIGHTED sizes), nearest level first, and fills it as the market falls', async () => {
    // Flat above the ladder for five bars, then down through all of it.
    desk = await openConnectorDesk({
      source: scripted((i) => (i < 5 ? { open: '30500', high: '30510', low: '30490', close: '30500', volume: '20' } : { open: '29650', high: '29660', low: '29640', close: '29650', volume: '20' })),
    });
    const { engine, clock, exchange } = desk;
    const out = await engine.submitDirective(
      directive({
        quantity: '1',
        orderType: 'LIMIT',
        limitPrice: '29999.99',
        execution: { action: 'EXECUTE_TRADE', chunk_distribution: 'WEIGHTED', chunk_count_hint: 4 },
      }),
    );
    const groupId = out.groupIds[0] ?? '';
    await clock.advanceAsync(MINUTE);
    await engine.idle();
    const book = await exchange.openOrders(SYMBOL);
    if (!book.ok) throw new Error(book.message);
    // 1% below the anchor, evenly spaced, sizes 1:2:3:4 toward the better (lower) prices.
    expect(book.value.map((o) => [o.side, o.type, o.price?.toFixed(), o.quantity.toFixed()])).toEqual([
      ['BUY', 'LIMIT', '29999.99', '0.1'],
      ['BUY', 'LIMIT', '29899.99', '0.2'],
      ['BUY', 'LIMIT', '29799.99', '0.3'],
      ['BUY', 'LIMIT', '29699.99', '0.4'],
    ]);
    // The exchange holds exactly the ledger's live orders of the group.
    const live = engine.ledger.liveOrdersOfGroup(groupId);
    expect(book.value.map((o) => o.clientOrderId).sort()).toEqual(live.map((o) => o.order_id).sort());
    expect(live.every((o) => o.status === 'OPEN' && o.connector_order_id !== null)).toBe(true);

    await clock.runUntil(() => engine.ledger.getGroup(groupId)?.status === 'COMPLETED', { withinMs: 30 * MINUTE });
    await engine.idle();
    const fills = engine.ledger.fillsOfGroup(groupId);
    expect(fills.reduce((s, f) => s.plus(f.quantity), new Decimal(0)).toFixed()).toBe('1');
    expect(new Set(fills.map((f) => f.price.toFixed()))).toEqual(new Set(['29999.99', '29899.99', '29799.99', '29699.99']));
    expectClean(desk);
  });

  it('POV keeps its filled quantity within the participation band of the market volume, bar after bar', async () => {
    desk = await openConnectorDesk({ seed: 5 });
    const { engine, clock, exchange } = desk;
    let volume = new Decimal(0);
    let counting = false;
    exchange.onMarket((b) => {
      if (counting) volume = volume.plus(b.volume);
    });
    const start = clock.now();
    counting = true; // the bar at `start` is already out: POV counts bars that open at or after its start
    const out = await engine.submitDirective(
      directive({ quantity: '50', execution: { action: 'EXECUTE_TRADE', preferred_execution_style: 'POV', execution_urgency: '0.4', max_execution_window_minutes: 20 }, now: start }),
    );
    const groupId = out.groupIds[0] ?? '';
    const { spec } = algoRecord(engine.ledger, groupId);
    const rate = spec.participationRate ?? new Decimal(0);
    expect(rate.toFixed()).toBe('0.15'); // 0.05 + 0.25 * 0.4
    const band = new Decimal('0.001'); // one minimum order's worth at these prices, plus step rounding
    let bars = 0;
    while (clock.now() < start + 19 * MINUTE) {
      await clock.advanceAsync(MINUTE);
      await engine.idle();
      bars += 1;
      const filled = engine.ledger.getGroup(groupId)?.filled_quantity ?? new Decimal(0);
      const target = volume.mul(rate);
      expect(filled.lte(target)).toBe(true); // never ahead of the market
      expect(target.minus(filled).lte(band)).toBe(true); // never behind by more than the band
    }
    expect(bars).toBeGreaterThan(15);
    const filled = engine.ledger.getGroup(groupId)?.filled_quantity ?? new Decimal(0);
    expect(filled.div(volume).minus(rate).abs().lte('0.001')).toBe(true);
    expectClean(desk);
  });
});
