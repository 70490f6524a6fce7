// A live session end to end: web mode started as `npm run web -- --live
// binance ...` would start it (runWebCli, keys given through its env option,
// never the real process environment), pointed at the fake Binance on
// 127.0.0.1, Debian's Chromium on the page. These are contract tests against
// the documented Binance API the fake implements, not a check against the
// live exchange.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { appContract, createHost, type AppHost } from '../../web/host';
import { runWebCli, type WebCliOutcome } from '../../web/run-web';
import { startFakeBinance, type FakeBinance } from '../fixtures/fake-binance';
import { API_KEY, API_SECRET, LIVE_ENV, seedForeignOrder } from '../integration/web/live-helpers';
import { fillTicket, submitTicket, ticket } from './desk-page';
import { CHROMIUM_ARGS, launchBrowser, missingPrerequisite, screenshot, STATIC_DIR } from './harness';

const POLL = { timeout: 30_000, interval: 50 };
/** The order placed on the exchange behind the desk's back (another app, the exchange's website). */
const FOREIGN_ID = 'web-manual-0001';

const missing = missingPrerequisite();
if (missing) console.warn(`[e2e] skipped: ${missing}`);

describe.skipIf(missing !== null)('Ledgerdesk live session in Chromium (web mode against the fake Binance)', () => {
  let browser: Browser;
  let fake: FakeBinance;
  let dataDir: string;
  let outcome: WebCliOutcome | undefined;
  let host: AppHost | undefined;
  let context: BrowserContext | undefined;
  const output: string[] = [];
  const engineErrors: unknown[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    expect(CHROMIUM_ARGS).toContain('--no-sandbox');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    fake = await startFakeBinance({ apiKey: API_KEY, secret: API_SECRET });
    dataDir = mkdtempSync(join(tmpdir(), 'ledgerdesk-e2e-live-'));
  });
  afterEach(async () => {
    await context?.close();
    if (outcome?.exitCode === null) await outcome.stop();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
    outcome = undefined;
    host = undefined;
    output.length = 0;
    engineErrors.length = 0;
    pageErrors.length = 0;
  });

  async function startLiveDesk(): Promise<string> {
    outcome = await runWebCli(
      ['--data-dir', dataDir, '--live', 'binance', '--symbols', 'BTC/USDT,ETH/USDT', '--rest-url', fake.restUrl, '--ws-api-url', fake.wsApiUrl],
      {
        contract: appContract,
        // The real host; the test keeps it to read the ledger and collects what the engine complains about.
        createHost: async (dir, request) => (host = await createHost(dir, { ...request, onError: (e) => engineErrors.push(e) })),
        staticDir: STATIC_DIR,
        cwd: dataDir,
        env: LIVE_ENV,
        stdout: (line) => output.push(line),
        stderr: (line) => output.push(line),
      },
    );
    if (outcome.exitCode !== null) throw new Error(`web mode did not start (exit ${outcome.exitCode}):\n${output.join('\n')}`);
    return outcome.server.url;
  }

  async function open(url: string): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    await page.goto(url);
    return page;
  }

  it('lists the order the ledger does not know, refuses a ticket until acknowledged, then sends the order with the ledger id', async () => {
    await seedForeignOrder(fake, FOREIGN_ID);

    const page = await open(await startLiveDesk());
    const desk = host;
    if (!desk) throw new Error('no host');

    // The reconciliation at start, listed for the trader.
    const panel = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: /^Reconciliation: 1 difference between/ }) });
    const row = panel.getByRole('table', { name: 'Reconciliation differences' }).locator(`tr[data-client-order-id="${FOREIGN_ID}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-kind')).toBe('UNKNOWN_TO_LEDGER');
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual([
      'Unknown to the ledger',
      'BTC/USDT',
      FOREIGN_ID,
      String(fake.ordersByClientId(FOREIGN_ID)[0]?.orderId),
      '—',
      'not in the ledger',
      'NEW BUY 0.01 @ 20,000 · filled 0',
    ]);
    await page.getByLabel('Mode').getByText('LIVE', { exact: true }).waitFor();
    await page.getByLabel('Orders').getByText('held: reconciliation', { exact: true }).waitFor();
    // A live session is not stopped or swapped for a paper one from the page: detached, it could not cancel its orders.
    expect(await page.getByRole('button', { name: /^(Stop session|New paper session)$/ }).count()).toBe(0);
    await screenshot(page, 'live-01-reconciliation-pending');

    // A ticket now is refused before anything is written, and says why.
    const form = ticket(page);
    await fillTicket(page, { symbol: 'BTC/USDT', quantity: '0.01', entry: 'LIMIT', limitPrice: '25000' });
    const refusal = form.getByRole('alert');
    await refusal.filter({ hasText: /new orders are held/ }).waitFor();
    expect(await refusal.textContent()).toMatch(/^new orders are held: reconciliation report REC-\d+-\d+ lists 1 difference\(s\) the trader has not acknowledged \(REFUSED\)$/);
    expect((await desk.handlers.snapshot({ ordersLimit: 0, fillsLimit: 0 })).plans).toEqual([]);
    expect(fake.orders().map((o) => o.clientOrderId)).toEqual([FOREIGN_ID]);
    await screenshot(page, 'live-02-ticket-refused');

    // Acknowledged: the list goes away, the session bar says orders go out.
    await panel.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByLabel('Orders').getByText('accepting', { exact: true }).waitFor();
    await panel.waitFor({ state: 'detached' });
    expect(await page.locator('section.reconciliation').count()).toBe(0);

    // The same ticket goes out, with the ledger's order id as the client order id.
    await submitTicket(page, { symbol: 'BTC/USDT', quantity: '0.01', entry: 'LIMIT', limitPrice: '25000' });
    await expect.poll(() => fake.openOrders('BTCUSDT').filter((o) => o.clientOrderId !== FOREIGN_ID).length, POLL).toBe(1);
    const sent = fake.openOrders('BTCUSDT').find((o) => o.clientOrderId !== FOREIGN_ID);
    expect(sent?.clientOrderId).toMatch(/^ORD_\d{8}_\d{6}_[0-9a-z]+$/);
    expect(sent).toMatchObject({ side: 'BUY', type: 'LIMIT', status: 'NEW' });
    expect(sent?.origQty.toFixed()).toBe('0.01');
    expect(sent?.price.toFixed()).toBe('25000');
    await expect.poll(async () => (await desk.handlers.ordersPage({ offset: 0, limit: 10 })).items.map((o) => [o.order_id, o.status]), POLL).toEqual([
      [sent?.clientOrderId, 'OPEN'],
    ]);
    expect(fake.ordersByClientId(sent?.clientOrderId ?? '')).toHaveLength(1);
    const groupRow = page.locator('tr[data-group-id]').first();
    await groupRow.locator('.ld-badge', { hasText: /^ACTIVE$/ }).waitFor();
    await screenshot(page, 'live-03-order-on-exchange');

    expect(pageErrors).toEqual([]);
    expect(engineErrors).toEqual([]);
    for (const secret of [API_KEY, API_SECRET]) expect(output.join('\n')).not.toContain(secret);
  });
});
