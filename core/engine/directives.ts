import { decodeWire, generateId, type ExecutionCommand, type ExecutionDirective, EntryPlanSchema, SizePlanSchema } from '../domain';
import { ExecutionError } from '../execution/errors';
import type { ExecutionWorker } from '../execution/worker';
import type { Cause } from '../journal/entry';
import { planPosition } from './positions';
import type { ProtectionManager } from './protection';

/** A directive or a batch member: the same plans and targets. */
export type Directive = ExecutionDirective | ExecutionCommand;

export interface DirectiveOutcome {
  readonly planId: string | null;
  readonly groupIds: readonly string[];
  readonly summary: string;
}

function causeOf(d: Directive): Cause {
  return 'directive_id' in d ? { directiveId: d.directive_id } : { commandId: d.command_id };
}

function idOf(d: Directive): string {
  return 'directive_id' in d ? d.directive_id : d.command_id;
}

/**
 * Routes a directive by scope and action (seed 004, sections 3-4). The same
 * directive types drive NEW_TRADE, MODIFY_EXISTING and CLOSE_EXISTING.
 */
export class DirectiveRouter {
  constructor(
    private readonly worker: ExecutionWorker,
    private readonly protection: ProtectionManager,
  ) {}

  async run(d: Directive): Promise<DirectiveOutcome> {
    const { ledger } = this.worker;
    const action = d.execution_plan?.action ?? 'EXECUTE_TRADE';
    const scope = d.scope ?? 'NEW_TRADE';
    ledger.journal.record({
      kind: 'DIRECTIVE_RECEIVED',
      ...causeOf(d),
      ...(d.target_plan_id ? { planId: d.target_plan_id } : {}),
      message: `${idOf(d)}: ${scope} / ${action}`,
      data: { scope, action },
    });
    switch (action) {
      case 'CANCEL_GROUP': {
        const groupId = need(d.target_group_id, 'CANCEL_GROUP needs target_group_id');
        await this.worker.cancelGroup(groupId);
        return { planId: ledger.getGroup(groupId)?.parent_plan_id ?? null, groupIds: [groupId], summary: 'group cancelled' };
      }
      case 'CANCEL_ALL_IN_PLAN': {
        const planId = need(d.target_plan_id, 'CANCEL_ALL_IN_PLAN needs target_plan_id');
        await this.worker.cancelPlan(planId);
        return { planId, groupIds: ledger.groupsOfPlan(planId).map((g) => g.group_id), summary: 'all orders in plan cancelled' };
      }
      case 'CANCEL_ORDER': {
        const ids = d.target_order_ids ?? [];
        await this.worker.cancelOrders(ids);
        return { planId: d.target_plan_id ?? null, groupIds: [], summary: `${ids.length} order(s) cancelled` };
      }
      case 'MODIFY_ORDER':
      case 'MODIFY_ORDERS':
        return this.modifyOrders(d);
      case 'EXECUTE_TRADE':
        if (scope === 'CLOSE_EXISTING') return this.close(d);
        if (scope === 'MODIFY_EXISTING') return this.modify(d);
        return this.newTrade(d);
    }
  }

  private async newTrade(d: Directive): Promise<DirectiveOutcome> {
    if (!d.entry_plan || !d.size_plan) {
      throw new ExecutionError('INVALID_COMMAND', 'a NEW_TRADE needs entry_plan and size_plan');
    }
    const r = await this.worker.execute({
      entryPlan: d.entry_plan,
      sizePlan: d.size_plan,
      executionPlan: d.execution_plan ?? null,
      exitPlan: d.exit_plan ?? null,
      ...(d.target_plan_id ? { planId: d.target_plan_id } : {}),
      plan: { strategy_instance_id: 'ledgerdesk', direction: d.entry_plan.direction },
      cause: causeOf(d),
    });
    if (d.exit_plan) await this.protection.sync(r.planId);
    return { planId: r.planId, groupIds: [r.groupId], summary: `${r.strategy}: ${r.reasons.join('; ')}` };
  }

  private setLevels(planId: string, d: Directive): void {
    const x = d.exit_plan;
    if (!x) return;
    this.worker.ledger.setProtection(planId, {
      ...(x.stop_loss_price ? { stop_loss_price: x.stop_loss_price.toFixed() } : {}),
      ...(x.take_profit_price ? { take_profit_price: x.take_profit_price.toFixed() } : {}),
    });
  }

