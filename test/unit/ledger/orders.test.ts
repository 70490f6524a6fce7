import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../core/domain';
import { openLedger, type LedgerError } from '../../../core/ledger';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, ORDER, orderInput, tableContents, testLedger } from './fixtures';

checkInvariantsAfterEach();

describe('order updates through the order state machine', () => {
  it('acks an order: connector id and OPEN, journaled with its cause', () => {
    const { ledger, clock } = testLedger();
    ledger.registerOrder(orderInput({ cause: { directiveId: 'EXE_1', commandId: 'EXC_1' } }, { order_id: ORDER }));
    clock.advance(250);
    const o = ledger.updateOrder({ order_id: ORDER, status: 'OPEN', connector_order_id: 'BIN-1', cause: { commandId: 'EXC_1' } });
    expect(o.status).toBe('OPEN');
    expect(o.connector_order_id).toBe('BIN-1');
    expect(o.updated_at.toISOString()).toBe('2025-12-01T14:30:00.250Z');
    expect(ledger.orderByConnectorId('BIN-1')?.order_id).toBe(ORDER);
    const timeline = ledger.journal.timelineForOrder(ORDER);
    expect(timeline.map((t) => t.kind)).toEqual(['ORDER_REGISTERED', 'ORDER_STATUS']);
    expect(timeline[1]?.command_id).toBe('EXC_1');
    expectHealthy(ledger);
  });

  it('refuses an illegal transition with IllegalTransitionError, changes nothing but the journal, and journals the refusal', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.updateOrder({ order_id: ORDER, status: 'REJECTED' });
    const before = tableContents(ledger.database);
    let error: unknown;
    try {
      ledger.updateOrder({ order_id: ORDER, status: 'OPEN' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect((error as IllegalTransitionError).code).toBe('ILLEGAL_TRANSITION');
    const after = tableContents(ledger.database);
    expect({ ...after, journal: [], outbox: [] }).toEqual({ ...before, journal: [], outbox: [] });
    const refusals = ledger.journal.entries({ orderId: ORDER }).filter((e) => e.kind === 'ILLEGAL_TRANSITION');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.message).toBe('Order: illegal transition REJECTED -> OPEN');
    expect(refusals[0]?.group_id).toBe(GROUP);
    expect(ledger.getOrder(ORDER)?.status).toBe('REJECTED');
    expectHealthy(ledger);
  });

  it('journals a refusal inside a caller transaction even when that whole transaction rolls back', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.updateOrder({ order_id: ORDER, status: 'CANCELED' });
    expect(() =>
      ledger.transaction(() => {
        ledger.journal.record({ kind: 'COMMAND', commandId: 'EXC_9', orderId: ORDER, message: 'modify' });
        ledger.updateOrder({ order_id: ORDER, status: 'OPEN' });
      }),
    ).toThrow(IllegalTransitionError);
    const kinds = ledger.journal.entries({ orderId: ORDER }).map((e) => e.kind);
    expect(kinds).toContain('ILLEGAL_TRANSITION');
    expect(kinds).not.toContain('COMMAND'); // rolled back with the transaction it belonged to
    expectHealthy(ledger);
  });

  it('a caller that catches a refused nested write keeps the rest of its transaction', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER }));
    ledger.updateOrder({ order_id: ORDER, status: 'CANCELED' });
    ledger.transaction(() => {
      ledger.journal.record({ kind: 'COMMAND', commandId: 'EXC_9', orderId: ORDER, message: 'modify' });
      expect(() => ledger.updateOrder({ order_id: ORDER, status: 'OPEN' })).toThrow(IllegalTransitionError);
    });
    const kinds = ledger.journal.entries({ orderId: ORDER }).map((e) => e.kind);
    expect(kinds).toContain('COMMAND');
    expect(kinds).toContain('ILLEGAL_TRANSITION');
  });

  it('refuses fill-driven statuses without fills, a second connector id, and new prices on a finished order', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput({}, { order_id: ORDER, connector_order_id: 'A' }));
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return (e as LedgerError).code;
      }
      return 'none';
    };
    expect(code(() => ledger.updateOrder({ order_id: ORDER, status: 'FILLED' }))).toBe('VALIDATION');
    expect(code(() => ledger.updateOrder({ order_id: ORDER, status: 'PARTIALLY_FILLED' }))).toBe('VALIDATION');
    expect(code(() => ledger.updateOrder({ order_id: ORDER, connector_order_id: 'B' }))).toBe('CONFLICT');
    expect(ledger.updateOrder({ order_id: ORDER, price: '49000' }).price?.toString()).toBe('49000');
    ledger.updateOrder({ order_id: ORDER, status: 'EXPIRED' });
    expect(code(() => ledger.updateOrder({ order_id: ORDER, price: '48000' }))).toBe('CONFLICT');
    expect(code(() => ledger.updateOrder({ order_id: 'ORD_20251201_143000_nope1', status: 'OPEN' }))).toBe('NOT_FOUND');
  });

  it("keeps the group's counts by status and in-flight quantity as orders move", () => {
    const { ledger } = testLedger();
    const a = ledger.registerOrder(orderInput()).order.order_id;
    const b = ledger.registerOrder({ group_id: GROUP, order: { ...orderInput().order, quantity: '0.25' } }).order.order_id;
    let g = ledger.getGroup(GROUP)!;
    expect(g.order_counts).toEqual({ PENDING_SUBMIT: 2 });
    expect(g.in_flight_quantity.toString()).toBe('0.75');
    ledger.updateOrder({ order_id: a, status: 'OPEN' });
    ledger.updateOrder({ order_id: b, status: 'REJECTED' });
    g = ledger.getGroup(GROUP)!;
    expect(g.order_counts).toEqual({ OPEN: 1, REJECTED: 1 });
    expect(g.in_flight_quantity.toString()).toBe('0.5');
    expect(ledger.liveOrdersOfGroup(GROUP).map((o) => o.order_id)).toEqual([a]);
    expect(ledger.ordersOfGroup(GROUP, ['REJECTED']).map((o) => o.order_id)).toEqual([b]);
    expect(ledger.nonTerminalOrders().map((o) => o.order_id)).toEqual([a]);
    expectHealthy(ledger);
  });

  it('moves groups through their state machine with timestamps, refusing and journaling illegal moves', () => {
    const { ledger, clock } = testLedger();
    ledger.registerOrder(orderInput());
    clock.advance(1000);
    const g = ledger.setGroupStatus(GROUP, 'CANCELLED', { reason: 'trader' });
    expect(g.cancelled_at?.toISOString()).toBe('2025-12-01T14:30:01.000Z');
    expect(g.completed_at).toBeNull();
    expect(() => ledger.setGroupStatus(GROUP, 'ACTIVE')).toThrow(IllegalTransitionError);
    expect(ledger.getGroup(GROUP)?.status).toBe('CANCELLED');
    const refusals = ledger.journal.entries({ groupId: GROUP }).filter((e) => e.kind === 'ILLEGAL_TRANSITION');
    expect(refusals.map((r) => r.message)).toEqual(['ExecutionGroup: illegal transition CANCELLED -> ACTIVE']);
    expectHealthy(ledger);
  });
});

describe('ledger time', () => {
  it('never runs backwards when the wall clock is stepped back, across a restart too', () => {
    let wall = Date.UTC(2025, 11, 1, 15, 0, 0);
    const clock = { now: () => wall };
    const dir = mkdtempSync(join(tmpdir(), 'ledger-time-'));
    try {
      const path = join(dir, 'l.db');
      const a = openLedger(path, { clock });
      a.registerOrder(orderInput({}, { order_id: ORDER }));
      wall -= 60_000; // NTP steps the clock back a minute
      const acked = a.updateOrder({ order_id: ORDER, status: 'OPEN' });
      expect(acked.updated_at.getTime()).toBe(acked.created_at.getTime());
      a.close();
      const b = openLedger(path, { clock });
      const filled = b.recordFill(fillInput(ORDER, '0.1'));
      expect(filled.duplicate).toBe(false);
      expect(b.getOrder(ORDER)!.updated_at.getTime()).toBeGreaterThanOrEqual(acked.updated_at.getTime());
      expectHealthy(b);
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
