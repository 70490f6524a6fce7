import { z } from 'zod';
import { createBatch, type ExecutionCommand, type ExecutionCommandBatch, type StrategyDirective } from '../domain';
import type { Ledger } from '../ledger';
import { EngineError } from './errors';

/**
 * The plans a command acts on: its target plan, and the plans owning the
 * group and orders it targets. A NEW_TRADE touches none (its plan is new).
 * Unknown group or order ids are problems, reported up front.
 */
function plansTouched(ledger: Ledger, c: ExecutionCommand, problems: string[]): string[] {
  const plans = c.target_plan_id ? [c.target_plan_id] : [];
  if (c.target_group_id) {
    const g = ledger.getGroup(c.target_group_id);
    if (g) plans.push(g.parent_plan_id);
    else problems.push(`${c.command_id}: target_group_id ${c.target_group_id} not found`);
  }
  for (const id of c.target_order_ids ?? []) {
    const o = ledger.getOrder(id);
    if (o) plans.push(o.parent_plan_id);
    else problems.push(`${c.command_id}: target order ${id} not found`);
  }
  return plans;
}

/**
 * Seed 003: one StrategyDirective -> exactly one batch, built by the dumb
 * pipe (createBatch). The multiplicity comes from target_plan_ids, so the
 * batch must act on exactly the plans the directive names: every named plan
 * is addressed by at least one command, and no command touches a plan the
 * directive does not name. Commands opening new plans (NEW_TRADE) are free,
 * so a rotation (close A, then open B) is one directive. Not a count
 * equality: a plan may get two commands (cancel its orders, then close it).
 * Refusals are EngineError BAD_REQUEST and change nothing.
 */
export function buildBatch(
  ledger: Ledger,
  directive: StrategyDirective,
  commands: readonly ExecutionCommand[],
  nowMs: number,
): ExecutionCommandBatch {
  let batch: ExecutionCommandBatch;
  try {
    batch = createBatch(directive, commands, nowMs);
  } catch (e) {
    if (e instanceof z.ZodError) {
      throw new EngineError('BAD_REQUEST', `ExecutionCommandBatch: ${e.issues.map((i) => [i.path.join('.'), i.message].filter(Boolean).join(': ')).join('; ')}`);
    }
    throw e;
  }
  const named = new Set(directive.target_plan_ids);
  const addressed = new Set<string>();
  const problems: string[] = [];
  for (const c of batch.commands) {
    for (const planId of plansTouched(ledger, c, problems)) {
      addressed.add(planId);
      if (!named.has(planId)) problems.push(`${c.command_id} acts on ${planId}, which the StrategyDirective does not name in target_plan_ids`);
    }
  }
  for (const planId of named) {
    if (!ledger.getPlan(planId)) problems.push(`target ${planId} of the StrategyDirective not found`);
    else if (!addressed.has(planId)) problems.push(`target ${planId} of the StrategyDirective has no command`);
  }
  if (problems.length > 0) throw new EngineError('BAD_REQUEST', `ExecutionCommandBatch: ${[...new Set(problems)].join('; ')}`);
  return batch;
}
