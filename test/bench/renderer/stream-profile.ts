/**
 * Where the time goes during web-targets-bench step (d): the same desk (a
 * seeded ledger, web/server.ts over the engine, the built renderer in
 * Debian's chromium, the plan selected), then fills written at a steady rate
 * while the Fills/Orders tabs are clicked, with two CPU profiles taken over
 * the stream: the page's (CDP Profiler) and this process's (node:inspector:
 * the engine, the ledger writes and the WebSocket fan-out). Prints the
 * functions with the most self time in each, and writes both .cpuprofile
 * files (open them in Chrome DevTools) to --out.
 * The renderer is built unminified (readable names) into --out unless
 * --no-build (then dist/renderer is served as it is).
 * --trace adds a Chromium trace of the page (style, layout, paint per event name,
 * and the long tasks); --no-cpu leaves the CPU profiles out.
 * Run: npx tsx test/bench/renderer/stream-profile.ts [--no-build] [--trace] [--no-cpu] [--seconds 10] [--fills 200000] [--rate 2000] [--out /tmp/stream-profile]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from './support/chromium';
import { clickLoop } from './support/page-timing';
import { fillFeeder, seedLedger } from './support/seed';
import { ms, summary } from './support/stats';
import { profileRendererDir, startWebDesk } from './support/web';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('--seconds', 10);
const FILLS = arg('--fills', 200_000);
const RATE = arg('--rate', 2_000);
const outAt = process.argv.indexOf('--out');
const OUT = outAt > 0 ? (process.argv[outAt + 1] as string) : join(tmpdir(), 'stream-profile');
const log = (s: string) => process.stdout.write(`${s}\n`);

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Self time per function (ms), from the sample deltas; the top `n` lines. */
function topSelf(profile: Profile, n: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] as number);
    if (!node) continue;
    const f = node.callFrame;
    const file = f.url.slice(f.url.lastIndexOf('/') + 1);
    const key = `${f.functionName || '(anonymous)'}  ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0) / 1000);
  }
  const total = (profile.endTime - profile.startTime) / 1000;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, t]) => `${t.toFixed(0).padStart(7)} ms ${((100 * t) / total).toFixed(1).padStart(5)}%  ${key}`);
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

/** Total duration per event name on the renderer's main thread (CrRendererMain), the top `n`. */
function mainThreadTotals(trace: Buffer, n: number): string[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const totals = new Map<string, { ms: number; count: number }>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !main.has(`${e.pid}:${e.tid}`)) continue;
    const t = totals.get(e.name) ?? { ms: 0, count: 0 };
    t.ms += e.dur / 1000;
    t.count += 1;
    totals.set(e.name, t);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, n)
    .map(([name, t]) => `${t.ms.toFixed(0).padStart(7)} ms  ${String(t.count).padStart(6)}x  ${name}`);
}

/** Main-thread tasks longer than `minMs`, each with the events inside it that took longest. */
function longTasks(trace: Buffer, minMs: number): string[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: (TraceEvent & { ts: number })[] }).traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && e.dur !== undefined && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const t0 = onMain[0]?.ts ?? 0;
  const out: string[] = [];
  for (const task of onMain) {
    if (task.name !== 'RunTask' || (task.dur ?? 0) < minMs * 1000) continue;
    const end = task.ts + (task.dur ?? 0);
    const inside = new Map<string, number>();
    for (const e of onMain) {
      if (e.ts < task.ts || e.ts >= end || e === task || e.name === 'RunTask') continue;
      inside.set(e.name, (inside.get(e.name) ?? 0) + (e.dur ?? 0) / 1000);
    }
    const top = [...inside.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, t]) => `${n} ${t.toFixed(0)}`);
    out.push(`${((task.ts - t0) / 1e6).toFixed(2).padStart(7)} s ${((task.dur ?? 0) / 1000).toFixed(0).padStart(5)} ms  ${top.join(', ')}`);
  }
  return out;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'stream-profile-'));
  const staticDir = profileRendererDir(join(OUT, 'renderer'));
  const seeded = seedLedger(join(tmp, 'fills'), { groups: 100, ordersPerGroup: 10, fills: FILLS });
  log(`seeded ${FILLS} fills in ${(seeded.ms / 1000).toFixed(1)} s`);
  const desk = await startWebDesk(join(tmp, 'fills'), staticDir, { keepEngine: true });
  const engine = desk.engine;
  if (!engine) throw new Error('no engine');
  const browser = await launchChromium();
  const session = new Session();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(desk.server.url);
    await page.click(`[data-plan-id="${seeded.planId}"]`, { timeout: 15_000 });
    await page.waitForSelector('[role="grid"].ld-orders', { timeout: 15_000 });
    // Let the plan's history page in, as the bench's quiet clicks do.
    await clickLoop(page, [
      { click: '#tab-fills', done: { kind: 'present', selector: '[role="grid"].ld-fills' } },
      { click: '#tab-orders', done: { kind: 'present', selector: '[role="grid"].ld-orders' } },
    ], 250, 7000);

    log(`elements in the page: ${String(await page.evaluate('document.getElementsByTagName("*").length'))}`);
    const tracing = process.argv.includes('--trace');
    if (tracing) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
    // --no-cpu: the trace alone (the samplers cost time of their own, and make long tasks of their own).
    const profiling = !process.argv.includes('--no-cpu');
    const cdp = await page.context().newCDPSession(page);
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
    }

    const feeder = fillFeeder(engine.ledger, seeded.orderIds, seeded.fills);
    const total = RATE * SECONDS;
    let writeMs = 0;
    if (profiling) {
      await cdp.send('Profiler.start');
      await session.post('Profiler.start');
    }
    const start = performance.now();
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE)) - feeder.count;
      if (due <= 0) return;
      const w0 = performance.now();
      feeder.push(due);
      writeMs += performance.now() - w0;
    }, 50);
    const clicks = await clickLoop(page, [
      { click: '#tab-fills', done: { kind: 'present', selector: '[role="grid"].ld-fills' } },
      { click: '#tab-orders', done: { kind: 'present', selector: '[role="grid"].ld-orders' } },
    ], 250, SECONDS * 1000);
    while (feeder.count < total) await new Promise((r) => setTimeout(r, 50));
    clearInterval(timer);
    const elapsed = (performance.now() - start) / 1000;
    const nodeProfile = profiling ? ((await session.post('Profiler.stop')).profile as unknown as Profile) : null;
    const pageProfile = profiling ? ((await cdp.send('Profiler.stop')).profile as unknown as Profile) : null;
    const trace = tracing ? await browser.stopTracing() : null;
    if (trace) writeFileSync(join(OUT, 'page.trace.json'), trace);
    if (nodeProfile) writeFileSync(join(OUT, 'node.cpuprofile'), JSON.stringify(nodeProfile));
    if (pageProfile) writeFileSync(join(OUT, 'page.cpuprofile'), JSON.stringify(pageProfile));
    const s = summary(clicks);
    log(`${feeder.count} fills in ${elapsed.toFixed(1)} s (${Math.round(feeder.count / elapsed)}/s); writes (ledger + synchronous delivery to the socket) ${ms(writeMs)}`);
    log(`clicks during the stream: n=${s.n} p50 ${ms(s.p50)} p95 ${ms(s.p95)} max ${ms(s.max)}; over 100 ms: ${clicks.filter((c) => c > 100).map((c) => c.toFixed(0)).join(', ') || 'none'}`);
    if (nodeProfile && pageProfile) {
      log(`\nthis process (engine + server), top self time:`);
      for (const l of topSelf(nodeProfile, 40)) log(l);
      log(`\nthe page, top self time:`);
      for (const l of topSelf(pageProfile, 40)) log(l);
    }
    if (trace) {
      log(`\nthe page's main thread, time per trace event (nested events overlap):`);
      for (const l of mainThreadTotals(trace, 25)) log(l);
      log(`\nthe page's tasks over 50 ms (s into the trace, ms, the longest events inside):`);
      for (const l of longTasks(trace, 50)) log(l);
    }
    log(`\nprofiles in ${OUT}`);
  } finally {
    if (session) session.disconnect();
    await browser.close();
    await desk.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
