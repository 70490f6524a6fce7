import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, ExecutionGroupSchema, decodeWire, fillRatio, remainingQuantity } from '../../../core/domain';
import * as valid from './support/valid';

const d = (s: string) => new Decimal(s);

describe('fill_ratio and remaining_quantity', () => {
  it.each([
    ['seed 001: 87.5 of 100', '100.0', '87.5', '0.875', '12.5'],
    ['seed 000: 0.4 of 1.0', '1.0', '0.4', '0.4', '0.6'],
    ['nothing filled', '0.5', '0', '0', '0.5'],
    ['exactly filled', '0.5', '0.5', '1', '0'],
    ['one satoshi short', '1', '0.99999999', '0.99999999', '0.00000001'],
    ['thirds stay exact in Decimal', '3', '1', '0.3333333333333333333333333333333333333333', '2'],
  ])('%s', (_name, target, filled, ratio, remaining) => {
    const g = { target_quantity: d(target), filled_quantity: d(filled) };
    expect(fillRatio(g)?.toFixed()).toBe(ratio);
    expect(remainingQuantity(g)?.toFixed()).toBe(remaining);
  });

  it('no filled_quantity yet counts as zero filled', () => {
    expect(fillRatio({ target_quantity: d('2') })?.toFixed()).toBe('0');
    expect(remainingQuantity({ target_quantity: d('2'), filled_quantity: null })?.toFixed()).toBe('2');
  });

  it('without a target (ICEBERG, SINGLE) neither metric exists', () => {
    expect(fillRatio({ filled_quantity: d('1') })).toBeUndefined();
    expect(remainingQuantity({ target_quantity: null, filled_quantity: d('1') })).toBeUndefined();
  });

  it('an overfill (recorded by the ledger as an anomaly) shows a ratio above 1 and nothing remaining', () => {
    const g = { target_quantity: d('1'), filled_quantity: d('1.2') };
    expect(fillRatio(g)?.toFixed()).toBe('1.2');
    expect(remainingQuantity(g)?.toFixed()).toBe('0');
  });

  it('work on a decoded group and return Decimal values', () => {
    const g = decodeWire(ExecutionGroupSchema, valid.group(), 'ExecutionGroup');
    expect(fillRatio(g)).toBeInstanceOf(Decimal);
    expect(remainingQuantity(g)?.toFixed()).toBe('0.6');
  });

  it('filled + remaining = target, and the ratio stays in [0, 1], whenever filled <= target', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 20n - 1n }), fc.bigInt({ min: 0n, max: 10n ** 20n }), (t, f) => {
        const target = new Decimal(t.toString()).div(1e8);
        const filled = new Decimal((f % (t + 1n)).toString()).div(1e8);
        const g = { target_quantity: target, filled_quantity: filled };
        expect(filled.plus(remainingQuantity(g) ?? NaN).eq(target)).toBe(true);
        const r = fillRatio(g) ?? d('NaN');
        expect(r.gte(0) && r.lte(1)).toBe(true);
      }),
    );
  });
});
