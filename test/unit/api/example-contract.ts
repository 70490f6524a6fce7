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
  status: z.object({ connected: z.boolean(), last: decimalString }).strict(),
});
export type ExampleContract = typeof exampleContract;

export const PRICE = new Decimal('27123.45');

/** A host status source like the engine's: current value on watch, then each `set`. */
export class FakeStatus {
  private current = { connected: false, last: new Decimal('0') };
  private readonly listeners = new Set<(s: { connected: boolean; last: Decimal }) => void>();
  get watcherCount(): number {
    return this.listeners.size;
  }
  set(connected: boolean, last: string): void {
    this.current = { connected, last: new Decimal(last) };
    for (const l of this.listeners) l(this.current);
  }
  readonly source = (push: (s: { connected: boolean; last: Decimal }) => void): (() => void) => {
    push(this.current);
    this.listeners.add(push);
    return () => void this.listeners.delete(push);
  };
}

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
