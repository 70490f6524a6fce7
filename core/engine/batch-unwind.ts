import { decodeWire, Decimal, ExecutionCommandSchema, generateId, toWire, CausalityChainSchema, type ExecutionCommand } from '../domain';
import type { BatchCommandOutcome, BatchUnwind } from './batch-outcome';
import type { BatchContext } from './batch-context';
import { errorText } from './batch-context';
import { planPosition } from './positions';

/** The urgent close that flattens a plan: CLOSE_EXISTING with a SINGLE market order, same causality. */
function unwindCommand(original: ExecutionCommand, planId: string, nowMs: number): ExecutionCommand {
  return decodeWire(
    ExecutionCommandSchema,
    {
      command_id: generateId('EXC', nowMs),
      causality: toWire(CausalityChainSchema, original.causality),
      scope: 'CLOSE_EXISTING',
      target_plan_id: planId,
      execution_plan: {
        plan_id: generateId('EXP', nowMs),
        action: 'EXECUTE_TRADE',
        execution_urgency: '1',
        preferred_execution_style: 'SINGLE',
      },
    },
    'ExecutionCommand',
  );
}

/** Flatten one command's plan and wait for the close to end; journaled as BATCH_UNWIND. */
async function flatten(ctx: BatchContext, original: ExecutionCommand, planId: string): Promise<BatchUnwind> {
  const { ledger } = ctx.host;
  const quantity = planPosition(ledger, planId);
  let unwindId: string | null = null;
  let groupIds: string[] = [];
  let message: string;
  try {
    const cmd = unwindCommand(original, planId, ctx.host.clock.now());
    unwindId = cmd.command_id;
    const out = await ctx.host.run(cmd);
    groupIds = [...out.groupIds];
    await Promise.all(groupIds.map((g) => ctx.watcher.terminal(g)));
    const left = planPosition(ledger, planId);
    message = !left.isZero()
      ? `position ${left.toFixed()} left after the close`
      : quantity.isZero()
        ? 'nothing was filled: plan closed'
        : `flattened ${quantity.toFixed()}`;
  } catch (e) {
    message = `the close was refused: ${errorText(e)}`;
  }
  const status = planPosition(ledger, planId).isZero() ? 'FLAT' : 'NOT_FLAT';
  const unwind: BatchUnwind = { command_id: original.command_id, plan_id: planId, unwind_command_id: unwindId, group_ids: groupIds, quantity, status, message };
  ledger.journal.record({
    kind: 'BATCH_UNWIND',
    directiveId: ctx.directiveId,
    commandId: original.command_id,
    planId,
    message: `${ctx.batch.batch_id}: ${original.command_id} ${status}: ${message}`,
    data: { batch_id: ctx.batch.batch_id, unwind_command_id: unwindId, group_ids: groupIds, quantity: quantity.toFixed(), status },
  });
  return unwind;
}

function filledOf(ctx: BatchContext, groupIds: readonly string[]): Decimal {
  return groupIds.reduce((sum, g) => sum.plus(ctx.host.ledger.getGroup(g)?.filled_quantity ?? 0), new Decimal(0));
}

/**
 * COORDINATED after a failure or timeout (seed 003: cancel/revert the
 * others). Every command's groups were cancelled already; here each NEW_TRADE
 * plan of the batch is flattened (the failed one's too: a pair trade is all
 * or nothing), in parallel. A command whose effect was undone is CANCELLED.
 * A scale-in (MODIFY_EXISTING) is not flattened, since a CLOSE_EXISTING
 * would close the whole plan, not only its part: that is journaled
 * (BATCH_UNWIND_SKIPPED) for the trader. Cancels, modifications and closes
 * cannot be reverted and keep their status.
 */
export async function unwindBatch(
  ctx: BatchContext,
  results: readonly BatchCommandOutcome[],
): Promise<{ results: BatchCommandOutcome[]; unwinds: BatchUnwind[] }> {
  const unwinds: BatchUnwind[] = [];
  const next = await Promise.all(
    ctx.batch.commands.map(async (c, i): Promise<BatchCommandOutcome> => {
      const r = results[i] as BatchCommandOutcome;
      const trades = (c.execution_plan?.action ?? 'EXECUTE_TRADE') === 'EXECUTE_TRADE';
      if (!trades || !r.planId) return r;
      if ((c.scope ?? 'NEW_TRADE') !== 'NEW_TRADE') {
        const filled = filledOf(ctx, r.groupIds);
        if ((c.scope ?? 'NEW_TRADE') === 'MODIFY_EXISTING' && filled.gt(0)) {
          ctx.host.ledger.journal.record({
            kind: 'BATCH_UNWIND_SKIPPED',
            directiveId: ctx.directiveId,
            commandId: c.command_id,
            planId: r.planId,
            message: `${ctx.batch.batch_id}: ${c.command_id} filled ${filled.toFixed()} into an existing plan; not flattened (a close would take the whole plan)`,
            data: { batch_id: ctx.batch.batch_id, filled: filled.toFixed() },
          });
        }
        return r;
      }
      const u = await flatten(ctx, c, r.planId);
      unwinds[i] = u;
      return { ...r, status: r.status === 'SUCCEEDED' ? 'CANCELLED' : r.status, message: `${r.message}; unwound: ${u.message}` };
    }),
  );
  return { results: next, unwinds: unwinds.filter((u) => u !== undefined) };
}
