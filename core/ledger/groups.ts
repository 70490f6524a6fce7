import { z } from 'zod';
import {
  ExecutionStrategyType,
  GroupStateMachine,
  GroupStatus,
  groupRuleViolations,
  idSchema,
  positiveDecimal,
} from '../domain';
import { CauseSchema, type Cause } from '../journal/entry';
import { dec, str } from './amounts';
import type { LedgerContext } from './context';
import { conflict, invalid, notFound, parseInput, transition } from './errors';
import { note } from './journal-note';
import { GroupTally } from './group-tally';
import { assertTradable, insertPlan, loadPlan, PlanSpecSchema, savePlan } from './plans';
import { GROUP_BY_ID, writeGroup } from './row-sql';
import { groupWire, type GroupRow, type OrderRow, type PlanRow } from './rows';

/** What it takes to create a group lazily: its algorithm and, for quantity-driven ones, the target. */
export const GroupSpecSchema = z
  .object({
    execution_strategy: ExecutionStrategyType,
    target_quantity: positiveDecimal('target_quantity').nullable().optional(),
    /** A group that only closes the plan's position (CLOSE_EXISTING): allowed on a halted plan. Not stored. */
    closing: z.boolean().optional(),
  })
  .strict();

/**
 * How a write names its containers (seed 004, 1.2): an existing group, or a
 * group to create (with `group`) under an existing plan or a plan to create
 * (with `plan`). Ids may be given by the worker or left to the ledger.
 */
export const containerFields = {
  group_id: idSchema('EXG', 'group_id').optional(),
  plan_id: idSchema('TPL', 'plan_id').optional(),
  group: GroupSpecSchema.optional(),
  plan: PlanSpecSchema.optional(),
  cause: CauseSchema.optional(),
};

export const EnsureGroupInputSchema = z.object(containerFields).strict();
type ContainerRefs = z.output<typeof EnsureGroupInputSchema>;

export interface ResolvedContainers {
  readonly group: GroupRow;
  readonly plan: PlanRow;
  readonly createdGroup: boolean;
  readonly createdPlan: boolean;
}

const INSERT = `INSERT INTO exec_groups (group_id, parent_plan_id, execution_strategy, status, created_at, updated_at, target_quantity)
  VALUES (?, ?, ?, 'PENDING', ?, ?, ?)`;

export function loadGroup(ctx: LedgerContext, groupId: string): GroupRow | undefined {
  return ctx.sql.get(GROUP_BY_ID).get(groupId) as GroupRow | undefined;
}

export function requireGroup(ctx: LedgerContext, groupId: string): GroupRow {
  const row = loadGroup(ctx, groupId);
  if (row === undefined) throw notFound('ExecutionGroup', groupId);
  return row;
}

export function saveGroup(ctx: LedgerContext, row: GroupRow, at: string): void {
  writeGroup(ctx.sql, row);
  ctx.outbox.emit('group', row.group_id, groupWire(row), at);
}

/** The domain's group rules (seeds 000/001), minus overfill, which the ledger records as an anomaly. */
export function groupViolations(row: GroupRow): { path: string; message: string }[] {
  return groupRuleViolations({
    group_id: row.group_id,
    parent_plan_id: row.parent_plan_id,
    execution_strategy: row.execution_strategy,
    order_ids: JSON.parse(row.order_ids) as string[],
    status: row.status,
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
    target_quantity: row.target_quantity === null ? null : dec(row.target_quantity),
    filled_quantity: dec(row.filled_quantity),
    cancelled_at: row.cancelled_at === null ? null : new Date(row.cancelled_at),
    completed_at: row.completed_at === null ? null : new Date(row.completed_at),
  }).filter((v) => v.path !== 'filled_quantity');
}

function resolvePlan(ctx: LedgerContext, refs: ContainerRefs, at: string): { plan: PlanRow; created: boolean } {
  if (refs.plan_id !== undefined) {
    const existing = loadPlan(ctx, refs.plan_id);
    if (existing !== undefined) return { plan: existing, created: false };
    if (refs.plan === undefined) throw notFound('TradePlan', refs.plan_id);
    return { plan: insertPlan(ctx, refs.plan_id, refs.plan, at, refs.cause), created: true };
  }
  if (refs.plan === undefined) {
    throw invalid('ExecutionGroup', [{ path: 'plan_id', message: 'a new group needs plan_id or a plan to create' }]);
  }
  return { plan: insertPlan(ctx, ctx.newId('TPL'), refs.plan, at, refs.cause), created: true };
}

/**
 * Lazy, bottom-up container creation: the group if missing, and its plan if
 * that is missing too, all in the caller's transaction.
 */
