import { z } from 'zod';
import { PlanDirection, PlanStatus } from './enums';
import { idSchema } from './ids';
import { utcTimestamp } from './time';

/** TradePlan (seed 004, 1.1): the level-1 container, owned by the ledger. */
export const TradePlanSchema = z
  .object({
    plan_id: idSchema('TPL', 'plan_id'),
    strategy_instance_id: z.string().min(1, { message: 'strategy_instance_id is required' }),
    asset_symbol: z.string().min(1, { message: 'asset_symbol is required' }),
    status: PlanStatus,
    direction: PlanDirection,
    comments: z.string().nullable().optional(),
    created_at: utcTimestamp,
    updated_at: utcTimestamp,
    closed_at: utcTimestamp.nullable().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.updated_at.getTime() < p.created_at.getTime()) {
      ctx.addIssue({ code: 'custom', path: ['updated_at'], message: 'updated_at cannot be before created_at' });
    }
    if (p.status === 'CLOSED' && !p.closed_at) {
      ctx.addIssue({ code: 'custom', path: ['closed_at'], message: 'CLOSED status requires closed_at timestamp' });
    }
    if (p.status === 'ACTIVE' && p.closed_at) {
      ctx.addIssue({ code: 'custom', path: ['closed_at'], message: 'ACTIVE plan cannot have closed_at' });
    }
  });

export type TradePlan = z.output<typeof TradePlanSchema>;