  /** MODIFY_EXISTING: move protection (trailing stop), or scale in with entry + size plans. */
  private async modify(d: Directive): Promise<DirectiveOutcome> {
    const planId = need(d.target_plan_id, 'MODIFY_EXISTING needs target_plan_id');
    const plan = this.worker.ledger.getPlan(planId);
    if (!plan) throw new ExecutionError('NOT_FOUND', `TradePlan ${planId} not found`);
    const groupIds: string[] = [];
    if (d.exit_plan) {
      this.setLevels(planId, d);
      await this.protection.sync(planId);
    }
    if (d.entry_plan && d.size_plan) {
      const r = await this.worker.execute({
        entryPlan: d.entry_plan,
        sizePlan: d.size_plan,
        executionPlan: d.execution_plan ?? null,
        planId,
        cause: causeOf(d),
      });
      groupIds.push(r.groupId);
    }
    return { planId, groupIds, summary: d.exit_plan ? 'protection moved' : 'plan modified' };
  }

  /** MODIFY_ORDER(S): re-price live orders (entry limit price, or the exit plan's levels for protection). */
  private async modifyOrders(d: Directive): Promise<DirectiveOutcome> {
    const { ledger, connector } = this.worker;
    const targets = d.target_order_ids?.length
      ? d.target_order_ids.map((id) => ledger.getOrder(id)).filter((o) => o !== undefined)
      : ledger.liveOrdersOfGroup(need(d.target_group_id, 'MODIFY_ORDERS needs target_group_id'));
    const price = d.entry_plan?.limit_price ?? null;
    if (!price && !d.exit_plan) throw new ExecutionError('INVALID_COMMAND', 'a modification needs entry_plan.limit_price or an exit_plan');
    if (!connector.capabilities().modifyInPlace) {
      throw new ExecutionError('INVALID_COMMAND', `${connector.id} cannot modify orders in place`);
    }
    let changed = 0;
    for (const o of targets) {
      if (!this.worker.isLive(o)) continue;
      const newPrice = o.role === 'STOP_LOSS' ? null : o.role === 'TAKE_PROFIT' ? (d.exit_plan?.take_profit_price ?? null) : price;
      const newStop = o.role === 'STOP_LOSS' ? (d.exit_plan?.stop_loss_price ?? null) : null;
      if (!newPrice && !newStop) continue;
      const r = await connector.modify({ clientOrderId: o.order_id, ...(newPrice ? { price: newPrice } : {}), ...(newStop ? { stopPrice: newStop } : {}) }, o.symbol);
      if (!r.ok) continue;
      ledger.updateOrder({
        order_id: o.order_id,
        ...(newPrice ? { price: newPrice.toFixed() } : {}),
        ...(newStop ? { stop_price: newStop.toFixed() } : {}),
        reason: `modified by ${idOf(d)}`,
      });
      changed += 1;
    }
    return { planId: targets[0]?.parent_plan_id ?? null, groupIds: [], summary: `${changed} order(s) modified` };
  }

  /**
   * CLOSE_EXISTING: cancel the plan's resting orders, then bring its
   * position to zero with an opposite order sized from the ledger's fills.
   */
  async close(d: Directive): Promise<DirectiveOutcome> {
    const { ledger, clock } = this.worker;
    const planId = need(d.target_plan_id, 'CLOSE_EXISTING needs target_plan_id');
    const plan = ledger.getPlan(planId);
    if (!plan) throw new ExecutionError('NOT_FOUND', `TradePlan ${planId} not found`);
    for (const g of ledger.groupsOfPlan(planId)) {
      if (ledger.liveOrdersOfGroup(g.group_id).length > 0 || ledger.getAlgoState(g.group_id)?.algo_status === 'RUNNING') {
        await this.worker.cancelGroup(g.group_id, 'PLAN', 'close existing');
      }
    }
    this.worker.flushReports(); // fills already reported but not yet recorded count in the size
    const net = planPosition(ledger, planId);
    if (!net.gt(0)) {
      if (ledger.liveOrdersOfPlan(planId).length === 0 && plan.status === 'ACTIVE') ledger.closePlan(planId, causeOf(d));
      return { planId, groupIds: [], summary: 'nothing to close' };
    }
    const now = clock.now();
    const side = plan.direction === 'BUY' ? 'SELL' : 'BUY';
    const entryPlan = decodeWire(
      EntryPlanSchema,
      { plan_id: generateId('ENT', now), symbol: plan.asset_symbol, direction: side, order_type: 'MARKET' },
      'EntryPlan',
    );
    const sizePlan = decodeWire(SizePlanSchema, { plan_id: generateId('SIZ', now), position_size: net.toFixed() }, 'SizePlan');
    const r = await this.worker.execute({
      entryPlan,
      sizePlan,
      executionPlan: d.execution_plan ?? null,
      planId,
      role: 'CLOSE',
      cause: causeOf(d),
    });
    return { planId, groupIds: [r.groupId], summary: `closing ${net.toFixed()} with ${r.strategy}` };
  }
}

function need<T>(v: T | null | undefined, message: string): T {
  if (v === null || v === undefined) throw new ExecutionError('INVALID_COMMAND', message);
  return v;
}
