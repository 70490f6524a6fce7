import { z } from 'zod';
import { decimalField, positiveDecimal } from './decimal';
import { idSchema } from './ids';

/** SizePlan: HOW MUCH, in base-asset units; value, risk and leverage as the seeds' platform writes them. */
export const SizePlanSchema = z
  .object({
    plan_id: idSchema('SIZ', 'plan_id'),
    position_size: positiveDecimal('position_size'),
    position_value: positiveDecimal('position_value').nullable().optional(),
    risk_amount: positiveDecimal('risk_amount').nullable().optional(),
    leverage: decimalField({
      precision: true,
      min: { value: 1, inclusive: true, message: 'leverage must be at least 1' },
    })
      .nullable()
      .optional(),
  })
  .strict()
  .readonly();

export type SizePlan = z.output<typeof SizePlanSchema>;
