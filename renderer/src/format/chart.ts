import Decimal from 'decimal.js';
import type { CandlestickData, SeriesMarker, UTCTimestamp } from 'lightweight-charts';
import type { OrderSide } from '../../../core/domain';
import type { FillView } from '../../../core/ledger/views';
import type { Rows } from '../store/append-list';

/**
 * The price chart's data, from domain values to what lightweight-charts
 * draws: bars, fill markers, and the plan for applying new bars
 * incrementally. Decimals become JS numbers here and only here, because a
 * canvas needs pixels; nothing computed from these numbers goes back.
 */

/** One OHLC bar; `time` is the bar's open time. */
export interface PriceBar {
  readonly time: Date;
  readonly open: Decimal;
  readonly high: Decimal;
  readonly low: Decimal;
  readonly close: Decimal;
}

/** A fill to mark on the chart. */
export interface ChartFill {
  readonly time: Date;
  readonly side: OrderSide;
  readonly price: Decimal;
  readonly quantity: Decimal;
}

/** A quote as the engine status carries it (EngineStatus.market[n]). */
export interface StatusQuote {
  readonly symbol: string;
  readonly last: string;
  /** Epoch ms: the close time of the bar the quote came from. */
  readonly at: number;
}

export const BUY_COLOUR = '#26a69a';
export const SELL_COLOUR = '#ef5350';

export const chartTime = (ms: number): UTCTimestamp => Math.floor(ms / 1000) as UTCTimestamp;

export function toChartBar(b: PriceBar): CandlestickData<UTCTimestamp> {
  return { time: chartTime(b.time.getTime()), open: b.open.toNumber(), high: b.high.toNumber(), low: b.low.toNumber(), close: b.close.toNumber() };
}

/**
 * Bars as the chart needs them: strictly ascending in whole seconds. A bar
 * whose second is not after the previous one replaces it (the newer value
 * wins) rather than making the chart throw.
 */
export function toChartBars(bars: readonly PriceBar[]): CandlestickData<UTCTimestamp>[] {
  const out: CandlestickData<UTCTimestamp>[] = [];
  for (const b of bars) {
    const c = toChartBar(b);
    const last = out[out.length - 1];
    if (last && c.time <= last.time) out[out.length - 1] = { ...c, time: last.time };
    else out.push(c);
  }
  return out;
}

/** The chart takes ledger fills as they are (no copy of 200,000 objects) or plain ChartFills. */
export type MarkableFill = ChartFill | FillView;

const fillTimeMs = (f: MarkableFill): number => ('executed_at' in f ? f.executed_at : f.time).getTime();

/**
 * Folds a status quote into bars of `intervalMs`: the quote's `last` updates
 * the bar of the interval that ends at `at`, or opens the next one. Returns a
 * new array (earlier bars shared) or the same one for a quote older than the
 * last bar.
 */
export function foldQuote(bars: readonly PriceBar[], quote: StatusQuote, intervalMs: number): readonly PriceBar[] {
  const price = new Decimal(quote.last);
  const open = Math.floor((quote.at - 1) / intervalMs) * intervalMs;
  const last = bars[bars.length - 1];
  const lastOpen = last?.time.getTime();
  if (last && lastOpen !== undefined && open < lastOpen) return bars;
  if (last && lastOpen === open) {
    const updated: PriceBar = {
      time: last.time,
      open: last.open,
      high: Decimal.max(last.high, price),
      low: Decimal.min(last.low, price),
      close: price,
    };
    return [...bars.slice(0, -1), updated];
  }
  return [...bars, { time: new Date(open), open: price, high: price, low: price, close: price }];
}

export type BarPlan = { readonly kind: 'none' } | { readonly kind: 'reset' } | { readonly kind: 'update'; readonly from: number };

const sameBar = (a: PriceBar, b: PriceBar) =>
  a === b || (a.time.getTime() === b.time.getTime() && a.open.eq(b.open) && a.high.eq(b.high) && a.low.eq(b.low) && a.close.eq(b.close));

/**
 * How to go from the bars on the chart to the new ones. Bars are history:
 * only the last one may still change, new ones are appended. When that holds
 * the new and changed bars go in with series.update (from `from` on);
 * anything else (a shorter list, a shifted window, an edited older bar)
 * resets the series.
 */
