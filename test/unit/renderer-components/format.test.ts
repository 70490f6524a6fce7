import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal } from '../../../renderer/src/format/decimal';
import { formatCount, groupDigits } from '../../../renderer/src/format/number';
import { formatUtcDateTime, formatUtcTime } from '../../../renderer/src/format/time';

describe('formatDecimal', () => {
  it('groups thousands and pads to the column places', () => {
    expect(formatDecimal(new Decimal('1234567.5'), { places: 2 })).toBe('1,234,567.50');
    expect(formatDecimal(new Decimal('999'), { places: 0 })).toBe('999');
    expect(formatDecimal(new Decimal('1000'), { places: 0 })).toBe('1,000');
    expect(formatDecimal('0.5', { places: 8 })).toBe('0.50000000');
    expect(formatDecimal(new Decimal('-1234.5'), { places: 1 })).toBe('-1,234.5');
    expect(formatDecimal(new Decimal('1234.5'), { places: 1, group: false })).toBe('1234.5');
  });

  it('has no float artefacts: sums and long quantities stay exact', () => {
    expect(formatDecimal(new Decimal('0.1').plus('0.2'), { places: 8 })).toBe('0.30000000');
    expect(formatDecimal(new Decimal('123456789012.12345678'), { places: 8 })).toBe('123,456,789,012.12345678');
    expect(formatDecimal(new Decimal('99999999999999999999'), { places: 0 })).toBe('99,999,999,999,999,999,999');
    // 1e21 would be "1e+21" through a JS number.
    expect(formatDecimal(new Decimal('1e21'), { places: 0 })).toBe('1,000,000,000,000,000,000,000');
  });

  it('rounds half-even like the ledger and never shows -0', () => {
    expect(formatDecimal(new Decimal('0.125'), { places: 2 })).toBe('0.12');
    expect(formatDecimal(new Decimal('0.135'), { places: 2 })).toBe('0.14');
    expect(formatDecimal(new Decimal('-0.001'), { places: 2 })).toBe('0.00');
    expect(formatDecimal(new Decimal('-0'), { places: 2 })).toBe('0.00');
  });

  it('shows an em dash (or the given text) for a missing value and the raw text for a non-decimal', () => {
    expect(formatDecimal(null, { places: 2 })).toBe('—');
    expect(formatDecimal(undefined, { places: 2, empty: '' })).toBe('');
    expect(formatDecimal('abc', { places: 2 })).toBe('abc');
  });

  it('round-trips: without separators the text is the value rounded half-even to the places', () => {
    const decimalText = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
      .map(([neg, digits, scale]) => {
        const s = digits.toString().padStart(scale + 1, '0');
        const text = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
        return neg ? `-${text}` : text;
      });
    fc.assert(
      fc.property(decimalText, fc.integer({ min: 0, max: 10 }), (text, places) => {
        const out = formatDecimal(new Decimal(text), { places });
        const expected = new Decimal(text).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
        expect(new Decimal(out.replace(/,/g, '')).eq(expected)).toBe(true);
        const [int = '', frac = ''] = out.replace(/^-/, '').split('.');
        expect(frac.length).toBe(places);
        expect(int).toMatch(/^\d{1,3}(,\d{3})*$/);
      }),
    );
  });
});

describe('groupDigits / formatCount', () => {
  it('groups any digit string in threes from the right', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{0,30}$/), (digits) => {
        const grouped = groupDigits(digits);
        expect(grouped.replace(/,/g, '')).toBe(digits);
        expect(grouped).toMatch(/^\d{1,3}(,\d{3})*$/);
      }),
    );
  });

  it('formats counts', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(200_000)).toBe('200,000');
    expect(formatCount(-1234)).toBe('-1,234');
    expect(formatCount(1.5)).toBe('1.5');
  });
});

describe('UTC times', () => {
  it('shows HH:MM:SS in UTC whatever the local zone', () => {
    expect(formatUtcTime(new Date('2023-03-10T23:59:07.999Z'))).toBe('23:59:07');
    expect(formatUtcTime(Date.UTC(2023, 2, 11, 0, 0, 0))).toBe('00:00:00');
    expect(formatUtcDateTime(new Date('2023-03-10T04:05:06.007Z'))).toBe('2023-03-10 04:05:06.007 UTC');
  });

  it('says so for an invalid date instead of printing NaN', () => {
    expect(formatUtcTime(new Date(Number.NaN))).toBe('--:--:--');
    expect(formatUtcDateTime(new Date(Number.NaN))).toBe('invalid time');
  });
});
