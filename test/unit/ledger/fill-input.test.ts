import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecimalString } from '../../../core/domain';
import { LedgerError } from '../../../core/ledger';
import { fastFillInput, parseFillInput, RecordFillInputSchema, type FillInput } from '../../../core/ledger/fill-input';

/** What recordFill takes from a fill, in comparable form. */
function normal(f: FillInput) {
  return {
    ...f,
    price: f.price.toFixed(),
    quantity: f.quantity.toFixed(),
    fee: f.fee.toFixed(),
  };
}

/** The same, from the zod schema's output: the rule the fast path must follow. */
function fromZod(input: unknown): ReturnType<typeof normal> | undefined {
  const r = RecordFillInputSchema.safeParse(input);
  if (!r.success) return undefined;
  const f = r.data;
  return {
    fill_id: f.fill_id,
    parent_order_id: f.parent_order_id,
    trade_id: f.trade_id,
    price: f.price.toFixed(),
    priceText: toDecimalString(f.price),
    quantity: f.quantity.toFixed(),
    quantityText: toDecimalString(f.quantity),
    fee: f.fee.toFixed(),
    feeText: toDecimalString(f.fee),
    fee_asset: f.fee_asset ?? null,
    liquidity: f.liquidity ?? null,
    executed_at: f.executed_at.toISOString(),
    fidelity_profile: f.fidelity_profile ?? null,
  };
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const pad = (n: number, w: number) => String(n).padStart(w, '0');

// Decimals: plain ones the fast path takes, and every form the schema knows or refuses.
const plainDecimalOf = (integerDigits: number, fractionDigits: number) =>
  fc
    .tuple(
      fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(0, integerDigits)).map(([a, b]) => a + b)),
      fc.option(digits(1, fractionDigits)),
    )
    .map(([i, f]) => (f === null ? i : `${i}.${f}`));
// mostly what exchanges send; sometimes at and past the seeds' 20 digits / 8 decimals
const plainDecimal = fc.oneof({ weight: 4, arbitrary: plainDecimalOf(6, 8) }, { weight: 1, arbitrary: plainDecimalOf(21, 11) });
const decimal = fc.oneof(
  { weight: 6, arbitrary: plainDecimal },
  {
    weight: 3,
    arbitrary: fc.constantFrom('0.000', '1.50', '1.123456780', '0.000000001', '-1', '-0', '+1', '01.5', '.5', '5.', ' 1.5', '1.5 ', '1e-7', '1.0E-7', '0E-8', '1e21', '12345678901234567890', '123456789012345678901', '123456789012.12345678', '1234567890123.12345678', '1234567890123456789.5', '12345678901234567890.5', '1,5', 'abc', '', 'NaN', 'Infinity'),
  },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined), fc.constant({}), fc.constant([])) },
);

const id = (prefix: string) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.tuple(digits(8, 8), digits(6, 6), fc.string({ unit: fc.constantFrom(...'0123456789abcdefz'), minLength: 5, maxLength: 8 })).map(([d, t, s]) => `${prefix}_${d}_${t}_${s}`) },
    { weight: 1, arbitrary: fc.constantFrom(`${prefix}_20251201_143000_ABCDE`, `${prefix}_20251201_143000_abcd`, `X${prefix}_20251201_143000_abcde`, `${prefix}_2025120_143000_abcde`, '', 'ORD_1') },
    { weight: 1, arbitrary: fc.anything() },
  );

// Timestamps built from fields that may be out of range, with every fraction and offset form.
const timestamp = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.integer({ min: 1970, max: 2100 }), fc.integer({ min: 0, max: 9999 })),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.option(digits(1, 10)),
        fc.constantFrom('Z', 'Z', 'Z', '+00:00', '-0000', '+01:00', 'z', ''),
      )
      .map(([y, mo, d, h, mi, s, frac, zone]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${frac === null ? '' : `.${frac}`}${zone}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('2024-02-29T00:00:00Z', '2025-02-29T00:00:00Z', '2025-12-01 14:30:01Z', '2025-12-01T14:30:01', '0099-01-01T00:00:00Z', '1000-01-01T00:00:00Z') },
  { weight: 1, arbitrary: fc.oneof(fc.date().map((d) => d), fc.integer(), fc.constant(null)) },
);

const optionalText = fc.constantFrom(undefined, null, '', 'USDT', 'realistic', 5);
const wellFormed = fc.record({
  parent_order_id: id('ORD').filter((v) => typeof v === 'string' && /^ORD_\d{8}_\d{6}_[0-9a-z]{5,8}$/.test(v)),
  trade_id: fc.string({ minLength: 1, maxLength: 12 }),
  price: plainDecimal,
  quantity: plainDecimal,
  fee: plainDecimal,
  executed_at: fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
});

const DELETE = Symbol('delete');

