import { generateId } from '../../../core/domain';

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
export const SYMBOL = 'BTC/USDT';

/** A directive in the seeds' wire format. */
export function directive(parts: {
  side?: 'BUY' | 'SELL';
  quantity?: string;
  orderType?: 'MARKET' | 'LIMIT';
  limitPrice?: string;
  execution?: Record<string, unknown>;
  exit?: { stop_loss_price?: string; take_profit_price?: string };
  scope?: 'NEW_TRADE' | 'MODIFY_EXISTING' | 'CLOSE_EXISTING';
  targetPlanId?: string;
  targetGroupId?: string;
  now?: number;
}): Record<string, unknown> {
  const now = parts.now ?? T0;
  const d: Record<string, unknown> = {
    directive_id: generateId('EXE', now),
    causality: { tick_id: 'TCK_20260105_090000_abcde' },
  };
  if (parts.quantity) {
    d.entry_plan = {
      plan_id: generateId('ENT', now),
      symbol: SYMBOL,
      direction: parts.side ?? 'BUY',
      order_type: parts.orderType ?? 'MARKET',
      ...(parts.limitPrice ? { limit_price: parts.limitPrice } : {}),
    };
    d.size_plan = { plan_id: generateId('SIZ', now), position_size: parts.quantity };
  }
  if (parts.execution) d.execution_plan = { plan_id: generateId('EXP', now), ...parts.execution };
  if (parts.exit) d.exit_plan = { plan_id: generateId('EXT', now), ...parts.exit };
  if (parts.scope) d.scope = parts.scope;
  if (parts.targetPlanId) d.target_plan_id = parts.targetPlanId;
  if (parts.targetGroupId) d.target_group_id = parts.targetGroupId;
  return d;
}
