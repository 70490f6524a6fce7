import { Decimal } from '../../../../core/domain/decimal';
import { EntryPlanSchema, type EntryPlan } from '../../../../core/domain/entry-plan';
import { ExecutionPlanSchema, type ExecutionPlanWire, type ExecutionPlan } from '../../../../core/domain/execution-plan';
import { SizePlanSchema, type SizePlan } from '../../../../core/domain/size-plan';
import type { ConnectorCapabilities, ConnectorOrderType, SymbolRules } from '../../../../core/connectors/types';
import type { MarketBar } from '../../../../core/market/types';
import { translate, type TranslateInput } from '../../../../core/execution/translator';
import type { AlgoSpec } from '../../../../core/execution/spec';

export const D = (v: Decimal.Value) => new Decimal(v);

/** Binance-like BTC/USD filters. */
export const RULES: SymbolRules = {
  symbol: 'BTC/USD',
  baseAsset: 'BTC',
  quoteAsset: 'USD',
  tickSize: D('0.01'),
  stepSize: D('0.0001'),
  minQuantity: D('0.0001'),
  minNotional: D('10'),
};

export const ALL_TYPES: readonly ConnectorOrderType[] = ['MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT'];

export function caps(over: Partial<ConnectorCapabilities> = {}): ConnectorCapabilities {
  return { orderTypes: ALL_TYPES, nativeIceberg: false, nativeOco: false, modifyInPlace: false, symbols: [RULES], ...over };
}

/** 2023-03-13 14:00:00 UTC. */
export const NOW = Date.UTC(2023, 2, 13, 14, 0, 0);
export const MIN = 60_000;

export function execPlan(over: Partial<ExecutionPlanWire> = {}): ExecutionPlan {
  return ExecutionPlanSchema.parse({ plan_id: 'EXP_20230313_140000_abcde', action: 'EXECUTE_TRADE', ...over });
}

export function entry(over: Record<string, unknown> = {}): EntryPlan {
  return EntryPlanSchema.parse({ plan_id: 'ENT_20230313_140000_abcde', symbol: 'BTC/USD', direction: 'BUY', order_type: 'MARKET', ...over });
}

export function size(quantity: string): SizePlan {
  return SizePlanSchema.parse({ plan_id: 'SIZ_20230313_140000_abcde', position_size: quantity });
}

export function input(over: Partial<TranslateInput> = {}): TranslateInput {
  return { entryPlan: entry(), sizePlan: size('1'), arrivalPrice: D('20000'), now: NOW, capabilities: caps(), ...over };
}

/** Translate and insist on success (the test is about what comes after). */
export function specFor(over: Partial<TranslateInput> = {}): AlgoSpec {
  const r = translate(input(over));
  if (!r.ok) throw new Error(`translate failed: ${r.error.code} ${r.error.message}`);
  return r.spec;
}

export function bar(openTime: number, close: Decimal.Value, volume: Decimal.Value, symbol = 'BTC/USD'): MarketBar {
  const c = D(close);
  return {
    symbol,
    openTime,
    intervalMs: MIN,
    open: c,
    high: c,
    low: c,
    close: c,
    volume: D(volume),
    bid: c.minus('0.01'),
    ask: c.plus('0.01'),
    bidSize: D('1'),
    askSize: D('1'),
  };
}
