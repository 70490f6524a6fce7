import { Decimal } from '../domain/decimal';
import type { EntryPlan } from '../domain/entry-plan';
import { ExecutionStrategyType, type OrderSide } from '../domain/enums';
import type { ExecutionPlan } from '../domain/execution-plan';
import type { SizePlan } from '../domain/size-plan';
import type { ConnectorCapabilities, ConnectorOrderType, SymbolRules } from '../connectors/types';
import type { MarketBar } from '../market/types';
import { ladderLevels } from './algorithms/layered';
import { floorToStep, meetsMinimum, minOrderQuantity, roundPriceNearest, roundPriceSafe } from './algorithms/sizing';
import { historicalProfile, uShapedProfile } from './algorithms/vwap';
import { isWorsePrice, saferPrice, type AlgoSpec } from './spec';

/*
 * ExecutionPlan (+ EntryPlan, SizePlan) -> AlgoSpec. Pure: everything comes
 * in as arguments. Constraints (MUST) are never traded away: max_slippage_pct
 * becomes a hard priceLimit, must_complete_immediately forces SINGLE IOC,
 * max_execution_window_minutes the endTime, min_fill_ratio the final status.
 * Hints (MAY) are followed when they can be: preferred_execution_style,
 * chunk_count_hint, chunk_distribution.
 *
 * Decision table: the first row that matches AND is possible wins; a row
 * that matches but is not possible (e.g. ICEBERG with no price to rest at)
 * is noted in reasons and the next row is tried.
 *
 *  #  when                                           strategy
 *  1  entry order_type STOP / STOP_LIMIT              SINGLE (one native stop order; overrides any style)
 *  2  must_complete_immediately                       SINGLE IOC (FOK if min_fill_ratio = 1; overrides any style)
 *  3  preferred_execution_style set                   that style
 *  4  visibility_preference <= 0.30                   ICEBERG
 *  5  chunk_distribution set                          LAYERED
 *  6  execution_urgency >= 0.80                       SINGLE (market, or LIMIT IOC at the price limit)
 *  7  max_execution_window_minutes set                TWAP
 *  8  otherwise (also: no ExecutionPlan)              SINGLE
 *
 * Refused with a typed error: action other than EXECUTE_TRADE, no SizePlan,
 * unknown symbol, quantity zero after rounding or below the symbol's minimum,
 * max_slippage_pct with no price to measure it from, a stop entry that must
 * complete immediately, slices closer than 5 s apart, order types the
 * connector cannot place. Parameters and their defaults: TRANSLATION_RULES.
 */

export const TRANSLATION_RULES = {
  icebergVisibilityThreshold: '0.30',
  singleUrgencyThreshold: '0.80',
  /** Window for TWAP/VWAP/POV when the plan gives none. */
  defaultWindowMinutes: 30,
  /** Default slicing: one slice per minute of the window, at most 60. */
  defaultSliceIntervalMs: 60_000,
  maxDefaultSlices: 60,
  /** Slices closer than this are refused (WINDOW_TOO_SHORT): a slice needs time to work. */
  minSliceIntervalMs: 5_000,
  /** ICEBERG visible share = max(visibility_preference, floor); default when the plan has none. */
  icebergVisibleFloor: '0.05',
  icebergDefaultVisibility: '0.10',
  defaultLadderLevels: 5,
  /** LAYERED spans this share of the anchor price, away from the market. */
  ladderBand: '0.01',
  /** POV rate = base + span * execution_urgency (0.05 .. 0.30); default without urgency. */
  povBaseRate: '0.05',
  povUrgencySpan: '0.25',
  povDefaultRate: '0.10',
} as const;

export type TranslateErrorCode =
  | 'UNSUPPORTED_ACTION'
  | 'MISSING_SIZE_PLAN'
  | 'UNKNOWN_SYMBOL'
  | 'INVALID_QUANTITY'
  | 'BELOW_MIN_SIZE'
  | 'NO_REFERENCE_PRICE'
  | 'CONFLICTING_CONSTRAINTS'
  | 'WINDOW_TOO_SHORT'
  | 'UNSUPPORTED_ORDER_TYPE';

export interface TranslateError {
  readonly code: TranslateErrorCode;
  readonly message: string;
}

