import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import { LedgerError, type Ledger, type LedgerEventWire } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, ORDER, orderInput, PLAN, tableContents, testLedger } from './fixtures';

checkInvariantsAfterEach();

/** Inside a transaction recordFill changes its rows in memory (core/ledger/row-cache.ts); nothing may ever see them stale. */
describe('the fill path’s write cache', () => {
  it('reads inside the transaction see the fills recorded before them', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.transaction(() => {
      ledger.recordFill(fillInput(ORDER, '0.1', '50000'));
      ledger.recordFill(fillInput(ORDER, '0.2', '51000'));
      expect(ledger.getOrder(ORDER)?.filled_quantity.toString()).toBe('0.3');
      expect(ledger.ordersOfGroup(GROUP)[0]?.status).toBe('PARTIALLY_FILLED');
      expect(ledger.getGroup(GROUP)?.in_flight_quantity.toString()).toBe('0.2');
      expect(ledger.getPlan(PLAN)?.fill_count).toBe(2);
      expect(ledger.positions()[0]?.net_quantity.toString()).toBe('0.3');
      expect(ledger.checkInvariants().violations).toEqual([]);
      ledger.recordFill(fillInput(ORDER, '0.2', '52000'));
    });
    expect(ledger.getOrder(ORDER)?.status).toBe('FILLED');
    expect(ledger.getPlan(PLAN)?.filled_quantity.toString()).toBe('0.5');
    expectHealthy(ledger);
  });

  it('other writes between fills are neither overwritten nor overwrite the fills', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.transaction(() => {
      ledger.recordFill(fillInput(ORDER, '0.1'));
      ledger.requestCancel(ORDER, { reason: 'trader', scope: 'ORDER' });
      ledger.setProtection(PLAN, { stop_loss_price: '45000' });
      ledger.recordFill(fillInput(ORDER, '0.1'));
      ledger.registerOrder({ group_id: GROUP, order: orderInput().order });
      ledger.recordFill(fillInput(ORDER, '0.1'));
    });
    const order = ledger.getOrder(ORDER);
    expect(order?.status).toBe('PENDING_CANCEL');
    expect(order?.filled_quantity.toString()).toBe('0.3');
    expect(ledger.getPlan(PLAN)?.stop_loss_price?.toString()).toBe('45000');
    expect(ledger.getPlan(PLAN)?.fill_count).toBe(3);
    const group = ledger.getGroup(GROUP);
    expect(group?.order_ids).toHaveLength(2);
    expect(group?.in_flight_quantity.toString()).toBe('0.7');
    expectHealthy(ledger);
  });

  it('builds each entity’s event once per transaction, from its last state', () => {
    const { ledger } = testLedger();
    const a = ledger.registerOrder(orderInput({ group: { execution_strategy: 'TWAP', target_quantity: '100' } }, { quantity: '10' })).order
      .order_id;
    const b = ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order, side: 'SELL', quantity: '10' } }).order.order_id;
    const events: LedgerEventWire[] = [];
    ledger.subscribe(ledger.lastSeq(), (e) => events.push(e));
    ledger.transaction(() => {
      for (let i = 0; i < 50; i++) ledger.recordFill(fillInput(i % 2 ? a : b, '0.01', String(50000 + i)));
    });
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect([count('fill'), count('order'), count('group'), count('plan'), count('position')]).toEqual([50, 2, 1, 1, 1]);
    const stored = ledger.ordersPage({ group_id: GROUP }).items;
    for (const e of events.filter((x) => x.type === 'order')) {
      expect(e.data).toEqual(stored.find((o) => o.order_id === (e.data as { order_id: string }).order_id));
    }
    expect(ledger.eventsAfter(0, 10_000).slice(-events.length)).toEqual(JSON.parse(JSON.stringify(events)));
  });

  it('group events carry the order ids in an array of their own, current after new orders', () => {
    const { ledger } = testLedger();
    const first = ledger.registerOrder(orderInput({}, { order_id: ORDER })).order.order_id;
    const groups: { order_ids: string[] }[] = [];
    ledger.subscribe(ledger.lastSeq(), (e) => {
      if (e.type !== 'group') return;
      groups.push(e.data);
      e.data.order_ids.push('ORD_20251201_143000_bogus'); // a careless listener
    });
    ledger.recordFill(fillInput(first, '0.1'));
    ledger.recordFill(fillInput(first, '0.1'));
    const second = ledger.transaction(() => {
      const id = ledger.registerOrder({ group_id: GROUP, order: orderInput().order }).order.order_id;
      ledger.recordFill(fillInput(id, '0.1'));
      return id;
    });
    ledger.recordFill(fillInput(second, '0.1'));
    expect(groups.map((g) => g.order_ids.slice(0, -1))).toEqual([[first], [first], [first, second], [first, second]]);
    expect(ledger.getGroup(GROUP)?.order_ids).toEqual([first, second]);
  });

  it('a rolled-back savepoint drops what the fills inside it changed in memory', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.transaction(() => {
      ledger.recordFill(fillInput(ORDER, '0.1'));
      expect(() =>
        ledger.transaction(() => {
          ledger.recordFill(fillInput(ORDER, '0.2'));
          throw new Error('undo');
        }),
      ).toThrow('undo');
      ledger.recordFill(fillInput(ORDER, '0.05'));
    });
    expect(ledger.getOrder(ORDER)?.filled_quantity.toString()).toBe('0.15');
    expect(ledger.getGroup(GROUP)?.fill_count).toBe(2);
    expect(ledger.positions()[0]?.net_quantity.toString()).toBe('0.15');
    expectHealthy(ledger);
  });

  it('a refused fill inside a transaction leaves the other writes of it', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.transaction(() => {
      ledger.recordFill(fillInput(ORDER, '0.1'));
      expect(() => ledger.recordFill(fillInput('ORD_20251201_143000_nope1', '0.1'))).toThrow(LedgerError);
      expect(() => ledger.recordFill(fillInput(ORDER, '-1'))).toThrow(LedgerError);
      ledger.recordFill(fillInput(ORDER, '0.1'));
    });
    expect(ledger.getOrder(ORDER)?.fill_count).toBe(2);
    expectHealthy(ledger);
  });

  it('a fill that fails after its first change (no savepoint to undo it) rolls the whole transaction back', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    const small = ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order, quantity: '0.1' } }).order.order_id;
    ledger.recordFill(fillInput(ORDER, '0.1'));
    // An overfill raises an anomaly after the fill row is written: make that insert fail.
    ledger.database.exec("CREATE TRIGGER no_anomalies BEFORE INSERT ON anomalies BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    const before = tableContents(ledger.database);
    const seq = ledger.lastSeq();
    let error: unknown;
    try {
      ledger.transaction(() => {
        ledger.recordFill(fillInput(ORDER, '0.1'));
        try {
          ledger.recordFill(fillInput(small, '0.2'));
        } catch {
          // the caller goes on as if the failed fill had changed nothing
        }
        ledger.recordFill(fillInput(ORDER, '0.1'));
      });
    } catch (e) {
      error = e;
    }
    expect((error as LedgerError).code).toBe('STORAGE');
    expect(tableContents(ledger.database)).toEqual(before);
    expect(ledger.lastSeq()).toBe(seq);

    // The same failure inside a savepoint that rolls back is undone by it: the rest commits.
    ledger.transaction(() => {
      ledger.recordFill(fillInput(ORDER, '0.1'));
      expect(() => ledger.transaction(() => ledger.recordFill(fillInput(small, '0.2')))).toThrow('disk trouble');
    });
    expect(ledger.getOrder(ORDER)?.filled_quantity.toString()).toBe('0.2');
    ledger.database.exec('DROP TRIGGER no_anomalies');
    expectHealthy(ledger);
  });

  it('rows kept from one transaction to the next follow other writes and rollbacks', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.recordFill(fillInput(ORDER, '0.1'));
    expect(() =>
      ledger.transaction(() => {
        ledger.recordFill(fillInput(ORDER, '0.2'));
        throw new Error('undo');
      }),
    ).toThrow('undo');
    ledger.recordFill(fillInput(ORDER, '0.1'));
    expect(ledger.getOrder(ORDER)?.filled_quantity.toString()).toBe('0.2');
    ledger.updateOrder({ order_id: ORDER, status: 'CANCELED' });
    const late = ledger.recordFill(fillInput(ORDER, '0.1'));
    expect(late).toMatchObject({ order_status: 'CANCELED', anomalies: [{ kind: 'LATE_FILL' }] });
    expect(ledger.getGroup(GROUP)?.order_counts).toEqual({ CANCELED: 1 });
    expectHealthy(ledger);
  });

  it('rows kept from one transaction to the next are dropped when another connection has written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-cache-'));
    try {
      const path = join(dir, 'l.db');
      const { ledger: a } = testLedger(path);
      const { ledger: b } = testLedger(path);
      a.registerOrder(orderInput({}, { order_id: ORDER, quantity: '10' }));
      a.recordFill(fillInput(ORDER, '0.1'));
      b.recordFill(fillInput(ORDER, '0.2'));
      a.recordFill(fillInput(ORDER, '0.3'));
      b.recordFill(fillInput(ORDER, '0.4'));
      for (const l of [a, b]) {
        expect(l.getOrder(ORDER)?.filled_quantity.toString()).toBe('1');
        expect(l.getPlan(PLAN)?.fill_count).toBe(4);
        expect(l.positions()[0]?.net_quantity.toString()).toBe('1');
        expectHealthy(l);
      }
      a.close();
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('property: fills mixed with other writes and rolled-back savepoints in one transaction keep every invariant', () => {
    type Op =
      | { kind: 'fill'; order: number; quantity: number }
      | { kind: 'cancel' | 'read'; order: number }
      | { kind: 'savepoint'; ops: Op[]; fail: boolean };
    const leaf = fc.oneof(
      fc.record({ kind: fc.constant('fill' as const), order: fc.nat(2), quantity: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ kind: fc.constantFrom('cancel' as const, 'read' as const), order: fc.nat(2) }),
    );
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 4, arbitrary: leaf },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('savepoint' as const), ops: fc.array(leaf, { maxLength: 5 }), fail: fc.boolean() }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const { ledger } = testLedger();
        const orders = [0, 1, 2].map(
          (i) => ledger.registerOrder(i === 0 ? orderInput() : { group_id: GROUP, order: { ...orderInput().order, side: i === 1 ? 'SELL' : 'BUY' } }).order.order_id,
        );
        let filled = new Decimal(0);
        const run = (o: Op, l: Ledger): Decimal => {
          if (o.kind === 'savepoint') {
            const { ops: inner, fail } = o;
            let sum = new Decimal(0);
            try {
              l.transaction(() => {
                for (const x of inner) sum = sum.plus(run(x, l));
                if (fail) throw new Error('roll back');
              });
            } catch (e) {
              if (!(e instanceof Error && e.message === 'roll back')) throw e;
              return new Decimal(0);
            }
            return sum;
          }
          const id = orders[o.order] as string;
          if (o.kind === 'fill') {
            const r = l.recordFill(fillInput(id, new Decimal(o.quantity).div(1000).toFixed()));
            return r.duplicate ? new Decimal(0) : new Decimal(o.quantity).div(1000);
          }
          if (o.kind === 'cancel') {
            try {
              l.requestCancel(id, { reason: 'p', scope: 'GROUP' });
            } catch (e) {
              if (!(e instanceof LedgerError)) throw e;
            }
          } else {
            const order = l.getOrder(id);
            const fills = l.fillsOfOrder(id).reduce((s, f) => s.plus(f.quantity), new Decimal(0));
            expect(order?.filled_quantity.toString()).toBe(fills.toString());
          }
          return new Decimal(0);
        };
        ledger.transaction(() => {
          for (const o of ops) filled = filled.plus(run(o, ledger));
          expect(ledger.checkInvariants().violations).toEqual([]);
        });
        expectHealthy(ledger);
        expect(ledger.getGroup(GROUP)?.filled_quantity.toString()).toBe(filled.toString());
        expect(ledger.getPlan(PLAN)?.filled_quantity.toString()).toBe(filled.toString());
      }),
      { numRuns: 60 },
    );
  });
});
