import { Decimal } from '../../../../core/domain/decimal';
import type { MarketBar, MarketSource, MarketSourceDescriptor } from '../../../../core/market/types';

export interface BarSpec {
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume?: string;
  /** Best bid/ask default to close -/+ half of `spread` (default 0.02). */
  readonly bid?: string;
  readonly ask?: string;
  readonly spread?: string;
  /** Size at the best bid and at the best ask (default 1). */
  readonly topSize?: string;
}

/** Flat bar at `price`: open = high = low = close. */
export function flat(price: string, extra: Partial<BarSpec> = {}): BarSpec {
  return { open: price, high: price, low: price, close: price, ...extra };
}

export function makeBar(symbol: string, openTime: number, intervalMs: number, spec: BarSpec): MarketBar {
  const close = new Decimal(spec.close);
  const half = new Decimal(spec.spread ?? '0.02').div(2);
  const size = new Decimal(spec.topSize ?? '1');
  return {
    symbol,
    openTime,
    intervalMs,
    open: new Decimal(spec.open),
    high: new Decimal(spec.high),
    low: new Decimal(spec.low),
    close,
    volume: new Decimal(spec.volume ?? '10'),
    bid: spec.bid !== undefined ? new Decimal(spec.bid) : close.minus(half),
    ask: spec.ask !== undefined ? new Decimal(spec.ask) : close.plus(half),
    bidSize: size,
    askSize: size,
  };
}

/**
 * A MarketSource that returns the bars a test wrote, in order, per symbol;
 * after the script, the last bar repeats as flat bars at its close (or the
 * source ends, with `endAfterScript`). Its descriptor records the position,
 * so fromDescriptor() continues where a previous instance was.
 */
export class ScriptedMarketSource implements MarketSource {
  readonly symbols: readonly string[];
  private readonly position: Record<string, number>;

  constructor(
    private readonly script: Readonly<Record<string, readonly BarSpec[]>>,
    readonly intervalMs = 60_000,
    private readonly startTime = 0,
    private readonly endAfterScript = false,
    position: Readonly<Record<string, number>> = {},
  ) {
    this.symbols = Object.keys(script);
    this.position = Object.fromEntries(this.symbols.map((s) => [s, position[s] ?? 0]));
  }

  static fromDescriptor(
    script: Readonly<Record<string, readonly BarSpec[]>>,
    descriptor: MarketSourceDescriptor,
    endAfterScript = false,
  ): ScriptedMarketSource {
    if (descriptor.kind !== 'synthetic') throw new Error('scripted sources describe themselves as synthetic');
    return new ScriptedMarketSource(script, descriptor.intervalMs, descriptor.startTime, endAfterScript, descriptor.position);
  }

  next(symbol: string): MarketBar | undefined {
    const bars = this.script[symbol];
    const i = this.position[symbol];
    if (bars === undefined || i === undefined) return undefined;
    const last = bars[bars.length - 1];
    const spec = bars[i] ?? (this.endAfterScript || last === undefined ? undefined : flat(last.close, { volume: last.volume ?? '10' }));
    if (spec === undefined) return undefined;
    this.position[symbol] = i + 1;
    return makeBar(symbol, this.startTime + i * this.intervalMs, this.intervalMs, spec);
  }

  describe(): MarketSourceDescriptor {
    return {
      kind: 'synthetic',
      seed: 0,
      symbols: this.symbols,
      startTime: this.startTime,
      intervalMs: this.intervalMs,
      startPrices: Object.fromEntries(this.symbols.map((s) => [s, this.script[s]?.[0]?.open ?? '0'])),
      position: { ...this.position },
    };
  }
}
