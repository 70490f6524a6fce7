import { z } from 'zod';
import { Decimal, decimalField, positiveDecimal } from '../domain';

const symbolName = z.string().regex(/^[A-Z0-9]{2,12}\/[A-Z0-9]{2,12}$/, { message: "symbol must look like 'BTC/USDT'" });

/** What a trader gives to start a paper session (the session bar's form and the API share it). */
export const PaperSessionRequestSchema = z
  .object({
    symbols: z
      .array(
        z
          .object({
            symbol: symbolName,
            tick_size: positiveDecimal('tick_size').default(() => new Decimal('0.01')),
            step_size: positiveDecimal('step_size').default(() => new Decimal('0.00001')),
            min_quantity: positiveDecimal('min_quantity').default(() => new Decimal('0.00001')),
            min_notional: decimalField({ precision: true, min: { value: 0, inclusive: true, message: 'min_notional cannot be negative' } }).default(() => new Decimal('5')),
            /** Synthetic sources: the price the walk starts from. */
            start_price: positiveDecimal('start_price').optional(),
          })
          .strict(),
      )
      .min(1, { message: 'a paper session needs at least one symbol' }),
    balances: z.record(
      z.string().regex(/^[A-Z0-9]{2,12}$/, { message: 'asset must be upper-case letters/digits' }),
      decimalField({ precision: true, min: { value: 0, inclusive: true, message: 'a balance cannot be negative' } }),
    ),
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('synthetic'), seed: z.number().int().nonnegative().default(1) }).strict(),
      z.object({ kind: z.literal('csv'), path: z.string().min(1), text: z.string().optional() }).strict(),
    ]),
    speed: z.number().min(1, { message: 'speed must be between 1 and 100' }).max(100, { message: 'speed must be between 1 and 100' }).default(1),
    fidelity: z.enum(['realistic', 'optimistic']).default('realistic'),
    interval_ms: z.number().int().min(1000).max(86_400_000).default(60_000),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.source.kind === 'synthetic') {
      r.symbols.forEach((s, i) => {
        if (!s.start_price) ctx.addIssue({ code: 'custom', path: ['symbols', i, 'start_price'], message: 'a synthetic market needs a start_price' });
      });
    } else if (r.symbols.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['symbols'], message: 'a CSV replay drives exactly one symbol' });
    }
  });

export type PaperSessionRequest = z.output<typeof PaperSessionRequestSchema>;
export type PaperSessionRequestWire = z.input<typeof PaperSessionRequestSchema>;
