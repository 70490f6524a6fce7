import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { SqlitePaperSessionStore } from '../../../core/connectors/paper';
import { Decimal } from '../../../core/domain';
import { createEngine, type Engine } from '../../../core/engine';
import { decodeAlgoRecord } from '../../../core/execution/algo-record';
import { expectClean } from './support';

const CHILD = fileURLToPath(new URL('./restart-child.ts', import.meta.url));
const ENTRY_FILLS_BEFORE_KILL = 4;

interface ChildRun {
  readonly planId: string;
  readonly groupId: string;
  /** Order id -> role, as the child saw them committed. */
  readonly orders: Map<string, string>;
  /** Fill id -> order id. */
  readonly fills: Map<string, string>;
  readonly stderr: string;
  /** The order line the child froze on (or had just printed) when it was killed. */
  readonly frozenAfter: string;
}

/**
 * Run the child until it has committed a few TWAP fills and then an order
 * line matching `killOn`, and SIGKILL it mid-window. Frozen: the child stops
 * right after that commit, before the exchange is asked, and dies there; not
 * frozen: it runs on and dies wherever the signal finds it.
 */
function runChildUntilKilled(path: string, killOn: RegExp, frozen: boolean): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', CHILD, path, frozen ? killOn.source : '^$', String(ENTRY_FILLS_BEFORE_KILL)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const orders = new Map<string, string>();
    const fills = new Map<string, string>();
    let planId = '';
    let groupId = '';
    let last = '';
    let entryFills = 0;
    let frozenAfter = '';
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => {
      buffer += b.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, a = '', b2 = '', c = ''] = line.split(' ');
        if (kind === 'PLAN') [planId, groupId] = [a, c];
        if (kind === 'ORDER') orders.set(a, b2);
        if (kind === 'FILL') {
          fills.set(a, b2);
          if (orders.get(b2) === 'ENTRY') entryFills += 1;
        }
        const due = frozen ? kind === 'FROZEN' : entryFills >= ENTRY_FILLS_BEFORE_KILL && killOn.test(line);
        if (due && child.exitCode === null) {
          frozenAfter = frozen ? last : line;
          child.kill('SIGKILL');
        }
        last = line;
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended ${code ?? ''} ${signal ?? ''} before it was killed: ${stderr}`));
      else resolve({ planId, groupId, orders, fills, stderr, frozenAfter });
    });
  });
}

let dir: string | undefined;
let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

interface Reopened {
  readonly engine: Engine;
  readonly clock: VirtualClock;
  readonly errors: unknown[];
  readonly run: ChildRun;
}

async function killAndReopen(killOn: RegExp, frozen = true): Promise<Reopened> {
  dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-restart-'));
  const path = join(dir, 'ledger.db');
  const run = await runChildUntilKilled(path, killOn, frozen);
  expect(run.stderr).toBe('');
  expect(run.groupId).toMatch(/^EXG_/);
  expect(run.frozenAfter).toMatch(killOn);
  const clock = new VirtualClock(Date.now());
  const errors: unknown[] = [];
  engine = await createEngine({ ledgerPath: path, clock, retry: { attempts: 3, delayMs: 1_000 }, onError: (e) => errors.push(e) });
  await clock.advanceAsync(50); // 5 s of session time: cancels resent and protection re-placed by recovery land
  await engine.idle();
  return { engine, clock, errors, run };
}

/** The restored paper exchange's orders and trades, as it persisted them. */
function paperState(e: Engine) {
  const sessionId = e.status().sessionId ?? '';
  const snapshot = new SqlitePaperSessionStore(e.ledger.database).load(sessionId);
  if (!snapshot) throw new Error(`no paper session ${sessionId}`);
  return snapshot.state;
}

/** Nothing lost, nothing twice: the ledger and the paper exchange agree order by order and fill by fill. */
function expectLedgerMatchesExchange(e: Engine, run: ChildRun): void {
  const { ledger } = e;
  for (const [fillId, orderId] of run.fills) expect(ledger.getFill(fillId)?.parent_order_id).toBe(orderId);
  for (const orderId of run.orders.keys()) expect(ledger.getOrder(orderId)).toBeDefined();
  const state = paperState(e);
  const onExchange = state.orders.map((o) => o.clientOrderId);
  expect(new Set(onExchange).size).toBe(onExchange.length);
  const ledgerOrders = ledger.ordersOfPlan(run.planId);
  expect(new Set(ledgerOrders.map((o) => o.order_id)).size).toBe(ledgerOrders.length);
  const byId = new Map(ledgerOrders.map((o) => [o.order_id, o]));
  for (const id of onExchange) expect(byId.has(id)).toBe(true);
  for (const o of ledgerOrders) {
    // An order the exchange never received was committed as an intent only, and ended CANCELED without being resent.
    if (!onExchange.includes(o.order_id)) expect([o.status, o.connector_order_id]).toEqual(['CANCELED', null]);
    expect(o.status).not.toBe('REJECTED');
  }
  // Every trade the exchange made for our orders is a fill in the ledger, once.
  const fills = ledger.fillsOfPlan(run.planId);
  expect(fills.map((f) => `${f.parent_order_id}/${f.trade_id}`).sort()).toEqual(state.trades.map((t) => `${t.clientOrderId}/${t.tradeId}`).sort());
  // What rests on the exchange is exactly what the ledger holds live.
  const resting = state.orders.filter((o) => o.status === 'NEW' || o.status === 'PARTIALLY_FILLED').map((o) => o.clientOrderId);
  expect(resting.sort()).toEqual(ledger.liveOrdersOfPlan(run.planId).map((o) => o.order_id).sort());
}

/** The plan's stop-loss and take-profit rest on the exchange for exactly its position. */
function expectProtectionCovers(e: Engine, planId: string): void {
  const { ledger } = e;
  const position = ledger.ordersOfPlan(planId).reduce((s, o) => (o.role === 'ENTRY' ? s.plus(o.filled_quantity) : s.minus(o.filled_quantity)), new Decimal(0));
  const protection = ledger.liveOrdersOfPlan(planId).filter((o) => o.role === 'STOP_LOSS' || o.role === 'TAKE_PROFIT');
  expect(protection.map((o) => `${o.role} ${o.status} ${o.quantity.minus(o.filled_quantity).toFixed()}`).sort()).toEqual([
    `STOP_LOSS OPEN ${position.toFixed()}`,
    `TAKE_PROFIT OPEN ${position.toFixed()}`,
  ]);
  expect(ledger.cancelIntents({ planId }).filter((i) => i.status === 'REQUESTED' || i.status === 'UNKNOWN')).toEqual([]);
}

function twapOrderKeys(e: Engine, groupId: string): Record<string, string> {
  const decoded = decodeAlgoRecord(e.ledger.getAlgoState(groupId)?.state);
  if (!decoded.ok) throw new Error(decoded.message);
  return { ...decoded.record.keys };
}

describe('restart in the middle of a TWAP (child process killed with SIGKILL)', () => {
  it('recovers halt-and-ask with nothing lost or doubled, then resumeGroup completes it with no duplicate order', async () => {
    // Killed just after new protection orders were committed, before the exchange got them.
    const { engine: e, clock, errors, run } = await killAndReopen(/ STOP_LOSS PENDING_SUBMIT$/);
    const { ledger } = e;
    expect(e.status().mode).toBe('paper');
    expect(e.status().recovery?.groupsAwaitingDecision).toEqual([run.groupId]);
    expect(ledger.getAlgoState(run.groupId)?.algo_status).toBe('AWAITING_DECISION');
    expect(ledger.anomalies({ planId: run.planId }).some((a) => a.kind === 'RECOVERED_GROUP' && a.group_id === run.groupId)).toBe(true);
    // The session came back with its resting orders: the plan's protection is on the book.
    expect(paperState(e).orders.some((o) => o.status === 'NEW' && (o.type === 'STOP_MARKET' || o.type === 'LIMIT'))).toBe(true);
    expectLedgerMatchesExchange(e, run);
    expectProtectionCovers(e, run.planId);
    const filledAtRestart = ledger.getGroup(run.groupId)?.filled_quantity ?? new Decimal(0);
    expect(filledAtRestart.gt(0)).toBe(true);
    expect(filledAtRestart.lt(1)).toBe(true);
    // Waiting for the trader: nothing new is placed.
    const before = ledger.ordersOfGroup(run.groupId).length;
    await clock.advanceAsync(2_000);
    expect(ledger.ordersOfGroup(run.groupId).length).toBe(before);

    e.resumeGroup(run.groupId);
    expect(await clock.runUntil(() => ledger.getGroup(run.groupId)?.status === 'COMPLETED', { withinMs: 60_000 })).toBe(true);
    await clock.advanceAsync(1_000);
    await e.idle();
    const group = ledger.getGroup(run.groupId);
    expect(group?.filled_quantity.toFixed()).toBe('1');
    // One order per algorithm key, never a slice sent twice.
    const keys = twapOrderKeys(e, run.groupId);
    const orders = ledger.ordersOfGroup(run.groupId).map((o) => o.order_id).sort();
    expect(Object.values(keys).sort()).toEqual(orders);
    expect(orders.length).toBeLessThanOrEqual(20);
    expectLedgerMatchesExchange(e, run);
    expectProtectionCovers(e, run.planId);
    expectClean({ engine: e, errors, clock });
  });

  it('haltGroup after the restart ends the TWAP PARTIAL with its live orders cancelled', async () => {
    // Killed just after cancels were committed as intents, before the exchange got them.
    const { engine: e, clock, errors, run } = await killAndReopen(/ PENDING_CANCEL$/);
    const { ledger } = e;
    expect(ledger.getAlgoState(run.groupId)?.algo_status).toBe('AWAITING_DECISION');
    expectLedgerMatchesExchange(e, run);
    expectProtectionCovers(e, run.planId);
    const halting = e.haltGroup(run.groupId);
    expect(await clock.runUntil(halting, { withinMs: 60_000 })).toBe(true);
    await halting;
    await clock.advanceAsync(5_000);
    await e.idle();
    const group = ledger.getGroup(run.groupId);
    expect(group?.status).toBe('PARTIAL');
    expect(group?.filled_quantity.gt(0)).toBe(true);
    expect(ledger.getAlgoState(run.groupId)?.algo_status).toBe('DONE');
    expect(ledger.liveOrdersOfGroup(run.groupId)).toEqual([]);
    const count = ledger.ordersOfGroup(run.groupId).length;
    await clock.advanceAsync(10_000); // well past the window: nothing more is placed
    expect(ledger.ordersOfGroup(run.groupId).length).toBe(count);
    expectLedgerMatchesExchange(e, run);
    expectProtectionCovers(e, run.planId);
    expectClean({ engine: e, errors, clock });
  });

  it('killed wherever the signal lands while requests are in flight: the same guarantees, and resume completes it', async () => {
    const { engine: e, clock, errors, run } = await killAndReopen(/ PENDING_(SUBMIT|CANCEL)$/, false);
    const { ledger } = e;
    expect(ledger.getAlgoState(run.groupId)?.algo_status).toBe('AWAITING_DECISION');
    expectLedgerMatchesExchange(e, run);
    expectProtectionCovers(e, run.planId);
    e.resumeGroup(run.groupId);
    expect(await clock.runUntil(() => ledger.getGroup(run.groupId)?.status === 'COMPLETED', { withinMs: 60_000 })).toBe(true);
    await clock.advanceAsync(1_000);
    await e.idle();
    expect(ledger.getGroup(run.groupId)?.filled_quantity.toFixed()).toBe('1');
    expect(Object.values(twapOrderKeys(e, run.groupId)).sort()).toEqual(ledger.ordersOfGroup(run.groupId).map((o) => o.order_id).sort());
    expectLedgerMatchesExchange(e, run);
    expectProtectionCovers(e, run.planId);
    expectClean({ engine: e, errors, clock });
  });
});
