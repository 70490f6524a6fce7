/**
 * Simulated exchange throughput: 1,000 resting limit orders across 10
 * symbols, the market pulled from the synthetic source, a bot that replaces
 * every filled order and sends one market order per symbol per bar.
 *
 *   npx tsx test/bench/paper/throughput.ts            (5 s at 100x, 1 s bars)
 *   BENCH_SECONDS=10 INTERVAL_MS=60000 npx tsx test/bench/paper/throughput.ts
 *
 * Prints orders placed + matched per second and the CPU time per simulated
 * second, at 100x on the real clock and flat out on the virtual clock, next
 * to a baseline measured in the same run: pulling the same bars and scanning
 * the same 1,000 orders against them in a plain array.
 */
import { AcceleratedClock } from '../../../core/clock/accelerated-clock';
import type { Clock } from '../../../core/clock/clock';
import { VirtualClock } from '../../../core/clock/virtual-clock';
import { PaperExchange } from '../../../core/connectors/paper/paper-exchange';
import type { OrderSide, SymbolRules } from '../../../core/connectors/types';
import { Decimal } from '../../../core/domain/decimal';
import { SyntheticMarketSource } from '../../../core/market/synthetic-source';

const SYMBOLS = Array.from({ length: 10 }, (_, i) => `SYM${i}/USDT`);
const PER_SYMBOL = 100; // 50 bids + 50 asks: 1,000 resting orders
const SPEED = 100;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const INTERVAL_MS = Number(process.env.INTERVAL_MS ?? 1_000);
const GRID_BPS = new Decimal('0.0005'); // 5 bp between grid levels
const SIZE = new Decimal('0.01');

const rules: SymbolRules[] = SYMBOLS.map((symbol) => ({
  symbol,
  baseAsset: symbol.split('/')[0] as string,
  quoteAsset: 'USDT',
  tickSize: new Decimal('0.01'),
  stepSize: new Decimal('0.00001'),
  minQuantity: new Decimal('0.00001'),
  minNotional: new Decimal('0'),
}));

function source(): SyntheticMarketSource {
  return new SyntheticMarketSource({
    seed: 42,
    symbols: SYMBOLS,
    startPrices: Object.fromEntries(SYMBOLS.map((s, i) => [s, String(100 * (i + 1))])),
    startTime: 0,
    intervalMs: INTERVAL_MS,
    volatility: 0.002,
  });
}

interface RunResult {
  readonly placed: number;
  readonly trades: number;
  readonly simulatedSeconds: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly resting: number;
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

/** Build the exchange and the bot on `clock`; `drive` advances the clock for `simMs` of simulated time. */
async function run(clock: Clock, simMs: number, drive: (ms: number) => Promise<void>): Promise<RunResult> {
  const balances = Object.fromEntries([['USDT', new Decimal('1e12')], ...rules.map((r) => [r.baseAsset, new Decimal('1e9')])]);
  const exchange = new PaperExchange({ clock, source: source(), symbols: rules, balances, seed: 1 });
  let n = 0;
  let placed = 0;
  let trades = 0;
  const place = (symbol: string, side: OrderSide, type: 'LIMIT' | 'MARKET', price?: Decimal) => {
    placed++;
    void exchange.place({
      clientOrderId: `ORD_${++n}`,
      symbol,
      side,
      type,
      quantity: SIZE,
      ...(price !== undefined ? { price: price.toDecimalPlaces(2) } : {}),
    });
  };
  const far = (symbol: string, side: OrderSide, level: number) => {
    const close = exchange.lastBar(symbol)?.close ?? new Decimal(100);
    const offset = GRID_BPS.mul(level);
    return side === 'BUY' ? close.mul(Decimal.sub(1, offset)) : close.mul(offset.plus(1));
  };
  exchange.onReport((report) => {
    if (report.kind === 'PARTIAL_FILL' || report.kind === 'FILL') trades++;
    // A filled grid order is replaced at the far end of its side: the book stays at 1,000.
    if (report.kind === 'FILL' && report.order.type === 'LIMIT') {
      place(report.order.symbol, report.order.side, 'LIMIT', far(report.order.symbol, report.order.side, PER_SYMBOL / 2));
    }
  });
  let bar = 0;
  exchange.onMarket((b) => {
    if (b.symbol === SYMBOLS[0]) bar++;
    place(b.symbol, bar % 2 === 0 ? 'BUY' : 'SELL', 'MARKET');
  });
  for (const symbol of SYMBOLS) {
    for (let level = 1; level <= PER_SYMBOL / 2; level++) {
      place(symbol, 'BUY', 'LIMIT', far(symbol, 'BUY', level));
      place(symbol, 'SELL', 'LIMIT', far(symbol, 'SELL', level));
    }
  }
  const setup = placed;
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  await drive(simMs);
  const cpuMs = cpuMsSince(cpu0);
  const wallMs = performance.now() - wall0;
  const open = await exchange.openOrders();
  await exchange.close();
  return {
    placed: placed - setup,
    trades,
    simulatedSeconds: simMs / 1000,
    wallMs,
    cpuMs,
    resting: open.ok ? open.value.length : -1,
  };
}

/** The least any matcher must do: pull the bars and compare every resting order's price with each bar's range. */
function baseline(simMs: number): { barsCpuMs: number; scanCpuMs: number } {
  const bars = simMs / INTERVAL_MS;
  const a = source();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < bars; i++) for (const s of SYMBOLS) a.next(s);
  const barsCpuMs = cpuMsSince(cpu0);

