import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../../core/ledger';
import { migrate } from '../../../core/ledger/migrations';
import { initial } from '../../../core/ledger/migrations/001_initial';
import { checkInvariantsAfterEach, expectHealthy, GROUP, orderInput, PLAN, tableContents, testLedger } from './fixtures';

checkInvariantsAfterEach();

const GROUP2 = 'EXG_20251201_143000_grp02';
const GROUP3 = 'EXG_20251201_143000_grp03';

describe('stopGroups (the emergency stop’s first step)', () => {
  it('sets running algorithms DONE and live groups CANCELLED, leaving ended groups and done algorithms alone', () => {
    const { ledger } = testLedger();
    for (const g of [GROUP, GROUP2, GROUP3]) ledger.registerOrder(orderInput({ group_id: g }));
    ledger.putAlgoState(GROUP, { step: 1 }, 0);
    ledger.putAlgoState(GROUP2, { step: 2 }, 0);
    ledger.setAlgoStatus(GROUP2, 'DONE');
    ledger.setGroupStatus(GROUP3, 'ACTIVE');
    ledger.setGroupStatus(GROUP3, 'PARTIAL');
    ledger.stopGroups([GROUP, GROUP2, GROUP3], { reason: 'cancel all in plan', cause: { commandId: 'EXC_1' } });
    expect([GROUP, GROUP2, GROUP3].map((g) => ledger.getGroup(g)?.status)).toEqual(['CANCELLED', 'CANCELLED', 'PARTIAL']);
    expect(ledger.getGroup(GROUP)?.cancelled_at).not.toBeNull();
    expect(ledger.getAlgoState(GROUP)?.algo_status).toBe('DONE');
    expect(ledger.getAlgoState(GROUP2)?.version).toBe(2); // DONE already: not written again
    const statusEntries = ledger.journal.entries({ planId: PLAN }).filter((e) => e.kind === 'GROUP_STATUS' && e.data !== null);
    expect(statusEntries.filter((e) => (e.data as { to: string }).to === 'CANCELLED').map((e) => e.group_id).sort()).toEqual([GROUP, GROUP2]);
    expectHealthy(ledger);
  });

  it('refuses an unknown group or bad input and changes nothing', () => {
    const { ledger } = testLedger();
    ledger.registerOrder(orderInput());
    const before = tableContents(ledger.database);
    expect(() => ledger.stopGroups([GROUP, 'EXG_20251201_143000_nope1'], { reason: 'x' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => ledger.stopGroups([GROUP], { reason: '' })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => ledger.stopGroups(['ORD_20251201_143000_ord01'], { reason: 'x' })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(tableContents(ledger.database)).toEqual(before);
    expect(ledger.getGroup(GROUP)?.status).toBe('ACTIVE'); // its first order made it ACTIVE; the refused calls left it so
  });
});

describe('migration 2: order indexes without status', () => {
  it('brings a version-1 ledger forward with its orders intact, and reads by plan and group still use an index', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ledger-m2-')), 'v1.db');
    const v1 = new Database(path);
    migrate(v1, [initial]);
    v1.close();
    const ledger = openLedger(path);
    const order = ledger.registerOrder(orderInput()).order;
    const indexes = ledger.database.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders'").all() as { name: string; sql: string | null }[];
    const sqlOf = (name: string) => indexes.find((i) => i.name === name)?.sql ?? '';
    expect(sqlOf('orders_by_plan')).toMatch(/\(parent_plan_id\)$/);
    expect(sqlOf('orders_by_group')).toMatch(/\(parent_group_id\)$/);
    const plan = (sql: string) => (ledger.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan('SELECT * FROM orders WHERE parent_plan_id = ? ORDER BY rowid DESC LIMIT 10')).toContain('USING INDEX orders_by_plan');
    expect(plan('SELECT * FROM orders WHERE parent_group_id = ? ORDER BY rowid')).toContain('USING INDEX orders_by_group');
    expect(ledger.liveOrderIdsOfPlan(PLAN)).toEqual([order.order_id]);
    expect(ledger.liveOrderIdsOfGroup(GROUP)).toEqual([order.order_id]);
    expectHealthy(ledger);
    ledger.close();
  });
});
