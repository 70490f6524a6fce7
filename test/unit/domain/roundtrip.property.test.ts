import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Decimal,
  FillSchema,
  SizePlanSchema,
  decodeWire,
  toWire,
} from '../../../core/domain';
import { DTO_CASES } from './support/cases';
import { domainDiff, issuesFor } from './support/helpers';

/** Every field that is a price, quantity, fee or ratio somewhere in the domain. */
const DECIMAL_FIELDS = new Set([
  'target_quantity', 'filled_quantity', 'quantity', 'price', 'stop_price', 'average_fill_price', 'fee',
  'execution_urgency', 'visibility_preference', 'max_slippage_pct', 'min_fill_ratio',
  'limit_price', 'position_size', 'position_value', 'risk_amount', 'leverage', 'stop_loss_price', 'take_profit_price',
  'confidence', 'timing_preference', 'max_acceptable_slippage', 'aggressiveness', 'max_risk_amount', 'account_risk_pct',
  'profit_taking_preference', 'risk_reward_ratio', 'stop_loss_tolerance', 'iceberg_preference', 'max_total_slippage_pct',
  'preferred_price_zone',
]);
/** The only JS numbers a decoded DTO may hold: counts and durations. */
const INTEGER_FIELDS = new Set(['max_execution_window_minutes', 'chunk_count_hint', 'timeout_seconds']);
const TIMESTAMP_FIELDS = new Set(['created_at', 'updated_at', 'cancelled_at', 'completed_at', 'closed_at', 'executed_at', 'decision_timestamp']);

/** Visits every (field name, value) pair, array elements under their array's field name. */
function visit(value: unknown, fn: (field: string, v: unknown) => void, field = ''): void {
  if (Array.isArray(value)) {
    for (const v of value) visit(v, fn, field);
    return;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Decimal) && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) visit(v, fn, k);
    return;
  }
  fn(field, value);
}

const CANONICAL_DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

describe.each(DTO_CASES)('%s', (entity, schema, wireArb, numRuns) => {
  const RUNS = { numRuns };
  it('every generated wire object is valid (the arbitrary is honest)', () => {
    fc.assert(
      fc.property(wireArb, (wire) => {
        expect(issuesFor(schema, wire)).toEqual([]);
      }),
      RUNS,
    );
  });

  it('decode(encode(x)) equals x (Decimals by value, Dates by instant)', () => {
    fc.assert(
      fc.property(wireArb, (wire) => {
        const x: unknown = decodeWire(schema, wire, entity);
        const again: unknown = decodeWire(schema, toWire(schema, x), entity);
        expect(domainDiff(again, x)).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('encoding is canonical: decimals as plain strings, timestamps ISO UTC with Z, and a fixed point', () => {
    fc.assert(
      fc.property(wireArb, (wire) => {
        const encoded: unknown = toWire(schema, decodeWire(schema, wire, entity));
        visit(encoded, (field, v) => {
          if (DECIMAL_FIELDS.has(field) && v !== null && v !== undefined) expect(v).toMatch(CANONICAL_DECIMAL);
          if (TIMESTAMP_FIELDS.has(field) && v !== null && v !== undefined) {
            expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          }
        });
        expect(JSON.parse(JSON.stringify(encoded))).toEqual(encoded);
        expect(toWire(schema, decodeWire(schema, encoded, entity))).toEqual(encoded);
      }),
      RUNS,
    );
  });

  it('no JS number sneaks in: money, quantities and ratios decode to Decimal, timestamps to Date', () => {
    fc.assert(
      fc.property(wireArb, (wire) => {
        visit(decodeWire(schema, wire, entity), (field, v) => {
          if (typeof v === 'number') expect(INTEGER_FIELDS.has(field) ? field : `JS number in ${field}`).toBe(field);
          if (DECIMAL_FIELDS.has(field) && v !== null && v !== undefined) expect(v).toBeInstanceOf(Decimal);
          if (TIMESTAMP_FIELDS.has(field) && v !== null && v !== undefined) expect(v).toBeInstanceOf(Date);
        });
      }),
      RUNS,
    );
  });
});

describe('decimal wire forms', () => {
  it('text, trailing zeros, exponent form and JSON numbers of one value decode equal and encode to one string', () => {
    const forms = ['0.00000040', '4E-7', '4.0E-7', '0.0000004', 4e-7];
    const decoded = forms.map((f) => decodeWire(SizePlanSchema, { plan_id: 'SIZ_20251201_143350_jkl345', position_size: f }, 'SizePlan'));
    for (const d of decoded) {
      expect(d.position_size.eq('0.0000004')).toBe(true);
      expect(toWire(SizePlanSchema, d).position_size).toBe('0.0000004');
    }
  });

  it('a 20-digit quantity survives the round trip exactly (no float rounding)', () => {
    const text = '123456789012.12345678';
    const g = decodeWire(
      FillSchema,
      {
        fill_id: 'FILL_20251201_143100_b0001',
        parent_order_id: 'ORD_20251201_143025_a0001',
        trade_id: '1',
        price: text,
        quantity: '0.00000001',
        fee: '0',
        executed_at: '2025-12-01T14:31:00Z',
      },
      'Fill',
    );
    expect(toWire(FillSchema, g).price).toBe(text);
    expect(Number(text).toString()).not.toBe(text); // what a JS number would have done to it
  });
});
