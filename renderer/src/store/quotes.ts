import Decimal from 'decimal.js';
import type { EngineStatus } from '../../../core/engine/status';
import type { PriceBar } from '../format/chart';

/**
 * The engine's market bars per symbol, as the status pushes carry them (one
 * per bar), and before them the recent bars the engine keeps (the `bars`
 * query, read when a plan's snapshot loads): the price chart draws them and
 * the market-TWAP benchmark averages their closes.
 */
export type BarHistory = Readonly<Record<string, readonly PriceBar[]>>;

/** About three and a half days of one-minute bars per symbol. */
export const MAX_BARS_PER_SYMBOL = 5_000;

function barOf(q: EngineStatus['market'][number]): PriceBar | null {
  try {
    return { time: new Date(q.openTime), open: new Decimal(q.open), high: new Decimal(q.high), low: new Decimal(q.low), close: new Decimal(q.last) };
  } catch {
    return null; // not decimals: skip this push, keep the history
  }
}

/**
 * Adds each symbol's bar: a newer bar is appended, the same bar again
 * replaces the last (a repeated push), an older one changes nothing.
 */
export function addQuotes(history: BarHistory, market: EngineStatus['market'], max = MAX_BARS_PER_SYMBOL): BarHistory {
  let next: Record<string, readonly PriceBar[]> | undefined;
  for (const q of market) {
    const bars = history[q.symbol] ?? [];
    const last = bars[bars.length - 1];
    const lastOpen = last?.time.getTime();
    if (lastOpen !== undefined && q.openTime < lastOpen) continue;
    const bar = barOf(q);
    if (!bar) continue;
    const grown = lastOpen === q.openTime ? [...bars.slice(0, -1), bar] : [...bars, bar];
    next ??= { ...history };
    next[q.symbol] = grown.length > max ? grown.slice(grown.length - max) : grown;
  }
  return next ?? history;
}

/**
 * Adds the bars of `symbol` read from the engine: a bar already held (the
 * same open time) stays as the pushes made it, the others fall into place by
 * time; the newest `max` are kept. Unchanged history when nothing is new.
 */
export function mergeBars(history: BarHistory, symbol: string, quotes: EngineStatus['market'], max = MAX_BARS_PER_SYMBOL): BarHistory {
  const held = history[symbol] ?? [];
  const byTime = new Map(held.map((b) => [b.time.getTime(), b] as const));
  let added = false;
  for (const q of quotes) {
    if (q.symbol !== symbol || byTime.has(q.openTime)) continue;
    const bar = barOf(q);
    if (!bar) continue;
    byTime.set(q.openTime, bar);
    added = true;
  }
  if (!added) return history;
  const bars = [...byTime.values()].sort((a, b) => a.time.getTime() - b.time.getTime());
  return { ...history, [symbol]: bars.length > max ? bars.slice(bars.length - max) : bars };
}

/** Mean close of the bars that opened in [fromMs, toMs); null when none did. */
export function marketTwap(bars: readonly PriceBar[], fromMs: number, toMs: number): Decimal | null {
  let sum = new Decimal(0);
  let n = 0;
  for (const b of bars) {
    const openAt = b.time.getTime();
    if (openAt >= fromMs && openAt < toMs) {
      sum = sum.plus(b.close);
      n += 1;
    }
  }
  return n === 0 ? null : sum.div(n);
}
