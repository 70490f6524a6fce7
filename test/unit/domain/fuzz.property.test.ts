import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ExecutionGroupSchema, ValidationError, parseWire } from '../../../core/domain';
import { DTO_CASES } from './support/cases';
import * as valid from './support/valid';
import { withField } from './support/helpers';

/**
 * Bad input gets a typed error and never an exception: whatever JSON
 * arrives, parseWire returns { ok: false, error: ValidationError } with
 * located issues. (A refused decimal or timestamp used to reach the
 * cross-field rules as raw text and throw a TypeError.)
 */

/** Every dotted path inside a JSON value (array indices as segments). */
function pathsOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.flatMap(([k, v]) => {
    const p = prefix ? `${prefix}.${k}` : k;
    return [p, ...pathsOf(v, p)];
  });
}

/** Values that break fields in the ways real producers do, plus arbitrary JSON. */
const hostile = fc.oneof(
  fc.constantFrom(
    '-1', '0', '-0.1', 'abc', '1,5', 'NaN', 'Infinity', '1e99999', '1.123456789', '123456789012345678901',
    '2025-02-30T00:00:00Z', '2025-12-01T14:30:22+01:00', '2025-12-01', 'ORD_1', '', ' ', null, true, false, -1, 0, 1.5,
    [], {}, ['ORD_20251201_143025_a0001', 'ORD_20251201_143025_a0001'],
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

function expectTypedOutcome(schema: z.ZodType, input: unknown): void {
  const r = parseWire(schema, input, 'fuzz');
  if (r.ok) return;
  expect(r.error).toBeInstanceOf(ValidationError);
  expect(r.error.code).toBe('VALIDATION');
  expect(r.error.issues.length).toBeGreaterThan(0);
  for (const i of r.error.issues) {
    expect(typeof i.path).toBe('string');
    expect(i.message.length).toBeGreaterThan(0);
  }
}

describe.each(DTO_CASES)('%s never throws on bad input', (_entity, schema, wireArb, numRuns) => {
  it('one field of a valid object replaced by a hostile value', () => {
    fc.assert(
      fc.property(
        // 'unexpected_key' also adds a key no schema knows (and gives {} a path).
        wireArb.chain((wire) => fc.tuple(fc.constant(wire), fc.constantFrom(...pathsOf(wire), 'unexpected_key'), hostile)),
        ([wire, path, value]) => expectTypedOutcome(schema, withField(wire, path, value)),
      ),
      { numRuns },
    );
  });

  it('one field of a valid object removed', () => {
    fc.assert(
      fc.property(
        wireArb.chain((wire) => fc.tuple(fc.constant(wire), fc.constantFrom(...pathsOf(wire), 'unexpected_key'))),
        ([wire, path]) => expectTypedOutcome(schema, withField(wire, path, undefined)),
      ),
      { numRuns },
    );
  });

  it('anything at all', () => {
    fc.assert(fc.property(fc.anything(), (input) => expectTypedOutcome(schema, input)), { numRuns: 100 });
  });
});

describe('the regressions that used to throw', () => {
  it.each([
    ['a negative filled_quantity', 'filled_quantity', '-0.1'],
    ['a malformed target_quantity', 'target_quantity', '1,5'],
    ['an offset timestamp', 'updated_at', '2025-12-01T15:36:30+01:00'],
    ['an impossible date', 'created_at', '2025-02-30T14:30:22Z'],
  ])('%s is a ValidationError, not a TypeError', (_name, path, value) => {
    const r = parseWire(ExecutionGroupSchema, withField(valid.group(), path, value), 'ExecutionGroup');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues.map((i) => i.path)).toEqual([path]);
  });
});
