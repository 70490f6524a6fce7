/**
 * 500 concurrent TWAP groups through the engine on a paper exchange at 100x
 * (AcceleratedClock over the real clock; 'optimistic' profile, ledger on a
 * file): execution reports handled per second, CPU use (process.cpuUsage),
 * how the groups ended (COMPLETED unless the desk fell behind its
 * schedules) and how late the last one finished against its window.
 *
 *   npx tsx test/bench/execution/concurrent-twap.ts          (TWAP_GROUPS=500 SLICES=10 WINDOW_MIN=30)
 *
 * Baseline in the same run: the paper exchange alone, on the same kind of
 * clock, receiving the very same orders at the same simulated times (taken
 * from the engine run's ledger) and producing the same reports, with no
 * ledger, worker or algorithm behind it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcceleratedClock, RealClock } from '../../../core/clock';
import { PaperExchange } from '../../../core/connectors/paper';
import { Decimal, generateId } from '../../../core/domain';
import { createEngine } from '../../../core/engine';
import { SyntheticMarketSource } from '../../../core/market';
import { RULES, SYMBOL } from './symbol';

const GROUPS = Number(process.env.TWAP_GROUPS ?? 500);
const SLICES = Number(process.env.SLICES ?? 10);
const WINDOW_MIN = Number(process.env.WINDOW_MIN ?? 30);
const SPEED = 100;
const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

function exchangeOn(clock: AcceleratedClock): PaperExchange {
  const source = new SyntheticMarketSource({ seed: 9, symbols: [SYMBOL], startPrices: { [SYMBOL]: '30000' }, startTime: T0, intervalMs: 60_000 });
  return new PaperExchange({ clock, source, symbols: [RULES], balances: { BTC: new Decimal('1e6'), USDT: new Decimal('1e12') }, fidelity: 'optimistic' });
}

function twap(now: number): Record<string, unknown> {
  return {
    directive_id: generateId('EXE', now),
    causality: { tick_id: 'TCK_20260105_090000_abcde' },
    entry_plan: { plan_id: generateId('ENT', now), symbol: SYMBOL, direction: 'BUY', order_type: 'MARKET' },
    size_plan: { plan_id: generateId('SIZ', now), position_size: '0.1' },
    execution_plan: {
      plan_id: generateId('EXP', now),
      action: 'EXECUTE_TRADE',
      preferred_execution_style: 'TWAP',
      max_execution_window_minutes: WINDOW_MIN,
      chunk_count_hint: SLICES,
    },
  };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

const realSleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Measured {
  readonly reports: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

interface EngineMeasured extends Measured {
  /** Simulated ms from the first submit of each order: the schedule the baseline replays. */
  readonly schedule: readonly { readonly at: number; readonly quantity: Decimal }[];
  readonly submitWallMs: number;
  /** CPU spent while the directives were submitted (their first slices and reports included). */
  readonly submitCpuMs: number;
  /** Simulated ms by which the last group finished after its own window end (0 when on time). */
  readonly worstLateSimMs: number;
  readonly fills: number;
  /** Groups by final status: COMPLETED unless the desk fell behind its schedules. */
  readonly statuses: Readonly<Record<string, number>>;
}

