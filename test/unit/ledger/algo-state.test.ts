import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../core/domain';
import type { LedgerError } from '../../../core/ledger';
import { checkInvariantsAfterEach, GROUP, orderInput, planSpec, testLedger } from './fixtures';

checkInvariantsAfterEach();

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as LedgerError).code;
  }
  return 'none';
};

describe('algorithm state rows', () => {
  it('stores state with a version and refuses a stale writer (optimistic check)', () => {
    const { ledger } = testLedger();
    const { group } = ledger.ensureGroup({ group_id: GROUP, plan: planSpec, group: { execution_strategy: 'TWAP', target_quantity: '1' } });
    const schedule = { slices: [{ at: '2025-12-01T14:31:00Z', quantity: '0.25' }], next: 0 };
    const v1 = ledger.putAlgoState(group.group_id, schedule, 0);
    expect(v1).toMatchObject({ version: 1, algo_status: 'RUNNING', state: schedule });
    const v2 = ledger.putAlgoState(group.group_id, { ...schedule, next: 1 }, 1);
    expect(v2.version).toBe(2);
    expect(code(() => ledger.putAlgoState(group.group_id, { ...schedule, next: 9 }, 1))).toBe('CONFLICT');
    expect(code(() => ledger.putAlgoState(group.group_id, schedule, 0))).toBe('CONFLICT');
    expect(ledger.getAlgoState(group.group_id)?.state).toEqual({ ...schedule, next: 1 });
  });

  it('commits the state with the orders it produced, or neither', () => {
    const { ledger } = testLedger();
    ledger.ensureGroup({ group_id: GROUP, plan: planSpec, group: { execution_strategy: 'TWAP', target_quantity: '1' } });
    ledger.putAlgoState(GROUP, { next: 0 });
    expect(() =>
      ledger.transaction(() => {
        ledger.putAlgoState(GROUP, { next: 1 }, 1);
        ledger.registerOrder({ group_id: GROUP, order: orderInput().order });
        throw new Error('connector exploded before commit');
      }),
    ).toThrow('connector exploded');
    expect(ledger.getAlgoState(GROUP)?.state).toEqual({ next: 0 });
    expect(ledger.ordersOfGroup(GROUP)).toEqual([]);
    ledger.transaction(() => {
      ledger.putAlgoState(GROUP, { next: 1 }, 1);
      ledger.registerOrder({ group_id: GROUP, order: orderInput().order });
    });
    expect(ledger.getAlgoState(GROUP)?.version).toBe(2);
    expect(ledger.ordersOfGroup(GROUP)).toHaveLength(1);
  });

  it('lists running algorithms for restart recovery and moves status through its state machine', () => {
    const { ledger } = testLedger();
    const g1 = ledger.ensureGroup({ plan: planSpec, group: { execution_strategy: 'SINGLE' } }).group.group_id;
    const g2 = ledger.ensureGroup({ plan_id: ledger.listPlans()[0]!.plan_id, group: { execution_strategy: 'SINGLE' } }).group.group_id;
    ledger.putAlgoState(g1, { a: 1 });
    ledger.putAlgoState(g2, { b: 2 });
    ledger.setAlgoStatus(g2, 'AWAITING_DECISION', { reason: 'price moved' });
    expect(ledger.listRunningAlgos().map((a) => a.group_id)).toEqual([g1]);
    expect(ledger.listAlgos().map((a) => a.group_id)).toEqual([g1, g2]);
    ledger.setAlgoStatus(g1, 'DONE');
    expect(() => ledger.setAlgoStatus(g1, 'RUNNING')).toThrow(IllegalTransitionError);
    expect(code(() => ledger.putAlgoState(g1, { a: 2 }))).toBe('CONFLICT');
    expect(ledger.listRunningAlgos()).toEqual([]);
  });

  it('refuses state that is not JSON, and state for an unknown group', () => {
    const { ledger } = testLedger();
    ledger.ensureGroup({ group_id: GROUP, plan: planSpec, group: { execution_strategy: 'SINGLE' } });
    expect(code(() => ledger.putAlgoState(GROUP, { f: () => 1 }))).toBe('VALIDATION');
    expect(code(() => ledger.putAlgoState(GROUP, { n: Number.NaN }))).toBe('VALIDATION');
    expect(code(() => ledger.putAlgoState('EXG_20251201_143000_nope1', {}))).toBe('NOT_FOUND');
  });
});
