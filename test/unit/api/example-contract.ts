// A small contract standing in for the real one (core/api/contract.ts, written
// by the lead) so the machinery and both transports can be tested now.
import { z } from 'zod';
import { defineContract, type Handlers } from '../../../core/api/define';
import { ApiError } from '../../../core/api/errors';
import { Decimal, decimalField } from '../../../core/domain/decimal';

/** The domain's codec: Decimal in code, canonical decimal string on the wire. */
const decimalString = decimalField();

export const exampleContract = defineContract({
  commands: {
    cancelGroup: {
      input: z.object({ groupId: z.string().regex(/^EXG_[A-Z0-9]+$/) }),
      output: z.object({ groupId: z.string(), cancelledOrders: z.number().int(), filled: decimalString }),
    },
    quote: {
      input: z.object({ symbol: z.string().min(1), quantity: decimalString }),
      output: z.object({ notional: decimalString }),
    },
    ping: { input: z.undefined(), output: z.literal('pong') },
  },
  event: z.discriminatedUnion('type', [
    z.object({ type: z.literal('groupCancelled'), groupId: z.string(), filled: decimalString }),
    z.object({ type: z.literal('fill'), orderId: z.string(), price: decimalString }),
  ]),
});
export type ExampleContract = typeof exampleContract;

export const PRICE = new Decimal('27123.45');

/** Fake handlers: an unknown group is NOT_FOUND, EXG_BOOM is an unexpected failure. */
export function exampleHandlers(calls: unknown[] = []): Handlers<ExampleContract> {
  return {
    cancelGroup: async ({ groupId }) => {
      calls.push(groupId);
      if (groupId === 'EXG_MISSING') throw new ApiError('NOT_FOUND', `no group ${groupId}`);
      if (groupId === 'EXG_BOOM') throw new Error('disk on fire');
      return { groupId, cancelledOrders: 2, filled: new Decimal('0.12345678') };
    },
    quote: async ({ quantity }) => {
      calls.push(quantity);
      return { notional: quantity.times(PRICE).toDecimalPlaces(8) };
    },
    ping: async () => 'pong' as const,
  };
}