  const b = source();
  const orders = SYMBOLS.map((s) => {
    const first = b.next(s);
    const close = first?.close ?? new Decimal(100);
    return Array.from({ length: PER_SYMBOL }, (_, i) => ({
      side: i % 2 === 0 ? 'BUY' : 'SELL',
      price: close.mul(Decimal.add(1, GRID_BPS.mul(i % 2 === 0 ? -(i / 2 + 1) : i / 2 + 1))).toDecimalPlaces(2),
    }));
  });
  let touched = 0;
  const cpu1 = process.cpuUsage();
  for (let i = 0; i < bars; i++) {
    SYMBOLS.forEach((s, k) => {
      const bar = b.next(s);
      if (bar === undefined) return;
      for (const o of orders[k] ?? []) if (o.side === 'BUY' ? bar.low.lt(o.price) : bar.high.gt(o.price)) touched++;
    });
  }
  const scanCpuMs = cpuMsSince(cpu1);
  if (touched < 0) console.log(touched); // keep the loop observable
  return { barsCpuMs, scanCpuMs };
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const simMs = SECONDS * SPEED * 1000;
  console.log(
    `paper exchange throughput: ${SYMBOLS.length} symbols, ${SYMBOLS.length * PER_SYMBOL} resting orders, ` +
      `${INTERVAL_MS} ms bars, profile realistic, ${fmt(simMs / 1000)} simulated s`,
  );

  // Warm up the JIT on a short virtual run and a baseline pass, so neither measured phase pays for compilation.
  const warm = new VirtualClock(0);
  await run(warm, 60_000, (ms) => warm.advanceAsync(ms));
  baseline(60_000);

  // 1. At 100x on the real clock: the load a paper session at full speed puts on the machine.
  const accelerated = new AcceleratedClock({ speed: SPEED, startMs: 0 });
  const real = await run(accelerated, simMs, (ms) => new Promise((resolve) => setTimeout(resolve, ms / SPEED + 50)));
  accelerated.dispose();
  const realOps = (real.placed + real.trades) / (real.wallMs / 1000);
  console.log(`at ${SPEED}x (AcceleratedClock on the real clock, ${fmt(real.wallMs / 1000, 1)} s wall):`);
  console.log(`  placed ${fmt(real.placed)}, trades ${fmt(real.trades)}, resting at the end ${fmt(real.resting)}`);
  console.log(`  ${fmt(realOps)} orders placed+matched per wall second`);
  console.log(
    `  CPU ${fmt(real.cpuMs)} ms = ${fmt(real.cpuMs / real.simulatedSeconds, 3)} ms per simulated second ` +
      `(${fmt((100 * real.cpuMs) / real.wallMs, 1)}% of one core)`,
  );

  // 2. Flat out on the virtual clock: how fast it could go.
  const virtual = new VirtualClock(0);
  const flat = await run(virtual, simMs, (ms) => virtual.advanceAsync(ms));
  const flatOps = (flat.placed + flat.trades) / (flat.cpuMs / 1000);
  const cpuPerSim = flat.cpuMs / flat.simulatedSeconds;
  console.log(`flat out (VirtualClock): ${fmt(flat.simulatedSeconds)} simulated s in ${fmt(flat.wallMs)} ms wall, ${fmt(flat.cpuMs)} ms CPU`);
  console.log(`  placed ${fmt(flat.placed)}, trades ${fmt(flat.trades)}: ${fmt(flatOps)} orders placed+matched per CPU second`);
  console.log(`  ${fmt(cpuPerSim, 3)} ms CPU per simulated second: up to ${fmt(1000 / cpuPerSim)}x real time on one core`);

  // 3. Baseline in the same run.
  const base = baseline(simMs);
  const basePerSim = (base.barsCpuMs + base.scanCpuMs) / (simMs / 1000);
  console.log(
    `baseline: pulling the bars ${fmt(base.barsCpuMs / (simMs / 1000), 3)} ms CPU per simulated second; ` +
      `plus a plain array scan of the ${SYMBOLS.length * PER_SYMBOL} orders ${fmt(basePerSim, 3)} ms`,
  );
  console.log(`ratio: exchange / (bars + scan) = ${fmt(cpuPerSim / basePerSim, 2)}x CPU per simulated second`);
}

void main();
