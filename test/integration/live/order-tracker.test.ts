/**
 * OrderTracker: whatever order, however often the same facts arrive (REST
 * answers, stream updates, backfill), each trade is reported once, an order
 * is acknowledged at most once and only before anything else, and a closing
 * report comes at most once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderTracker } from '../../../core/connectors/live';
import type { ExchangeOrder, ExchangeOrderStatus, ExchangeTrade, ExecutionReport } from '../../../core/connectors/types';
import { Decimal } from '../../../core/domain';

const ID = 'ORD_20251201_143000_track';

function snapshot(status: ExchangeOrderStatus, filled: Decimal, at: number): ExchangeOrder {
  return {
    clientOrderId: ID,
    exchangeOrderId: '42',
    symbol: 'BTC/USDT',
    side: 'BUY',
    type: 'LIMIT',
    quantity: new Decimal(1),
    price: new Decimal(100),
    status,
    filledQuantity: filled,
    updatedAt: at,
  };
}

type Fact = { readonly kind: 'order'; readonly order: ExchangeOrder } | { readonly kind: 'trade'; readonly trade: ExchangeTrade; readonly order: ExchangeOrder };

/** An order's life: NEW, some trades (tenths), then FILLED, CANCELED, or still open. */
const life = fc
  .tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 }), fc.constantFrom('fill', 'cancel', 'open'))
  .map(([tenths, end]) => {
    const facts: Fact[] = [];
    let filled = new Decimal(0);
    facts.push({ kind: 'order', order: snapshot('NEW', filled, 0) });
    const total = tenths.reduce((a, b) => a + b, 0);
    const scale = end === 'fill' && total > 0 ? 10 / total : 1;
    tenths.forEach((n, i) => {
      const qty = new Decimal(n).mul(scale).div(10).toDecimalPlaces(8);
      filled = i === tenths.length - 1 && end === 'fill' ? new Decimal(1) : filled.plus(qty);
      const status: ExchangeOrderStatus = filled.gte(1) ? 'FILLED' : 'PARTIALLY_FILLED';
      const order = snapshot(status, filled, i + 1);
      const trade: ExchangeTrade = {
        tradeId: String(i + 1),
        clientOrderId: ID,
        exchangeOrderId: '42',
        symbol: 'BTC/USDT',
        side: 'BUY',
        price: new Decimal(100),
        quantity: qty,
        fee: new Decimal(0),
        feeAsset: 'BTC',
        liquidity: 'MAKER',
        time: i + 1,
      };
      facts.push({ kind: 'order', order }, { kind: 'trade', trade, order });
    });
    if (end === 'cancel' && !filled.gte(1)) facts.push({ kind: 'order', order: snapshot('CANCELED', filled, 99) });
    return { facts, trades: tenths.length };
  });

function feed(tracker: OrderTracker, facts: readonly Fact[]): ExecutionReport[] {
  return facts.flatMap((f) => (f.kind === 'order' ? tracker.observeOrder(f.order) : tracker.observeTrade(f.trade, f.order, f.order.status === 'FILLED')));
}

describe('OrderTracker', () => {
  it('reports each fact once however the facts arrive', () => {
    fc.assert(
      fc.property(
        life.chain(({ facts, trades }) =>
          fc.tuple(fc.constant(trades), fc.shuffledSubarray(facts, { minLength: facts.length }), fc.subarray(facts)),
        ),
        ([trades, shuffled, repeats]) => {
          const reports = feed(new OrderTracker(), [...shuffled, ...repeats]);
          const fills = reports.flatMap((r) => ('trade' in r ? [r.trade.tradeId] : []));
          expect([...fills].sort()).toEqual(Array.from({ length: trades }, (_, i) => String(i + 1)).sort());
          const acks = reports.flatMap((r, i) => (r.kind === 'ACK' ? [i] : []));
          expect(acks.length <= 1 && (acks[0] ?? 0) === 0).toBe(true);
          expect(reports.filter((r) => r.kind === 'CANCELED').length).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('in order: ACK, the partial fills, FILL; a REST answer repeating the stream adds nothing', () => {
    const tracker = new OrderTracker();
    const o1 = snapshot('PARTIALLY_FILLED', new Decimal('0.4'), 1);
    const t1: ExchangeTrade = { tradeId: '7', clientOrderId: ID, exchangeOrderId: '42', symbol: 'BTC/USDT', side: 'BUY', price: new Decimal(100), quantity: new Decimal('0.4'), fee: new Decimal(0), feeAsset: 'BTC', liquidity: 'MAKER', time: 1 };
    const o2 = snapshot('FILLED', new Decimal(1), 2);
    const t2: ExchangeTrade = { ...t1, tradeId: '8', quantity: new Decimal('0.6'), time: 2 };
    const kinds = [
      ...tracker.observeOrder(snapshot('NEW', new Decimal(0), 0)),
      ...tracker.observeTrade(t1, o1, false),
      ...tracker.observeOrder(o1),
      ...tracker.observeTrade(t2, o2, true),
      ...tracker.observeOrder(o2),
      ...tracker.observeOrder(snapshot('NEW', new Decimal(0), 0)),
      ...tracker.observeTrade(t1, o1, false),
    ].map((r) => r.kind);
    expect(kinds).toEqual(['ACK', 'PARTIAL_FILL', 'FILL']);
    expect(tracker.lastTradeTime()).toBe(2);
    expect(tracker.clientIdOf('42')).toBe(ID);
  });
});
