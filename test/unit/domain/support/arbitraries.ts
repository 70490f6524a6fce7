import fc from 'fast-check';
import { Decimal, ExecutionAction, ExecutionStrategyType, GroupStatus, OrderStatus } from '../../../../core/domain';

/**
 * Arbitraries producing VALID wire JSON for every DTO, in the variety real
 * producers write: decimals as canonical text, with trailing zeros, in
 * Python's exponent form or (rarely) as JSON numbers; timestamps with or
 * without milliseconds, Z or +00:00; optional fields absent, null or set.
 */

type Gen = fc.GeneratorValue;
type Json = Record<string, unknown>;

/** Round-trips through JSON text: drops undefined keys, proves it is plain JSON. */
const asJson = (o: Json): Json => JSON.parse(JSON.stringify(o)) as Json;

// ---- ids ---------------------------------------------------------------------

const MIN_MS = Date.UTC(2000, 0, 1);
const MAX_MS = Date.UTC(2099, 11, 31, 23, 59, 59);
const msArb = fc.integer({ min: MIN_MS, max: MAX_MS });

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
}

const suffixArb = fc.string({ unit: fc.constantFrom(...'0123456789abcdefghijklmnopqrstuvwxyz'), minLength: 5, maxLength: 8 });
const idArbs = new Map<string, fc.Arbitrary<string>>();

export function idArb(prefix: string): fc.Arbitrary<string> {
  let a = idArbs.get(prefix);
  if (!a) {
    a = fc.tuple(msArb, suffixArb).map(([ms, suffix]) => `${prefix}_${stamp(ms)}_${suffix}`);
    idArbs.set(prefix, a);
  }
  return a;
}

// ---- timestamps --------------------------------------------------------------

function timestampText(g: Gen, ms: number): string {
  const iso = new Date(ms).toISOString();
  const style = g(fc.constantFrom, 'ms', 'seconds', 'offset');
  if (style === 'seconds') return iso.replace(/\.\d{3}Z$/, 'Z');
  if (style === 'offset') return iso.replace('Z', '+00:00');
  return iso;
}

/** A timestamp as wire text; drops sub-second precision in some styles, so callers keep ms whole seconds where order matters. */
const wholeSecondMs = (g: Gen, min = MIN_MS, max = MAX_MS) => Math.floor(g(fc.integer, { min, max }) / 1000) * 1000;

// ---- decimals ----------------------------------------------------------------

const SCALE = new Decimal(10).pow(8);
/** Units of 1e-8: at most 20 digits in all, 8 of them decimals. */
const MAX_UNITS = 10n ** 20n - 1n;

function decimalOf(units: bigint): Decimal {
  return new Decimal(units.toString()).div(SCALE);
}

/** Wire text (or number) for a decimal value, in one of the styles producers use. */
function decimalText(g: Gen, d: Decimal): string | number {
  const style = g(fc.constantFrom, 'plain', 'plain', 'fixed8', 'exponent', 'number');
  if (style === 'fixed8') return d.toFixed(8);
  if (style === 'exponent') return d.toExponential().replace('e', 'E');
  if (style === 'number' && String(Number(d.toFixed())) === d.toFixed()) return Number(d.toFixed());
  return d.toFixed();
}

const units = (g: Gen, min: bigint, max: bigint) => g(fc.bigInt, { min, max });
const positive = (g: Gen) => decimalText(g, decimalOf(units(g, 1n, MAX_UNITS)));
const nonNegative = (g: Gen) => decimalText(g, decimalOf(units(g, 0n, MAX_UNITS)));
const unit = (g: Gen) => decimalText(g, decimalOf(units(g, 0n, 10n ** 8n)));
const atLeastOne = (g: Gen) => decimalText(g, decimalOf(units(g, 10n ** 8n, 10n ** 12n)));
const price = (g: Gen) => decimalText(g, decimalOf(units(g, 1n, 10n ** 16n)));

/** An optional field: absent, null or the value. */
function maybe<T>(g: Gen, value: () => T): T | null | undefined {
  const pick = g(fc.constantFrom, 'absent', 'null', 'set', 'set');
  return pick === 'absent' ? undefined : pick === 'null' ? null : value();
}

const int = (g: Gen, min = 1, max = 1_000_000) => g(fc.integer, { min, max });

// ---- ledger containers -------------------------------------------------------

