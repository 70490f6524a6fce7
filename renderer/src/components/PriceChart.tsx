import { useEffect, useRef, type ReactElement } from 'react';
import {
  CandlestickSeries,
  ColorType,
  createChart,
  createSeriesMarkers,
  type IChartApi,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import {
  BUY_COLOUR,
  FillMarkerIndex,
  planBarUpdate,
  SELL_COLOUR,
  toChartBar,
  toChartBars,
  type MarkableFill,
  type PriceBar,
} from '../format/chart';
import type { Rows } from '../store/append-list';
import './components.css';

/**
 * The plan's symbol as candlesticks, with its fills marked (lightweight-charts 5, canvas).
 *
 * Props contract:
 * - `bars`: PriceBar[] ({ time: Date (open time), open/high/low/close:
 *   Decimal }), ascending, treated as history: only the last bar may change
 *   and new ones are appended. Then new data goes in with series.update; any
 *   other change (shorter list, shifted window) resets the series. Build bars
 *   from the status quotes with foldQuote (format/chart.ts).
 * - `fills`: FillViews from the store as they are (an array or an
 *   AppendList), or ChartFill[]
 *   ({ time, side, price, quantity }); append- or prepend-only arrays are
 *   counted incrementally. One marker per bar interval and side: buys below
 *   the bar (arrow up), sells above (arrow down), with count and quantity.
 * - Bars and markers reach the chart at most every CHART_REFRESH_MS (a lone
 *   change at once, a burst coalesced), by series.update as above.
 * - `intervalMs` (default 60,000): the bar interval fills are grouped by.
 * - `priceDecimals` (default 2): the price scale's precision.
 * - `label`: the accessible name, e.g. the symbol.
 * The chart fills its container (autoSize, so it follows resizes; give the
 * container a height in CSS) and is removed on unmount. The TradingView
 * attribution the library's licence asks for is a plain link below the
 * chart: the library's own logo injects a <style> element, which the CSP
 * refuses.
 */
export interface PriceChartProps {
  readonly bars: readonly PriceBar[];
  readonly fills?: Rows<MarkableFill>;
  readonly intervalMs?: number;
  readonly priceDecimals?: number;
  readonly label?: string;
}

export const DEFAULT_INTERVAL_MS = 60_000;
/**
 * The chart is fed at most this often. Each update makes lightweight-charts
 * re-place every marker and repaint; at 2,000 fills a second that was most
 * of the page's time. A change after a quiet spell is applied at once;
 * changes in a burst are coalesced to one update per interval, still by
 * series.update. (UI pacing on the browser's clock; no trading logic
 * depends on it.)
 */
export const CHART_REFRESH_MS = 250;

interface ChartData {
  readonly bars: readonly PriceBar[];
  readonly fills: Rows<MarkableFill>;
  readonly intervalMs: number;
}

interface ChartState {
  readonly chart: IChartApi;
  readonly series: ISeriesApi<'Candlestick', UTCTimestamp>;
  readonly markers: ISeriesMarkersPluginApi<UTCTimestamp>;
  applied: readonly PriceBar[];
  index: FillMarkerIndex | null;
  timer: ReturnType<typeof setTimeout> | null;
  syncedAt: number;
}

/** Brings the chart up to `data`: new bars by series.update (or a reset), markers when the fills changed. */
function sync(s: ChartState, data: ChartData): void {
  s.syncedAt = performance.now();
  if (!s.index || s.index.intervalMs !== data.intervalMs) s.index = new FillMarkerIndex(data.intervalMs);
  const markersChanged = s.index.sync(data.fills);
  const plan = planBarUpdate(s.applied, data.bars);
  // Every series.update re-places every marker: when the markers are about
  // to be replaced anyway, take them off first so they are placed once.
  if (markersChanged && plan.kind !== 'none') s.markers.setMarkers([]);
  if (plan.kind === 'update') {
    try {
      for (let i = plan.from; i < data.bars.length; i++) s.series.update(toChartBar(data.bars[i] as PriceBar));
    } catch {
      // Two bars within one second (the chart's resolution): lay them out again.
      s.series.setData(toChartBars(data.bars));
    }
  } else if (plan.kind === 'reset') s.series.setData(toChartBars(data.bars));
  s.applied = data.bars;
  if (markersChanged) s.markers.setMarkers(s.index.markers());
}

const NO_FILLS: readonly MarkableFill[] = [];

export function PriceChart(props: PriceChartProps): ReactElement {
  const { bars, fills = NO_FILLS, intervalMs = DEFAULT_INTERVAL_MS, priceDecimals = 2, label = 'Price chart' } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const stateRef = useRef<ChartState | null>(null);
  const latest = useRef<ChartData>({ bars, fills, intervalMs });

  // The chart lives as long as the component; the effects below only feed it.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    const chart = createChart(container, {
      autoSize: true,
      layout: { attributionLogo: false, background: { type: ColorType.Solid, color: 'transparent' }, textColor: '#9aa4b2' },
      grid: { vertLines: { color: 'rgba(154,164,178,0.12)' }, horzLines: { color: 'rgba(154,164,178,0.12)' } },
      // Chart times are UTC epoch seconds and are shown as UTC.
      timeScale: { timeVisible: true, secondsVisible: false },
    });
    const series = chart.addSeries(CandlestickSeries, {
      upColor: BUY_COLOUR,
      downColor: SELL_COLOUR,
      borderVisible: false,
      wickUpColor: BUY_COLOUR,
      wickDownColor: SELL_COLOUR,
    }) as ISeriesApi<'Candlestick', UTCTimestamp>;
    const markers = createSeriesMarkers(series, []);
    const state: ChartState = { chart, series, markers, applied: [], index: null, timer: null, syncedAt: Number.NEGATIVE_INFINITY };
    stateRef.current = state;
    return () => {
      if (state.timer !== null) clearTimeout(state.timer);
      stateRef.current = null;
      chart.remove();
    };
  }, []);

  useEffect(() => {
    const s = stateRef.current;
    if (!s) return;
    const places = Math.max(0, Math.min(12, Math.floor(priceDecimals)));
    s.series.applyOptions({ priceFormat: { type: 'price', precision: places, minMove: 10 ** -places } });
  }, [priceDecimals]);

  useEffect(() => {
    latest.current = { bars, fills, intervalMs };
    const s = stateRef.current;
    if (!s || s.timer !== null) return;
    const wait = s.syncedAt + CHART_REFRESH_MS - performance.now();
    if (wait <= 0) sync(s, latest.current);
    else
      s.timer = setTimeout(() => {
        s.timer = null;
        sync(s, latest.current);
      }, wait);
  }, [bars, fills, intervalMs]);

  return (
    <figure className="ld-chart" aria-label={label}>
      <div ref={containerRef} className="ld-chart__canvas" role="img" aria-label={`${label}: candlesticks with fills marked`} />
      <figcaption className="ld-chart__credit">
        <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer noopener">
          Charting by TradingView
        </a>
      </figcaption>
    </figure>
  );
}
