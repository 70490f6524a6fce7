import { z } from 'zod';
import { GroupStateMachine, idSchema } from '../domain';
import { CauseSchema } from '../journal/entry';
import type { LedgerContext } from './context';
import { GROUPS_BY_IDS, inIds, requireByIds } from './by-ids';
import { parseInput } from './errors';
import { changeGroupStatus } from './groups';
import { note } from './journal-note';
import { ALGO_JSON, emitGroups } from './row-json';
import { writeGroup } from './row-sql';
import type { GroupRow } from './rows';
import type { AlgoStatus } from './views';

export const StopGroupsInputSchema = z
  .object({
    group_ids: z.array(idSchema('EXG', 'group_id')).max(10_000),
    reason: z.string().min(1, { message: 'reason is required' }),
    cause: CauseSchema.optional(),
  })
  .strict();

const IN_IDS = inIds('group_id');
const RUNNING = `SELECT group_id, plan_id, algo_status FROM algo_states WHERE ${IN_IDS} AND algo_status <> 'DONE'`;
// Every algo_status but DONE may go to DONE (AlgoStateMachine).
const STOP = `UPDATE algo_states SET algo_status = 'DONE', version = version + 1, updated_at = ?
  WHERE ${IN_IDS} AND algo_status <> 'DONE' RETURNING group_id, ${ALGO_JSON} AS json`;

/** Compiled when the ledger opens (see BULK_ORDER_STATEMENTS). */
export const BULK_GROUP_STATEMENTS = [GROUPS_BY_IDS, RUNNING, STOP];

/**
 * The first step of the emergency stop, for many groups in one write: each
 * group's algorithm goes DONE (no new slices) and the group CANCELLED unless
 * it has already ended (a terminal status). An unknown group refuses the
 * whole call.
 */
export function stopGroups(ctx: LedgerContext, input: unknown): void {
  const { group_ids, reason, cause } = parseInput(StopGroupsInputSchema, input, 'stopGroups');
  const unique = [...new Set(group_ids)];
  const byId = requireByIds<GroupRow>(ctx, GROUPS_BY_IDS, unique, (g) => g.group_id, 'ExecutionGroup'); // every refusal before the first change
  const groups = unique.map((id) => byId.get(id) as GroupRow);
  const at = ctx.nowIso();
  const ids = JSON.stringify(unique);
  const running = ctx.sql.get(RUNNING).all(ids) as { group_id: string; plan_id: string; algo_status: AlgoStatus }[];
  for (const e of ctx.sql.get(STOP).all(at, ids) as { group_id: string; json: string }[]) ctx.outbox.emitJson('algo_state', e.group_id, e.json, at);
  for (const a of running) {
    note(ctx, 'ALGO_STATUS', { planId: a.plan_id, groupId: a.group_id }, `Algorithm ${a.algo_status} -> DONE: ${reason}`, at, {
      data: { from: a.algo_status, to: 'DONE' },
    });
  }
  const cancelled: string[] = [];
  for (const group of groups) {
    if (GroupStateMachine.next(group.status).length === 0) continue;
    writeGroup(ctx.sql, changeGroupStatus(ctx, group, 'CANCELLED', at, { reason, cause }));
    cancelled.push(group.group_id);
  }
  emitGroups(ctx, cancelled, at);
}
