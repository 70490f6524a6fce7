import { z } from 'zod';

// Frozen like the chain itself: a causality record is an audit fact.
const idList = z.array(z.string().min(1)).readonly();

/**
 * CausalityChain: IDs only, from the run's birth (tick, news, schedule) to
 * the directive. The seeds' platform writes it two ways (birth ids, or an
 * `origin` object with `signal_ids`); both parse. Its newest version also
 * serialises risk_ids, execution_command_id, order_ids and fill_ids (empty
 * lists / null by default), so those are known keys here. Unknown keys are
 * refused.
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
    risk_ids: idList.optional(),
    strategy_directive_id: z.string().min(1).nullable().optional(),
    entry_plan_id: z.string().min(1).nullable().optional(),
    size_plan_id: z.string().min(1).nullable().optional(),
    exit_plan_id: z.string().min(1).nullable().optional(),
    execution_plan_id: z.string().min(1).nullable().optional(),
    execution_directive_id: z.string().min(1).nullable().optional(),
    execution_command_id: z.string().min(1).nullable().optional(),
    order_ids: idList.optional(),
    fill_ids: idList.optional(),
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
