import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Decimal } from '../../../core/domain';
import { encodeSimOrder, SimOrderSchema, type SimOrder } from '../../../core/connectors/paper/state';

const decimal = fc
  .tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 8 - 1 }), fc.integer({ min: 0, max: 12 }))
  .map(([i, f, shift]) => new Decimal(`${i}.${String(f).padStart(8, '0')}`).div(new Decimal(10).pow(shift)));

const simOrder: fc.Arbitrary<SimOrder> = fc.record(
  {
    clientOrderId: fc.constantFrom('ORD_20260105_090000_aaaaa', 'c-1'),
    exchangeOrderId: fc.constantFrom('PAPER-1', 'PAPER-99'),
    symbol: fc.constant('BTC/USDT'),
    side: fc.constantFrom('BUY', 'SELL'),
    type: fc.constantFrom('MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT'),
    timeInForce: fc.constantFrom('GTC', 'IOC', 'FOK'),
    quantity: decimal,
    price: decimal,
    stopPrice: decimal,
    status: fc.constantFrom('NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'REJECTED', 'EXPIRED'),
    filledQuantity: decimal,
    filledQuote: decimal,
    triggered: fc.boolean(),
    ocoWith: fc.constant('ORD_20260105_090000_bbbbb'),
    holdId: fc.constant('HOLD-1'),
    priority: fc.nat(),
    createdAt: fc.integer({ min: 0, max: 2 ** 42 }),
    updatedAt: fc.integer({ min: 0, max: 2 ** 42 }),
  },
  { requiredKeys: ['clientOrderId', 'exchangeOrderId', 'symbol', 'side', 'type', 'timeInForce', 'quantity', 'status', 'filledQuantity', 'filledQuote', 'triggered', 'priority', 'createdAt', 'updatedAt'] },
) as fc.Arbitrary<SimOrder>;

describe('encodeSimOrder', () => {
  it('prints what z.encode(SimOrderSchema) prints, for any order (property)', () => {
    fc.assert(
      fc.property(simOrder, (o) => {
        expect(encodeSimOrder(o)).toEqual(z.encode(SimOrderSchema, o));
      }),
      { numRuns: 300 },
    );
  });
});
