/**
 * Where the page's time goes during web-targets-bench step (c): the same desk
 * (support/cancel-desk.ts: a paper session, 1,000 open orders in 100 groups),
 * the same click on "Cancel all in plan", timed to the same painted
 * `data-open-orders="0"`, with a Chromium trace of the page (and, unless
 * --no-cpu, its CPU profile) taken around the click. Prints, in ms after the
 * click: when the engine committed the first cancel intent and the last
 * CANCELED order, the page's main-thread tasks over 2 ms (what was inside
 * them, and with the profile the functions with the most self time in each),
 * and the frames painted.
 * The renderer is built unminified (readable names) into --out unless
 * --no-build (then dist/renderer is served as it is).
 * With --engine-cpu it also profiles this process (the engine and the web
 * server) over the same span and prints its busiest functions.
 * Run: npx tsx test/bench/renderer/cancel-profile.ts [--no-build] [--no-cpu] [--engine-cpu] [--fidelity optimistic|realistic] [--out /tmp/cancel-profile]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCancelDesk, watchCancelAll } from './support/cancel-desk';
import { launchChromium } from './support/chromium';
import { clickToPaint, lastClickAt } from './support/page-timing';
import { ms } from './support/stats';
import { profileRendererDir } from './support/web';

const option = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] as string) : fallback;
};
const OUT = option('--out', join(tmpdir(), 'cancel-profile'));
const FIDELITY = option('--fidelity', 'optimistic') === 'realistic' ? 'realistic' : 'optimistic';
const log = (s: string) => process.stdout.write(`${s}\n`);
const ORDERS_GRID = '[role="grid"].ld-orders';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string; readonly data?: { readonly type?: string } };
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** The profile's samples as (trace-clock µs, function label): the profile and the trace share the page's monotonic clock. */
function sampleTimes(profile: Profile): { t: number; fn: string }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out: { t: number; fn: string }[] = [];
  let t = profile.startTime;
  const samples = profile.samples ?? [];
  for (let i = 0; i < samples.length; i++) {
    t += profile.timeDeltas?.[i] ?? 0;
    const f = byId.get(samples[i] as number)?.callFrame;
    if (!f) continue;
    out.push({ t, fn: `${f.functionName || '(anonymous)'}:${f.lineNumber + 1}` });
  }
  return out;
}

function report(trace: Buffer, profile: Profile | null, paintedMs: number): void {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && e.dur !== undefined && main.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts);
  const click = onMain.find((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'click');
  if (!click) {
    log('no click in the trace');
    return;
  }
  const t0 = click.ts;
  const rel = (ts: number) => ((ts - t0) / 1000).toFixed(1).padStart(6);
  const samples = profile ? sampleTimes(profile) : [];
  const until = t0 + (paintedMs + 50) * 1000;
  log(`\nthe page's main-thread tasks over 2 ms from the click to 50 ms after the paint (ms after the click, duration, inside):`);
  for (const task of onMain) {
    if (task.name !== 'RunTask' || task.ts + (task.dur ?? 0) < t0 || task.ts > until || (task.dur ?? 0) < 2000) continue;
    const end = task.ts + (task.dur ?? 0);
    const inside = new Map<string, number>();
    for (const e of onMain) {
      if (e.ts < task.ts || e.ts >= end || e === task || e.name === 'RunTask') continue;
      const key = e.name === 'EventDispatch' ? `EventDispatch(${e.args?.data?.type ?? '?'})` : e.name;
      inside.set(key, (inside.get(key) ?? 0) + (e.dur ?? 0) / 1000);
    }
    const top = [...inside.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, t]) => `${n} ${t.toFixed(1)}`);
    log(`${rel(task.ts)} ${((task.dur ?? 0) / 1000).toFixed(1).padStart(6)} ms  ${top.join(', ')}`);
    if (samples.length > 0) {
      const self = new Map<string, number>();
      let prev = task.ts;
      for (const s of samples) {
        if (s.t < task.ts || s.t >= end) continue;
        self.set(s.fn, (self.get(s.fn) ?? 0) + (s.t - prev) / 1000);
        prev = s.t;
      }
      const fns = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, t]) => `${n} ${t.toFixed(1)}`);
      log(`${' '.repeat(22)}js: ${fns.join(', ')}`);
    }
  }
  const paints = onMain.filter((e) => e.name === 'Paint' && e.ts >= t0 && e.ts <= until).map((e) => rel(e.ts).trim());
  log(`\npaints at: ${paints.join(', ')}`);
}