export function planBarUpdate(applied: readonly PriceBar[], next: readonly PriceBar[]): BarPlan {
  if (applied === next) return { kind: 'none' };
  if (applied.length === 0) return next.length === 0 ? { kind: 'none' } : { kind: 'reset' };
  if (next.length < applied.length) return { kind: 'reset' };
  const k = applied.length - 1;
  const prevLast = applied[k] as PriceBar;
  const nextAtK = next[k] as PriceBar;
  if (nextAtK.time.getTime() !== prevLast.time.getTime()) return { kind: 'reset' };
  if (k > 0 && !sameBar(applied[k - 1] as PriceBar, next[k - 1] as PriceBar)) return { kind: 'reset' };
  if (k > 1 && applied[0] !== next[0] && !sameBar(applied[0] as PriceBar, next[0] as PriceBar)) return { kind: 'reset' };
  const from = sameBar(prevLast, nextAtK) ? k + 1 : k;
  return from >= next.length ? { kind: 'none' } : { kind: 'update', from };
}

interface Bucket {
  buys: number;
  buyQuantity: Decimal;
  sells: number;
  sellQuantity: Decimal;
}

const ZERO = new Decimal(0);

/**
 * Fills summed per bar interval and side, kept incrementally: when the fills
 * (an array or an AppendList) grow at either end (appended or prepended, the rest the same
 * objects), only the new fills are counted, so 2,000 fills a second on top
 * of 200,000 cost 2,000 additions, not 202,000. Any other change recounts.
 */
export class FillMarkerIndex {
  private readonly buckets = new Map<number, Bucket>();
  private counted: Rows<MarkableFill> = [];

  constructor(readonly intervalMs: number) {
    if (!(intervalMs > 0)) throw new Error(`intervalMs must be positive, got ${intervalMs}`);
  }

  /** Brings the index up to `fills`; true when the markers changed. */
  sync(fills: Rows<MarkableFill>): boolean {
    const prev = this.counted;
    if (fills === prev) return false;
    const n = prev.length;
    const grew = n > 0 && fills.length >= n;
    let from = 0;
    let to = fills.length;
    let recount = false;
    if (grew && fills.at(0) === prev.at(0) && fills.at(n - 1) === prev.at(n - 1)) from = n;
    else if (grew && fills.at(fills.length - n) === prev.at(0) && fills.at(fills.length - 1) === prev.at(n - 1)) to = fills.length - n;
    else {
      recount = n > 0;
      this.buckets.clear();
    }
    this.counted = fills;
    for (let i = from; i < to; i++) this.add(fills.at(i) as MarkableFill);
    return recount || to > from;
  }

  private add(f: MarkableFill): void {
    const key = Math.floor(fillTimeMs(f) / this.intervalMs) * this.intervalMs;
    let b = this.buckets.get(key);
    if (!b) {
      b = { buys: 0, buyQuantity: ZERO, sells: 0, sellQuantity: ZERO };
      this.buckets.set(key, b);
    }
    if (f.side === 'BUY') {
      b.buys += 1;
      b.buyQuantity = b.buyQuantity.plus(f.quantity);
    } else {
      b.sells += 1;
      b.sellQuantity = b.sellQuantity.plus(f.quantity);
    }
  }

  /** One marker per interval and side, ascending: buys below the bar (arrow up), sells above (arrow down). */
  markers(): SeriesMarker<UTCTimestamp>[] {
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const out: SeriesMarker<UTCTimestamp>[] = [];
    for (const key of keys) {
      const b = this.buckets.get(key) as Bucket;
      const time = chartTime(key);
      if (b.buys > 0) {
        out.push({ id: `B${key}`, time, position: 'belowBar', shape: 'arrowUp', color: BUY_COLOUR, text: markerText('B', b.buys, b.buyQuantity) });
      }
      if (b.sells > 0) {
        out.push({ id: `S${key}`, time, position: 'aboveBar', shape: 'arrowDown', color: SELL_COLOUR, text: markerText('S', b.sells, b.sellQuantity) });
      }
    }
    return out;
  }
}

function markerText(side: 'B' | 'S', count: number, quantity: Decimal): string {
  return count === 1 ? `${side} ${quantity.toFixed()}` : `${side} ${count}× ${quantity.toFixed()}`;
}
