import { z } from 'zod';
import { nonNegativeDecimal, positiveDecimal } from './decimal';
import { ExecutionStrategyType, GroupStatus } from './enums';
import { idPattern, idSchema } from './ids';
import { utcTimestamp } from './time';

/** Strategies driven by a total quantity (seed 001, 3.3, with DCA removed and VWAP/POV added). */
export const QUANTITY_DRIVEN_STRATEGIES: readonly ExecutionStrategyType[] = ['TWAP', 'VWAP', 'LAYERED', 'POV'];

const orderIdPattern = idPattern('ORD');

// Statuses only reachable through ACTIVE (a first order was placed). A group
// cancelled or failed straight from PENDING legitimately has no order.
const STATUSES_AFTER_FIRST_ORDER: readonly GroupStatus[] = ['ACTIVE', 'COMPLETED', 'PARTIAL'];

/** The fields of a group, before the cross-field rules. */
export const ExecutionGroupShape = z
  .object({
    group_id: idSchema('EXG', 'group_id'),
    parent_plan_id: idSchema('TPL', 'parent_plan_id'),
    execution_strategy: ExecutionStrategyType,
    order_ids: z
      .array(z.string().regex(orderIdPattern, { message: 'order_ids must contain ORD_ ids' }))
      .refine((ids) => new Set(ids).size === ids.length, { message: 'order_ids must contain unique values' }),
    status: GroupStatus,
    created_at: utcTimestamp,
    updated_at: utcTimestamp,
    target_quantity: positiveDecimal('target_quantity').nullable().optional(),
    filled_quantity: nonNegativeDecimal('filled_quantity').nullable().optional(),
    cancelled_at: utcTimestamp.nullable().optional(),
    completed_at: utcTimestamp.nullable().optional(),
  })
  .strict();

type GroupFields = z.output<typeof ExecutionGroupShape>;

/** Cross-field and strategy rules of seeds 000/001, with their error messages. */
export function groupRuleViolations(g: GroupFields): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (g.filled_quantity && g.target_quantity && g.filled_quantity.gt(g.target_quantity)) {
    out.push({ path: 'filled_quantity', message: 'filled_quantity cannot exceed target_quantity' });
  }
  if (g.cancelled_at && g.completed_at) {
    out.push({ path: 'cancelled_at', message: 'Group cannot be both cancelled and completed' });
  }
  if (g.status === 'CANCELLED' && !g.cancelled_at) {
    out.push({ path: 'cancelled_at', message: 'CANCELLED status requires cancelled_at timestamp' });
  }
  if (g.status === 'COMPLETED' && !g.completed_at) {
    out.push({ path: 'completed_at', message: 'COMPLETED status requires completed_at timestamp' });
  }
  if (g.updated_at.getTime() < g.created_at.getTime()) {
    out.push({ path: 'updated_at', message: 'updated_at cannot be before created_at' });
  }
  if (g.execution_strategy === 'SINGLE') {
    if (g.order_ids.length > 1) {
      out.push({ path: 'order_ids', message: 'SINGLE strategy must have at most 1 order' });
    } else if (STATUSES_AFTER_FIRST_ORDER.includes(g.status) && g.order_ids.length !== 1) {
      out.push({ path: 'order_ids', message: 'SINGLE strategy must have exactly 1 order once active' });
    }
  }
  if (QUANTITY_DRIVEN_STRATEGIES.includes(g.execution_strategy) && !g.target_quantity) {
    out.push({
      path: 'target_quantity',
      message: `target_quantity must be set for quantity-driven strategy ${g.execution_strategy}`,
    });
  }
  return out;
}

/** ExecutionGroup (seed 000 v1.1): parent_plan_id, no metadata, no DCA. */
export const ExecutionGroupSchema = ExecutionGroupShape.superRefine((g, ctx) => {
  for (const v of groupRuleViolations(g)) ctx.addIssue({ code: 'custom', path: [v.path], message: v.message });
});

export type ExecutionGroup = z.output<typeof ExecutionGroupSchema>;
export type ExecutionGroupWire = z.input<typeof ExecutionGroupSchema>;
