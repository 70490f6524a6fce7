import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_PREFIXES, generateId, idPattern, idSchema, type IdPrefix } from '../../../core/domain';

const NOW = Date.UTC(2025, 11, 1, 14, 30, 22, 999); // 2025-12-01 14:30:22.999 UTC

describe('ids', () => {
  it('100,000 ids generated in the same clock second are unique and match the pattern', () => {
    const pattern = idPattern('ORD');
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const id = generateId('ORD', NOW);
      expect(pattern.test(id)).toBe(true);
      seen.add(id);
    }
    expect(seen.size).toBe(100_000);
  });

  it('ids of every kind share the counter: unique across prefixes within one second', () => {
    const ids = Object.values(ID_PREFIXES).flatMap((p) => Array.from({ length: 1000 }, () => generateId(p, NOW)));
    const suffixes = ids.map((id) => id.slice(id.lastIndexOf('_') + 1));
    expect(new Set(suffixes).size).toBe(ids.length);
  });

  it.each(Object.entries(ID_PREFIXES))('%s ids (%s_) parse with their own schema', (_kind, prefix) => {
    const id = generateId(prefix as IdPrefix, NOW);
    expect(idSchema(prefix as IdPrefix, 'id').safeParse(id).success).toBe(true);
    expect(id.startsWith(`${prefix}_20251201_143022_`)).toBe(true);
  });

  it('the stamp is the UTC date and time of the injected clock, whatever the local zone', () => {
    expect(generateId('TPL', Date.UTC(1999, 11, 31, 23, 59, 59))).toMatch(/^TPL_19991231_235959_[0-9a-z]{8}$/);
    expect(generateId('EXG', Date.UTC(2026, 0, 1, 0, 0, 0))).toMatch(/^EXG_20260101_000000_[0-9a-z]{8}$/);
  });

  it('the stamp follows the clock across seconds, forwards and back (the last stamp is reused only within its second)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), { minLength: 1, maxLength: 20 }), (times) => {
        for (const ms of times.flatMap((t) => [t, t + 999 - (t % 1000), t + 1000 - (t % 1000)])) {
          const iso = new Date(ms).toISOString();
          const want = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
          expect(generateId('ORD', ms).slice(4, 19)).toBe(want);
        }
      }),
    );
  });

  it.each([
    ['suffix of 4', 'ORD_20251201_143022_abcd', false],
    ['suffix of 5', 'ORD_20251201_143022_abcde', true],
    ['suffix of 8', 'ORD_20251201_143022_abcdefgh', true],
    ['suffix of 9', 'ORD_20251201_143022_abcdefghi', false],
    ['upper-case suffix', 'ORD_20251201_143022_ABCDE', false],
    ['the seeds\' _001 suffix', 'ORD_20251201_150018_001', false],
    ['time of 5 digits', 'ORD_20251201_14302_abcde', false],
    ['another prefix', 'EXG_20251201_143022_abcde', false],
    ['trailing text', 'ORD_20251201_143022_abcde_x', false],
  ])('pattern: %s', (_name, id, ok) => {
    expect(idPattern('ORD').test(id)).toBe(ok);
  });
});
