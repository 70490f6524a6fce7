import { z } from 'zod';
import { idSchema, PlanDirection, PlanStateMachine, positiveDecimal } from '../domain';
import { CauseSchema, type Cause } from '../journal/entry';
import { str } from './amounts';
import type { LedgerContext } from './context';
import { LedgerError, conflict, notFound, parseInput, transition } from './errors';
import { note } from './journal-note';
import { PLAN_BY_ID, writePlan } from './row-sql';
import { planWire, type PlanRow } from './rows';

/** What it takes to create a plan lazily (seed 004, 1.2): the worker names it, the ledger owns it. */
export const PlanSpecSchema = z
  .object({
    strategy_instance_id: z.string().min(1, { message: 'strategy_instance_id is required' }),
    asset_symbol: z.string().min(1, { message: 'asset_symbol is required' }),
    direction: PlanDirection,
    comments: z.string().nullable().optional(),
  })
  .strict();
export type PlanSpec = z.output<typeof PlanSpecSchema>;

const INSERT = `INSERT INTO plans (plan_id, strategy_instance_id, asset_symbol, status, direction, comments, created_at, updated_at)
  VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?, ?)`;
export function loadPlan(ctx: LedgerContext, planId: string): PlanRow | undefined {
  return ctx.sql.get(PLAN_BY_ID).get(planId) as PlanRow | undefined;
}

export function requirePlan(ctx: LedgerContext, planId: string): PlanRow {
  const row = loadPlan(ctx, planId);
  if (row === undefined) throw notFound('TradePlan', planId);
  return row;
}

export function insertPlan(ctx: LedgerContext, planId: string, spec: PlanSpec, at: string, cause?: Cause): PlanRow {
  ctx.sql
    .get(INSERT)
    .run(planId, spec.strategy_instance_id, spec.asset_symbol, spec.direction, spec.comments ?? null, at, at);
  const row = requirePlan(ctx, planId);
  ctx.outbox.emit('plan', planId, planWire(row), at);
  note(ctx, 'PLAN_CREATED', { planId }, `Plan ${planId} created for ${spec.asset_symbol} ${spec.direction}`, at, {
    cause,
  });
  return row;
}

/** Write every mutable column of `row` and emit it. */
export function savePlan(ctx: LedgerContext, row: PlanRow, at: string): void {
  writePlan(ctx.sql, row);
  ctx.outbox.emit('plan', row.plan_id, planWire(row), at);
}

/**
 * A plan that may receive new groups and orders. A halted plan (the
 * emergency stop) still takes what only closes its position: after stopping
 * everything, flattening is what a trader does next.
 */
export function assertTradable(plan: PlanRow, purpose: 'trade' | 'close' = 'trade'): void {
  if (plan.status !== 'ACTIVE') throw conflict(`TradePlan ${plan.plan_id} is ${plan.status}`);
  if (plan.trading_halted === 1 && purpose === 'trade') {
    throw new LedgerError('HALTED', `TradePlan ${plan.plan_id} is halted (${plan.halt_reason ?? 'no reason'}); re-arm it first`);
  }
}

const planId = idSchema('TPL', 'plan_id');

export const HaltPlanInputSchema = z
  .object({ plan_id: planId, reason: z.string().min(1, { message: 'reason is required' }), cause: CauseSchema.optional() })
  .strict();

/** Emergency stop (CANCEL_ALL_IN_PLAN): no new orders until the trader re-arms the plan. */
export function haltPlan(ctx: LedgerContext, input: unknown): PlanRow {
  const { plan_id, reason, cause } = parseInput(HaltPlanInputSchema, input, 'haltPlan');
  const row = requirePlan(ctx, plan_id);
  const at = ctx.nowIso();
  if (row.trading_halted === 1) return row;
  const next: PlanRow = { ...row, trading_halted: 1, halted_at: at, halt_reason: reason, updated_at: at };
  savePlan(ctx, next, at);
  note(ctx, 'PLAN_HALTED', { planId: plan_id }, `Trading halted: ${reason}`, at, { cause });
  return next;
}

export function rearmPlan(ctx: LedgerContext, input: unknown): PlanRow {
  const { plan_id } = parseInput(z.object({ plan_id: planId }).strict(), input, 'rearmPlan');
  const row = requirePlan(ctx, plan_id);
  if (row.trading_halted === 0) return row;
  const at = ctx.nowIso();
  const next: PlanRow = { ...row, trading_halted: 0, halted_at: null, halt_reason: null, updated_at: at };
  savePlan(ctx, next, at);
  note(ctx, 'PLAN_REARMED', { planId: plan_id }, 'Trading re-armed', at);
  return next;
}

const level = positiveDecimal('price').nullable().optional();

export const SetProtectionInputSchema = z
  .object({ plan_id: planId, stop_loss_price: level, take_profit_price: level, cause: CauseSchema.optional() })
  .strict();

/** Current protection levels (seed 004, 6.5): absent keys stay, null clears. */
export function setProtection(ctx: LedgerContext, input: unknown): PlanRow {
  const p = parseInput(SetProtectionInputSchema, input, 'setProtection');
  const row = requirePlan(ctx, p.plan_id);
  const at = ctx.nowIso();
  const pick = (v: typeof p.stop_loss_price, old: string | null) => (v === undefined ? old : v === null ? null : str(v));
  const next: PlanRow = {
    ...row,
    stop_loss_price: pick(p.stop_loss_price, row.stop_loss_price),
    take_profit_price: pick(p.take_profit_price, row.take_profit_price),
    updated_at: at,
  };
  savePlan(ctx, next, at);
  note(
    ctx,
    'PROTECTION_SET',
    { planId: p.plan_id },
    `Protection: stop-loss ${next.stop_loss_price ?? 'none'}, take-profit ${next.take_profit_price ?? 'none'}`,
    at,
    { cause: p.cause },
  );
  return next;
}

const LIVE_IN_PLAN = `SELECT COUNT(*) AS n FROM orders WHERE parent_plan_id = ?
  AND status IN ('PENDING_SUBMIT','UNKNOWN','OPEN','PARTIALLY_FILLED','PENDING_CANCEL')`;

/** ACTIVE -> CLOSED through the plan state machine; refused while the plan still has live orders. */
export function closePlan(ctx: LedgerContext, input: unknown): PlanRow {
  const { plan_id, cause } = parseInput(
    z.object({ plan_id: planId, cause: CauseSchema.optional() }).strict(),
    input,
    'closePlan',
  );
  const row = requirePlan(ctx, plan_id);
  transition(PlanStateMachine, row.status, 'CLOSED', { planId: plan_id });
  const live = (ctx.sql.get(LIVE_IN_PLAN).get(plan_id) as { n: number }).n;
  if (live > 0) throw conflict(`TradePlan ${plan_id} still has ${live} live order(s)`);
  const at = ctx.nowIso();
  const next: PlanRow = { ...row, status: 'CLOSED', closed_at: at, updated_at: at };
  savePlan(ctx, next, at);
  note(ctx, 'PLAN_CLOSED', { planId: plan_id }, 'Plan closed', at, { cause });
  return next;
}