async function engineRun(dir: string): Promise<EngineMeasured> {
  const clock = new AcceleratedClock({ speed: SPEED, base: new RealClock(), startMs: T0 });
  const exchange = exchangeOn(clock);
  let reports = 0;
  exchange.onReport(() => void reports++);
  const errors: unknown[] = [];
  const engine = await createEngine({ ledgerPath: join(dir, 'twap.db'), clock, connector: exchange, onError: (e) => errors.push(e) });
  const endedAt = new Map<string, number>();
  engine.subscribe(engine.ledger.lastSeq(), (e) => {
    if (e.type === 'algo_state' && e.data.algo_status === 'DONE' && !endedAt.has(e.data.group_id)) endedAt.set(e.data.group_id, clock.now());
  });

  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const sim0 = clock.now();
  const groups: { id: string; end: number }[] = [];
  for (let g = 0; g < GROUPS; g++) {
    const now = clock.now();
    const out = await engine.submitDirective(twap(now));
    groups.push({ id: out.groupIds[0] ?? '', end: now + WINDOW_MIN * 60_000 });
    await new Promise((resolve) => setImmediate(resolve)); // directives arrive as separate messages (IPC, WebSocket): timers run between them
  }
  const submitWallMs = performance.now() - wall0;
  const submitCpuMs = cpuMsSince(cpu0);
  const limitMs = (WINDOW_MIN * 60_000) / SPEED + 60_000;
  while (endedAt.size < GROUPS) {
    if (errors.length > 0) throw new Error(`engine error: ${String(errors[0])}`);
    if (performance.now() - wall0 > limitMs) throw new Error(`only ${endedAt.size} of ${GROUPS} groups ended`);
    await realSleep(20);
  }
  await engine.idle();
  const wallMs = performance.now() - wall0;
  const cpuMs = cpuMsSince(cpu0);
  const statuses = new Map<string, number>();
  for (const g of groups) {
    const status = engine.ledger.getGroup(g.id)?.status ?? '?';
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }

  const worstLateSimMs = Math.max(0, ...groups.map((g) => (endedAt.get(g.id) ?? Infinity) - g.end));
  const orders = groups.flatMap((g) => engine.ledger.ordersOfGroup(g.id));
  const schedule = orders.map((o) => ({ at: o.created_at.getTime() - sim0, quantity: o.quantity })).sort((a, b) => a.at - b.at);
  const fills = groups.reduce((n, g) => n + engine.ledger.fillsOfGroup(g.id).length, 0);
  const report = engine.ledger.checkInvariants();
  if (!report.ok) throw new Error(`invariants: ${JSON.stringify(report.violations.slice(0, 3))}`);
  await engine.close();
  clock.dispose();
  return { reports, wallMs, cpuMs, schedule, submitWallMs, submitCpuMs, worstLateSimMs, fills, statuses: Object.fromEntries(statuses) };
}

/** The paper exchange alone, fed the engine run's orders at the same simulated offsets. */
async function exchangeRun(schedule: EngineMeasured['schedule']): Promise<Measured> {
  const clock = new AcceleratedClock({ speed: SPEED, base: new RealClock(), startMs: T0 });
  const exchange = exchangeOn(clock);
  let reports = 0;
  let answered = 0;
  exchange.onReport(() => void reports++);
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  schedule.forEach((s, i) => {
    clock.setTimeout(() => {
      void exchange.place({ clientOrderId: `ORD_${i}`, symbol: SYMBOL, side: 'BUY', type: 'MARKET', quantity: s.quantity }).then(() => void answered++);
    }, s.at);
  });
  while (answered < schedule.length) await realSleep(20);
  const wallMs = performance.now() - wall0;
  const cpuMs = cpuMsSince(cpu0);
  await exchange.close();
  clock.dispose();
  return { reports, wallMs, cpuMs };
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-bench-twap-'));
  try {
    console.log(`${GROUPS} concurrent TWAP groups (${SLICES} slices over ${WINDOW_MIN} min each) at ${SPEED}x, optimistic paper exchange, ledger on a file`);
    const e = await engineRun(dir);
    const b = await exchangeRun(e.schedule);
    const perSec = (m: Measured) => m.reports / (m.wallMs / 1000);
    console.log(
      `engine: ${fmt(e.schedule.length)} orders, ${fmt(e.reports)} reports (${fmt(e.fills)} fills) in ${fmt(e.wallMs / 1000, 2)} s wall ` +
        `(submitting the ${GROUPS} directives took ${fmt(e.submitWallMs)} ms wall, ${fmt(e.submitCpuMs)} ms CPU)`,
    );
    console.log(`        ${fmt(perSec(e))} reports handled per wall second; CPU ${fmt(e.cpuMs)} ms = ${fmt((100 * e.cpuMs) / e.wallMs, 1)}% of one core`);
    console.log(`        ${fmt((1000 * e.cpuMs) / e.reports, 1)} µs CPU per report (everything: algorithms, ledger, exchange); capacity ~${fmt(e.reports / (e.cpuMs / 1000))} reports per CPU second`);
    console.log(`        groups: ${JSON.stringify(e.statuses)}; the last ended ${fmt(e.worstLateSimMs / 1000, 1)} simulated s after its window end`);
    console.log(`baseline: paper exchange alone, same ${fmt(e.schedule.length)} orders at the same times: ${fmt(b.reports)} reports in ${fmt(b.wallMs / 1000, 2)} s wall`);
    console.log(`        ${fmt(perSec(b))} reports per wall second; CPU ${fmt(b.cpuMs)} ms = ${fmt((100 * b.cpuMs) / b.wallMs, 1)}% of one core; ${fmt((1000 * b.cpuMs) / b.reports, 1)} µs CPU per report`);
    console.log(`ratio: engine / exchange alone = ${fmt(e.cpuMs / e.reports / (b.cpuMs / b.reports), 2)}x CPU per report`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
