/**
 * StrategyLedger benchmark: prints, from one run,
 *   (a) fills/s, one fill per transaction (fill + order + group + plan + position + outbox)
 *   (b) fills/s, 1,000 fills per transaction
 *   (c) p50 / p99 latency of recording one fill (from a)
 *   (d) baseline: raw better-sqlite3 single-row inserts/s, one per transaction and 1,000 per
 *       transaction, same file system and pragmas, same run; ratios a/d and b/d
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

function throughput(): { single: Rate; batched: Rate; p50: number; p99: number; p999: number } {
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
  const at = (q: number) => latencies[Math.floor(n * q)] as number;
  return { single, batched, p50: at(0.5), p99: at(0.99), p999: at(0.999) };
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
  log('(a)-(c) ledger throughput ...');
  const t = throughput();
  const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
  const r = (x: Rate) => `${x.wall}/s wall (${x.cpu}/s per CPU-second)`;
  console.log(`StrategyLedger benchmark (WAL, synchronous=NORMAL, ${tmpdir()})`);
  console.log(`(a) one fill per transaction:      ${r(t.single)}   target >= 20,000: ${verdict(t.single.wall >= 20_000)}`);
  console.log(`(b) 1,000 fills per transaction:   ${r(t.batched)}   target >= 200,000: ${verdict(t.batched.wall >= 200_000)}`);
  console.log(
    `(c) latency of one fill:           p50 ${t.p50.toFixed(3)} ms, p99 ${t.p99.toFixed(3)} ms, p99.9 ${t.p999.toFixed(3)} ms   ` +
      `target p99 < 1 ms: ${verdict(t.p99 < 1)}`,
  );
  console.log(`(d) raw better-sqlite3 inserts:    one per transaction ${r(raw.single)}; 1,000 per transaction ${r(raw.batched)}`);
  console.log(
    `    ratios: a/d = ${(t.single.wall / raw.single.wall).toFixed(3)} wall, ${(t.single.cpu / raw.single.cpu).toFixed(3)} CPU; ` +
      `b/d = ${(t.batched.wall / raw.batched.wall).toFixed(3)} wall, ${(t.batched.cpu / raw.batched.cpu).toFixed(3)} CPU`,
  );
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