/** The engine process's functions with the most self time over the profiled span (idle excluded). */
function reportEngine(profile: Profile): void {
  const samples = sampleTimes(profile);
  const self = new Map<string, number>();
  let prev = profile.startTime;
  let busy = 0;
  for (const s of samples) {
    const dt = (s.t - prev) / 1000;
    prev = s.t;
    if (s.fn.startsWith('(idle)')) continue;
    busy += dt;
    self.set(s.fn, (self.get(s.fn) ?? 0) + dt);
  }
  log(`\nthe engine process: ${busy.toFixed(1)} ms busy; most self time:`);
  for (const [fn, t] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`  ${t.toFixed(1).padStart(6)} ms  ${fn}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'cancel-profile-'));
  const staticDir = profileRendererDir(join(OUT, 'renderer'));
  const { desk, engine, planId, open } = await startCancelDesk(join(tmp, 'cancel'), staticDir, FIDELITY);
  const browser = await launchChromium();
  try {
    log(`'${FIDELITY}' exchange: ${open()} open orders of plan ${planId}`);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(desk.server.url);
    await page.click(`[data-plan-id="${planId}"]`, { timeout: 15_000 });
    await page.waitForSelector(`${ORDERS_GRID}[data-open-orders="1000"]`, { timeout: 15_000 });
    const button = page.getByRole('button', { name: 'Cancel all in plan' }).first();
    await button.waitFor({ timeout: 5_000 });

    // The engine's share, from the ledger's own events as they are committed.
    const watch = watchCancelAll(engine, planId);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8'] });
    const profiling = !process.argv.includes('--no-cpu');
    const cdp = await page.context().newCDPSession(page);
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const engineCpu = process.argv.includes('--engine-cpu') ? new Session() : null;
    if (engineCpu) {
      engineCpu.connect();
      await engineCpu.post('Profiler.enable');
      await engineCpu.post('Profiler.setSamplingInterval', { interval: 200 });
      await engineCpu.post('Profiler.start');
    }
    const painted = await clickToPaint(page, () => button.click(), { kind: 'present', selector: `${ORDERS_GRID}[data-open-orders="0"]` }, 30_000);
    const profile = profiling ? ((await cdp.send('Profiler.stop')).profile as unknown as Profile) : null;
    const engineProfile = engineCpu ? ((await engineCpu.post('Profiler.stop')).profile as unknown as Profile) : null;
    engineCpu?.disconnect();
    const trace = await browser.stopTracing();
    watch.stop();
    const clickAt = await lastClickAt(page);
    log(`click -> zero open orders painted ${ms(painted)}; the engine: first cancel intent ${ms(watch.firstIntentAt() - clickAt)}, all 1,000 CANCELED ${ms(watch.allCancelledAt() - clickAt)} after the click`);
    writeFileSync(join(OUT, 'page.trace.json'), trace);
    if (profile) writeFileSync(join(OUT, 'page.cpuprofile'), JSON.stringify(profile));
    await page.screenshot({ path: join(OUT, 'page.png') });
    report(trace, profile, painted);
    if (engineProfile) {
      writeFileSync(join(OUT, 'engine.cpuprofile'), JSON.stringify(engineProfile));
      reportEngine(engineProfile);
    }
    log(`\ntrace and profile in ${OUT}`);
  } finally {
    await browser.close();
    await desk.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
