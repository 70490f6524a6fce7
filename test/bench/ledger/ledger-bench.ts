/**
 * StrategyLedger benchmark: prints, from one run,
 *   (a) fills/s, one fill per transaction (fill + order + group + plan + position + outbox)
 *   (b) fills/s, 1,000 fills per transaction
 *   (c) p50 / p99 latency of recording one fill (from a); and, from a second pass, the CPU time
 *       of each call, which other load on the machine (preemption) does not stretch
 *   (d) baseline: raw better-sqlite3 single-row inserts/s, one per transaction and 1,000 per
 *       transaction, same file system and pragmas, same run; ratios a/d and b/d
 *   (d2) the floor of this design: the very statements the ledger runs for a fill (fill row,
 *       order/group/plan/position rows, outbox rows; coalesced per transaction like the ledger),
 *       with precomputed values and none of its logic; ratios a/d2 and b/d2
 *   (e) snapshot load time on 100 plans, 2,000 groups, 50,000 orders, 200,000 fills
 *   (f) process RSS once that ledger holds 1,000,000 fills
 * Rates are wall-clock; each also comes per CPU-second of this process, which
 * other load on the machine disturbs far less.
 * Run: npx tsx test/bench/ledger/ledger-bench.ts   (about four minutes on a 2-core machine)
 *      add --no-scale to skip (e) and (f).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger, type Ledger } from '../../../core/ledger';
import { INSERT_FILL } from '../../../core/ledger/fills';
import { INSERTS } from '../../../core/ledger/outbox';
import { writeGroup, writeOrder, writePlan, writePosition } from '../../../core/ledger/row-sql';
import type { GroupRow, OrderRow, PlanRow, PositionRow } from '../../../core/ledger/rows';
import { StatementCache } from '../../../core/ledger/statements';

const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
const log = (s: string) => process.stderr.write(`${s}\n`);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** Wall time and CPU time (user + system) of `fn`, in ms. */
function timed(fn: () => void): { wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wallMs, cpuMs: (c.user + c.system) / 1000 };
}

interface Rate {
  readonly wall: number;
  readonly cpu: number;
}
const rates = (n: number, t: { wallMs: number; cpuMs: number }): Rate => ({ wall: rate(n, t.wallMs), cpu: rate(n, t.cpuMs) });
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

