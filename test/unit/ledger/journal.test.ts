import { describe, expect, it } from 'vitest';
import { TimelineEntrySchema } from '../../../core/journal';
import { checkInvariantsAfterEach, expectHealthy, fillInput, GROUP, ORDER, orderInput, PLAN, testLedger } from './fixtures';

checkInvariantsAfterEach();

describe('StrategyJournal', () => {
  it('links directive and command ids to the plan, group, order and fill they produced', () => {
    const { ledger } = testLedger();
    const cause = { directiveId: 'EXE_20251201_143000_dir01', commandId: 'EXC_20251201_143000_cmd01' };
    ledger.registerOrder(orderInput({ cause }, { order_id: ORDER }));
    const fill = ledger.recordFill(fillInput(ORDER, '0.1'));
    ledger.journal.record({ kind: 'MODIFY', commandId: 'EXC_20251201_143100_cmd02', orderId: ORDER, message: 'price moved' });
    const byFill = ledger.journal.causalityOf({ fillId: fill.fill_id });
    expect(byFill).toEqual({
      directive_ids: [cause.directiveId],
      command_ids: [cause.commandId, 'EXC_20251201_143100_cmd02'],
      plan_id: PLAN,
      group_id: GROUP,
      order_id: ORDER,
      fill_id: fill.fill_id,
    });
    expect(ledger.journal.causalityOf({ groupId: GROUP })?.directive_ids).toEqual([cause.directiveId]);
    expect(ledger.journal.causalityOf({ orderId: 'ORD_20251201_143000_zzzzz' })).toBeUndefined();
    expect(ledger.journal.entries({ directiveId: cause.directiveId }).map((e) => e.kind).sort()).toEqual(
      ['GROUP_CREATED', 'GROUP_STATUS', 'ORDER_REGISTERED', 'PLAN_CREATED'].sort(),
    );
  });

  it('timelines: command, ack, fills, cancel request, cancel confirmation, anomalies, in write order', () => {
    const { ledger, clock } = testLedger();
    ledger.transaction(() => {
      ledger.journal.record({ kind: 'COMMAND', commandId: 'EXC_1', groupId: GROUP, message: 'EXECUTE_TRADE TWAP' });
      ledger.registerOrder(orderInput({ cause: { commandId: 'EXC_1' } }, { order_id: ORDER }));
    });
    clock.advance(100);
    ledger.updateOrder({ order_id: ORDER, status: 'OPEN', connector_order_id: 'X' });
    ledger.recordFill(fillInput(ORDER, '0.1'));
    const intent = ledger.requestCancel(ORDER, { reason: 'trader', scope: 'GROUP' });
    ledger.confirmCancel(intent.intent_id);
    ledger.recordFill(fillInput(ORDER, '0.1'));
    const order = ledger.journal.timelineForOrder(ORDER);
    expect(order.map((t) => t.kind)).toEqual([
      'ORDER_REGISTERED',
      'ORDER_STATUS',
      'FILL',
      'CANCEL_REQUESTED',
      'ORDER_STATUS',
      'ORDER_STATUS',
      'CANCEL_CONFIRMED',
      'FILL',
      'ANOMALY',
    ]);
    for (const t of order) expect(TimelineEntrySchema.safeParse(t).success).toBe(true);
    expect(order[2]?.data).toMatchObject({ quantity: '0.1', price: '50000' });
    const group = ledger.journal.timelineForGroup(GROUP);
    expect(group[0]?.kind).toBe('COMMAND');
    expect(group.map((t) => t.kind)).toContain('GROUP_CREATED');
    expect(group.filter((t) => t.kind === 'FILL')).toHaveLength(2);
    expectHealthy(ledger);
  });

  it('records in the caller transaction: rolled back with it, committed with it, streamed as events', () => {
    const { ledger } = testLedger();
    const events: string[] = [];
    ledger.subscribe(0, (e) => events.push(e.type));
    expect(() =>
      ledger.transaction(() => {
        ledger.journal.record({ kind: 'NOTE', message: 'gone' });
        throw new Error('x');
      }),
    ).toThrow();
    expect(ledger.journal.entries()).toEqual([]);
    const e = ledger.journal.record({ kind: 'NOTE', message: 'kept', data: { a: [1, 'b'] } });
    expect(e.entry_id).toBeGreaterThan(0);
    expect(ledger.journal.entries().map((x) => x.data)).toEqual([{ a: [1, 'b'] }]);
    expect(events).toEqual(['journal']);
  });
});
