import { z } from 'zod';
import { ImmutableFieldError, ValidationError } from './errors';
import { type ExecutionGroup, ExecutionGroupSchema, ExecutionGroupShape } from './execution-group';
import { issuesOf, parseWire } from './parse';
import { GroupStateMachine } from './transitions';

/** The fields of a group that may evolve (seed 001, section 4). */
export type GroupPatch = Partial<
  Pick<ExecutionGroup, 'order_ids' | 'status' | 'filled_quantity' | 'updated_at' | 'cancelled_at' | 'completed_at'>
>;

const IMMUTABLE: readonly string[] = ['group_id', 'parent_plan_id', 'execution_strategy', 'created_at', 'target_quantity'];
const MUTABLE: readonly string[] = ['order_ids', 'status', 'filled_quantity', 'updated_at', 'cancelled_at', 'completed_at'];

/**
 * The only way the domain changes a group: immutable identifiers refused,
 * status moved through the state machine, order_ids only appended to (seed
 * 001, section 4: an order once in a group stays there), every rule
 * re-checked. Returns a new frozen group; the input is untouched.
 */
export function patchGroup(group: ExecutionGroup, patch: GroupPatch): ExecutionGroup {
  for (const key of Object.keys(patch)) {
    if (IMMUTABLE.includes(key)) throw new ImmutableFieldError('ExecutionGroup', key);
    if (!MUTABLE.includes(key)) throw new ValidationError('ExecutionGroup', [{ path: key, message: 'unknown field' }]);
  }
  if (patch.status !== undefined && patch.status !== group.status) {
    GroupStateMachine.transition(group.status, patch.status);
  }
  if (patch.order_ids !== undefined && !group.order_ids.every((id, i) => patch.order_ids?.[i] === id)) {
    throw new ValidationError('ExecutionGroup', [
      { path: 'order_ids', message: 'order_ids can only be appended to: existing order ids must stay, in order' },
    ]);
  }
  const next: ExecutionGroup = { ...group, ...patch, order_ids: [...(patch.order_ids ?? group.order_ids)] };
  // Re-check through the wire form so field rules (id patterns, unique ids,
  // signs, precision, real dates) hold as well as the cross-field ones.
  const wire = z.safeEncode(ExecutionGroupShape, next);
  if (!wire.success) throw new ValidationError('ExecutionGroup', issuesOf(wire.error));
  const checked = parseWire(ExecutionGroupSchema, wire.data, 'ExecutionGroup');
  if (!checked.ok) throw checked.error;
  return Object.freeze(next);
}