let tradeSeq = 0;
function fill(orderId: string, quantity = '0.001') {
  return {
    parent_order_id: orderId,
    trade_id: `T${tradeSeq++}`,
    price: `${50000 + (tradeSeq % 997)}.${tradeSeq % 100}`,
    quantity,
    fee: '0.0001',
    fee_asset: 'USDT',
    executed_at: '2025-12-01T14:30:01Z',
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const planId = (p: number) => `TPL_20251201_143000_p${pad(p, 4)}`;
const groupId = (g: number) => `EXG_20251201_143000_g${pad(g, 5)}`;

/** `orders` open orders spread over `groups` groups of `plans` plans; big quantities so fills never complete them. */
function seedOrders(ledger: Ledger, plans: number, groups: number, orders: number, quantity: (i: number) => string): string[] {
  const ids: string[] = [];
  for (let start = 0; start < orders; start += 500) {
    ledger.transaction(() => {
      for (let i = start; i < Math.min(orders, start + 500); i++) {
        const g = i % groups;
        const p = g % plans;
        ids.push(
          ledger.registerOrder({
            group_id: groupId(g),
            plan_id: planId(p),
            group: { execution_strategy: 'TWAP', target_quantity: '1000000' },
            plan: { strategy_instance_id: `s${p}`, asset_symbol: 'BTC/USDT', direction: 'BUY' },
            order: { symbol: 'BTC/USDT', side: i % 3 === 0 ? 'SELL' : 'BUY', order_type: 'MARKET', quantity: quantity(i) },
          }).order.order_id,
        );
      }
    });
  }
  return ids;
}

function rawBaseline(): { single: Rate; batched: Rate } {
  const path = join(dir, 'raw.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, trade_id TEXT NOT NULL, price TEXT NOT NULL, quantity TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO t (trade_id, price, quantity) VALUES (?, ?, ?)');
  const one = db.transaction((i: number) => insert.run(`T${i}`, '50000.12', '0.001'));
  const many = db.transaction((from: number) => {
    for (let i = from; i < from + 1000; i++) insert.run(`T${i}`, '50000.12', '0.001');
  });
  const singles = 50_000;
  const single = rates(
    singles,
    timed(() => {
      for (let i = 0; i < singles; i++) one(i);
    }),
  );
  const batchedRows = 1_000_000;
  const batched = rates(
    batchedRows,
    timed(() => {
      for (let i = 0; i < batchedRows; i += 1000) many(i);
    }),
  );
  db.close();
  return { single, batched };
}

interface Percentiles {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
}

function throughput(): { single: Rate; batched: Rate; wall: Percentiles; cpu: Percentiles } {
  const ledger = openLedger(join(dir, 'throughput.db'));
  const orders = seedOrders(ledger, 10, 100, 100, () => '100000000');
  // warm-up: statements compiled, JIT settled
  for (let i = 0; i < 2000; i++) ledger.recordFill(fill(orders[i % orders.length] as string));
  const n = 20_000;
  const latencies = new Float64Array(n);
  const single = rates(
    n,
    timed(() => {
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        ledger.recordFill(fill(orders[i % orders.length] as string));
        latencies[i] = performance.now() - s;
      }
    }),
  );
  latencies.sort();
  // CPU time per call, in a pass of its own (process.cpuUsage costs about a microsecond).
  const cpuLatencies = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    ledger.recordFill(fill(orders[i % orders.length] as string));
    const d = process.cpuUsage(c);
    cpuLatencies[i] = (d.user + d.system) / 1000;
  }
  cpuLatencies.sort();
  const batches = 200;
  const batched = rates(
    batches * 1000,
    timed(() => {
      for (let b = 0; b < batches; b++) {
        ledger.transaction(() => {
          for (let i = 0; i < 1000; i++) ledger.recordFill(fill(orders[(b * 1000 + i) % orders.length] as string));
        });
      }
    }),
  );
  if (!ledger.checkInvariants().ok) throw new Error('invariants broken by the throughput run');
  ledger.close();
  const percentiles = (sorted: Float64Array): Percentiles => {
    const at = (q: number) => sorted[Math.floor(n * q)] as number;
    return { p50: at(0.5), p99: at(0.99), p999: at(0.999) };
  };
  return { single, batched, wall: percentiles(latencies), cpu: percentiles(cpuLatencies) };
}

/**
 * (d2) What the ledger's design costs before any of its logic: the statements it runs for a
 * fill, on the same schema, pragmas and data shape as (a)/(b), with values precomputed from a
 * real ledger. One fill per transaction: the fill row, 4 row updates, 5 outbox rows. 1,000 per
 * transaction: 1,000 fill rows and their events, plus one update and one event per order,
 * group, plan and position touched (the ledger coalesces them so).
 */