export function resolveContainers(ctx: LedgerContext, refs: ContainerRefs, at: string): ResolvedContainers {
  if (refs.group_id !== undefined) {
    const group = loadGroup(ctx, refs.group_id);
    if (group !== undefined) {
      if (refs.plan_id !== undefined && refs.plan_id !== group.parent_plan_id) {
        throw conflict(`ExecutionGroup ${group.group_id} belongs to ${group.parent_plan_id}, not ${refs.plan_id}`);
      }
      const plan = loadPlan(ctx, group.parent_plan_id);
      if (plan === undefined) throw notFound('TradePlan', group.parent_plan_id);
      return { group, plan, createdGroup: false, createdPlan: false };
    }
    if (refs.group === undefined) throw notFound('ExecutionGroup', refs.group_id);
  } else if (refs.group === undefined) {
    throw invalid('ExecutionGroup', [{ path: 'group_id', message: 'give group_id or a group to create' }]);
  }
  const spec = refs.group;
  const { plan, created } = resolvePlan(ctx, refs, at);
  assertTradable(plan, spec.closing === true ? 'close' : 'trade');
  const groupId = refs.group_id ?? ctx.newId('EXG');
  const target = spec.target_quantity ?? null;
  const draft: GroupRow = {
    group_id: groupId,
    parent_plan_id: plan.plan_id,
    execution_strategy: spec.execution_strategy,
    status: 'PENDING',
    created_at: at,
    updated_at: at,
    cancelled_at: null,
    completed_at: null,
    target_quantity: target === null ? null : str(target),
    filled_quantity: '0',
    filled_notional: '0',
    fees_paid: '0',
    fill_count: 0,
    in_flight_quantity: '0',
    order_ids: '[]',
    order_counts: '{}',
  };
  const violations = groupViolations(draft);
  if (violations.length > 0) throw invalid('ExecutionGroup', violations);
  ctx.sql.get(INSERT).run(groupId, plan.plan_id, spec.execution_strategy, at, at, draft.target_quantity);
  ctx.outbox.emit('group', groupId, groupWire(draft), at);
  const nextPlan: PlanRow = {
    ...plan,
    group_count: plan.group_count + 1,
    target_quantity: target === null ? plan.target_quantity : str(dec(plan.target_quantity).plus(target)),
    updated_at: at,
  };
  savePlan(ctx, nextPlan, at);
  note(
    ctx,
    'GROUP_CREATED',
    { planId: plan.plan_id, groupId },
    `Group ${groupId} (${spec.execution_strategy}${target === null ? '' : `, target ${str(target)}`}) created`,
    at,
    { cause: refs.cause },
  );
  return { group: draft, plan: nextPlan, createdGroup: true, createdPlan: created };
}

export function ensureGroup(ctx: LedgerContext, input: unknown): ResolvedContainers {
  const refs = parseInput(EnsureGroupInputSchema, input, 'ensureGroup');
  return resolveContainers(ctx, refs, ctx.nowIso());
}

/** The group's order bookkeeping (ids, counts by status, in-flight quantity) after one order changed. */
export function withOrderChange(group: GroupRow, before: OrderRow | null, after: OrderRow): GroupRow {
  return new GroupTally(group).apply(before, after).row();
}

export const SetGroupStatusInputSchema = z
  .object({
    group_id: idSchema('EXG', 'group_id'),
    status: GroupStatus,
    reason: z.string().optional(),
    cause: CauseSchema.optional(),
  })
  .strict();

/** Move a group through its state machine, stamping cancelled_at / completed_at. */
export function changeGroupStatus(
  ctx: LedgerContext,
  group: GroupRow,
  status: GroupStatus,
  at: string,
  why: GroupStatusWhy = {},
): GroupRow {
  if (status === group.status) return group;
  transition(GroupStateMachine, group.status, status, { planId: group.parent_plan_id, groupId: group.group_id });
  const next: GroupRow = {
    ...group,
    status,
    updated_at: at,
    cancelled_at: status === 'CANCELLED' ? at : group.cancelled_at,
    completed_at: status === 'COMPLETED' ? at : group.completed_at,
  };
  noteGroupStatus(ctx, group, status, at, why);
  return next;
}

export interface GroupStatusWhy {
  readonly reason?: string | undefined;
  readonly cause?: Cause | undefined;
}

/** The journal record of `group` (as it was) moving to `status`. */
export function noteGroupStatus(
  ctx: LedgerContext,
  group: Pick<GroupRow, 'group_id' | 'parent_plan_id' | 'status'>,
  status: GroupStatus,
  at: string,
  why: GroupStatusWhy,
): void {
  note(
    ctx,
    'GROUP_STATUS',
    { planId: group.parent_plan_id, groupId: group.group_id },
    `Group ${group.status} -> ${status}${why.reason ? `: ${why.reason}` : ''}`,
    at,
    { cause: why.cause, data: { from: group.status, to: status } },
  );
}

export function setGroupStatus(ctx: LedgerContext, input: unknown): GroupRow {
  const p = parseInput(SetGroupStatusInputSchema, input, 'setGroupStatus');
  const group = requireGroup(ctx, p.group_id);
  const at = ctx.nowIso();
  const next = changeGroupStatus(ctx, group, p.status, at, p);
  saveGroup(ctx, next, at);
  return next;
}

/** A group that may receive another order. */
export function assertAcceptsOrders(group: GroupRow): void {
  if (group.status !== 'PENDING' && group.status !== 'ACTIVE') {
    throw conflict(`ExecutionGroup ${group.group_id} is ${group.status}`);
  }
}

