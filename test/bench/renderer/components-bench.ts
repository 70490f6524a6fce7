/**
 * Renderer components benchmark, in Debian's chromium against the real web
 * mode (web/host.ts createHost + web/server.ts startWebServer, so the real
 * CSP applies), with the components mounted by a bench harness
 * (test/bench/renderer/harness) instead of the app shell: the figures are
 * the components' own cost, without transport and store. Prints, from one run:
 *   (a) baseline: raw DOM click -> paint on a static page
 *   (b) 50,000 orders: mount -> paint; scrolling frame intervals vs an idle page's; rows in the DOM
 *   (c) click an order row -> selected row painted (50,000 orders), vs (a)
 *   (d) 1,000 open orders, "Cancel all" -> the table shows zero open orders painted, vs (a)
 *   (e) 200,000 fills (+ chart bars and markers): build, mount -> paint, vs an empty mount
 *   (f) 2,000 fills/s for 30 s on top of (e): clicks answered (click -> paint) during the stream, vs (c)
 *   (g) CSP violations seen (must be 0)
 * Run: npx tsx test/bench/renderer/components-bench.ts [--stream-seconds 30]
 */
import react from '@vitejs/plugin-react';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from './support/chromium';
import { clickToPaint, startFrames, stopFrames } from './support/page-timing';
import { ms, ratio, summary, verdict } from './support/stats';
import { REPO_ROOT, startWebDesk } from './support/web';

const argSeconds = process.argv.indexOf('--stream-seconds');
const STREAM_SECONDS = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 30;
const log = (s: string) => process.stdout.write(`${s}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'renderer-bench-'));

interface BenchWindow {
  __bench: {
    setOrders(n: number, status?: string): Promise<number>;
    setFills(n: number): Promise<{ buildMs: number; paintMs: number }>;
    stream(perSecond: number, seconds: number, batchesPerSecond: number): Promise<{ pushed: number; batches: number; worstBatchMs: number; slowBatches: number[][] }>;
    scrollOrders(step: number, frames: number): Promise<{ deltas: number[]; maxRows: number; rowsInData: number }>;
  };
  __csp: string[];
}
type Api = BenchWindow['__bench'];
/** Calls the harness API in the page (as text: see support/page-timing.ts). */
const call = <K extends keyof Api>(page: Page, name: K, ...args: Parameters<Api[K]>) =>
  page.evaluate(`window.__bench.${name}(...${JSON.stringify(args)})`) as ReturnType<Api[K]>;

const ORDERS = '[role="grid"][aria-label="Orders"]';
const rowSel = (i: number) => `${ORDERS} [role="row"][aria-rowindex="${i}"]`;

async function rawDomClicks(page: Page, n: number): Promise<number[]> {
  await page.setContent(
    '<button id="b">toggle</button><p id="t">0</p><script>(function(){var k=0;b.onclick=function(){k++;t.textContent=String(k);t.className="n"+k}})()</script>',
  );
  const out: number[] = [];
  for (let k = 1; k <= n; k++) out.push(await clickToPaint(page, () => page.click('#b'), { kind: 'present', selector: `#t.n${k}` }));
  return out;
}

let rowClickCount = 0;
/** Clicks rows 2 and 3 of the window in turn, so every click changes the selection. */
async function rowClicks(page: Page, n: number, pauseMs = 0): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const index = 3 + (rowClickCount++ % 2);
    out.push(await clickToPaint(page, () => page.click(rowSel(index)), { kind: 'present', selector: `${rowSel(index)}.ld-row--selected` }));
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
  return out;
}

function line(label: string, values: readonly number[], baseline?: number): string {
  const s = summary(values);
  const base = baseline === undefined ? '' : `  (p50 ${ratio(s.p50, baseline)} the baseline)`;
  return `${label}: n=${s.n} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  max ${ms(s.max)}${base}`;
}