function floorBaseline(): { single: Rate; batched: Rate } {
  const ledger = openLedger(join(dir, 'floor.db'));
  const orders = seedOrders(ledger, 10, 100, 100, () => '100000000');
  for (const o of orders) ledger.recordFill(fill(o));
  const db = ledger.database;
  const sql = new StatementCache(db);
  const row = <R>(table: string, key: string, id: string) => db.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`).get(id) as R;
  const orderRows = orders.map((o) => row<OrderRow>('orders', 'order_id', o));
  const groupRows = new Map(orderRows.map((o) => [o.parent_group_id, row<GroupRow>('exec_groups', 'group_id', o.parent_group_id)]));
  const planRows = new Map(orderRows.map((o) => [o.parent_plan_id, row<PlanRow>('plans', 'plan_id', o.parent_plan_id)]));
  const position = row<PositionRow>('positions', 'symbol', 'BTC/USDT');
  // The events as stored: the latest of each type is a fair sample of its size.
  const event = (type: string) => db.prepare('SELECT data FROM outbox WHERE type = ? ORDER BY seq DESC LIMIT 1').pluck().get(type) as string;
  const events = Object.fromEntries(['fill', 'order', 'group', 'plan', 'position'].map((t) => [t, event(t)]));
  const at = '2025-12-01T14:30:01.000Z';
  const insertFill = db.prepare(INSERT_FILL);
  const insertEvents = (n: number) => db.prepare(INSERTS[n - 1] as string);
  const oneEvent = insertEvents(1);
  const fiveEvents = insertEvents(5);
  let k = 0;
  let count = 1;
  const fillRow = (o: OrderRow) => {
    k++;
    insertFill.run(`FILL_20251201_143000_${k.toString(36).padStart(8, '0')}`, o.order_id, o.parent_group_id, o.parent_plan_id, `F${k}`,
      o.symbol, o.side, '50123.45', '0.001', '0.0001', 'USDT', null, at, null, at);
  };
  const rows = (o: OrderRow) => {
    count++;
    writeOrder(sql, o, { ...o, fill_count: count });
    writeGroup(sql, { ...(groupRows.get(o.parent_group_id) as GroupRow), fill_count: count });
    writePlan(sql, { ...(planRows.get(o.parent_plan_id) as PlanRow), fill_count: count });
    writePosition(sql, { ...position, fill_count: count });
  };
  const one = db.transaction((o: OrderRow) => {
    fillRow(o);
    rows(o);
    fiveEvents.run(at, 'fill', events['fill'], at, 'order', events['order'], at, 'group', events['group'], at, 'plan', events['plan'], at, 'position', events['position']);
  });
  const many = db.transaction((from: number) => {
    const touched = new Set<OrderRow>();
    for (let i = from; i < from + 1000; i++) {
      const o = orderRows[i % orderRows.length] as OrderRow;
      fillRow(o);
      oneEvent.run(at, 'fill', events['fill']);
      touched.add(o);
    }
    const groups = new Set<string>();
    const plans = new Set<string>();
    for (const o of touched) {
      count++;
      writeOrder(sql, o, { ...o, fill_count: count });
      oneEvent.run(at, 'order', events['order']);
      if (!groups.has(o.parent_group_id)) {
        groups.add(o.parent_group_id);
        writeGroup(sql, { ...(groupRows.get(o.parent_group_id) as GroupRow), fill_count: count });
        oneEvent.run(at, 'group', events['group']);
      }
      if (!plans.has(o.parent_plan_id)) {
        plans.add(o.parent_plan_id);
        writePlan(sql, { ...(planRows.get(o.parent_plan_id) as PlanRow), fill_count: count });
        oneEvent.run(at, 'plan', events['plan']);
      }
    }
    writePosition(sql, { ...position, fill_count: count });
    oneEvent.run(at, 'position', events['position']);
  });
  for (let i = 0; i < 2000; i++) one(orderRows[i % orderRows.length] as OrderRow);
  const singles = 20_000;
  const single = rates(
    singles,
    timed(() => {
      for (let i = 0; i < singles; i++) one(orderRows[i % orderRows.length] as OrderRow);
    }),
  );
  const batches = 200;
  const batched = rates(
    batches * 1000,
    timed(() => {
      for (let b = 0; b < batches; b++) many(b * 1000);
    }),
  );
  ledger.close();
  return { single, batched };
}

function scale(): { snapshotMs: number[]; deskSnapshotMs: number; rssMb: number; heapMb: number; fills: number; snapshotRows: number } {
  const ledger = openLedger(join(dir, 'scale.db'));
  log('  seeding 100 plans, 2,000 groups, 50,000 orders ...');
  // 45,000 orders of 0.004 get four fills each and end FILLED; 5,000 of 1 stay live (PARTIALLY_FILLED).
  const orders = seedOrders(ledger, 100, 2000, 50_000, (i) => (i % 10 === 0 ? '1' : '0.004'));
  log('  recording 200,000 fills ...');
  for (let round = 0; round < 4; round++) {
    for (let start = 0; start < orders.length; start += 1000) {
      ledger.transaction(() => {
        for (let i = start; i < start + 1000; i++) ledger.recordFill(fill(orders[i] as string));
      });
    }
  }
  const snapshotMs: number[] = [];
  let snapshotRows = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const s = ledger.snapshot({ planId: planId(i) });
    snapshotMs.push(performance.now() - t0);
    snapshotRows = s.plans.length + s.groups.length + s.orders.length + s.fills.length;
  }
  let t0 = performance.now();
  ledger.snapshot();
  const deskSnapshotMs = performance.now() - t0;
  log('  recording up to 1,000,000 fills ...');
  const live = orders.filter((_, i) => i % 10 === 0);
  let fills = 200_000;
  t0 = performance.now();
  while (fills < 1_000_000) {
    ledger.transaction(() => {
      for (let i = 0; i < 1000; i++) ledger.recordFill(fill(live[(fills + i) % live.length] as string, '0.00000001'));
    });
    fills += 1000;
  }
  log(`  (${rate(800_000, performance.now() - t0)} fills/s batched on the large ledger)`);
  const mem = process.memoryUsage();
  ledger.close();
  return { snapshotMs, deskSnapshotMs, rssMb: mb(mem.rss), heapMb: mb(mem.heapUsed), fills, snapshotRows };
}

try {
  log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  log('(d) raw better-sqlite3 baseline ...');
  const raw = rawBaseline();
  log('(d2) the same SQL without the ledger ...');
  const floor = floorBaseline();
  log('(a)-(c) ledger throughput ...');
  const t = throughput();
  const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
  const r = (x: Rate) => `${x.wall}/s wall (${x.cpu}/s per CPU-second)`;
  console.log(`StrategyLedger benchmark (WAL, synchronous=NORMAL, ${tmpdir()})`);
  console.log(`(a) one fill per transaction:      ${r(t.single)}   target >= 20,000: ${verdict(t.single.wall >= 20_000)}`);
  console.log(`(b) 1,000 fills per transaction:   ${r(t.batched)}   target >= 200,000: ${verdict(t.batched.wall >= 200_000)}`);
  const ms = (p: Percentiles) => `p50 ${p.p50.toFixed(3)} ms, p99 ${p.p99.toFixed(3)} ms, p99.9 ${p.p999.toFixed(3)} ms`;
  console.log(`(c) latency of one fill:           ${ms(t.wall)}   target p99 < 1 ms: ${verdict(t.wall.p99 < 1)}`);
  console.log(`    CPU time of one call:          ${ms(t.cpu)}`);
  console.log(`(d) raw better-sqlite3 inserts:    one per transaction ${r(raw.single)}; 1,000 per transaction ${r(raw.batched)}`);
  const ratios = (name: string, base: { single: Rate; batched: Rate }) =>
    `a/${name} = ${(t.single.wall / base.single.wall).toFixed(3)} wall, ${(t.single.cpu / base.single.cpu).toFixed(3)} CPU; ` +
    `b/${name} = ${(t.batched.wall / base.batched.wall).toFixed(3)} wall, ${(t.batched.cpu / base.batched.cpu).toFixed(3)} CPU`;
  console.log(`    ratios: ${ratios('d', raw)}`);
  console.log(`(d2) the ledger's SQL, no logic:   one fill per transaction ${r(floor.single)}; 1,000 per transaction ${r(floor.batched)}`);
  console.log(`    ratios: ${ratios('d2', floor)}`);
  if (process.argv.includes('--no-scale')) process.exit(0);
  log('(e)-(f) scale ...');
  const s = scale();
  const sorted = [...s.snapshotMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  console.log(
    `(e) snapshot, 100 plans / 2,000 groups / 50,000 orders / 200,000 fills: median ${median.toFixed(1)} ms ` +
      `(first ${s.snapshotMs[0]?.toFixed(1)} ms, ${s.snapshotRows} rows; whole desk ${s.deskSnapshotMs.toFixed(1)} ms)   ` +
      `target <= 150 ms: ${verdict(median <= 150)}`,
  );
  console.log(`(f) RSS at ${s.fills.toLocaleString('en')} fills: ${s.rssMb} MB (heap ${s.heapMb} MB)   target <= 300 MB: ${verdict(s.rssMb <= 300)}`);
  log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
