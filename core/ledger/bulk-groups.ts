import { z } from 'zod';
import { GroupStateMachine, idSchema } from '../domain';
import { CauseSchema } from '../journal/entry';
import { loadAlgoState, setAlgoStatus } from './algo-state';
import type { LedgerContext } from './context';
import { parseInput } from './errors';
import { requireGroup, setGroupStatus } from './groups';

export const StopGroupsInputSchema = z
  .object({
    group_ids: z.array(idSchema('EXG', 'group_id')).max(10_000),
    reason: z.string().min(1, { message: 'reason is required' }),
    cause: CauseSchema.optional(),
  })
  .strict();

/**
 * The first step of the emergency stop, for many groups in one write: each
 * group's algorithm goes DONE (no new slices) and the group CANCELLED unless
 * it has already ended (a terminal status). An unknown group refuses the
 * whole call.
 */
export function stopGroups(ctx: LedgerContext, input: unknown): void {
  const { group_ids, reason, cause } = parseInput(StopGroupsInputSchema, input, 'stopGroups');
  const groups = group_ids.map((id) => requireGroup(ctx, id)); // every refusal before the first change
  for (const group of groups) {
    const algo = loadAlgoState(ctx, group.group_id);
    if (algo !== undefined && algo.algo_status !== 'DONE') setAlgoStatus(ctx, { group_id: group.group_id, status: 'DONE', reason });
    if (GroupStateMachine.next(group.status).length > 0) setGroupStatus(ctx, { group_id: group.group_id, status: 'CANCELLED', reason, ...(cause ? { cause } : {}) });
  }
}
