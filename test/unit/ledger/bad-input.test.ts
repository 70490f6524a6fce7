import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LedgerError, type Ledger } from '../../../core/ledger';
import { checkInvariantsAfterEach, fillInput, GROUP, ORDER, orderInput, PLAN, tableContents, testLedger } from './fixtures';

checkInvariantsAfterEach();

/** A ledger with one plan, group, order and fill: bad writes must leave all of it exactly as it is. */
function seeded(): Ledger {
  const { ledger } = testLedger();
  ledger.registerOrder(orderInput({}, { order_id: ORDER }));
  ledger.recordFill(fillInput(ORDER, '0.1'));
  ledger.putAlgoState(GROUP, { next: 1 });
  return ledger;
}

function refusedWithoutChange(ledger: Ledger, write: () => unknown): LedgerError {
  const before = tableContents(ledger.database);
  const seq = ledger.lastSeq();
  let error: unknown;
  try {
    write();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a typed refusal').toBeInstanceOf(LedgerError);
  expect(tableContents(ledger.database)).toEqual(before);
  expect(ledger.lastSeq()).toBe(seq);
  return error as LedgerError;
}

const UNKNOWN_ORDER = 'ORD_20251201_143000_zzzzz';
const UNKNOWN_GROUP = 'EXG_20251201_143000_zzzzz';
const UNKNOWN_PLAN = 'TPL_20251201_143000_zzzzz';

describe('bad input is refused with a typed error and changes nothing', () => {
  const cases: [string, (l: Ledger) => unknown, string][] = [
    ['order with a negative quantity', (l) => l.registerOrder(orderInput({}, { quantity: '-1' })), 'VALIDATION'],
    ['order with 9 decimals', (l) => l.registerOrder(orderInput({}, { quantity: '0.000000001' })), 'VALIDATION'],
    ['order with an unknown field', (l) => l.registerOrder(orderInput({}, { leverage: 10 })), 'VALIDATION'],
    ['order into an unknown group', (l) => l.registerOrder({ group_id: UNKNOWN_GROUP, order: orderInput().order }), 'NOT_FOUND'],
    [
      'group under an unknown plan',
      (l) => l.registerOrder({ group_id: UNKNOWN_GROUP, plan_id: UNKNOWN_PLAN, group: { execution_strategy: 'SINGLE' }, order: orderInput().order }),
      'NOT_FOUND',
    ],
    ['order that exists already', (l) => l.registerOrder(orderInput({}, { order_id: ORDER })), 'CONFLICT'],
    ['fill for an unknown order', (l) => l.recordFill(fillInput(UNKNOWN_ORDER, '0.1')), 'NOT_FOUND'],
    ['fill with a zero quantity', (l) => l.recordFill(fillInput(ORDER, '0')), 'VALIDATION'],
    ['fill with a price as text', (l) => l.recordFill(fillInput(ORDER, '0.1', 'fifty')), 'VALIDATION'],
    ['fill with a local-time timestamp', (l) => l.recordFill(fillInput(ORDER, '0.1', '1', { executed_at: '2025-12-01T15:30:00+01:00' })), 'VALIDATION'],
    ['fill that is not an object', (l) => l.recordFill('FILL'), 'VALIDATION'],
    ['update of an unknown order', (l) => l.updateOrder({ order_id: UNKNOWN_ORDER, status: 'OPEN' }), 'NOT_FOUND'],
    ['update to an unknown status', (l) => l.updateOrder({ order_id: ORDER, status: 'DONE' }), 'VALIDATION'],
    ['cancel without a reason', (l) => l.requestCancel(ORDER, { reason: '', scope: 'ORDER' }), 'VALIDATION'],
    ['cancel of an unknown order', (l) => l.requestCancel(UNKNOWN_ORDER, { reason: 'x', scope: 'ORDER' }), 'NOT_FOUND'],
    ['confirm of an unknown intent', (l) => l.confirmCancel('CXL_20251201_143000_zzzzz'), 'NOT_FOUND'],
    ['algo state for an unknown group', (l) => l.putAlgoState(UNKNOWN_GROUP, {}), 'NOT_FOUND'],
    ['algo state at a stale version', (l) => l.putAlgoState(GROUP, { next: 2 }, 7), 'CONFLICT'],
    ['halt of an unknown plan', (l) => l.haltPlan(UNKNOWN_PLAN, 'x'), 'NOT_FOUND'],
    ['protection at a negative price', (l) => l.setProtection(PLAN, { stop_loss_price: '-5' }), 'VALIDATION'],
    ['journal record with a lower-case kind', (l) => l.journal.record({ kind: 'note', message: 'x' }), 'VALIDATION'],
    ['anomaly for a malformed order id', (l) => l.recordAnomaly({ kind: 'X', order_id: 'ORD_1', message: 'x' }), 'VALIDATION'],
    ['acknowledge of an unknown anomaly', (l) => l.acknowledgeAnomaly('ANM_20251201_143000_zzzzz'), 'NOT_FOUND'],
  ];
  for (const [name, write, code] of cases) {
    it(name, () => {
      const ledger = seeded();
      expect(refusedWithoutChange(ledger, () => write(ledger)).code).toBe(code);
    });
  }

  it('property: random corruption of valid writes is always refused with no change', () => {
    const garbage = fc.oneof(
      fc.constant(null),
      fc.constant(-1),
      fc.constant(''),
      fc.constant('-0.5'),
      fc.constant('1,5'),
      fc.constant('0.123456789'),
      fc.constant('ord_1'),
      fc.constant([]),
      fc.constant({ nested: true }),
      fc.constant(Number.NaN),
      fc.string({ maxLength: 3 }).map((s) => `bad${s}`),
    );
    const writes: { name: string; base: () => Record<string, unknown>; run: (l: Ledger, input: unknown) => unknown; fields: string[] }[] = [
      {
        name: 'recordFill',
        base: () => fillInput(ORDER, '0.1'),
        run: (l, i) => l.recordFill(i),
        fields: ['parent_order_id', 'price', 'quantity', 'fee', 'executed_at', 'fill_id'],
      },
      {
        name: 'registerOrder.order',
        base: () => orderInput().order,
        run: (l, i) => l.registerOrder({ group_id: GROUP, order: i }),
        fields: ['side', 'order_type', 'quantity', 'role', 'status', 'order_id'],
      },
      {
        name: 'registerOrder',
        base: () => orderInput({ group_id: 'EXG_20251201_143000_new01' }),
        run: (l, i) => l.registerOrder(i),
        fields: ['group_id', 'plan_id', 'group', 'order', 'cause'],
      },
      {
        name: 'updateOrder',
        base: () => ({ order_id: ORDER, status: 'PARTIALLY_FILLED' }),
        run: (l, i) => l.updateOrder(i),
        fields: ['order_id', 'status', 'price', 'stop_price'],
      },
      {
        name: 'journal.record',
        base: () => ({ kind: 'NOTE', message: 'm', orderId: ORDER }),
        run: (l, i) => l.journal.record(i),
        fields: ['kind', 'orderId', 'planId', 'groupId', 'fillId'],
      },
    ];
    const ledger = seeded();
    fc.assert(
      fc.property(
        fc.nat(writes.length - 1),
        fc.array(fc.tuple(fc.nat(20), garbage), { minLength: 1, maxLength: 3 }),
        (which, corruptions) => {
          const w = writes[which]!;
          const input = w.base();
          for (const [field, value] of corruptions) input[w.fields[field % w.fields.length]!] = value;
          // every field listed refuses every garbage value (no nullable or free-text fields here)
          refusedWithoutChange(ledger, () => w.run(ledger, input));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: arbitrary values are refused by every write', () => {
    const ledger = seeded();
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        for (const write of [
          () => ledger.recordFill(junk),
          () => ledger.registerOrder(junk),
          () => ledger.updateOrder(junk),
          () => ledger.ensureGroup(junk),
          () => ledger.recordAnomaly(junk),
          () => ledger.journal.record(junk),
        ]) {
          refusedWithoutChange(ledger, write);
        }
      }),
      { numRuns: 200 },
    );
  });
});
