import { describe, expect, it } from 'vitest';
import { fillInput, GROUP, ORDER, orderInput, PLAN, testLedger } from './fixtures';

function ledgerWithHistory() {
  const t = testLedger();
  t.ledger.registerOrder(orderInput({}, { order_id: ORDER }));
  t.ledger.recordFill(fillInput(ORDER, '0.2'));
  t.ledger.recordFill(fillInput(ORDER, '0.1', '51000'));
  return t.ledger;
}

describe('checkInvariants', () => {
  it('passes on a consistent ledger and says how much it looked at', () => {
    const report = ledgerWithHistory().checkInvariants();
    expect(report.violations).toEqual([]);
    expect(report.counted).toEqual({ plans: 1, groups: 1, orders: 1, fills: 2 });
  });

  // Each corruption bypasses the ledger (raw SQL) and must be caught by the named rule.
  const corruptions: [string, string, string][] = [
    ['order.filled', `UPDATE orders SET filled_quantity = '0.4' WHERE order_id = '${ORDER}'`, 'order filled != sum of fills'],
    ['group.filled', `UPDATE exec_groups SET filled_quantity = '0.31' WHERE group_id = '${GROUP}'`, 'group filled != sum of orders'],
    ['plan.fees', `UPDATE plans SET fees_paid = '0' WHERE plan_id = '${PLAN}'`, 'plan fees != sum of groups'],
    ['order.fill_count', `DELETE FROM fills WHERE trade_id = (SELECT MAX(trade_id) FROM fills)`, 'a fill went missing'],
    ['group.timestamps', `UPDATE exec_groups SET status = 'COMPLETED' WHERE group_id = '${GROUP}'`, 'status without its timestamp'],
    ['group.in_flight', `UPDATE exec_groups SET in_flight_quantity = '0' WHERE group_id = '${GROUP}'`, 'in-flight drifted'],
    ['position.replay', `UPDATE positions SET net_quantity = '7'`, 'position drifted from its fills'],
    ['outbox.seq', `DELETE FROM outbox WHERE seq = 3`, 'a gap in seq'],
    ['order.status', `UPDATE orders SET status = 'FILLED' WHERE order_id = '${ORDER}'`, 'FILLED below quantity'],
  ];
  for (const [rule, sql, what] of corruptions) {
    it(`detects ${what} (${rule})`, () => {
      const ledger = ledgerWithHistory();
      ledger.database.exec(sql);
      const report = ledger.checkInvariants();
      expect(report.ok).toBe(false);
      expect(report.violations.map((v) => v.rule)).toContain(rule);
    });
  }
});
