import { Decimal } from '../../../core/domain';
import type { MarketBar, MarketSource, MarketSourceDescriptor } from '../../../core/market';

/** One bar as a test writes it: decimal strings; bid/ask straddle the close by `spread`. */
export interface ScriptedBar {
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
  /** Size at the best bid / ask (default: a tenth of the volume). */
  readonly topSize?: string;
  /** Ask minus bid (default 1.00), split evenly around the close. */
  readonly spread?: string;
}

/** A flat bar at `price`: open = high = low = close. */
export function flat(price: string, volume = '10', topSize?: string): ScriptedBar {
  return { open: price, high: price, low: price, close: price, volume, ...(topSize ? { topSize } : {}) };
}

/**
 * A market a test writes bar by bar: bar i of `bars(i)` opens at
 * startTime + i * intervalMs; undefined ends the source. Lets a test make
 * the market run away, trade through a price, or thin out its book.
 */
export class ScriptedSource implements MarketSource {
  readonly symbols: readonly string[];
  private position = 0;

  constructor(
    private readonly o: {
      readonly symbol: string;
      readonly startTime: number;
      readonly intervalMs: number;
      readonly bars: (i: number) => ScriptedBar | undefined;
    },
  ) {
    this.symbols = [o.symbol];
  }

  get intervalMs(): number {
    return this.o.intervalMs;
  }

  next(symbol: string): MarketBar | undefined {
    if (symbol !== this.o.symbol) throw new Error(`scripted source has no ${symbol}`);
    const i = this.position;
    const b = this.o.bars(i);
    if (!b) return undefined;
    this.position += 1;
    const close = new Decimal(b.close);
    const half = new Decimal(b.spread ?? '1').div(2);
    const volume = new Decimal(b.volume);
    const top = b.topSize ? new Decimal(b.topSize) : volume.div(10);
    return {
      symbol,
      openTime: this.o.startTime + i * this.o.intervalMs,
      intervalMs: this.o.intervalMs,
      open: new Decimal(b.open),
      high: new Decimal(b.high),
      low: new Decimal(b.low),
      close,
      volume,
      bid: close.minus(half),
      ask: close.plus(half),
      bidSize: top,
      askSize: top,
    };
  }

  describe(): MarketSourceDescriptor {
    return { kind: 'csv', path: 'scripted', symbol: this.o.symbol, position: this.position };
  }
}
