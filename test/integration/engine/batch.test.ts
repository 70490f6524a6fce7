import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../core/api/contract';
import { dispatch } from '../../../core/api/dispatch';
import {
  decodeWire,
  Decimal,
  ExecutionCommandSchema,
  generateId,
  StrategyDirectiveSchema,
  type ExecutionCommand,
  type StrategyDirective,
} from '../../../core/domain';
import type { BatchCommandOutcome, BatchOutcome } from '../../../core/engine/batch-outcome';
import { batchStatusOf, verdictOf } from '../../../core/engine/batch-verdict';
import { createHandlers } from '../../../core/engine/handlers';
import type { GroupView } from '../../../core/ledger';
import { directive, openTestDesk, startPaper, T0, type TestDesk } from './support';

let desk: TestDesk | undefined;
afterEach(async () => {
  if (desk) {
    await desk.engine.idle();
    expect(desk.engine.ledger.checkInvariants().ok).toBe(true);
    expect(desk.errors).toEqual([]);
    await desk.engine.close();
  }
  desk = undefined;
});

const MINUTE = 60_000;

// ---- builders -------------------------------------------------------------------

type Policy = { mode?: 'INDEPENDENT' | 'COORDINATED' | 'SEQUENTIAL'; timeout_seconds?: number } | null;

function strategyWire(policy?: Policy, scope: 'NEW_TRADE' | 'MODIFY_EXISTING' | 'CLOSE_EXISTING' = 'NEW_TRADE', targets: string[] = []) {
  return {
    directive_id: generateId('STR', T0),
    strategy_planner_id: 'batch-test-planner',
    decision_timestamp: new Date(T0).toISOString(),
    causality: { tick_id: 'TCK_20260105_090000_abcde' },
    scope,
    confidence: '0.8',
    target_plan_ids: targets,
    ...(policy === undefined ? {} : { execution_policy: policy }),
  };
}

function strategy(policy?: Policy, scope?: 'NEW_TRADE' | 'MODIFY_EXISTING' | 'CLOSE_EXISTING', targets?: string[]): StrategyDirective {
  return decodeWire(StrategyDirectiveSchema, strategyWire(policy, scope, targets), 'StrategyDirective');
}

/** A command in the seeds' wire format: the engine tests' directive with a command id. */
function commandWire(parts: Parameters<typeof directive>[0]): Record<string, unknown> {
  const d: Record<string, unknown> = { ...directive(parts), command_id: generateId('EXC', T0) };
  delete d.directive_id;
  return d;
}

const command = (parts: Parameters<typeof directive>[0]): ExecutionCommand => decodeWire(ExecutionCommandSchema, commandWire(parts), 'ExecutionCommand');

/** Fills at once: one urgent market order. */
const market = (quantity: string, side: 'BUY' | 'SELL' = 'BUY') => command({ quantity, side, execution: { execution_urgency: '0.9' } });
/** Refused by the translator: 0.0001 BTC at ~30000 is below the 5 USDT minimum notional. */
const tooSmall = () => command({ quantity: '0.0001', execution: { execution_urgency: '0.9' } });
/** Rests far below the market; with a window it ends FAILED (nothing filled, min_fill_ratio 1), without one it runs on. */
const farLimit = (windowMinutes?: number) =>
  command({
    quantity: '0.1',
    orderType: 'LIMIT',
    limitPrice: '1000',
    execution: { preferred_execution_style: 'SINGLE', min_fill_ratio: '1', ...(windowMinutes ? { max_execution_window_minutes: windowMinutes } : {}) },
  });
/** One slice a minute: fills while it runs. */
const twap = (quantity: string, minutes = 10) =>
  command({ quantity, execution: { preferred_execution_style: 'TWAP', max_execution_window_minutes: minutes, chunk_count_hint: minutes } });

async function open(): Promise<TestDesk> {
  desk = await openTestDesk();
  await startPaper(desk);
  return desk;
}

