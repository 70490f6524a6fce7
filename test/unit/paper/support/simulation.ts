import fc from 'fast-check';
import { Decimal } from '../../../../core/domain/decimal';
import type { ExchangeTrade, PlaceOrderRequest } from '../../../../core/connectors/types';
import type { FidelityProfileName } from '../../../../core/connectors/paper/fidelity';
import { BTC, d, openExchange, type TestExchange } from './fixtures';
import type { BarSpec } from './scripted-source';

/** Random but reproducible sessions: a price walk and a sequence of client actions. */

export type Op =
  | { kind: 'limit'; side: 'BUY' | 'SELL'; offset: number; qty: number; tif: 'GTC' | 'IOC' | 'FOK' }
  | { kind: 'market'; side: 'BUY' | 'SELL'; qty: number }
  | { kind: 'stop'; side: 'BUY' | 'SELL'; offset: number; qty: number; limitOffset: number | null }
  | { kind: 'oco'; qty: number; up: number; down: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'modify'; pick: number; offset: number; qty: number | null }
  | { kind: 'wait'; ms: number };

const side = fc.constantFrom('BUY' as const, 'SELL' as const);
const qty = fc.integer({ min: 1, max: 15_000 }); // steps of 0.0001 BTC: up to 1.5 BTC
const offset = fc.integer({ min: -400, max: 400 }); // whole USDT from the last close

export const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('limit' as const), side, offset, qty, tif: fc.constantFrom('GTC' as const, 'GTC' as const, 'IOC' as const, 'FOK' as const) }),
  fc.record({ kind: fc.constant('market' as const), side, qty }),
  fc.record({ kind: fc.constant('stop' as const), side, offset, qty, limitOffset: fc.option(fc.integer({ min: -100, max: 100 })) }),
  fc.record({ kind: fc.constant('oco' as const), qty, up: fc.integer({ min: 1, max: 400 }), down: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), offset, qty: fc.option(qty) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 150_000 }) }),
);

/** A walk of bars from 20,000: each step moves the close and spreads high/low around the body. */
export const barsArb: fc.Arbitrary<BarSpec[]> = fc
  .array(
    fc.record({
      move: fc.integer({ min: -300, max: 300 }),
      up: fc.integer({ min: 0, max: 200 }),
      down: fc.integer({ min: 0, max: 200 }),
      volume: fc.integer({ min: 0, max: 40 }),
      size: fc.integer({ min: 1, max: 30 }),
    }),
    { minLength: 3, maxLength: 12 },
  )
  .map((steps) => {
    let price = 20_000;
    return steps.map((s) => {
      const open = price;
      const close = Math.max(1_000, price + s.move);
      price = close;
      return {
        open: String(open),
        high: String(Math.max(open, close) + s.up),
        low: String(Math.min(open, close) - s.down),
        close: String(close),
        volume: String(s.volume),
        topSize: String(s.size / 10),
      };
    });
  });

export const BALANCES = { USDT: '40000', BTC: '1.5' } as const;

/** Run the ops on a fresh exchange; the caller's `check` runs after every op. */
export async function simulate(
  bars: readonly BarSpec[],
  ops: readonly Op[],
  seed: number,
  fidelity: FidelityProfileName,
  check: (t: TestExchange) => Promise<void> = async () => {},
): Promise<TestExchange> {
  const t = openExchange({ script: { [BTC.symbol]: bars }, seed, fidelity, balances: BALANCES });
  const placed: string[] = [];
  let n = 0;
  const id = () => `ORD_SIM_${++n}`;
  const ref = () => t.exchange.lastBar(BTC.symbol)?.close ?? d(20_000);
  const at = (o: number) => Decimal.max(d('100'), ref().plus(o));
  const place = (r: Omit<PlaceOrderRequest, 'clientOrderId' | 'symbol'> & { clientOrderId?: string }) => {
    const clientOrderId = r.clientOrderId ?? id();
    placed.push(clientOrderId);
    void t.exchange.place({ ...r, clientOrderId, symbol: BTC.symbol });
  };
  for (const op of ops) {
    const q = d(op.kind === 'cancel' || op.kind === 'wait' || op.kind === 'modify' ? 1 : op.qty).mul(BTC.stepSize);
    switch (op.kind) {
      case 'limit':
        place({ side: op.side, type: 'LIMIT', quantity: q, price: at(op.offset), timeInForce: op.tif });
        break;
      case 'market':
        place({ side: op.side, type: 'MARKET', quantity: q });
        break;
      case 'stop': {
        const stopPrice = at(op.offset);
        if (op.limitOffset === null) place({ side: op.side, type: 'STOP_MARKET', quantity: q, stopPrice });
        else place({ side: op.side, type: 'STOP_LIMIT', quantity: q, stopPrice, price: Decimal.max(d('100'), stopPrice.plus(op.limitOffset)) });
        break;
      }
      case 'oco': {
        const [a, b] = [id(), id()];
        place({ clientOrderId: a, side: 'SELL', type: 'LIMIT', quantity: q, price: at(op.up), ocoWith: b });
        place({ clientOrderId: b, side: 'SELL', type: 'STOP_MARKET', quantity: q, stopPrice: at(-op.down), ocoWith: a });
        break;
      }
      case 'cancel': {
        const target = placed[op.pick % Math.max(1, placed.length)];
        if (target !== undefined) void t.exchange.cancel(target, BTC.symbol);
        break;
      }
      case 'modify': {
        const target = placed[op.pick % Math.max(1, placed.length)];
        const found = target === undefined ? undefined : await t.exchange.findOrder(target, BTC.symbol);
        if (found?.ok && found.value.price !== undefined) {
          void t.exchange.modify(
            { clientOrderId: found.value.clientOrderId, price: at(op.offset), ...(op.qty !== null ? { quantity: d(op.qty).mul(BTC.stepSize) } : {}) },
            BTC.symbol,
          );
        }
        break;
      }
      case 'wait':
        await t.clock.advanceAsync(op.ms);
        break;
    }
    await check(t);
  }
  await t.clock.advanceAsync(bars.length * 60_000 + 1_000);
  await check(t);
  return t;
}

/** A trade as plain strings, field by field. */
export function tradeFields(t: ExchangeTrade): Record<string, string | number | undefined> {
  return {
    tradeId: t.tradeId,
    clientOrderId: t.clientOrderId,
    exchangeOrderId: t.exchangeOrderId,
    symbol: t.symbol,
    side: t.side,
    price: t.price.toFixed(),
    quantity: t.quantity.toFixed(),
    fee: t.fee.toFixed(),
    feeAsset: t.feeAsset,
    liquidity: t.liquidity,
    time: t.time,
    fidelityProfile: t.fidelityProfile,
  };
}