const STRATEGIES = ExecutionStrategyType.options;
const QUANTITY_DRIVEN = ['TWAP', 'VWAP', 'LAYERED', 'POV'];

export const groupWire = fc.gen().map((g) => {
  const strategy = g(fc.constantFrom, ...STRATEGIES);
  const status = g(fc.constantFrom, ...GroupStatus.options);
  const needsOne = ['ACTIVE', 'COMPLETED', 'PARTIAL'].includes(status);
  const count = strategy === 'SINGLE' ? (needsOne ? 1 : int(g, 0, 1)) : int(g, 0, 6);
  const target = QUANTITY_DRIVEN.includes(strategy) || g(fc.boolean) ? units(g, 1n, MAX_UNITS) : undefined;
  const filled = target !== undefined ? units(g, 0n, target) : units(g, 0n, MAX_UNITS);
  const created = wholeSecondMs(g);
  const updated = wholeSecondMs(g, created);
  return asJson({
    group_id: g(() => idArb('EXG')),
    parent_plan_id: g(() => idArb('TPL')),
    execution_strategy: strategy,
    order_ids: g(fc.uniqueArray, idArb('ORD'), { minLength: count, maxLength: count }),
    status,
    created_at: timestampText(g, created),
    updated_at: timestampText(g, updated),
    target_quantity: target !== undefined ? decimalText(g, decimalOf(target)) : maybe(g, () => null),
    filled_quantity: maybe(g, () => decimalText(g, decimalOf(filled))),
    cancelled_at: status === 'CANCELLED' ? timestampText(g, updated) : maybe(g, () => null),
    completed_at: status === 'COMPLETED' ? timestampText(g, updated) : maybe(g, () => null),
  });
});

export const tradePlanWire = fc.gen().map((g) => {
  const status = g(fc.constantFrom, 'ACTIVE', 'CLOSED');
  const created = wholeSecondMs(g);
  const updated = wholeSecondMs(g, created);
  return asJson({
    plan_id: g(() => idArb('TPL')),
    strategy_instance_id: g(fc.string, { minLength: 1, maxLength: 20 }),
    asset_symbol: g(fc.constantFrom, 'BTC/USDT', 'ETH/USD', 'BTC_USDT'),
    status,
    direction: g(fc.constantFrom, 'BUY', 'SELL'),
    comments: maybe(g, () => g(fc.string)),
    created_at: timestampText(g, created),
    updated_at: timestampText(g, updated),
    closed_at: status === 'CLOSED' ? timestampText(g, updated) : maybe(g, () => null),
  });
});

export const orderWire = fc.gen().map((g) => {
  const type = g(fc.constantFrom, 'MARKET', 'LIMIT', 'STOP_MARKET', 'STOP_LIMIT');
  const status = g(fc.constantFrom, ...OrderStatus.options);
  const quantity = units(g, 1n, 10n ** 16n);
  const filled = status === 'FILLED' ? quantity : units(g, 0n, quantity);
  const created = wholeSecondMs(g);
  const needsPrice = type === 'LIMIT' || type === 'STOP_LIMIT';
  const needsStop = type === 'STOP_MARKET' || type === 'STOP_LIMIT';
  return asJson({
    order_id: g(() => idArb('ORD')),
    parent_group_id: g(() => idArb('EXG')),
    connector_order_id: maybe(g, () => String(int(g))),
    symbol: 'BTC/USDT',
    side: g(fc.constantFrom, 'BUY', 'SELL'),
    order_type: type,
    role: g(fc.constantFrom, undefined, 'ENTRY', 'STOP_LOSS', 'TAKE_PROFIT', 'CLOSE'),
    quantity: decimalText(g, decimalOf(quantity)),
    price: needsPrice ? price(g) : maybe(g, () => null),
    stop_price: needsStop ? price(g) : maybe(g, () => null),
    status,
    filled_quantity: decimalText(g, decimalOf(filled)),
    average_fill_price: filled > 0n ? price(g) : maybe(g, () => price(g)),
    created_at: timestampText(g, created),
    updated_at: timestampText(g, wholeSecondMs(g, created)),
  });
});

