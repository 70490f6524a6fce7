import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Decimal,
  DomainError,
  ExecutionGroupSchema,
  ExecutionGroupShape,
  GroupStateMachine,
  IllegalTransitionError,
  ImmutableFieldError,
  ValidationError,
  decodeWire,
  patchGroup,
  toWire,
  type ExecutionGroup,
  type GroupPatch,
  type GroupStatus,
} from '../../../core/domain';
import { domainDiff } from './support/helpers';
import * as valid from './support/valid';

const decodeGroup = (changes: Record<string, unknown> = {}): ExecutionGroup =>
  decodeWire(ExecutionGroupSchema, { ...valid.group(), ...changes }, 'ExecutionGroup');

const LATER = new Date('2025-12-01T14:40:00Z');
const ORD_3 = 'ORD_20251201_143625_a0003';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('patchGroup', () => {
  it.each([
    ['group_id', 'EXG_20251201_143022_zzzzz'],
    ['parent_plan_id', 'TPL_20251201_143000_zzzzz'],
    ['execution_strategy', 'VWAP'],
    ['created_at', LATER],
    ['target_quantity', new Decimal(2)],
  ])('refuses to change %s with ImmutableFieldError', (field, value) => {
    const g = decodeGroup();
    const before = toWire(ExecutionGroupSchema, g);
    const err = thrown(() => patchGroup(g, { [field]: value } as GroupPatch));
    expect(err).toBeInstanceOf(ImmutableFieldError);
    expect([(err as ImmutableFieldError).code, (err as ImmutableFieldError).field]).toEqual(['IMMUTABLE_FIELD', field]);
    expect(toWire(ExecutionGroupSchema, g)).toEqual(before);
  });

  it('refuses an illegal status change with IllegalTransitionError (from, to)', () => {
    const done = decodeGroup({ status: 'COMPLETED', completed_at: '2025-12-01T14:36:30Z' });
    const err = thrown(() => patchGroup(done, { status: 'ACTIVE', updated_at: LATER }));
    expect(err).toBeInstanceOf(IllegalTransitionError);
    expect([(err as IllegalTransitionError).from, (err as IllegalTransitionError).to]).toEqual(['COMPLETED', 'ACTIVE']);
    expect(thrown(() => patchGroup(decodeGroup({ status: 'PENDING' }), { status: 'COMPLETED', completed_at: LATER }))).toBeInstanceOf(
      IllegalTransitionError,
    );
  });

  it('refuses a field that is not part of a group', () => {
    const err = thrown(() => patchGroup(decodeGroup(), { metadata: {} } as unknown as GroupPatch));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ path: 'metadata', message: 'unknown field' }]);
  });

  it.each([
    ['a negative filled_quantity', { filled_quantity: new Decimal('-0.1') }, 'filled_quantity', 'filled_quantity cannot be negative'],
    ['an overfill', { filled_quantity: new Decimal('1.1') }, 'filled_quantity', 'filled_quantity cannot exceed target_quantity'],
    ['more than 8 decimals', { filled_quantity: new Decimal('0.123456789') }, 'filled_quantity', 'must have at most 8 decimal places'],
    ['a duplicate order id', { order_ids: ['ORD_20251201_143025_a0001', 'ORD_20251201_143325_a0002', 'ORD_20251201_143025_a0001'] }, 'order_ids', 'order_ids must contain unique values'],
    ['a connector id as order id', { order_ids: ['ORD_20251201_143025_a0001', 'ORD_20251201_143325_a0002', 'binance_1'] }, 'order_ids.2', 'order_ids must contain ORD_ ids'],
    ['updated_at before created_at', { updated_at: new Date('2025-12-01T14:00:00Z') }, 'updated_at', 'updated_at cannot be before created_at'],
    ['COMPLETED without completed_at', { status: 'COMPLETED' as const }, 'completed_at', 'COMPLETED status requires completed_at timestamp'],
    ['CANCELLED without cancelled_at', { status: 'CANCELLED' as const }, 'cancelled_at', 'CANCELLED status requires cancelled_at timestamp'],
    ['a removed order id', { order_ids: ['ORD_20251201_143325_a0002'] }, 'order_ids', 'order_ids can only be appended to: existing order ids must stay, in order'],
    ['reordered order ids', { order_ids: ['ORD_20251201_143325_a0002', 'ORD_20251201_143025_a0001'] }, 'order_ids', 'order_ids can only be appended to: existing order ids must stay, in order'],
  ])('re-checks every rule: %s is a ValidationError', (_name, patch, path, message) => {
    const err = thrown(() => patchGroup(decodeGroup(), patch as GroupPatch));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toContainEqual({ path, message });
  });

  it('applies a legal patch: new frozen group, input untouched', () => {
    const g = decodeGroup();
    const before = toWire(ExecutionGroupSchema, g);
    const next = patchGroup(g, {
      order_ids: [...g.order_ids, ORD_3],
      filled_quantity: new Decimal('1.0'),
      status: 'COMPLETED',
      completed_at: LATER,
      updated_at: LATER,
    });
    expect(next.order_ids).toEqual([...g.order_ids, ORD_3]);
    expect([next.status, next.filled_quantity?.toFixed(), next.completed_at?.toISOString()]).toEqual(['COMPLETED', '1', LATER.toISOString()]);
    expect(Object.isFrozen(next)).toBe(true);
    expect(toWire(ExecutionGroupSchema, g)).toEqual(before);
    expect(next.order_ids).not.toBe(g.order_ids);
  });

  it('a SINGLE group can be cancelled or failed before its first order (PENDING -> CANCELLED / FAILED)', () => {
    const pending = decodeGroup({ execution_strategy: 'SINGLE', order_ids: [], status: 'PENDING', filled_quantity: null });
    expect(patchGroup(pending, { status: 'CANCELLED', cancelled_at: LATER, updated_at: LATER }).status).toBe('CANCELLED');
    expect(patchGroup(pending, { status: 'FAILED', updated_at: LATER }).status).toBe('FAILED');
    expect(thrown(() => patchGroup(pending, { status: 'ACTIVE', updated_at: LATER }))).toBeInstanceOf(ValidationError);
  });

  it('a late fill on a terminal group updates the quantity, never the status', () => {
    const cancelled = decodeGroup({ status: 'CANCELLED', cancelled_at: '2025-12-01T14:36:30Z' });
    const next = patchGroup(cancelled, { filled_quantity: new Decimal('0.5'), updated_at: LATER });
    expect([next.status, next.filled_quantity?.toFixed()]).toEqual(['CANCELLED', '0.5']);
  });
});