async function settle(d: TestDesk, p: Promise<BatchOutcome>, withinMs = 60 * MINUTE): Promise<BatchOutcome> {
  expect(await d.clock.runUntil(p, { withinMs })).toBe(true);
  const out = await p;
  await d.engine.idle();
  return out;
}

function statuses(out: BatchOutcome): string[] {
  return out.commands.map((c) => c.status);
}

function journal(d: TestDesk, directiveId: string, kind: string) {
  return d.engine.ledger.journal.entries({ directiveId }).filter((e) => e.kind === kind);
}

function position(d: TestDesk, planId: string): Decimal {
  return d.engine.ledger.ordersOfPlan(planId).reduce((net, o) => (o.role === 'ENTRY' ? net.plus(o.filled_quantity) : net.minus(o.filled_quantity)), new Decimal(0));
}

const ms = (iso: string | Date | null | undefined) => (iso ? new Date(iso).getTime() : NaN);

// ---- modes ----------------------------------------------------------------------------

describe('INDEPENDENT', () => {
  it('runs every command; a refused one and a late failure do not stop the others', async () => {
    const d = await open();
    const cmds = [market('0.1'), tooSmall(), farLimit(3), market('0.2', 'SELL')];
    const out = await settle(d, d.engine.submitBatch(strategy(), cmds));
    expect(out.mode).toBe('INDEPENDENT');
    expect(statuses(out)).toEqual(['SUCCEEDED', 'FAILED', 'FAILED', 'SUCCEEDED']);
    expect(out.status).toBe('PARTIAL');
    expect(out.commands.map((c) => c.command_id)).toEqual(cmds.map((c) => c.command_id));
    expect(out.commands[1]?.message).toMatch(/TRANSLATION_FAILED: BELOW_MIN_SIZE/);
    expect(out.commands[1]?.planId).toBeNull();
    const groups = out.commands.map((c) => (c.groupIds[0] ? d.engine.ledger.getGroup(c.groupIds[0]) : undefined));
    expect(groups.map((g) => g?.status)).toEqual(['COMPLETED', undefined, 'FAILED', 'COMPLETED']);
    expect(groups[0]?.filled_quantity.toFixed()).toBe('0.1');
    expect(groups[3]?.filled_quantity.toFixed()).toBe('0.2');
    expect(out.unwinds).toEqual([]);
    // The late failure ended after its window (FAILED stamps no completed_at: its last update is its end).
    expect(ms(groups[2]?.updated_at)).toBeGreaterThanOrEqual(ms(groups[2]?.created_at) + 3 * MINUTE);
    expect(ms(groups[0]?.completed_at)).toBeLessThan(ms(groups[2]?.updated_at));
    const finished = journal(d, out.directive_id, 'BATCH_FINISHED');
    expect(finished).toHaveLength(1);
    expect(finished[0]?.data).toMatchObject({ batch_id: out.batch_id, status: 'PARTIAL' });
  });

  it('timeout: groups still running are cancelled and TIMED_OUT; finished ones keep their result', async () => {
    const d = await open();
    const sd = strategy({ timeout_seconds: 300 });
    const out = await settle(d, d.engine.submitBatch(sd, [market('0.1'), farLimit()]));
    expect(out.status).toBe('TIMED_OUT');
    expect(statuses(out)).toEqual(['SUCCEEDED', 'TIMED_OUT']);
    const limit = d.engine.ledger.getGroup(out.commands[1]?.groupIds[0] ?? '');
    expect(limit?.status).toBe('CANCELLED');
    expect(d.engine.ledger.liveOrdersOfGroup(limit?.group_id ?? '')).toEqual([]);
    // Measured on the engine's clock: cancelled exactly timeout_seconds after the batch started.
    const started = journal(d, sd.directive_id, 'BATCH_STARTED')[0];
    const timedOut = journal(d, sd.directive_id, 'BATCH_TIMED_OUT')[0];
    expect(ms(timedOut?.created_at) - ms(started?.created_at)).toBe(300_000);
    expect(ms(limit?.cancelled_at)).toBe(ms(timedOut?.created_at));
    expect(timedOut?.data).toMatchObject({ running: [out.commands[1]?.command_id] });
  });
});

