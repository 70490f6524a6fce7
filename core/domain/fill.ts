import { z } from 'zod';
import { nonNegativeDecimal, positiveDecimal } from './decimal';
import { Liquidity } from './enums';
import { idSchema } from './ids';
import { utcTimestamp } from './time';

/** Fill (seed 004, 1.1). trade_id is the exchange's: fills are de-duplicated by it. */
export const FillSchema = z
  .object({
    fill_id: idSchema('FILL', 'fill_id'),
    parent_order_id: idSchema('ORD', 'parent_order_id'),
    trade_id: z.string().min(1, { message: 'trade_id is required' }),
    price: positiveDecimal('price'),
    quantity: positiveDecimal('quantity'),
    fee: nonNegativeDecimal('fee'),
    fee_asset: z.string().min(1).nullable().optional(),
    liquidity: Liquidity.nullable().optional(),
    executed_at: utcTimestamp,
    /** Paper sessions: the named fidelity profile that produced the fill. */
    fidelity_profile: z.string().min(1).nullable().optional(),
  })
  .strict();

export type Fill = z.output<typeof FillSchema>;
export type FillWire = z.input<typeof FillSchema>;
