import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32, Prng } from '../../../core/market/prng';

function draw(prng: Prng, n: number): number[] {
  return Array.from({ length: n }, () => prng.nextUint32());
}

describe('Prng (xoshiro128**)', () => {
  it('property: the same seed and stream give the same sequence; another seed or stream gives another', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 0xffffffff }), (seed, stream) => {
        expect(draw(new Prng(seed, stream), 64)).toEqual(draw(new Prng(seed, stream), 64));
        expect(draw(new Prng(seed + 1, stream), 64)).not.toEqual(draw(new Prng(seed, stream), 64));
        expect(draw(new Prng(seed, stream + 1), 64)).not.toEqual(draw(new Prng(seed, stream), 64));
      }),
      { numRuns: 50 },
    );
  });

  it('draws 32-bit unsigned integers and floats in [0, 1)', () => {
    const prng = new Prng(7);
    for (let i = 0; i < 10_000; i++) {
      const u = prng.nextUint32();
      expect(Number.isInteger(u) && u >= 0 && u <= 0xffffffff).toBe(true);
      const f = prng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
    }
  });

  it('spreads floats evenly over ten buckets', () => {
    const prng = new Prng(12345);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) buckets[Math.floor(prng.nextFloat() * 10)]! += 1;
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(500); // ~5 standard deviations
  });

  it('nextNormal has mean ~0 and variance ~1', () => {
    const prng = new Prng(99);
    const n = 50_000;
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const z = prng.nextNormal();
      sum += z;
      squares += z * z;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(squares / n - mean * mean - 1)).toBeLessThan(0.03);
  });

  it('hashes symbols to distinct stream keys', () => {
    const keys = ['BTC/USD', 'ETH/USD', 'BTC/USDT', 'btc/usd', ''].map(fnv1a32);
    expect(new Set(keys).size).toBe(keys.length);
    expect(fnv1a32('BTC/USD')).toBe(fnv1a32('BTC/USD'));
  });
});
