/**
 * reconcile(): the pure comparison of ledger and exchange. A table of the
 * cases a trader meets, then properties: agreement gives nothing, the result
 * does not depend on input order, every unknown trade is listed exactly once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reconcile, tradeKey, type LedgerOrderState } from '../../../core/connectors/live';
import type { ExchangeOrder, ExchangeOrderStatus, ExchangeTrade } from '../../../core/connectors/types';
import { Decimal, type OrderStatus } from '../../../core/domain';

const S = 'BTC/USDT';
const d = (v: string) => new Decimal(v);

function ledger(id: string, status: OrderStatus, filled = '0', tradeIds: string[] = []): LedgerOrderState {
  return { clientOrderId: id, symbol: S, side: 'BUY', quantity: d('1'), status, filledQuantity: d(filled), createdAt: 0, tradeIds };
}

function exchange(id: string, status: ExchangeOrderStatus, filled = '0'): ExchangeOrder {
  return {
    clientOrderId: id,
    exchangeOrderId: `x-${id}`,
    symbol: S,
    side: 'BUY',
    type: 'LIMIT',
    quantity: d('1'),
    price: d('100'),
    status,
    filledQuantity: d(filled),
    updatedAt: 0,
  };
}

function trade(id: string, orderId: string, qty = '0.5'): ExchangeTrade {
  return {
    tradeId: id,
    clientOrderId: orderId,
    exchangeOrderId: `x-${orderId}`,
    symbol: S,
    side: 'BUY',
    price: d('100'),
    quantity: d(qty),
    fee: d('0'),
    feeAsset: 'BTC',
    liquidity: 'MAKER',
    time: Number(id),
  };
}

const known = (...ids: string[]) => new Set(ids.map((t) => tradeKey(S, t)));
const summary = (ds: ReturnType<typeof reconcile>) =>
  ds.map((x) => `${x.kind} ${x.clientOrderId}${x.kind === 'MISSING_FILL' ? ` #${x.trade.tradeId}` : ''}`);

describe('reconcile: the cases', () => {
  it.each([
    ['agreement: open order', [ledger('A', 'OPEN')], [exchange('A', 'NEW')], [], known(), []],
    ['agreement: partly filled, fill known', [ledger('A', 'PARTIALLY_FILLED', '0.5', ['1'])], [exchange('A', 'PARTIALLY_FILLED', '0.5')], [trade('1', 'A')], known('1'), []],
    ['ledger ahead of an open snapshot (the stream moved on): not drift', [ledger('A', 'FILLED', '1', ['1', '2'])], [exchange('A', 'PARTIALLY_FILLED', '0.5')], [], known('1', '2'), []],
    ['intent not acknowledged, order on the exchange', [ledger('A', 'PENDING_SUBMIT')], [exchange('A', 'NEW')], [], known(), ['STATUS_DRIFT A']],
    ['UNKNOWN in the ledger, filled on the exchange', [ledger('A', 'UNKNOWN')], [exchange('A', 'FILLED', '1')], [trade('1', 'A', '1')], known(), ['STATUS_DRIFT A', 'MISSING_FILL A #1']],
    ['fill the ledger lacks', [ledger('A', 'PARTIALLY_FILLED', '0.5', ['1'])], [exchange('A', 'FILLED', '1')], [trade('1', 'A'), trade('2', 'A')], known('1'), ['STATUS_DRIFT A', 'MISSING_FILL A #2']],
    ['cancelled on the exchange, open in the ledger', [ledger('A', 'OPEN')], [exchange('A', 'CANCELED')], [], known(), ['STATUS_DRIFT A']],
    ['ledger says cancelled, exchange says filled', [ledger('A', 'CANCELED')], [exchange('A', 'FILLED', '1')], [], known(), ['STATUS_DRIFT A']],
    ['live in the ledger, not on the exchange', [ledger('A', 'OPEN'), ledger('B', 'PENDING_SUBMIT')], [], [], known(), ['MISSING_ON_EXCHANGE A', 'MISSING_ON_EXCHANGE B']],
    ['terminal in the ledger, not on the exchange: nothing to say', [ledger('A', 'FILLED', '1', ['1'])], [], [], known('1'), []],
    ['an order the ledger does not know', [], [exchange('Z', 'NEW')], [], known(), ['UNKNOWN_TO_LEDGER Z']],
    ['only trades of an order the ledger does not know', [], [], [trade('7', 'Z'), trade('8', 'Z')], known(), ['UNKNOWN_TO_LEDGER Z']],
  ] as const)('%s', (_name, l, x, t, k, expected) => {
    expect(summary(reconcile(l, x, t, k))).toEqual(expected);
  });

  it('keeps the trades of an unknown order with it, and words each difference for the trader', () => {
    const [diff] = reconcile([], [exchange('Z', 'PARTIALLY_FILLED', '0.5')], [trade('3', 'Z')], known());
    expect(diff).toMatchObject({ kind: 'UNKNOWN_TO_LEDGER', trades: [{ tradeId: '3' }] });
    expect(diff?.message).toBe('the exchange has PARTIALLY_FILLED BUY 1 BTC/USDT (Z, filled 0.5) that the ledger does not know');
  });

  it('trade ids are unique per symbol only: the same id on another symbol is not "known"', () => {
    const other: ExchangeTrade = { ...trade('1', 'A'), symbol: 'ETH/USDT' };
    const diffs = reconcile([ledger('A', 'PARTIALLY_FILLED', '0.5', ['1'])], [exchange('A', 'PARTIALLY_FILLED', '0.5')], [trade('1', 'A'), other], known('1'));
    expect(summary(diffs)).toEqual(['MISSING_FILL A #1']);
    expect(diffs[0]).toMatchObject({ trade: { symbol: 'ETH/USDT' } });
  });
});

// ---- properties ------------------------------------------------------------------------------

const statusPair = fc.constantFrom<[OrderStatus, ExchangeOrderStatus]>(
  ['OPEN', 'NEW'],
  ['PARTIALLY_FILLED', 'PARTIALLY_FILLED'],
  ['FILLED', 'FILLED'],
  ['CANCELED', 'CANCELED'],
  ['EXPIRED', 'EXPIRED'],
  ['REJECTED', 'REJECTED'],
);

/** A desk where ledger and exchange agree: same statuses and fills, every trade known. */
const agreeingDesk = fc
  .uniqueArray(fc.tuple(fc.stringMatching(/^ORD[0-9]{3}$/), statusPair, fc.integer({ min: 0, max: 3 })), { selector: (t) => t[0], maxLength: 8 })
  .map((orders) => {
    let nextTrade = 1;
    const l: LedgerOrderState[] = [];
    const x: ExchangeOrder[] = [];
    const t: ExchangeTrade[] = [];
    for (const [id, [ls, xs], n] of orders) {
      const trades = xs === 'NEW' || xs === 'REJECTED' ? [] : Array.from({ length: Math.max(1, n) }, () => trade(String(nextTrade++), id, '0.1'));
      const filled = trades.reduce((s, tr) => s.plus(tr.quantity), d('0')).toFixed();
      l.push(ledger(id, ls, filled, trades.map((tr) => tr.tradeId)));
      x.push(exchange(id, xs, filled));
      t.push(...trades);
    }
    return { l, x, t, k: known(...t.map((tr) => tr.tradeId)) };
  });