export const fillWire = fc.gen().map((g) =>
  asJson({
    fill_id: g(() => idArb('FILL')),
    parent_order_id: g(() => idArb('ORD')),
    trade_id: String(int(g)),
    price: price(g),
    quantity: positive(g),
    fee: nonNegative(g),
    fee_asset: maybe(g, () => g(fc.constantFrom, 'BTC', 'USDT', 'BNB')),
    liquidity: maybe(g, () => g(fc.constantFrom, 'MAKER', 'TAKER')),
    executed_at: timestampText(g, g(() => msArb)),
    fidelity_profile: maybe(g, () => 'realistic'),
  }),
);

// ---- plans -------------------------------------------------------------------

export const executionPlanWire = fc.gen().map((g) => {
  const immediate = g(fc.constantFrom, undefined, true, false);
  return asJson({
    plan_id: g(() => idArb('EXP')),
    action: g(fc.constantFrom, undefined, ...ExecutionAction.options),
    execution_urgency: maybe(g, () => unit(g)),
    visibility_preference: maybe(g, () => unit(g)),
    max_slippage_pct: maybe(g, () => unit(g)),
    must_complete_immediately: immediate,
    max_execution_window_minutes: immediate === true ? maybe(g, () => null) : maybe(g, () => int(g)),
    preferred_execution_style: maybe(g, () => g(fc.constantFrom, ...STRATEGIES, 'PRIVATE_MEMPOOL')),
    chunk_count_hint: maybe(g, () => int(g)),
    chunk_distribution: maybe(g, () => g(fc.constantFrom, 'UNIFORM', 'WEIGHTED')),
    min_fill_ratio: maybe(g, () => unit(g)),
  });
});

export const entryPlanWire = fc.gen().map((g) => {
  const type = g(fc.constantFrom, 'MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT');
  return asJson({
    plan_id: g(() => idArb('ENT')),
    symbol: g(fc.constantFrom, 'BTC_USDT', 'ETH_USDT'),
    direction: g(fc.constantFrom, 'BUY', 'SELL'),
    order_type: type,
    limit_price: type === 'LIMIT' || type === 'STOP_LIMIT' ? price(g) : maybe(g, () => null),
    stop_price: type === 'STOP' || type === 'STOP_LIMIT' ? price(g) : maybe(g, () => null),
  });
});

export const sizePlanWire = fc.gen().map((g) =>
  asJson({
    plan_id: g(() => idArb('SIZ')),
    position_size: positive(g),
    position_value: maybe(g, () => positive(g)),
    risk_amount: maybe(g, () => positive(g)),
    leverage: maybe(g, () => atLeastOne(g)),
  }),
);

export const exitPlanWire = fc.gen().map((g) => {
  const which = g(fc.constantFrom, 'sl', 'tp', 'both');
  return asJson({
    plan_id: g(() => idArb('EXT')),
    stop_loss_price: which === 'tp' ? maybe(g, () => null) : price(g),
    take_profit_price: which === 'sl' ? maybe(g, () => null) : price(g),
  });
});

// ---- causality and directives ------------------------------------------------

const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const idList = (prefix: string) => fc.array(idArb(prefix), { maxLength: 3 });

