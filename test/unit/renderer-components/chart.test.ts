import Decimal from 'decimal.js';
import fc from 'fast-check';
import type { CandlestickData, UTCTimestamp } from 'lightweight-charts';
import { describe, expect, it } from 'vitest';
import {
  BUY_COLOUR,
  FillMarkerIndex,
  foldQuote,
  planBarUpdate,
  SELL_COLOUR,
  toChartBar,
  toChartBars,
  type ChartFill,
  type PriceBar,
} from '../../../renderer/src/format/chart';
import { fill } from './fixtures';

const MIN = 60_000;
const T0 = Date.UTC(2023, 2, 10, 14, 0, 0);
const bar = (i: number, close: string | number, t = T0 + i * MIN): PriceBar => {
  const c = new Decimal(close);
  return { time: new Date(t), open: c, high: c.plus(1), low: c.minus(1), close: c };
};

/** lightweight-charts' series semantics: setData replaces; update replaces the last bar or appends, never goes back. */
class FakeSeries {
  data: CandlestickData<UTCTimestamp>[] = [];
  updates = 0;
  resets = 0;
  setData(d: CandlestickData<UTCTimestamp>[]) {
    this.data = [...d];
    this.resets += 1;
  }
  update(b: CandlestickData<UTCTimestamp>) {
    this.updates += 1;
    const last = this.data[this.data.length - 1];
    if (last && b.time < last.time) throw new Error('Cannot update oldest data');
    if (last && b.time === last.time) this.data[this.data.length - 1] = b;
    else this.data.push(b);
  }
}

function apply(series: FakeSeries, applied: readonly PriceBar[], next: readonly PriceBar[]): void {
  const plan = planBarUpdate(applied, next);
  if (plan.kind === 'reset') series.setData(toChartBars(next));
  else if (plan.kind === 'update') for (let i = plan.from; i < next.length; i++) series.update(toChartBar(next[i] as PriceBar));
}

describe('bars for the chart', () => {
  it('converts decimals and open times to chart numbers in UTC seconds', () => {
    expect(toChartBar(bar(0, '23456.78'))).toEqual({ time: T0 / 1000, open: 23456.78, high: 23457.78, low: 23455.78, close: 23456.78 });
  });

  it('keeps bars strictly ascending: a bar in the same second replaces the previous one', () => {
    const out = toChartBars([bar(0, 1, T0), bar(0, 2, T0 + 400), bar(1, 3)]);
    expect(out.map((b) => [b.time, b.close])).toEqual([
      [T0 / 1000, 2],
      [T0 / 1000 + 60, 3],
    ]);
  });
});

describe('planBarUpdate', () => {
  const history = [bar(0, 100), bar(1, 101), bar(2, 102)];

  it('updates the changed last bar and appends new ones, without a reset', () => {
    const next = [...history.slice(0, 2), bar(2, 105), bar(3, 106)];
    expect(planBarUpdate(history, next)).toEqual({ kind: 'update', from: 2 });
    expect(planBarUpdate(history, [...history, bar(3, 106)])).toEqual({ kind: 'update', from: 3 });
    expect(planBarUpdate(history, [...history])).toEqual({ kind: 'none' });
    expect(planBarUpdate(history, history)).toEqual({ kind: 'none' });
  });

  it('resets when history changed: shorter, shifted, or an older bar edited', () => {
    expect(planBarUpdate(history, history.slice(0, 2))).toEqual({ kind: 'reset' });
    expect(planBarUpdate(history, [...history.slice(1), bar(3, 1)])).toEqual({ kind: 'reset' });
    expect(planBarUpdate(history, [history[0] as PriceBar, bar(1, 99), history[2] as PriceBar])).toEqual({ kind: 'reset' });
    expect(planBarUpdate([], history)).toEqual({ kind: 'reset' });
    expect(planBarUpdate([], [])).toEqual({ kind: 'none' });
  });

  it('always leaves the series showing exactly the new bars, updating when the change is a live tail', () => {
    // A run of steps: each either ticks the last bar, appends bars, or rewrites (trims) history.
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), close: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 3 }), close: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('trim' as const), n: fc.integer({ min: 1, max: 3 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const series = new FakeSeries();
        let applied: readonly PriceBar[] = [];
        let next: readonly PriceBar[] = [bar(0, 100)];
        let nextIndex = 1;
        let expectResets = 1;
        apply(series, applied, next);
        applied = next;
        for (const s of steps) {
          if (s.kind === 'tick') next = [...applied.slice(0, -1), bar(nextIndex - 1, s.close)];
          else if (s.kind === 'append') {
            next = [...applied];
            for (let k = 0; k < s.n; k++) next = [...next, bar(nextIndex++, s.close)];
          } else {
            next = applied.slice(Math.min(s.n, applied.length - 1));
            if (next.length !== applied.length) expectResets += 1;
          }
          apply(series, applied, next);
          applied = next;
          expect(series.data).toEqual(toChartBars(next));
        }
        expect(series.resets).toBe(expectResets);
      }),
    );
  });
});

