import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYNTHETIC_PARAMS,
  fromDescriptor,
  MarketSourceError,
  SyntheticMarketSource,
  type MarketBar,
  type SyntheticMarketOptions,
} from '../../../core/market';

const START = Date.UTC(2024, 0, 1);

function options(overrides: Partial<SyntheticMarketOptions> = {}): SyntheticMarketOptions {
  return {
    seed: 42,
    symbols: ['BTC/USD', 'ETH/USD'],
    startPrices: { 'BTC/USD': '23000', 'ETH/USD': new Decimal('1600.5') },
    startTime: START,
    intervalMs: 60_000,
    ...overrides,
  };
}

function pull(source: { next(symbol: string): MarketBar | undefined }, symbol: string, n: number): MarketBar[] {
  return Array.from({ length: n }, () => source.next(symbol) as MarketBar);
}

/** Field-by-field comparison that sees Decimal digits, not object identity. */
function plain(bar: MarketBar): Record<string, string | number> {
  return Object.fromEntries(Object.entries(bar).map(([key, value]) => [key, value instanceof Decimal ? value.toFixed() : (value as string | number)]));
}

function isMultiple(value: Decimal, step: Decimal): boolean {
  return value.mod(step).isZero();
}

describe('SyntheticMarketSource', () => {
  it('gives identical bars, field by field, for the same seed over 1,000 bars', () => {
    const a = new SyntheticMarketSource(options());
    const b = new SyntheticMarketSource(options());
    for (const symbol of ['BTC/USD', 'ETH/USD']) {
      const left = pull(a, symbol, 1_000);
      const right = pull(b, symbol, 1_000);
      for (let i = 0; i < left.length; i++) expect(plain(left[i] as MarketBar)).toEqual(plain(right[i] as MarketBar));
    }
  });

  it('gives the same bars whatever the global Decimal settings (core/domain changes them)', () => {
    const reference = pull(new SyntheticMarketSource(options()), 'BTC/USD', 300).map(plain);
    const saved = { precision: Decimal.precision, rounding: Decimal.rounding };
    try {
      Decimal.set({ precision: 6, rounding: Decimal.ROUND_DOWN });
      expect(pull(new SyntheticMarketSource(options()), 'BTC/USD', 300).map(plain)).toEqual(reference);
    } finally {
      Decimal.set(saved);
    }
  });

  it('gives different bars for a different seed', () => {
    const a = pull(new SyntheticMarketSource(options({ seed: 1 })), 'BTC/USD', 1_000).map((bar) => bar.close.toFixed());
    const b = pull(new SyntheticMarketSource(options({ seed: 2 })), 'BTC/USD', 1_000).map((bar) => bar.close.toFixed());
    expect(a).not.toEqual(b);
    const differing = a.filter((close, i) => close !== b[i]).length;
    expect(differing).toBeGreaterThan(900);
  });

  it('advances symbols independently: pulling one never changes the bars of another', () => {
    const alone = pull(new SyntheticMarketSource(options()), 'ETH/USD', 200).map(plain);
    const interleaved = new SyntheticMarketSource(options());
    const mixed: Record<string, string | number>[] = [];
    for (let i = 0; i < 200; i++) {
      pull(interleaved, 'BTC/USD', i % 3);
      mixed.push(plain(interleaved.next('ETH/USD')));
    }
    expect(mixed).toEqual(alone);
  });

  it('stamps bars on the interval grid from startTime', () => {
    const bars = pull(new SyntheticMarketSource(options({ intervalMs: 5_000 })), 'BTC/USD', 10);
    expect(bars.map((bar) => bar.openTime)).toEqual(Array.from({ length: 10 }, (_, i) => START + i * 5_000));
    expect(bars.every((bar) => bar.intervalMs === 5_000 && bar.symbol === 'BTC/USD')).toBe(true);
  });

  it('property: every bar is a consistent candle on its tick and step grids, with bid < ask', () => {
    const params = fc.record({
      seed: fc.integer(),
      volatility: fc.double({ min: 0, max: 0.05, noNaN: true }),
      drift: fc.double({ min: -0.01, max: 0.01, noNaN: true }),
      jumpProbability: fc.double({ min: 0, max: 0.5, noNaN: true }),
      jumpSize: fc.double({ min: 0, max: 0.3, noNaN: true }),
      spreadBps: fc.double({ min: 0, max: 50, noNaN: true }),
      tickSize: fc.constantFrom('0.01', '0.5', '1', '0.0001'),
      stepSize: fc.constantFrom('0.00001', '0.001', '1'),
      startPrice: fc.constantFrom('23000', '1.2345', '0.05', '150'),
    });
    fc.assert(
      fc.property(params, ({ startPrice, ...p }) => {
        const source = new SyntheticMarketSource(options({ ...p, symbols: ['X'], startPrices: { X: startPrice } }));
        const tick = new Decimal(p.tickSize);
        const step = new Decimal(p.stepSize);
        let previousClose: Decimal | undefined;
        for (const bar of pull(source, 'X', 100)) {
          expect(bar.low.lte(Decimal.min(bar.open, bar.close))).toBe(true);
          expect(bar.high.gte(Decimal.max(bar.open, bar.close))).toBe(true);
          expect(bar.low.gt(0)).toBe(true);
          expect(bar.bid.lt(bar.ask)).toBe(true);
          expect(bar.bid.gt(0)).toBe(true);
          for (const price of [bar.open, bar.high, bar.low, bar.close, bar.bid, bar.ask]) expect(isMultiple(price, tick)).toBe(true);
          for (const size of [bar.volume, bar.bidSize, bar.askSize]) expect(isMultiple(size, step)).toBe(true);
          expect(bar.volume.gte(0)).toBe(true);
          expect(bar.bidSize.gte(step) && bar.askSize.gte(step)).toBe(true);
          if (previousClose !== undefined) expect(bar.open.eq(previousClose)).toBe(true);
          previousClose = bar.close;
        }
      }),
      { numRuns: 40 },
    );
  });

  it('takes tick and step per symbol', () => {
    const source = new SyntheticMarketSource(
      options({ perSymbol: { 'ETH/USD': { tickSize: '0.1', stepSize: '0.01' } }, tickSize: new Decimal('0.5') }),
    );
    for (const bar of pull(source, 'BTC/USD', 100)) expect(isMultiple(bar.close, new Decimal('0.5'))).toBe(true);
    const eth = pull(source, 'ETH/USD', 100);
    for (const bar of eth) {
      expect(isMultiple(bar.close, new Decimal('0.1'))).toBe(true);
      expect(isMultiple(bar.volume, new Decimal('0.01'))).toBe(true);
    }
    expect(eth.some((bar) => !isMultiple(bar.close, new Decimal('0.5')))).toBe(true);
  });

  it('jumps at roughly the configured probability', () => {
    const jumpProbability = 0.04;
    const n = 10_000;
    const source = new SyntheticMarketSource(
      options({ symbols: ['X'], startPrices: { X: '10000' }, volatility: 0.0001, jumpProbability, jumpSize: 0.05 }),
    );
    let jumps = 0;
    for (const bar of pull(source, 'X', n)) {
      // Diffusion moves at most 6 * 0.01%; a jump moves at least 2.5%.
      if (bar.close.div(bar.open).minus(1).abs().gt(0.01)) jumps++;
    }
    const expected = n * jumpProbability;
    const sd = Math.sqrt(n * jumpProbability * (1 - jumpProbability));
    expect(Math.abs(jumps - expected)).toBeLessThan(4 * sd);
  });

  it('never jumps at probability 0', () => {
    const source = new SyntheticMarketSource(options({ symbols: ['X'], startPrices: { X: '10000' }, volatility: 0.0001, jumpProbability: 0, jumpSize: 0.05 }));
    expect(pull(source, 'X', 2_000).some((bar) => bar.close.div(bar.open).minus(1).abs().gt(0.01))).toBe(false);
  });

  it('follows a U-shaped intraday volume curve, and a flat one when asked', () => {
    function hourlyMeans(profile: 'u-shape' | 'flat'): number[] {
      const source = new SyntheticMarketSource(
        options({ symbols: ['X'], startPrices: { X: '100' }, volumeProfile: profile, jumpProbability: 0, intervalMs: 300_000 }),
      );
      const sums = new Array<number>(24).fill(0);
      const bars = pull(source, 'X', 20 * 288); // 20 days of 5-minute bars
      for (const bar of bars) sums[new Date(bar.openTime).getUTCHours()]! += bar.volume.toNumber();
      return sums.map((sum) => sum / (bars.length / 24));
    }
    const u = hourlyMeans('u-shape');
    const edges = (u[0]! + u[23]!) / 2;
    const middle = (u[11]! + u[12]!) / 2;
    expect(edges / middle).toBeGreaterThan(2);
    const mean = u.reduce((a, b) => a + b, 0) / 24;
    expect(mean / Number(DEFAULT_SYNTHETIC_PARAMS.meanVolume)).toBeGreaterThan(0.9);
    expect(mean / Number(DEFAULT_SYNTHETIC_PARAMS.meanVolume)).toBeLessThan(1.1);
    const flat = hourlyMeans('flat');
    expect(Math.max(...flat) / Math.min(...flat)).toBeLessThan(1.15);
  });

  it('describe + fromDescriptor continues exactly where the old source was (through JSON)', () => {
    const tuned = options({ seed: 7, volatility: 0.003, perSymbol: { 'ETH/USD': { jumpProbability: 0.05, tickSize: '0.05' } } });
    const uninterrupted = new SyntheticMarketSource(tuned);
    const first = new SyntheticMarketSource(tuned);
    pull(uninterrupted, 'BTC/USD', 300);
    pull(uninterrupted, 'ETH/USD', 120);
    pull(first, 'BTC/USD', 300);
    pull(first, 'ETH/USD', 120);
    const descriptor = first.describe();
    expect(descriptor).toMatchObject({ kind: 'synthetic', seed: 7, position: { 'BTC/USD': 300, 'ETH/USD': 120 } });
    const restored = fromDescriptor(JSON.parse(JSON.stringify(descriptor)));
    for (const symbol of ['BTC/USD', 'ETH/USD']) {
      expect(pull(restored, symbol, 200).map(plain)).toEqual(pull(uninterrupted, symbol, 200).map(plain));
    }
    expect(restored.describe()).toEqual(uninterrupted.describe());
  });

  it('restores from a hand-written descriptor without params using the defaults', () => {
    const source = fromDescriptor({
      kind: 'synthetic',
      seed: 3,
      symbols: ['X'],
      startTime: START,
      intervalMs: 60_000,
      startPrices: { X: '100' },
      position: { X: 10 },
    });
    const fresh = new SyntheticMarketSource({ seed: 3, symbols: ['X'], startTime: START, intervalMs: 60_000, startPrices: { X: '100' } });
    pull(fresh, 'X', 10);
    expect(plain(source.next('X') as MarketBar)).toEqual(plain(fresh.next('X')));
  });

  it.each([
    ['a missing start price', { startPrices: { 'BTC/USD': '1' } }, 'startPrices.ETH/USD'],
    ['a zero start price', { startPrices: { 'BTC/USD': '0', 'ETH/USD': '1' } }, 'startPrices.BTC/USD'],
    ['a start price that is not a number', { startPrices: { 'BTC/USD': 'abc', 'ETH/USD': '1' } }, 'startPrices.BTC/USD'],
    ['a negative volatility', { volatility: -0.1 }, 'volatility'],
    ['a jump probability above 1', { jumpProbability: 1.5 }, 'jumpProbability'],
    ['a zero interval', { intervalMs: 0 }, 'intervalMs'],
    ['no symbols', { symbols: [] }, 'symbols'],
    ['duplicate symbols', { symbols: ['BTC/USD', 'BTC/USD'] }, 'symbols'],
    ['overrides for an unknown symbol', { perSymbol: { 'DOGE/USD': {} } }, 'perSymbol.DOGE/USD'],
    ['a tick of zero', { tickSize: '0' }, 'tickSize'],
  ])('refuses %s with MarketSourceError INVALID_MARKET_CONFIG', (_name, overrides, path) => {
    let caught: unknown;
    try {
      new SyntheticMarketSource(options(overrides as Partial<SyntheticMarketOptions>));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MarketSourceError);
    expect((caught as MarketSourceError).code).toBe('INVALID_MARKET_CONFIG');
    expect((caught as MarketSourceError).message).toContain(path);
  });

  it('refuses an unknown symbol and a malformed descriptor with typed errors', () => {
    const source = new SyntheticMarketSource(options());
    expect(() => source.next('DOGE/USD')).toThrow(expect.objectContaining({ code: 'UNKNOWN_SYMBOL' }));
    expect(() => fromDescriptor({ ...source.describe(), seed: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_DESCRIPTOR' }));
    expect(() => fromDescriptor({ kind: 'tape' })).toThrow(expect.objectContaining({ code: 'INVALID_DESCRIPTOR' }));
    expect(() => fromDescriptor(null)).toThrow(MarketSourceError);
  });
});