describe('COORDINATED', () => {
  it('the 2nd command fails: the 1st is cancelled and what it filled is flattened to zero', async () => {
    const d = await open();
    const sd = strategy({ mode: 'COORDINATED' });
    const cmds = [twap('0.5'), farLimit(3)];
    const out = await settle(d, d.engine.submitBatch(sd, cmds));
    expect(statuses(out)).toEqual(['CANCELLED', 'FAILED']);
    expect(out.status).toBe('FAILED');
    const [first, second] = out.commands;
    const twapGroup = d.engine.ledger.getGroup(first?.groupIds[0] ?? '');
    expect(twapGroup?.status).toBe('CANCELLED');
    // It had filled some slices (so there was something to unwind) and not all.
    expect(twapGroup?.filled_quantity.gt(0)).toBe(true);
    expect(twapGroup?.filled_quantity.lt('0.5')).toBe(true);
    // Cancelled when the 2nd failed, not before.
    const failedGroup = d.engine.ledger.getGroup(second?.groupIds[0] ?? '');
    expect(failedGroup?.status).toBe('FAILED');
    expect(ms(twapGroup?.cancelled_at)).toBeGreaterThanOrEqual(ms(failedGroup?.updated_at));
    // Flattened: the close sold exactly what was bought; the plan is flat and closed.
    const planId = first?.planId ?? '';
    const unwind = out.unwinds.find((u) => u.plan_id === planId);
    expect(unwind?.status).toBe('FLAT');
    expect(unwind?.quantity.toFixed()).toBe(twapGroup?.filled_quantity.toFixed());
    expect(position(d, planId).isZero()).toBe(true);
    const closes = d.engine.ledger.ordersOfPlan(planId).filter((o) => o.role === 'CLOSE');
    expect(closes.map((o) => [o.side, o.status, o.filled_quantity.toFixed()])).toEqual([['SELL', 'FILLED', twapGroup?.filled_quantity.toFixed()]]);
    expect(d.engine.ledger.getPlan(planId)?.status).toBe('CLOSED');
    // The failed leg filled nothing: its plan is closed with nothing to sell.
    expect(out.unwinds.find((u) => u.plan_id === second?.planId)).toMatchObject({ status: 'FLAT', group_ids: [] });
    expect(journal(d, sd.directive_id, 'BATCH_ABORTED')[0]?.message).toContain(second?.command_id);
    expect(journal(d, sd.directive_id, 'BATCH_UNWIND')).toHaveLength(2);
  });

  it('a leg that already completed is unwound when a later one fails (pair trade)', async () => {
    const d = await open();
    const out = await settle(d, d.engine.submitBatch(strategy({ mode: 'COORDINATED' }), [market('0.3'), farLimit(2)]));
    expect(statuses(out)).toEqual(['CANCELLED', 'FAILED']);
    const first = out.commands[0];
    const group = d.engine.ledger.getGroup(first?.groupIds[0] ?? '');
    // It had completed on its own; the unwind sold it back.
    expect(group?.status).toBe('COMPLETED');
    expect(first?.message).toMatch(/unwound: flattened 0\.3/);
    expect(out.unwinds.find((u) => u.plan_id === first?.planId)?.quantity.toFixed()).toBe('0.3');
    expect(position(d, first?.planId ?? '').isZero()).toBe(true);
    expect(d.engine.ledger.getPlan(first?.planId ?? '')?.status).toBe('CLOSED');
  });

  it('a refused command aborts the batch before the others fill anything', async () => {
    const d = await open();
    const out = await settle(d, d.engine.submitBatch(strategy({ mode: 'COORDINATED' }), [farLimit(), tooSmall()]));
    expect(statuses(out)).toEqual(['CANCELLED', 'FAILED']);
    const planId = out.commands[0]?.planId ?? '';
    expect(d.engine.ledger.getGroup(out.commands[0]?.groupIds[0] ?? '')?.status).toBe('CANCELLED');
    expect(out.unwinds).toHaveLength(1);
    expect(out.unwinds[0]).toMatchObject({ plan_id: planId, status: 'FLAT', group_ids: [] });
    expect(out.unwinds[0]?.quantity.isZero()).toBe(true);
    expect(d.engine.ledger.getPlan(planId)?.status).toBe('CLOSED');
  });

  it('all succeed: nothing is unwound', async () => {
    const d = await open();
    const out = await settle(d, d.engine.submitBatch(strategy({ mode: 'COORDINATED' }), [market('0.1'), market('0.1', 'SELL')]));
    expect(out.status).toBe('COMPLETED');
    expect(statuses(out)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(out.unwinds).toEqual([]);
    for (const c of out.commands) expect(d.engine.ledger.getPlan(c.planId ?? '')?.status).toBe('ACTIVE');
  });

  it('timeout: every leg still running is cancelled and every filled leg flattened', async () => {
    const d = await open();
    const sd = strategy({ mode: 'COORDINATED', timeout_seconds: 240 });
    const out = await settle(d, d.engine.submitBatch(sd, [twap('0.5'), farLimit()]));
    expect(out.status).toBe('TIMED_OUT');
    expect(statuses(out)).toEqual(['TIMED_OUT', 'TIMED_OUT']);
    const started = ms(journal(d, sd.directive_id, 'BATCH_STARTED')[0]?.created_at);
    for (const c of out.commands) {
      const g = d.engine.ledger.getGroup(c.groupIds[0] ?? '');
      expect(g?.status).toBe('CANCELLED');
      expect(ms(g?.cancelled_at)).toBe(started + 240_000);
      expect(position(d, c.planId ?? '').isZero()).toBe(true);
    }
    const twapUnwind = out.unwinds.find((u) => u.plan_id === out.commands[0]?.planId);
    expect(twapUnwind?.quantity.gt(0)).toBe(true);
    expect(out.unwinds.every((u) => u.status === 'FLAT')).toBe(true);
  });
});

describe('SEQUENTIAL', () => {
  it('runs one after another: each starts only once the one before has completed', async () => {
    const d = await open();
    // Two-minute TWAPs take time, so "after" cannot hold by accident of one instant.
    const out = await settle(d, d.engine.submitBatch(strategy({ mode: 'SEQUENTIAL' }), [twap('0.2', 2), twap('0.2', 2), market('0.1', 'SELL')]));
    expect(out.status).toBe('COMPLETED');
    expect(statuses(out)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const groups = out.commands.map((c) => d.engine.ledger.getGroup(c.groupIds[0] ?? ''));
    for (let i = 1; i < groups.length; i++) {
      const before = groups[i - 1];
      const after = groups[i];
      expect(before?.status).toBe('COMPLETED');
      expect(ms(before?.completed_at)).toBeGreaterThan(ms(before?.created_at));
      expect(ms(after?.created_at)).toBeGreaterThanOrEqual(ms(before?.completed_at));
      // And in the journal's order: the previous group's COMPLETED is recorded before the next group exists.
      const completed = d.engine.ledger.journal.entries({ groupId: before?.group_id }).find((e) => e.kind === 'GROUP_STATUS' && e.message.includes('COMPLETED'));
      const created = d.engine.ledger.journal.entries({ groupId: after?.group_id }).find((e) => e.kind === 'GROUP_CREATED');
      expect(completed?.entry_id).toBeLessThan(created?.entry_id ?? 0);
    }
  });

  it('stops at the first failure: the rest are SKIPPED and never reach the ledger', async () => {
    const d = await open();
    const cmds = [market('0.1'), farLimit(2), market('0.2'), market('0.3')];
    const out = await settle(d, d.engine.submitBatch(strategy({ mode: 'SEQUENTIAL' }), cmds));
    expect(statuses(out)).toEqual(['SUCCEEDED', 'FAILED', 'SKIPPED', 'SKIPPED']);
    expect(out.status).toBe('PARTIAL');
    expect(out.commands[2]?.message).toContain(cmds[1]?.command_id);
    for (const c of cmds.slice(2)) expect(d.engine.ledger.journal.entries({ commandId: c.command_id }).map((e) => e.kind)).toEqual(['BATCH_COMMAND']);
    expect(d.engine.ledger.listPlans()).toHaveLength(2);
  });

  it('a refusal first: nothing else runs', async () => {
    const d = await open();
    const out = await settle(d, d.engine.submitBatch(strategy({ mode: 'SEQUENTIAL' }), [tooSmall(), market('0.1')]));
    expect(statuses(out)).toEqual(['FAILED', 'SKIPPED']);
    expect(out.status).toBe('FAILED');
    expect(d.engine.ledger.listPlans()).toEqual([]);
  });

  it('timeout: the running command is cancelled (TIMED_OUT), the ones after it are SKIPPED', async () => {
    const d = await open();
    const sd = strategy({ mode: 'SEQUENTIAL', timeout_seconds: 120 });
    const cmds = [market('0.1'), farLimit(), market('0.2')];
    const out = await settle(d, d.engine.submitBatch(sd, cmds));
    expect(out.status).toBe('TIMED_OUT');
    expect(statuses(out)).toEqual(['SUCCEEDED', 'TIMED_OUT', 'SKIPPED']);
    expect(out.commands[2]?.message).toMatch(/timed out/);
    expect(d.engine.ledger.getGroup(out.commands[1]?.groupIds[0] ?? '')?.status).toBe('CANCELLED');
    expect(d.engine.ledger.listPlans()).toHaveLength(2);
    expect(journal(d, sd.directive_id, 'BATCH_TIMED_OUT')).toHaveLength(1);
  });
});

// ---- the dumb pipe and the timer ----------------------------------------------------------

describe('one StrategyDirective -> one batch (dumb pipe)', () => {
  const cases: { policy: Policy | undefined; mode: string; timeout: number | null }[] = [
    { policy: undefined, mode: 'INDEPENDENT', timeout: null },
    { policy: null, mode: 'INDEPENDENT', timeout: null },
    { policy: { timeout_seconds: 900 }, mode: 'INDEPENDENT', timeout: 900 },
    { policy: { mode: 'SEQUENTIAL', timeout_seconds: 600 }, mode: 'SEQUENTIAL', timeout: 600 },
    { policy: { mode: 'COORDINATED' }, mode: 'COORDINATED', timeout: null },
  ];
  it.each(cases)('policy $policy -> mode $mode, timeout $timeout (through the contract)', async ({ policy, mode, timeout }) => {
    const d = await open();
    const handlers = createHandlers(d.engine);
    const sdWire = strategyWire(policy);
    const cmdsWire = [commandWire({ quantity: '0.1', execution: { execution_urgency: '0.9' } }), commandWire({ quantity: '0.1', side: 'SELL' })];
    const p = dispatch(contract, handlers, 'submitBatch', { strategy_directive: sdWire, commands: cmdsWire });
    expect(await d.clock.runUntil(p, { withinMs: 30 * MINUTE })).toBe(true);
    const r = await p;
    expect(r).toMatchObject({ ok: true, value: { mode, timeout_seconds: timeout, status: 'COMPLETED', directive_id: sdWire.directive_id } });
    const value = (r as { ok: true; value: { batch_id: string } }).value;
    const started = journal(d, sdWire.directive_id, 'BATCH_STARTED');
    expect(started).toHaveLength(1);
    expect(started[0]?.data).toMatchObject({ batch_id: value.batch_id, mode, timeout_seconds: timeout });
    const journaled = (started[0]?.data as { commands: { command_id: string }[] }).commands;
    expect(journaled.map((c) => c.command_id)).toEqual(cmdsWire.map((c) => c.command_id));
    // Exactly one batch for the directive.
    expect(journal(d, sdWire.directive_id, 'BATCH_FINISHED')).toHaveLength(1);
  });

  it('clears the timer when the batch finishes before its timeout', async () => {
    const d = await open();
    const sd = strategy({ timeout_seconds: 3600 });
    const out = await settle(d, d.engine.submitBatch(sd, [market('0.1')]));
    expect(out.status).toBe('COMPLETED');
    await d.clock.advanceAsync(2 * 3600_000);
    expect(journal(d, sd.directive_id, 'BATCH_TIMED_OUT')).toEqual([]);
    expect(d.engine.ledger.getGroup(out.commands[0]?.groupIds[0] ?? '')?.status).toBe('COMPLETED');
  });
});

describe('bad input', () => {
  async function refused(d: TestDesk, payload: unknown, code: string, message?: RegExp) {
    const before = d.engine.ledger.lastSeq();
    const plans = d.engine.ledger.listPlans().length;
    const r = await dispatch(contract, createHandlers(d.engine), 'submitBatch', payload);
    expect(r).toMatchObject({ ok: false, error: { code } });
    if (message) expect((r as { error: { message: string } }).error.message).toMatch(message);
    expect(d.engine.ledger.lastSeq()).toBe(before);
    expect(d.engine.ledger.listPlans()).toHaveLength(plans);
  }

  it('is refused with a typed error and changes nothing', async () => {
    const d = await open();
    const a = await d.engine.submitDirective(directive({ quantity: '0.1', execution: { execution_urgency: '0.9' } }));
    const b = await d.engine.submitDirective(directive({ quantity: '0.1', execution: { execution_urgency: '0.9' } }));
    const planA = a.planId ?? '';
    const planB = b.planId ?? '';
    await d.clock.advanceAsync(2 * MINUTE);
    await d.engine.idle();
    const buy = commandWire({ quantity: '0.1' });
    const closeA = commandWire({ scope: 'CLOSE_EXISTING', targetPlanId: planA, execution: { execution_urgency: '1' } });
    const closeB = commandWire({ scope: 'CLOSE_EXISTING', targetPlanId: planB, execution: { execution_urgency: '1' } });
    // Schema: no commands, a malformed command, a malformed policy.
    await refused(d, { strategy_directive: strategyWire(), commands: [] }, 'BAD_REQUEST');
    await refused(d, { strategy_directive: strategyWire(), commands: [{ command_id: 'nope' }] }, 'BAD_REQUEST');
    await refused(d, { strategy_directive: strategyWire({ timeout_seconds: 0 }), commands: [buy] }, 'BAD_REQUEST', /timeout_seconds/);
    // The batch itself: duplicate command ids.
    await refused(d, { strategy_directive: strategyWire(), commands: [buy, buy] }, 'BAD_REQUEST', /unique/);
    // Targets: a command on a plan the directive does not name; a named plan without a command; an unknown plan.
    await refused(d, { strategy_directive: strategyWire(null, 'CLOSE_EXISTING', [planA]), commands: [closeA, closeB] }, 'BAD_REQUEST', new RegExp(planB));
    await refused(d, { strategy_directive: strategyWire(null, 'CLOSE_EXISTING', [planA, planB]), commands: [closeA] }, 'BAD_REQUEST', /has no command/);
    await refused(d, { strategy_directive: strategyWire(null, 'NEW_TRADE'), commands: [buy, closeA] }, 'BAD_REQUEST', /does not name/);
    const ghost = generateId('TPL', T0);
    await refused(
      d,
      { strategy_directive: strategyWire(null, 'CLOSE_EXISTING', [ghost]), commands: [commandWire({ scope: 'CLOSE_EXISTING', targetPlanId: ghost, execution: { execution_urgency: '1' } })] },
      'BAD_REQUEST',
      /not found/,
    );
    expect(d.engine.ledger.journal.entries({}).filter((e) => e.kind.startsWith('BATCH_'))).toEqual([]);
  });

  it('without a session: CONFLICT, nothing written', async () => {
    desk = await openTestDesk();
    const before = desk.engine.ledger.lastSeq();
    await expect(desk.engine.submitBatch(strategy(), [market('0.1')])).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(desk.engine.ledger.lastSeq()).toBe(before);
  });

  it('a rotation (close A, then open B) is one directive: the named plan is closed, a new one opened', async () => {
    const d = await open();
    const a = await d.engine.submitDirective(directive({ quantity: '0.1', execution: { execution_urgency: '0.9' } }));
    await d.clock.advanceAsync(2 * MINUTE);
    await d.engine.idle();
    const planA = a.planId ?? '';
    const sd = strategy({ mode: 'SEQUENTIAL' }, 'CLOSE_EXISTING', [planA]);
    const out = await settle(d, d.engine.submitBatch(sd, [command({ scope: 'CLOSE_EXISTING', targetPlanId: planA, execution: { execution_urgency: '1' } }), market('0.2', 'SELL')]));
    expect(statuses(out)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(position(d, planA).isZero()).toBe(true);
    expect(d.engine.ledger.getPlan(planA)?.status).toBe('CLOSED');
    expect(out.commands[1]?.planId).not.toBe(planA);
  });
});

// ---- the verdict rules, on their own ------------------------------------------------------

describe('verdict', () => {
  const group = (status: GroupView['status'], filled: string, target: string): GroupView =>
    ({ group_id: 'EXG_20260105_090000_aaaaa', status, filled_quantity: new Decimal(filled), target_quantity: new Decimal(target) }) as GroupView;

  it('PARTIAL succeeds iff the fill ratio meets min_fill_ratio; COMPLETED succeeds; FAILED and CANCELLED fail', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 1000 }), (filledUnits, minUnits) => {
        const min = new Decimal(minUnits).div(1000);
        const partial = verdictOf([group('PARTIAL', new Decimal(filledUnits).div(1000).toFixed(), '1')], min);
        expect(partial.ok).toBe(filledUnits >= minUnits);
        expect(verdictOf([group('COMPLETED', '1', '1')], min).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
    // Without min_fill_ratio any partial fill is accepted, as the algorithms accept it.
    expect(verdictOf([group('PARTIAL', '0.5', '1')], null).ok).toBe(true);
    // One bad group fails the command; a group cancelled by someone else is not its effect.
    expect(verdictOf([group('COMPLETED', '1', '1'), group('FAILED', '0', '1')], null).ok).toBe(false);
    expect(verdictOf([group('CANCELLED', '0.9', '1')], null).ok).toBe(false);
  });

  it('batch status: the timeout wins, else all / none / some commands succeeded', () => {
    const of = (...list: BatchCommandOutcome['status'][]) => list.map((status) => ({ status }));
    expect(batchStatusOf(of('SUCCEEDED', 'SUCCEEDED'), false)).toBe('COMPLETED');
    expect(batchStatusOf(of('SUCCEEDED', 'SUCCEEDED'), true)).toBe('TIMED_OUT');
    expect(batchStatusOf(of('SUCCEEDED', 'SKIPPED'), false)).toBe('PARTIAL');
    expect(batchStatusOf(of('CANCELLED', 'FAILED'), false)).toBe('FAILED');
    expect(batchStatusOf(of('FAILED', 'SKIPPED', 'SKIPPED'), false)).toBe('FAILED');
  });
});
