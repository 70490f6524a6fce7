import { z } from 'zod';
import { CausalityChainSchema } from './causality';
import { DirectiveScope } from './enums';
import { EntryPlanSchema } from './entry-plan';
import { ExecutionPlanSchema } from './execution-plan';
import { ExitPlanSchema } from './exit-plan';
import { idPattern, idSchema } from './ids';
import { SizePlanSchema } from './size-plan';

/**
 * The four plans plus what Ledgerdesk needs to address existing state:
 * `scope` (default NEW_TRADE) and the targets a MODIFY/CLOSE/CANCEL acts on.
 * Shared by ExecutionDirective (seed 004) and ExecutionCommand (seed 003).
 */
const planFields = {
  causality: CausalityChainSchema,
  entry_plan: EntryPlanSchema.nullable().optional(),
  size_plan: SizePlanSchema.nullable().optional(),
  exit_plan: ExitPlanSchema.nullable().optional(),
  execution_plan: ExecutionPlanSchema.nullable().optional(),
  scope: DirectiveScope.optional(),
  target_plan_id: idSchema('TPL', 'target_plan_id').nullable().optional(),
  target_group_id: idSchema('EXG', 'target_group_id').nullable().optional(),
  target_order_ids: z
    .array(z.string().regex(idPattern('ORD'), { message: 'target_order_ids must contain ORD_ ids' }))
    .readonly()
    .optional(),
};

interface PlanBearing {
  entry_plan?: unknown;
  size_plan?: unknown;
  exit_plan?: unknown;
  execution_plan?: { action: string } | null | undefined;
  scope?: DirectiveScope | undefined;
  target_plan_id?: string | null | undefined;
  target_group_id?: string | null | undefined;
  target_order_ids?: readonly string[] | undefined;
}

function checkPlans(entity: string, d: PlanBearing, ctx: z.RefinementCtx): void {
  if (!d.entry_plan && !d.size_plan && !d.exit_plan && !d.execution_plan) {
    ctx.addIssue({
      code: 'custom',
      message: `${entity} must contain at least one plan (entry_plan, size_plan, exit_plan, or execution_plan)`,
    });
  }
  const scope = d.scope ?? 'NEW_TRADE';
  if (scope !== 'NEW_TRADE' && !d.target_plan_id) {
    ctx.addIssue({ code: 'custom', path: ['target_plan_id'], message: `target_plan_id is required for scope ${scope}` });
  }
  const action = d.execution_plan?.action;
  if (action === 'CANCEL_GROUP' && !d.target_group_id) {
    ctx.addIssue({ code: 'custom', path: ['target_group_id'], message: 'CANCEL_GROUP requires target_group_id' });
  }
  if (action === 'CANCEL_ALL_IN_PLAN' && !d.target_plan_id) {
    ctx.addIssue({ code: 'custom', path: ['target_plan_id'], message: 'CANCEL_ALL_IN_PLAN requires target_plan_id' });
  }
  if ((action === 'CANCEL_ORDER' || action === 'MODIFY_ORDER') && (d.target_order_ids?.length ?? 0) === 0) {
    ctx.addIssue({ code: 'custom', path: ['target_order_ids'], message: `${action} requires target_order_ids` });
  }
  if (action === 'MODIFY_ORDERS' && !d.target_group_id) {
    ctx.addIssue({ code: 'custom', path: ['target_group_id'], message: 'MODIFY_ORDERS requires target_group_id' });
  }
  // Whether a NEW_TRADE carries enough plans to trade is the worker's call,
  // not the schema's: the seeds' platform sends partial commands too.
}

/** ExecutionDirective (seed 004, 3.2): frozen; at least one plan. */
export const ExecutionDirectiveSchema = z
  .object({ directive_id: idSchema('EXE', 'directive_id'), ...planFields })
  .strict()
  .superRefine((d, ctx) => checkPlans('ExecutionDirective', d, ctx))
  .readonly();

export type ExecutionDirective = z.output<typeof ExecutionDirectiveSchema>;
export type ExecutionDirectiveWire = z.input<typeof ExecutionDirectiveSchema>;

/** ExecutionCommand (seed 003): a directive as a member of a batch. */
export const ExecutionCommandSchema = z
  .object({ command_id: idSchema('EXC', 'command_id'), ...planFields })
  .strict()
  .superRefine((d, ctx) => checkPlans('ExecutionCommand', d, ctx))
  .readonly();

export type ExecutionCommand = z.output<typeof ExecutionCommandSchema>;
export type ExecutionCommandWire = z.input<typeof ExecutionCommandSchema>;