/** A well-formed fill with up to three fields replaced by anything from the generators above, or deleted. */
const fillLike = fc
  .tuple(
    wellFormed,
    fc.record({ fee_asset: optionalText, liquidity: fc.constantFrom(undefined, null, 'MAKER', 'TAKER'), fidelity_profile: optionalText, fill_id: id('FILL') }, { requiredKeys: [] }),
    fc.array(
      fc.oneof(
        fc.record({ key: fc.constant('fill_id'), value: id('FILL') }),
        fc.record({ key: fc.constant('parent_order_id'), value: id('ORD') }),
        fc.record({ key: fc.constant('trade_id'), value: fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)) }),
        fc.record({ key: fc.constantFrom('price', 'quantity', 'fee'), value: decimal }),
        fc.record({ key: fc.constantFrom('fee_asset', 'fidelity_profile'), value: optionalText }),
        fc.record({ key: fc.constant('liquidity'), value: fc.constantFrom(undefined, null, 'MAKER', 'TAKER', 'maker', '', 1) }),
        fc.record({ key: fc.constant('executed_at'), value: timestamp }),
        fc.record({ key: fc.constantFrom('leverage', 'side', '__proto__'), value: fc.anything() }),
        fc.record({ key: fc.constantFrom('price', 'trade_id', 'executed_at', 'parent_order_id'), value: fc.constant(DELETE) }),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([base, optional, changes]) => {
    const out: Record<string, unknown> = { ...base, ...optional };
    for (const { key, value } of changes) {
      if (value === DELETE) delete out[key];
      else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  });

describe('recordFill input: the hand-written fast path against RecordFillInputSchema', () => {
  it('property: whatever the fast path accepts, zod accepts with the same values', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fillLike, (input) => {
        const fast = fastFillInput(input);
        if (fast === undefined) return;
        accepted++;
        expect(normal(fast)).toEqual(fromZod(input));
      }),
      { numRuns: 20_000 },
    );
    expect(accepted).toBeGreaterThan(1_000); // the fast path was at work in a fair share of the runs
  });

  it('property: the validator recordFill uses gives exactly zod’s verdict, values and refusal', () => {
    fc.assert(
      fc.property(fc.oneof(fillLike, fc.anything()), (input) => {
        const expected = fromZod(input);
        let got: ReturnType<typeof normal> | undefined;
        let error: unknown;
        try {
          got = normal(parseFillInput(input));
        } catch (e) {
          error = e;
        }
        if (expected === undefined) {
          expect(error).toBeInstanceOf(LedgerError);
          const r = RecordFillInputSchema.safeParse(input);
          const issues = r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
          expect((error as LedgerError).issues).toEqual(issues);
        } else {
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 5_000 },
    );
  });

  it('property: a well-formed connector fill (plain decimals, Z time) takes the fast path whenever zod accepts it', () => {
    fc.assert(
      fc.property(wellFormed, (input) => {
        const expected = fromZod(input);
        if (expected === undefined) return; // e.g. a zero price, or more than 20 digits
        const fast = fastFillInput(input);
        const fraction = (s: string) => (s.split('.')[1] ?? '').length;
        // plain decimals with at most 8 written decimals are the fast path's to take
        if ([input.price, input.quantity, input.fee].every((d) => fraction(d) <= 8)) expect(fast).toBeDefined();
        if (fast !== undefined) expect(normal(fast)).toEqual(expected);
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes the edge cases the way zod does', () => {
    const base = { parent_order_id: 'ORD_20251201_143000_ord01', trade_id: 'T1', price: '50000', quantity: '0.1', fee: '0', executed_at: '2025-12-01T14:30:01Z' };
    const cases: Record<string, unknown>[] = [
      base,
      { ...base, price: '50000.10' },
      { ...base, executed_at: '2025-12-01T14:30:01.5Z' },
      { ...base, executed_at: '2024-02-29T00:00:00Z' },
      { ...base, executed_at: '2025-02-29T00:00:00Z' },
      { ...base, executed_at: '2025-12-01T24:00:00Z' },
      { ...base, executed_at: '0050-01-01T00:00:00Z' },
      { ...base, price: '0' },
      { ...base, fee: '0.000000001' },
      { ...base, quantity: '123456789012.123456789' },
      { ...base, fee_asset: undefined, liquidity: null, fidelity_profile: 'realistic' },
      Object.assign(Object.create(null) as object, base),
    ];
    for (const c of cases) {
      const fast = fastFillInput(c);
      if (fast !== undefined) expect(normal(fast)).toEqual(fromZod(c));
      let viaLedger: unknown;
      try {
        viaLedger = normal(parseFillInput(c));
      } catch {
        viaLedger = undefined;
      }
      expect(viaLedger).toEqual(fromZod(c));
    }
    expect(fastFillInput(base)).toBeDefined();
  });
});
