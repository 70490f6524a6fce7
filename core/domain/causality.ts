import { z } from 'zod';

const idList = z.array(z.string().min(1));

/**
 * CausalityChain: IDs only, from the run's birth (tick, news, schedule) to
 * the directive. The seeds' platform writes it two ways (birth ids, or an
 * `origin` object with `signal_ids`); both parse. Unknown keys are refused.
 */
export const CausalityChainSchema = z
  .object({
    tick_id: z.string().min(1).nullable().optional(),
    news_id: z.string().min(1).nullable().optional(),
    schedule_id: z.string().min(1).nullable().optional(),
    origin: z
      .object({ id: z.string().min(1), type: z.enum(['TICK', 'NEWS', 'SCHEDULE', 'MANUAL']) })
      .strict()
      .nullable()
      .optional(),
    opportunity_signal_ids: idList.optional(),
    signal_ids: idList.optional(),
    threat_ids: idList.optional(),
    strategy_directive_id: z.string().min(1).nullable().optional(),
    entry_plan_id: z.string().min(1).nullable().optional(),
    size_plan_id: z.string().min(1).nullable().optional(),
    exit_plan_id: z.string().min(1).nullable().optional(),
    execution_plan_id: z.string().min(1).nullable().optional(),
    execution_directive_id: z.string().min(1).nullable().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.tick_id && !c.news_id && !c.schedule_id && !c.origin) {
      ctx.addIssue({
        code: 'custom',
        message: 'CausalityChain requires at least one birth ID (tick_id, news_id, or schedule_id)',
      });
    }
  })
  .readonly();

export type CausalityChain = z.output<typeof CausalityChainSchema>;
