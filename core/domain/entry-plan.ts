import { z } from 'zod';
import { positiveDecimal } from './decimal';
import { EntryOrderType, PlanDirection } from './enums';
import { idSchema } from './ids';

/**
 * EntryPlan: WHAT/WHERE to enter. MARKET has no prices; LIMIT needs
 * limit_price; STOP (a stop-market entry) needs stop_price; STOP_LIMIT needs both.
 */
export const EntryPlanSchema = z
  .object({
    plan_id: idSchema('ENT', 'plan_id'),
    symbol: z.string().min(1, { message: 'symbol is required' }),
    direction: PlanDirection,
    order_type: EntryOrderType,
    limit_price: positiveDecimal('limit_price').nullable().optional(),
    stop_price: positiveDecimal('stop_price').nullable().optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const needsLimit = e.order_type === 'LIMIT' || e.order_type === 'STOP_LIMIT';
    const needsStop = e.order_type === 'STOP' || e.order_type === 'STOP_LIMIT';
    if (needsLimit && !e.limit_price) {
      ctx.addIssue({ code: 'custom', path: ['limit_price'], message: `${e.order_type} entry requires limit_price` });
    }
    if (!needsLimit && e.limit_price) {
      ctx.addIssue({ code: 'custom', path: ['limit_price'], message: `${e.order_type} entry cannot have limit_price` });
    }
    if (needsStop && !e.stop_price) {
      ctx.addIssue({ code: 'custom', path: ['stop_price'], message: `${e.order_type} entry requires stop_price` });
    }
    if (!needsStop && e.stop_price) {
      ctx.addIssue({ code: 'custom', path: ['stop_price'], message: `${e.order_type} entry cannot have stop_price` });
    }
  })
  .readonly();

export type EntryPlan = z.output<typeof EntryPlanSchema>;