describe('random patch sequences never leave a legal group', () => {
  type Op =
    | { kind: 'status'; to: GroupStatus }
    | { kind: 'append' }
    | { kind: 'fill'; ratio: number }
    | { kind: 'immutable'; field: 'group_id' | 'execution_strategy' | 'target_quantity' };

  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom<GroupStatus>('PENDING', 'ACTIVE', 'COMPLETED', 'CANCELLED', 'FAILED', 'PARTIAL') }),
    fc.record({ kind: fc.constant('append' as const) }),
    fc.record({ kind: fc.constant('fill' as const), ratio: fc.integer({ min: 0, max: 120 }) }),
    fc.record({ kind: fc.constant('immutable' as const), field: fc.constantFrom('group_id' as const, 'execution_strategy' as const, 'target_quantity' as const) }),
  );

  it('each step either yields a group the strict schema accepts, or throws a DomainError and changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom('TWAP', 'SINGLE', 'ICEBERG'), fc.array(op, { maxLength: 25 }), (strategy, ops) => {
        let g = decodeGroup({ execution_strategy: strategy, order_ids: [], status: 'PENDING', filled_quantity: null });
        let clock = g.updated_at.getTime();
        let n = 0;
        for (const o of ops) {
          clock += 1000;
          const at = new Date(clock);
          const patch: Record<string, unknown> = { updated_at: at };
          if (o.kind === 'status') {
            patch.status = o.to;
            if (o.to === 'CANCELLED') patch.cancelled_at = at;
            if (o.to === 'COMPLETED') patch.completed_at = at;
          } else if (o.kind === 'append') {
            patch.order_ids = [...g.order_ids, `ORD_20251201_150000_${String(n++).padStart(5, '0')}`];
          } else if (o.kind === 'fill') {
            patch.filled_quantity = new Decimal(o.ratio).div(100).mul(g.target_quantity ?? 1).toDecimalPlaces(8);
          } else {
            patch[o.field] = o.field === 'target_quantity' ? new Decimal(5) : o.field === 'group_id' ? 'EXG_20251201_150000_zzzzz' : 'VWAP';
          }
          const before = toWire(ExecutionGroupSchema, g);
          try {
            const next = patchGroup(g, patch as GroupPatch);
            // legal: status moved along the table, identity kept, strict schema accepts the result
            if (next.status !== g.status) expect(GroupStateMachine.canTransition(g.status, next.status)).toBe(true);
            expect([next.group_id, next.execution_strategy, next.created_at, next.parent_plan_id]).toEqual([
              g.group_id,
              g.execution_strategy,
              g.created_at,
              g.parent_plan_id,
            ]);
            expect(domainDiff(decodeWire(ExecutionGroupSchema, toWire(ExecutionGroupSchema, next), 'ExecutionGroup'), next)).toBeUndefined();
            g = next;
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
            if (o.kind === 'immutable') expect(e).toBeInstanceOf(ImmutableFieldError);
            if (o.kind === 'status' && o.to !== g.status && !GroupStateMachine.canTransition(g.status, o.to)) {
              expect(e).toBeInstanceOf(IllegalTransitionError);
            }
            expect(toWire(ExecutionGroupSchema, g)).toEqual(before);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('encoding and the ledger\'s deliberate departure', () => {
  it('toWire refuses an overfilled group with a typed ValidationError (the strict schema)', () => {
    const over = { ...decodeGroup(), filled_quantity: new Decimal('1.5') };
    const err = thrown(() => toWire(ExecutionGroupSchema, over));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toContainEqual({ path: 'filled_quantity', message: 'filled_quantity cannot exceed target_quantity' });
  });

  it('ExecutionGroupShape (field rules only) encodes it, for ledger views that record an overfill as an anomaly', () => {
    const over = { ...decodeGroup(), filled_quantity: new Decimal('1.5') };
    expect(toWire(ExecutionGroupShape, over).filled_quantity).toBe('1.5');
  });
});
