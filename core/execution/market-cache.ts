import type { MarketBar } from '../market/types';

/**
 * The latest bars per symbol, as market data (not execution state): the
 * arrival price for the translator, the last bar for algorithms, and a short
 * history for VWAP's volume profile.
 */
export class MarketCache {
  private readonly last = new Map<string, MarketBar>();
  private readonly history = new Map<string, MarketBar[]>();

  constructor(private readonly historyLength = 1440) {}

  push(bar: MarketBar): void {
    this.last.set(bar.symbol, bar);
    let h = this.history.get(bar.symbol);
    if (!h) {
      h = [];
      this.history.set(bar.symbol, h);
    }
    h.push(bar);
    if (h.length > this.historyLength * 2) h.splice(0, h.length - this.historyLength);
  }

  lastBar(symbol: string): MarketBar | undefined {
    return this.last.get(symbol);
  }

  bars(symbol: string): readonly MarketBar[] {
    return this.history.get(symbol) ?? [];
  }

  symbols(): string[] {
    return [...this.last.keys()];
  }
}