describe('reconcile: properties', () => {
  it('a ledger that agrees with the exchange gives no differences', () => {
    fc.assert(
      fc.property(agreeingDesk, ({ l, x, t, k }) => {
        expect(reconcile(l, x, t, k)).toEqual([]);
      }),
    );
  });

  it('the answer does not depend on the order of the inputs', () => {
    fc.assert(
      fc.property(agreeingDesk, fc.integer({ min: 0, max: 7 }), fc.integer(), ({ l, x, t }, forget, seed) => {
        // Forget some fills and statuses so there is something to report.
        const k = known(...t.map((tr) => tr.tradeId).filter((_, i) => i % (forget + 2) !== 0));
        // Fisher-Yates driven by a small LCG from the generated seed.
        let state = seed >>> 0;
        const shuffled = <T>(a: readonly T[]): T[] => {
          const out = [...a];
          for (let i = out.length - 1; i > 0; i--) {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            const j = state % (i + 1);
            [out[i], out[j]] = [out[j] as T, out[i] as T];
          }
          return out;
        };
        expect(reconcile(shuffled(l), shuffled(x), shuffled(t), k)).toEqual(reconcile(l, x, t, k));
      }),
    );
  });

  it('every trade the ledger lacks is listed exactly once; known trades never', () => {
    fc.assert(
      fc.property(agreeingDesk, fc.array(fc.boolean(), { maxLength: 40 }), fc.boolean(), ({ l, x, t }, keepMask, dropLedgerOrder) => {
        const kept = t.filter((_, i) => keepMask[i] ?? true);
        const k = known(...kept.map((tr) => tr.tradeId));
        const ledgerOrders = dropLedgerOrder ? l.slice(1) : l;
        const diffs = reconcile(ledgerOrders, x, t, k);
        const listed = diffs.flatMap((df) => (df.kind === 'MISSING_FILL' ? [df.trade.tradeId] : df.kind === 'UNKNOWN_TO_LEDGER' ? df.trades.map((tr) => tr.tradeId) : []));
        const lacking = t.filter((tr) => !k.has(tradeKey(tr.symbol, tr.tradeId))).map((tr) => tr.tradeId);
        expect([...listed].sort()).toEqual([...lacking].sort());
      }),
    );
  });
});
