import { z } from 'zod';
import { CausalityChainSchema } from './causality';
import { decimalField, unitIntervalDecimal } from './decimal';
import { BatchExecutionMode, DirectiveScope } from './enums';
import { idPattern, idSchema } from './ids';
import { utcTimestamp } from './time';

/** A batch's time bound, in whole seconds; the policy's and the batch's are the same field (seed 003). */
export const timeoutSeconds = z
  .number()
  .int({ message: 'timeout_seconds must be a whole number' })
  .positive({ message: 'timeout_seconds must be positive' })
  .nullable()
  .optional();

/** ExecutionPolicy (seed 003, 2.2): travels unchanged to the batch. */
export const ExecutionPolicySchema = z
  .object({
    mode: BatchExecutionMode.default('INDEPENDENT'),
    timeout_seconds: timeoutSeconds,
  })
  .strict()
  .readonly();

export type ExecutionPolicy = z.output<typeof ExecutionPolicySchema>;

const nonNegative = (what: string) =>
  decimalField({ precision: true, min: { value: 0, inclusive: true, message: `${what} cannot be negative` } });
const positive = (what: string) =>
  decimalField({ precision: true, min: { value: 0, inclusive: false, message: `${what} must be positive` } });

/** Sub-directives: constraints and hints for each planner, as the seeds' platform writes them. */
export const EntryDirectiveSchema = z
  .object({
    symbol: z.string().min(1),
    direction: z.enum(['BUY', 'SELL']),
    timing_preference: unitIntervalDecimal('timing_preference').optional(),
    preferred_price_zone: z
      .tuple([positive('preferred_price_zone'), positive('preferred_price_zone')])
      .readonly()
      .nullable()
      .optional(),
    max_acceptable_slippage: nonNegative('max_acceptable_slippage').optional(),
  })
  .strict()
  .readonly();

export const SizeDirectiveSchema = z
  .object({
    aggressiveness: unitIntervalDecimal('aggressiveness').optional(),
    max_risk_amount: positive('max_risk_amount').optional(),
    account_risk_pct: unitIntervalDecimal('account_risk_pct').optional(),
  })
  .strict()
  .readonly();

export const ExitDirectiveSchema = z
  .object({
    profit_taking_preference: unitIntervalDecimal('profit_taking_preference').optional(),
    risk_reward_ratio: positive('risk_reward_ratio').optional(),
    stop_loss_tolerance: nonNegative('stop_loss_tolerance').optional(),
  })
  .strict()
  .readonly();

export const RoutingDirectiveSchema = z
  .object({
    execution_urgency: unitIntervalDecimal('execution_urgency').optional(),
    iceberg_preference: unitIntervalDecimal('iceberg_preference').nullable().optional(),
    max_total_slippage_pct: nonNegative('max_total_slippage_pct').optional(),
  })
  .strict()
  .readonly();

/**
 * StrategyDirective: the WHAT (scope) from a strategy planner. target_plan_ids
 * name the TradePlans a MODIFY_EXISTING / CLOSE_EXISTING acts on.
 */
export const StrategyDirectiveSchema = z
  .object({
    directive_id: idSchema('STR', 'directive_id'),
    strategy_planner_id: z.string().min(1, { message: 'strategy_planner_id is required' }),
    decision_timestamp: utcTimestamp,
    causality: CausalityChainSchema,
    scope: DirectiveScope,
    confidence: unitIntervalDecimal('confidence'),
    target_plan_ids: z
      .array(z.string().regex(idPattern('TPL'), { message: 'target_plan_ids must contain TPL_ ids' }))
      .default([])
      .readonly(),
    entry_directive: EntryDirectiveSchema.nullable().optional(),
    size_directive: SizeDirectiveSchema.nullable().optional(),
    exit_directive: ExitDirectiveSchema.nullable().optional(),
    routing_directive: RoutingDirectiveSchema.nullable().optional(),
    execution_policy: ExecutionPolicySchema.nullable().optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.scope !== 'NEW_TRADE' && d.target_plan_ids.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['target_plan_ids'], message: `target_plan_ids must not be empty for scope ${d.scope}` });
    }
    if (d.scope === 'NEW_TRADE' && d.target_plan_ids.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['target_plan_ids'], message: 'target_plan_ids must be empty for NEW_TRADE scope' });
    }
    if (new Set(d.target_plan_ids).size !== d.target_plan_ids.length) {
      ctx.addIssue({ code: 'custom', path: ['target_plan_ids'], message: 'target_plan_ids must contain unique values' });
    }
  })
  .readonly();

export type StrategyDirective = z.output<typeof StrategyDirectiveSchema>;