describe('fill markers', () => {
  const cf = (minute: number, side: 'BUY' | 'SELL', qty: string, second = 0): ChartFill => ({
    time: new Date(T0 + minute * MIN + second * 1000),
    side,
    price: new Decimal('20000'),
    quantity: new Decimal(qty),
  });

  it('puts buys below the bar as up arrows and sells above as down arrows, one per interval and side', () => {
    const index = new FillMarkerIndex(MIN);
    expect(index.sync([cf(0, 'BUY', '0.1'), cf(0, 'BUY', '0.2', 30), cf(0, 'SELL', '0.05', 10), cf(2, 'SELL', '1')])).toBe(true);
    expect(index.markers()).toEqual([
      { id: `B${T0}`, time: T0 / 1000, position: 'belowBar', shape: 'arrowUp', color: BUY_COLOUR, text: 'B 2× 0.3' },
      { id: `S${T0}`, time: T0 / 1000, position: 'aboveBar', shape: 'arrowDown', color: SELL_COLOUR, text: 'S 0.05' },
      { id: `S${T0 + 2 * MIN}`, time: T0 / 1000 + 120, position: 'aboveBar', shape: 'arrowDown', color: SELL_COLOUR, text: 'S 1' },
    ]);
  });

  it('takes ledger fills as they are, by execution time', () => {
    const index = new FillMarkerIndex(MIN);
    index.sync([fill(0), fill(61)]);
    expect(index.markers().map((m) => [m.time, m.position])).toEqual([
      [T0 / 1000, 'belowBar'],
      [T0 / 1000 + 60, 'aboveBar'],
    ]);
  });

  it('counts appended or prepended fills incrementally and agrees with a full recount', () => {
    const anyFill = fc.record({ minute: fc.integer({ min: 0, max: 5 }), side: fc.constantFrom<'BUY' | 'SELL'>('BUY', 'SELL'), q: fc.integer({ min: 1, max: 999 }) });
    const op = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), fills: fc.array(anyFill, { maxLength: 5 }) }),
      fc.record({ kind: fc.constant('prepend' as const), fills: fc.array(anyFill, { maxLength: 5 }) }),
      fc.record({ kind: fc.constant('replace' as const), fills: fc.array(anyFill, { maxLength: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 20 }), (ops) => {
        const live = new FillMarkerIndex(MIN);
        let fills: readonly ChartFill[] = [];
        for (const o of ops) {
          const added = o.fills.map((f) => cf(f.minute, f.side, `0.${String(f.q).padStart(3, '0')}`));
          fills = o.kind === 'append' ? [...fills, ...added] : o.kind === 'prepend' ? [...added, ...fills] : added;
          live.sync(fills);
          const fresh = new FillMarkerIndex(MIN);
          fresh.sync(fills);
          expect(live.markers()).toEqual(fresh.markers());
        }
      }),
    );
  });

  it('reports no change for the same array and a change when fills go away', () => {
    const index = new FillMarkerIndex(MIN);
    const fills = [cf(0, 'BUY', '1')];
    expect(index.sync(fills)).toBe(true);
    expect(index.sync(fills)).toBe(false);
    expect(index.sync([...fills])).toBe(false);
    expect(index.sync([])).toBe(true);
    expect(index.markers()).toEqual([]);
  });
});

describe('foldQuote', () => {
  const q = (last: string, at: number) => ({ symbol: 'BTC/USD', last, at });

  it('opens a bar for the interval ending at the quote time and moves high, low and close within it', () => {
    let bars = foldQuote([], q('100', T0 + MIN), MIN);
    expect(bars.map((b) => b.time.getTime())).toEqual([T0]);
    bars = foldQuote(bars, q('103.5', T0 + MIN), MIN);
    bars = foldQuote(bars, q('99.25', T0 + MIN), MIN);
    const b = bars[0] as PriceBar;
    expect([b.open, b.high, b.low, b.close].map((d) => d.toFixed())).toEqual(['100', '103.5', '99.25', '99.25']);
    bars = foldQuote(bars, q('101', T0 + 2 * MIN), MIN);
    expect(bars.map((x) => x.time.getTime())).toEqual([T0, T0 + MIN]);
    expect(bars[0]).toBe(b);
  });

  it('ignores a quote older than the last bar', () => {
    const bars = foldQuote([], q('100', T0 + 3 * MIN), MIN);
    expect(foldQuote(bars, q('1', T0 + MIN), MIN)).toBe(bars);
  });
});