export const causalityWire = fc
  .tuple(
    fc.oneof(
      fc.record({
        origin: fc.record({ id: idArb('TCK'), type: fc.constantFrom('TICK', 'NEWS', 'SCHEDULE', 'MANUAL') }),
      }),
      fc.record({ tick_id: idArb('TCK') }),
      fc.record({ news_id: idArb('NWS') }),
      fc.record({ schedule_id: idArb('SCH') }),
    ),
    fc.record(
      {
        signal_ids: idList('SIG'),
        risk_ids: idList('RSK'),
        strategy_directive_id: nullable(idArb('STR')),
        entry_plan_id: nullable(idArb('ENT')),
        execution_command_id: nullable(idArb('EXC')),
        order_ids: idList('ORD'),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([birth, ids]) => asJson({ ...birth, ...ids }));

function planBearing(g: Gen): Json {
  const plans = g(fc.subarray, ['entry_plan', 'size_plan', 'exit_plan', 'execution_plan'], { minLength: 1 });
  const plan = (name: string, arb: fc.Arbitrary<Json>) => (plans.includes(name) ? g(() => arb) : maybe(g, () => null));
  const execution = plan('execution_plan', executionPlanWire) as Json | null | undefined;
  const action = execution?.action;
  const scope = g(fc.constantFrom, undefined, 'NEW_TRADE', 'MODIFY_EXISTING', 'CLOSE_EXISTING');
  const needPlan = (scope !== undefined && scope !== 'NEW_TRADE') || action === 'CANCEL_ALL_IN_PLAN';
  const needGroup = action === 'CANCEL_GROUP' || action === 'MODIFY_ORDERS';
  const needOrders = action === 'CANCEL_ORDER' || action === 'MODIFY_ORDER';
  return {
    causality: g(() => causalityWire),
    entry_plan: plan('entry_plan', entryPlanWire),
    size_plan: plan('size_plan', sizePlanWire),
    exit_plan: plan('exit_plan', exitPlanWire),
    execution_plan: execution,
    scope,
    target_plan_id: needPlan ? g(() => idArb('TPL')) : maybe(g, () => g(() => idArb('TPL'))),
    target_group_id: needGroup ? g(() => idArb('EXG')) : maybe(g, () => g(() => idArb('EXG'))),
    target_order_ids: needOrders
      ? g(fc.array, idArb('ORD'), { minLength: 1, maxLength: 3 })
      : g(fc.constantFrom, undefined, g(fc.array, idArb('ORD'), { maxLength: 3 })),
  };
}

export const executionDirectiveWire = fc.gen().map((g) => asJson({ directive_id: g(() => idArb('EXE')), ...planBearing(g) }));
export const executionCommandWire = fc.gen().map((g) => asJson({ command_id: g(() => idArb('EXC')), ...planBearing(g) }));

export const executionPolicyWire = fc.gen().map((g) =>
  asJson({
    mode: g(fc.constantFrom, undefined, 'INDEPENDENT', 'COORDINATED', 'SEQUENTIAL'),
    timeout_seconds: maybe(g, () => int(g)),
  }),
);

export const strategyDirectiveWire = fc.gen().map((g) => {
  const scope = g(fc.constantFrom, 'NEW_TRADE', 'MODIFY_EXISTING', 'CLOSE_EXISTING');
  const targets =
    scope === 'NEW_TRADE'
      ? g(fc.constantFrom, undefined, [])
      : g(fc.uniqueArray, idArb('TPL'), { minLength: 1, maxLength: 4 });
  const low = price(g);
  return asJson({
    directive_id: g(() => idArb('STR')),
    strategy_planner_id: g(fc.constantFrom, 'momentum_planner', 'trailing_stop_planner', 'emergency_exit_planner'),
    decision_timestamp: timestampText(g, g(() => msArb)),
    causality: g(() => causalityWire),
    scope,
    confidence: unit(g),
    target_plan_ids: targets,
    entry_directive: maybe(g, () => ({
      symbol: 'BTC_USDT',
      direction: g(fc.constantFrom, 'BUY', 'SELL'),
      timing_preference: g(fc.constantFrom, undefined, unit(g)),
      preferred_price_zone: maybe(g, () => [low, price(g)]),
      max_acceptable_slippage: g(fc.constantFrom, undefined, nonNegative(g)),
    })),
    size_directive: maybe(g, () => ({
      aggressiveness: g(fc.constantFrom, undefined, unit(g)),
      max_risk_amount: g(fc.constantFrom, undefined, positive(g)),
      account_risk_pct: g(fc.constantFrom, undefined, unit(g)),
    })),
    exit_directive: maybe(g, () => ({
      profit_taking_preference: g(fc.constantFrom, undefined, unit(g)),
      risk_reward_ratio: g(fc.constantFrom, undefined, positive(g)),
      stop_loss_tolerance: g(fc.constantFrom, undefined, nonNegative(g)),
    })),
    routing_directive: maybe(g, () => ({
      execution_urgency: g(fc.constantFrom, undefined, unit(g)),
      iceberg_preference: maybe(g, () => unit(g)),
      max_total_slippage_pct: g(fc.constantFrom, undefined, nonNegative(g)),
    })),
    execution_policy: maybe(g, () => g(() => executionPolicyWire)),
  });
});

export const batchWire = fc.gen().map((g) => {
  const commands = g(() =>
    fc.uniqueArray(executionCommandWire, { minLength: 1, maxLength: 4, selector: (c) => c.command_id }),
  );
  return asJson({
    batch_id: g(() => idArb('BAT')),
    commands,
    created_at: timestampText(g, g(() => msArb)),
    mode: g(fc.constantFrom, 'INDEPENDENT', 'COORDINATED', 'SEQUENTIAL'),
    timeout_seconds: maybe(g, () => int(g)),
  });
});
