import { z } from 'zod';
import { positiveDecimal } from './decimal';
import { idSchema } from './ids';

/**
 * ExitPlan: WHERE OUT. Both levels optional so a MODIFY_EXISTING can move
 * one of them (a trailing stop); at least one is required.
 */
export const ExitPlanSchema = z
  .object({
    plan_id: idSchema('EXT', 'plan_id'),
    stop_loss_price: positiveDecimal('stop_loss_price').nullable().optional(),
    take_profit_price: positiveDecimal('take_profit_price').nullable().optional(),
  })
  .strict()
  .superRefine((x, ctx) => {
    if (!x.stop_loss_price && !x.take_profit_price) {
      ctx.addIssue({ code: 'custom', message: 'ExitPlan requires stop_loss_price or take_profit_price' });
    }
  })
  .readonly();

export type ExitPlan = z.output<typeof ExitPlanSchema>;