export type TranslateResult = { readonly ok: true; readonly spec: AlgoSpec } | { readonly ok: false; readonly error: TranslateError };

export interface TranslateInput {
  readonly executionPlan?: ExecutionPlan | null;
  readonly entryPlan: EntryPlan;
  readonly sizePlan?: SizePlan | null;
  /** Latest mid from market data: the slippage reference. */
  readonly arrivalPrice?: Decimal | null;
  /** Epoch ms: the algorithm starts now. */
  readonly now: number;
  /** The connector that will execute: its order types, native iceberg, and the symbol's rules. */
  readonly capabilities: ConnectorCapabilities;
  /** Past bars of the source, for VWAP's volume profile (by time of day). */
  readonly volumeHistory?: readonly MarketBar[];
}

/** Everything the builders share, resolved once. */
interface Context {
  readonly plan: ExecutionPlan | null;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly total: Decimal;
  readonly rules: SymbolRules;
  readonly capabilities: ConnectorCapabilities;
  readonly now: number;
  readonly arrival: Decimal | null;
  readonly cap: Decimal | null;
  readonly limit: Decimal | null;
  readonly stop: Decimal | null;
  readonly minimum: Decimal;
  readonly windowMs: number | null;
  readonly history: readonly MarketBar[];
}

type Built =
  | { readonly kind: 'spec'; readonly spec: AlgoSpec }
  | { readonly kind: 'illegal'; readonly why: string }
  | { readonly kind: 'error'; readonly error: TranslateError };

const D = (s: string) => new Decimal(s);
const MINUTE = 60_000;

