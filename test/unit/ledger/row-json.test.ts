import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALGO_JSON, GROUP_JSON, INTENT_JSON, ORDER_JSON } from '../../../core/ledger/row-json';
import { algoStateWire, cancelIntentWire, groupWire, orderWire, type AlgoStateRow, type CancelIntentRow, type GroupRow, type OrderRow } from '../../../core/ledger/rows';
import type { Ledger } from '../../../core/ledger';
import { checkInvariantsAfterEach, fillInput, GROUP, orderInput, testLedger } from './fixtures';

checkInvariantsAfterEach();

/** A positive decimal text with up to 8 places, as prices and quantities come. */
const decimalText = fc
  .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999_999 }))
  .filter(([i, f]) => i > 0 || f > 0)
  .map(([i, f]) => `${i}.${String(f).padStart(8, '0')}`.replace(/\.?0+$/, ''));

/**
 * One row's payload as SQLite prints it (`json`, a row-json.ts expression)
 * equals what the wire function makes of the row, keys in the same order.
 */
function expectPrintedAsWire<R>(ledger: Ledger, table: string, idColumn: string, id: string, json: string, wire: (row: R) => unknown): void {
  const db = ledger.database;
  const row = db.prepare(`SELECT * FROM ${table} WHERE ${idColumn} = ?`).get(id) as R;
  const printed = JSON.parse(db.prepare(`SELECT ${json} FROM ${table} WHERE ${idColumn} = ?`).pluck().get(id) as string) as object;
  const expected = wire(row) as object;
  expect(printed).toEqual(expected);
  expect(Object.keys(printed)).toEqual(Object.keys(expected));
}

describe('event payloads printed by SQLite', () => {
  it('an order reads the same from ORDER_JSON as from orderWire, whatever its fills (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(decimalText, decimalText), { maxLength: 5 }),
        fc.constantFrom('MARKET', 'LIMIT', 'STOP_LIMIT'),
        fc.option(fc.constantFrom('ORD-ext-1', 'ünïcode "quoted" \\ id'), { nil: undefined }),
        (fills, type, connectorId) => {
          const { ledger } = testLedger();
          const order = type === 'MARKET' ? { order_type: 'MARKET', price: undefined } : type === 'LIMIT' ? {} : { order_type: 'STOP_LIMIT', stop_price: '49000' };
          const id = ledger.registerOrder(orderInput({ group: { execution_strategy: 'TWAP', target_quantity: '1000000' } }, { quantity: '1000000', ...order })).order.order_id;
          if (connectorId !== undefined) ledger.updateOrder({ order_id: id, status: 'OPEN', connector_order_id: connectorId });
          fills.forEach(([price, quantity], i) => ledger.recordFill(fillInput(id, quantity, price, { trade_id: `R${i}` })));
          expectPrintedAsWire(ledger, 'orders', 'order_id', id, ORDER_JSON, (row: OrderRow) => orderWire(row));
          ledger.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a cancel intent reads the same from INTENT_JSON as from cancelIntentWire, in each of its states', () => {
    const { ledger } = testLedger();
    const a = ledger.registerOrder(orderInput()).order.order_id;
    const b = ledger.registerOrder({ group_id: GROUP, order: orderInput().order }).order.order_id;
    const ia = ledger.requestCancel(a, { reason: 'trader "panic" \\ button', scope: 'PLAN' });
    const ib = ledger.requestCancel(b, { reason: 'x', scope: 'GROUP' });
    ledger.failCancel(ib.intent_id, 'exchange said no');
    ledger.confirmCancel(ia.intent_id);
    for (const id of [ia.intent_id, ib.intent_id]) expectPrintedAsWire(ledger, 'cancel_intents', 'intent_id', id, INTENT_JSON, (row: CancelIntentRow) => cancelIntentWire(row));
  });

  it('an algorithm state reads the same from ALGO_JSON as from algoStateWire, whatever its JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (state) => {
        const { ledger } = testLedger();
        ledger.registerOrder(orderInput());
        ledger.putAlgoState(GROUP, state, 0);
        expectPrintedAsWire(ledger, 'algo_states', 'group_id', GROUP, ALGO_JSON, (row: AlgoStateRow) => algoStateWire(row));
        ledger.close();
      }),
      { numRuns: 40 },
    );
  });

  it('a group reads the same from GROUP_JSON as from groupWire, whatever its orders, fills and status (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(decimalText, decimalText), { maxLength: 4 }), fc.nat(3), fc.boolean(), (fills, orders, cancel) => {
        const { ledger } = testLedger();
        const group = { execution_strategy: 'TWAP', target_quantity: '1000000' };
        const ids = Array.from({ length: orders + 1 }, () => ledger.registerOrder(orderInput({ group }, { quantity: '1000000' })).order.order_id);
        fills.forEach(([price, quantity], i) => ledger.recordFill(fillInput(ids[i % ids.length] as string, quantity, price, { trade_id: `G${i}` })));
        if (cancel) ledger.stopGroups([GROUP], { reason: 'x' });
        expectPrintedAsWire(ledger, 'exec_groups', 'group_id', GROUP, GROUP_JSON, (row: GroupRow) => groupWire(row));
        ledger.close();
      }),
      { numRuns: 40 },
    );
  });
});