async function main(): Promise<void> {
  const outDir = join(tmp, 'harness');
  await build({
    configFile: false,
    root: join(REPO_ROOT, 'test/bench/renderer/harness'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true },
  });
  const desk = await startWebDesk(join(tmp, 'data'), outDir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // One page for everything: a second page would be a background tab, which gets no animation frames.
    const page = await context.newPage();
    await page.addInitScript({
      content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
    });
    log(`chromium ${browser.version()}, web mode at ${desk.server.origin}; load average ${loadavg()[0]?.toFixed(2)} on this machine (other work skews every figure)`);

    // (a) baseline
    await rawDomClicks(page, 5); // warm-up
    const rawClicks = await rawDomClicks(page, 30);
    const rawP50 = summary(rawClicks).p50;
    log(line('(a) baseline raw DOM click -> paint', rawClicks));

    await page.goto(desk.server.url);
    await page.waitForFunction("'__bench' in window");

    // (b) 50,000 orders
    const emptyMount = await call(page, 'setOrders', 0);
    const ordersMount = await call(page, 'setOrders', 50_000);
    log(`(b) mount 50,000 orders -> paint ${ms(ordersMount)} (empty table ${ms(emptyMount)})`);
    await startFrames(page);
    await new Promise((r) => setTimeout(r, 3000));
    const idle = await stopFrames(page);
    const scroll = await call(page, 'scrollOrders', 240, 180);
    const slow = scroll.deltas.filter((d) => d > 33.4).length;
    log(line('    idle frame interval (baseline)', idle));
    log(line('    scrolling frame interval, 240 px a frame', scroll.deltas, summary(idle).p50));
    log(`    frames over 33 ms while scrolling: ${slow} of ${scroll.deltas.length}; most rows in the DOM: ${scroll.maxRows} of ${scroll.rowsInData}`);

    // (c) row clicks
    await page.evaluate(`document.querySelector('${ORDERS}').scrollTo(0, 0)`);
    await rowClicks(page, 4);
    const clicks = await rowClicks(page, 30);
    log(line('(c) click order row -> selected painted (50,000 orders)', clicks, rawP50));

    // (d) cancel all
    const cancels: number[] = [];
    for (let k = 0; k < 6; k++) {
      await call(page, 'setOrders', 1_000);
      const t = await clickToPaint(page, () => page.getByRole('button', { name: 'Cancel all (harness)' }).click(), {
        kind: 'present',
        selector: `${ORDERS}[data-open-orders="0"]`,
      });
      if (k > 0) cancels.push(t);
    }
    const cancelSummary = summary(cancels);
    log(`${line('(d) 1,000 open orders: click Cancel all -> zero open orders painted', cancels, rawP50)}  [${verdict(cancelSummary.max, 250)}, components only]`);

    // (e) 200,000 fills
    await call(page, 'setOrders', 1_000);
    const emptyFills = await call(page, 'setFills', 0);
    const fills = await call(page, 'setFills', 200_000);
    log(
      `(e) 200,000 fills (+ ${Math.ceil(200_000 / 60)} bars, markers): build ${ms(fills.buildMs)}, mount -> paint ${ms(fills.paintMs)} ` +
        `(empty ${ms(emptyFills.paintMs)}, ${ratio(fills.paintMs, emptyFills.paintMs)})`,
    );

    // (f) stream + clicks
    await rowClicks(page, 2);
    const quiet = await rowClicks(page, 20);
    await startFrames(page);
    const streaming = call(page, 'stream', 2_000, STREAM_SECONDS, 20);
    streaming.catch(() => undefined); // awaited below; a failing click must not leave it unhandled
    const during: number[] = [];
    const deadline = Date.now() + STREAM_SECONDS * 1000 - 1500;
    while (Date.now() < deadline) during.push(...(await rowClicks(page, 1, 250)));
    const streamed = await streaming;
    const frames = await stopFrames(page);
    const worst = summary(during);
    log(`(f) 2,000 fills/s for ${STREAM_SECONDS} s: ${streamed.pushed.toLocaleString('en-US')} fills in ${streamed.batches} batches; batch commits over 50 ms: ${streamed.slowBatches.length} (worst ${ms(streamed.worstBatchMs)})`);
    log(line('    click -> paint with 200,000 fills, no stream', quiet));
    log(`${line('    click -> paint during the stream', during, summary(quiet).p50)}  [${verdict(worst.max, 100)}, components only]`);
    log(line('    frame interval during the stream', frames, summary(idle).p50));

    // (g)
    const csp = (await page.evaluate('window.__csp')) as string[];
    log(`(g) CSP violations: ${csp.length}${csp.length ? ` (${[...new Set(csp)].join('; ')})` : ''}; load average now ${loadavg()[0]?.toFixed(2)}`);
    await context.close();
  } finally {
    await browser.close();
    await desk.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