function fail(code: TranslateErrorCode, message: string): { ok: false; error: TranslateError } {
  return { ok: false, error: { code, message } };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function has(ctx: Context, type: ConnectorOrderType): boolean {
  return ctx.capabilities.orderTypes.includes(type);
}

/** The order type that works a MARKET/LIMIT intent: LIMIT when there is a limit or a price cap. */
function workingType(ctx: Context): ConnectorOrderType {
  return ctx.limit || ctx.cap ? 'LIMIT' : 'MARKET';
}

function baseSpec(ctx: Context, strategy: ExecutionStrategyType): AlgoSpec {
  return {
    strategy,
    symbol: ctx.symbol,
    side: ctx.side,
    totalQuantity: ctx.total,
    startTime: ctx.now,
    endTime: ctx.windowMs !== null ? ctx.now + ctx.windowMs : null,
    orderStyle: ctx.limit ? 'LIMIT' : 'MARKET',
    limitPrice: ctx.limit,
    stopPrice: null,
    arrivalPrice: ctx.arrival,
    priceLimit: ctx.cap,
    sliceCount: null,
    sliceIntervalMs: null,
    volumeProfile: null,
    visibleQuantity: null,
    nativeIceberg: false,
    ladder: null,
    participationRate: null,
    mustCompleteImmediately: ctx.plan?.must_complete_immediately ?? false,
    minFillRatio: ctx.plan?.min_fill_ratio && ctx.plan.min_fill_ratio.gt(0) ? ctx.plan.min_fill_ratio : null,
    reasons: [],
  };
}

function spec(s: AlgoSpec, reasons: string[]): Built {
  return { kind: 'spec', spec: { ...s, reasons } };
}

function windowOrDefault(ctx: Context, reasons: string[]): number {
  if (ctx.windowMs !== null) return ctx.windowMs;
  const minutes = TRANSLATION_RULES.defaultWindowMinutes;
  reasons.push(`no max_execution_window_minutes -> default window ${minutes} min`);
  return minutes * MINUTE;
}

function buildSingle(ctx: Context): Built {
  const s = { ...baseSpec(ctx, 'SINGLE'), stopPrice: ctx.stop };
  const priced = ctx.limit || ctx.cap;
  const type: ConnectorOrderType = ctx.stop ? (priced ? 'STOP_LIMIT' : 'STOP_MARKET') : workingType(ctx);
  if (!has(ctx, type)) {
    return { kind: 'error', error: { code: 'UNSUPPORTED_ORDER_TYPE', message: `the connector cannot place ${type} orders` } };
  }
  const reasons: string[] = [];
  const tif = s.mustCompleteImmediately ? (s.minFillRatio?.eq(1) ? 'FOK' : 'IOC') : null;
  if (ctx.stop) {
    reasons.push(`one ${type} order, stop ${ctx.stop.toFixed()}${priced ? `, limit ${(ctx.limit ?? ctx.cap)?.toFixed()}` : ''}`);
  } else if (ctx.limit) {
    reasons.push(`one LIMIT ${tif ?? 'GTC'} order at ${ctx.limit.toFixed()}`);
  } else if (ctx.cap) {
    reasons.push(`one marketable LIMIT ${tif ?? 'IOC'} order capped at the price limit ${ctx.cap.toFixed()}`);
  } else {
    reasons.push('one MARKET order');
  }
  if (tif === 'FOK') reasons.push('min_fill_ratio 1 with must_complete_immediately -> FOK (all or nothing)');
  if (s.endTime !== null) reasons.push(`max_execution_window_minutes -> whatever is open is cancelled at ${iso(s.endTime)}`);
  return spec(s, reasons);
}

function buildScheduled(ctx: Context, strategy: 'TWAP' | 'VWAP'): Built {
  if (!has(ctx, workingType(ctx))) return { kind: 'illegal', why: `the connector cannot place ${workingType(ctx)} orders` };
  const reasons: string[] = [];
  const windowMs = windowOrDefault(ctx, reasons);
  const hint = ctx.plan?.chunk_count_hint ?? null;
  let n = hint ?? Math.min(TRANSLATION_RULES.maxDefaultSlices, Math.max(1, Math.floor(windowMs / TRANSLATION_RULES.defaultSliceIntervalMs)));
  reasons.push(hint !== null ? `chunk_count_hint ${hint} -> ${hint} slices` : `no chunk_count_hint -> ${n} slices (one a minute, at most ${TRANSLATION_RULES.maxDefaultSlices})`);
  const fit = ctx.total.div(ctx.minimum).floor().toNumber();
  if (n > fit) {
    reasons.push(`slices reduced from ${n} to ${fit}: smaller slices would fall below the minimum order size ${ctx.minimum.toFixed()}`);
    n = fit;
  }
  const interval = Math.floor(windowMs / n);
  if (interval < TRANSLATION_RULES.minSliceIntervalMs) {
    return {
      kind: 'error',
      error: {
        code: 'WINDOW_TOO_SHORT',
        message: `${n} slices in a ${windowMs / MINUTE} min window leave ${interval} ms per slice; at least ${TRANSLATION_RULES.minSliceIntervalMs} ms are needed`,
      },
    };
  }
  let volumeProfile: Decimal[] | null = null;
  if (strategy === 'VWAP') {
    const learned = historicalProfile(ctx.history, ctx.symbol, ctx.now, n, interval);
    volumeProfile = learned ?? uShapedProfile(n);
    reasons.push(
      learned
        ? `volume profile learned from ${ctx.history.length} history bars (mean volume by time of day)`
        : 'no volume history -> U-shaped profile over the window (ends about twice the middle)',
    );
  }
  const dist = ctx.plan?.chunk_distribution;
  if (dist) reasons.push(`chunk_distribution ${dist} not used: ${strategy} sizes slices by ${strategy === 'TWAP' ? 'time' : 'volume'}`);
  const endTime = ctx.now + windowMs;
  reasons.push(`${n} slices every ${interval / 1000} s until ${iso(endTime)}`);
  return spec({ ...baseSpec(ctx, strategy), endTime, sliceCount: n, sliceIntervalMs: interval, volumeProfile }, reasons);
}

function buildIceberg(ctx: Context): Built {
  if (!has(ctx, 'LIMIT')) return { kind: 'illegal', why: 'the connector cannot place LIMIT orders' };
  const arrival = ctx.arrival ? roundPriceSafe(ctx.arrival, ctx.rules.tickSize, ctx.side) : null;
  const price = ctx.limit ?? ctx.cap ?? arrival;
  if (!price) return { kind: 'illegal', why: 'no price to rest the chunks at (no limit price, price limit or arrival price)' };
  const reasons: string[] = [
    ctx.limit
      ? `chunks rest at the limit price ${price.toFixed()}`
      : ctx.cap
        ? `MARKET entry: chunks rest at the price limit ${price.toFixed()}`
        : `MARKET entry: chunks rest at the arrival price ${price.toFixed()}`,
  ];
  const preference = ctx.plan?.visibility_preference ?? D(TRANSLATION_RULES.icebergDefaultVisibility);
  const share = Decimal.max(preference, D(TRANSLATION_RULES.icebergVisibleFloor));
  let visible = floorToStep(ctx.total.mul(share), ctx.rules.stepSize);
  const minimum = minOrderQuantity(ctx.rules, price);
  if (visible.lt(minimum)) {
    reasons.push(`visible quantity ${visible.toFixed()} raised to the minimum order size ${minimum.toFixed()}`);
    visible = minimum;
  }
  if (visible.gte(ctx.total)) return { kind: 'illegal', why: `a visible quantity of ${visible.toFixed()} would show the whole order` };
  reasons.push(`visible quantity ${visible.toFixed()} (${share.toFixed()} of ${ctx.total.toFixed()})`);
  const native = ctx.capabilities.nativeIceberg;
  reasons.push(native ? 'connector has native iceberg orders -> one order with icebergQuantity' : 'no native iceberg -> emulated, one chunk at a time');
  return spec({ ...baseSpec(ctx, 'ICEBERG'), orderStyle: 'LIMIT', limitPrice: price, visibleQuantity: visible, nativeIceberg: native }, reasons);
}

function buildLayered(ctx: Context): Built {
  if (!has(ctx, 'LIMIT')) return { kind: 'illegal', why: 'the connector cannot place LIMIT orders' };
  const tick = ctx.rules.tickSize;
  const fromArrival = ctx.arrival ? (ctx.cap ? saferPrice(ctx.side, ctx.arrival, ctx.cap) : ctx.arrival) : null;
  const anchor = ctx.limit ?? (fromArrival ? roundPriceSafe(fromArrival, tick, ctx.side) : null);
  if (!anchor) return { kind: 'illegal', why: 'no price to anchor the ladder (no limit price or arrival price)' };
  const band = D(TRANSLATION_RULES.ladderBand);
  const [low, high] =
    ctx.side === 'BUY'
      ? [roundPriceSafe(anchor.mul(D('1').minus(band)), tick, 'BUY'), anchor]
      : [anchor, roundPriceSafe(anchor.mul(D('1').plus(band)), tick, 'SELL')];
  const distribution = ctx.plan?.chunk_distribution ?? 'UNIFORM';
  const requested = ctx.plan?.chunk_count_hint ?? TRANSLATION_RULES.defaultLadderLevels;
  const reasons: string[] = [
    `ladder anchored at the ${ctx.limit ? 'limit' : 'arrival'} price ${anchor.toFixed()}, spanning ${band.mul(100).toFixed()}% away from the market`,
  ];
  const ticks = tick.gt(0) ? high.minus(low).div(tick).floor().toNumber() + 1 : requested;
  let levels = Math.max(1, Math.min(requested, ticks));
  const fits = (n: number) =>
    ladderLevels(ctx.side, { low, high, levels: n, distribution }, ctx.total, ctx.rules).every((l) => meetsMinimum(l.quantity, l.price, ctx.rules));
  while (levels > 1 && !fits(levels)) levels -= 1;
  if (levels < requested) reasons.push(`levels reduced from ${requested} to ${levels} to stay on distinct ticks and above the minimum order size`);
  reasons.push(`${levels} ${distribution} levels between ${low.toFixed()} and ${high.toFixed()}`);
  return spec({ ...baseSpec(ctx, 'LAYERED'), orderStyle: 'LIMIT', limitPrice: anchor, ladder: { low, high, levels, distribution } }, reasons);
}

function buildPov(ctx: Context): Built {
  if (!has(ctx, workingType(ctx))) return { kind: 'illegal', why: `the connector cannot place ${workingType(ctx)} orders` };
  const reasons: string[] = [];
  const windowMs = windowOrDefault(ctx, reasons);
  const urgency = ctx.plan?.execution_urgency;
  const rate = urgency
    ? D(TRANSLATION_RULES.povBaseRate).plus(D(TRANSLATION_RULES.povUrgencySpan).mul(urgency))
    : D(TRANSLATION_RULES.povDefaultRate);
  reasons.push(
    urgency
      ? `participation rate ${rate.toFixed()} = ${TRANSLATION_RULES.povBaseRate} + ${TRANSLATION_RULES.povUrgencySpan} * execution_urgency ${urgency.toFixed()}`
      : `no execution_urgency -> participation rate ${rate.toFixed()}`,
  );
  return spec({ ...baseSpec(ctx, 'POV'), endTime: ctx.now + windowMs, participationRate: rate }, reasons);
}

function build(ctx: Context, strategy: ExecutionStrategyType): Built {
  switch (strategy) {
    case 'SINGLE':
      return buildSingle(ctx);
    case 'TWAP':
    case 'VWAP':
      return buildScheduled(ctx, strategy);
    case 'ICEBERG':
      return buildIceberg(ctx);
    case 'LAYERED':
      return buildLayered(ctx);
    case 'POV':
      return buildPov(ctx);
  }
}

/** The rows of the decision table that match this plan, in order. */
function candidates(ctx: Context, isStop: boolean): { strategy: ExecutionStrategyType | null; because: string }[] {
  const plan = ctx.plan;
  if (!plan) return [{ strategy: 'SINGLE', because: 'no ExecutionPlan -> SINGLE' }];
  const style = plan.preferred_execution_style ?? null;
  const MUST_WINS = 'a MUST constraint beats a MAY hint';
  if (isStop) {
    const note = style && style !== 'SINGLE' ? ` (preferred_execution_style ${style} overridden: ${MUST_WINS})` : '';
    return [{ strategy: 'SINGLE', because: `stop entry -> SINGLE, one exchange-native stop order${note}` }];
  }
  if (plan.must_complete_immediately) {
    const note = style && style !== 'SINGLE' ? ` (preferred_execution_style ${style} overridden: ${MUST_WINS})` : '';
    return [{ strategy: 'SINGLE', because: `must_complete_immediately -> SINGLE${note}` }];
  }
  const out: { strategy: ExecutionStrategyType | null; because: string }[] = [];
  if (style) {
    // A hint may name something this app has no algorithm for (the seeds' platform writes PRIVATE_MEMPOOL).
    const known = ExecutionStrategyType.safeParse(style);
    out.push(
      known.success
        ? { strategy: known.data, because: `preferred_execution_style ${style} -> ${style}` }
        : { strategy: null, because: `preferred_execution_style ${style} is not an algorithm here -> ignored` },
    );
  }
  const visibility = plan.visibility_preference;
  const threshold = D(TRANSLATION_RULES.icebergVisibilityThreshold);
  if (visibility && visibility.lte(threshold)) {
    out.push({ strategy: 'ICEBERG', because: `visibility_preference ${visibility.toFixed()} <= ${threshold.toFixed(2)} -> ICEBERG` });
  }
  if (plan.chunk_distribution) out.push({ strategy: 'LAYERED', because: `chunk_distribution ${plan.chunk_distribution} -> LAYERED` });
  const urgency = plan.execution_urgency;
  const urgent = D(TRANSLATION_RULES.singleUrgencyThreshold);
  if (urgency && urgency.gte(urgent)) {
    out.push({ strategy: 'SINGLE', because: `execution_urgency ${urgency.toFixed()} >= ${urgent.toFixed(2)} -> SINGLE` });
  }
  if (plan.max_execution_window_minutes) {
    out.push({ strategy: 'TWAP', because: `max_execution_window_minutes ${plan.max_execution_window_minutes} -> TWAP` });
  }
  out.push({ strategy: 'SINGLE', because: 'no hint chose an algorithm -> SINGLE' });
  return out;
}

export function translate(input: TranslateInput): TranslateResult {
  const plan = input.executionPlan ?? null;
  const entry = input.entryPlan;
  if (plan && plan.action !== 'EXECUTE_TRADE') {
    return fail('UNSUPPORTED_ACTION', `${plan.action} is not executed by an algorithm; only EXECUTE_TRADE translates`);
  }
  if (!input.sizePlan) return fail('MISSING_SIZE_PLAN', 'a trade needs a SizePlan: nothing says how much to execute');
  const rules = input.capabilities.symbols.find((s) => s.symbol === entry.symbol);
  if (!rules) return fail('UNKNOWN_SYMBOL', `the connector does not trade ${entry.symbol}`);

  const reasons: string[] = [];
  const size = input.sizePlan.position_size;
  const total = floorToStep(size, rules.stepSize);
  if (!size.gt(0) || !total.gt(0)) {
    return fail('INVALID_QUANTITY', `position_size ${size.toFixed()} is nothing to execute at step ${rules.stepSize.toFixed()}`);
  }
  if (!total.eq(size)) reasons.push(`position_size ${size.toFixed()} rounded down to the step ${rules.stepSize.toFixed()} -> ${total.toFixed()}`);

  const side = entry.direction;
  const isStop = entry.order_type === 'STOP' || entry.order_type === 'STOP_LIMIT';
  if (isStop && plan?.must_complete_immediately) {
    return fail('CONFLICTING_CONSTRAINTS', `a ${entry.order_type} entry waits for its trigger; it cannot complete immediately`);
  }
  const tick = rules.tickSize;
  const arrival = input.arrivalPrice && input.arrivalPrice.gt(0) ? input.arrivalPrice : null;
  const stop = entry.stop_price ? roundPriceNearest(entry.stop_price, tick) : null;

  let cap: Decimal | null = null;
  const slippage = plan?.max_slippage_pct ?? null;
  if (slippage) {
    const [reference, name] = isStop
      ? [stop, 'stop price']
      : arrival
        ? [arrival, 'arrival price']
        : [entry.limit_price ?? null, 'limit price (no arrival price)'];
    if (!reference) {
      return fail('NO_REFERENCE_PRICE', 'max_slippage_pct is a hard price limit, but there is no arrival price to measure it from');
    }
    const raw = side === 'BUY' ? reference.mul(D('1').plus(slippage)) : reference.mul(D('1').minus(slippage));
    cap = roundPriceSafe(raw, tick, side);
    reasons.push(`max_slippage_pct ${slippage.toFixed()} -> price limit ${side === 'BUY' ? '<=' : '>='} ${cap.toFixed()} (${name} ${reference.toFixed()})`);
  }

  let limit = entry.limit_price ? roundPriceSafe(entry.limit_price, tick, side) : null;
  if (limit && entry.limit_price && !limit.eq(entry.limit_price)) {
    reasons.push(`limit price ${entry.limit_price.toFixed()} rounded to the tick -> ${limit.toFixed()}`);
  }
  if (limit && cap && isWorsePrice(side, limit, cap)) {
    reasons.push(`limit price ${limit.toFixed()} capped at the price limit ${cap.toFixed()}`);
    limit = cap;
  }

  const reference = limit ?? arrival ?? stop;
  const minimum = minOrderQuantity(rules, reference);
  if (total.lt(minimum)) {
    return fail('BELOW_MIN_SIZE', `${total.toFixed()} ${entry.symbol} is below the minimum order size ${minimum.toFixed()}`);
  }
  if (!reference && rules.minNotional.gt(0)) reasons.push('minimum notional not checked: no price known yet');

  const ctx: Context = {
    plan,
    symbol: entry.symbol,
    side,
    total,
    rules,
    capabilities: input.capabilities,
    now: input.now,
    arrival,
    cap,
    limit,
    stop,
    minimum,
    windowMs: plan?.max_execution_window_minutes ? plan.max_execution_window_minutes * MINUTE : null,
    history: input.volumeHistory ?? [],
  };

  for (const row of candidates(ctx, isStop)) {
    if (row.strategy === null) {
      reasons.push(row.because);
      continue;
    }
    const built = build(ctx, row.strategy);
    if (built.kind === 'error') return { ok: false, error: built.error };
    if (built.kind === 'illegal') {
      reasons.push(`${row.strategy} not possible: ${built.why}`);
      continue;
    }
    return { ok: true, spec: { ...built.spec, reasons: [...reasons, row.because, ...built.spec.reasons] } };
  }
  // Unreachable: the last row is SINGLE, which is always built or refused.
  return fail('UNSUPPORTED_ORDER_TYPE', 'no algorithm can execute this plan with this connector');
}
