import { ImmutableFieldError, ValidationError } from './errors';
import { type ExecutionGroup, groupRuleViolations } from './execution-group';
import { GroupStateMachine } from './transitions';

/** The fields of a group that may evolve (seed 001, section 4). */
export type GroupPatch = Partial<
  Pick<ExecutionGroup, 'order_ids' | 'status' | 'filled_quantity' | 'updated_at' | 'cancelled_at' | 'completed_at'>
>;

const IMMUTABLE: readonly string[] = ['group_id', 'parent_plan_id', 'execution_strategy', 'created_at', 'target_quantity'];
const MUTABLE: readonly string[] = ['order_ids', 'status', 'filled_quantity', 'updated_at', 'cancelled_at', 'completed_at'];

/**
 * The only way the domain changes a group: immutable identifiers refused,
 * status moved through the state machine, every rule re-checked. Returns a
 * new frozen group; the input is untouched.
 */
export function patchGroup(group: ExecutionGroup, patch: GroupPatch): ExecutionGroup {
  for (const key of Object.keys(patch)) {
    if (IMMUTABLE.includes(key)) throw new ImmutableFieldError('ExecutionGroup', key);
    if (!MUTABLE.includes(key)) throw new ValidationError('ExecutionGroup', [{ path: key, message: 'unknown field' }]);
  }
  if (patch.status !== undefined && patch.status !== group.status) {
    GroupStateMachine.transition(group.status, patch.status);
  }
  const next: ExecutionGroup = { ...group, ...patch, order_ids: [...(patch.order_ids ?? group.order_ids)] };
  const violations = groupRuleViolations(next);
  if (violations.length > 0) throw new ValidationError('ExecutionGroup', violations);
  return Object.freeze(next);
}

