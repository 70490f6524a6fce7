import { z } from 'zod';
import { unitIntervalDecimal } from './decimal';
import { ChunkDistribution, ExecutionAction } from './enums';
import { idSchema } from './ids';

/**
 * ExecutionPlan (seed 002): HOW/WHEN, connector-agnostic, frozen.
 * Constraints (MUST): max_slippage_pct, must_complete_immediately,
 * max_execution_window_minutes, min_fill_ratio.
 * Hints (MAY): preferred_execution_style, chunk_count_hint, chunk_distribution.
 */
export const ExecutionPlanSchema = z
  .object({
    plan_id: idSchema('EXP', 'plan_id'),
    action: ExecutionAction.default('EXECUTE_TRADE'),
    execution_urgency: unitIntervalDecimal('execution_urgency').nullable().optional(),
    visibility_preference: unitIntervalDecimal('visibility_preference').nullable().optional(),
    max_slippage_pct: unitIntervalDecimal('max_slippage_pct').nullable().optional(),
    must_complete_immediately: z.boolean().default(false),
    max_execution_window_minutes: z
      .number()
      .int({ message: 'max_execution_window_minutes must be a whole number' })
      .positive({ message: 'max_execution_window_minutes must be positive' })
      .nullable()
      .optional(),
    // A hint the translator MAY interpret (seed 002: "TWAP", "VWAP", etc.);
    // the seeds' platform writes others too ("PRIVATE_MEMPOOL"), so any name.
    preferred_execution_style: z.string().min(1).nullable().optional(),
    chunk_count_hint: z
      .number()
      .int({ message: 'chunk_count_hint must be a whole number' })
      .positive({ message: 'chunk_count_hint must be positive' })
      .nullable()
      .optional(),
    chunk_distribution: ChunkDistribution.nullable().optional(),
    min_fill_ratio: unitIntervalDecimal('min_fill_ratio').nullable().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.must_complete_immediately && p.max_execution_window_minutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['max_execution_window_minutes'],
        message: 'must_complete_immediately cannot be combined with an execution window',
      });
    }
  })
  .readonly();

export type ExecutionPlan = z.output<typeof ExecutionPlanSchema>;
export type ExecutionPlanWire = z.input<typeof ExecutionPlanSchema>;
