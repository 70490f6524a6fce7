// The monitor end to end: Debian's Chromium on the web mode's page, the real
// engine behind it on a paper session (speed 100: a simulated minute every
// 0.6 s), one fresh data directory per test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateId } from '../../core/domain';
import { deskNow, groupRows, progressOf, recordProgress, startPaperSession, submitTicket, fillTicket, ticket, waitForDeskTime, waitForGroupStatus, SYMBOL } from './desk-page';
import { launchBrowser, missingPrerequisite, openPage, screenshot, startDesk, type Desk, type Session } from './harness';

/** expect.poll on the engine's own state: as long as a locator would wait. */
const POLL = { timeout: 30_000, interval: 50 };

const missing = missingPrerequisite();
if (missing) console.warn(`[e2e] skipped: ${missing}`);

describe.skipIf(missing !== null)('Ledgerdesk monitor in Chromium (web mode)', () => {
  let browser: Browser;
  let desk: Desk;
  let session: Session;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    desk = await startDesk();
    session = await openPage(browser, desk);
  });
  afterEach(async () => {
    await session?.context.close();
    await desk?.close();
  });

  /** What every test ends with: no console error or CSP violation in the page, nothing the engine complained about. */
  const expectClean = () => {
    expect(session.pageErrors).toEqual([]);
    expect(desk.engineErrors).toEqual([]);
  };

  it('starts a paper session, submits a TWAP and watches its progress bar advance to 100%', async () => {
    const { page } = session;
    await screenshot(page, '01-no-session');
    await startPaperSession(page);
    const progress = await recordProgress(page);
    await submitTicket(page, { quantity: '1', style: 'TWAP', windowMinutes: '4', chunks: '4' });

    const row = groupRows(page).first();
    await waitForGroupStatus(row, 'ACTIVE');
    await page.locator('tr[data-group-id] [role="progressbar"][aria-valuenow="50"]').waitFor();
    await screenshot(page, '02-twap-running');
    await waitForGroupStatus(row, 'COMPLETED');
    expect(await progressOf(row).getAttribute('aria-valuenow')).toBe('100');

    // The bar went up in steps a trader could watch: never backwards, through values between 0 and 100.
    const seen = await progress();
    expect(seen.now).toEqual([...seen.now].sort((a, b) => a - b));
    expect(seen.now.filter((v) => v > 0 && v < 100).length).toBeGreaterThanOrEqual(2);
    expect(seen.now.at(-1)).toBe(100);
    expect(seen.text.at(-1)).toMatch(/^100% filled \(1\.00000 of 1\.00000\)$/);

    // The rest of the desk agrees: the plan is filled, the position is held, the orders are listed.
    await page.locator('tr[data-plan-id]', { hasText: '1 / 1' }).waitFor();
    await page.getByRole('region', { name: /^Plan / }).getByRole('tab', { name: 'Orders 4' }).waitFor();
    await page.getByRole('table', { name: /Positions/ }).getByRole('row', { name: new RegExp(`${SYMBOL}.*1\\.00000`) }).waitFor();
    // The group's timeline from the journal: its creation, its orders, their four fills.
    await row.click();
    await page.getByRole('tab', { name: /^Timeline/ }).click();
    const timeline = page.getByRole('region', { name: /^Group .* timeline$/ });
    await timeline.locator('.ld-timeline__entry', { hasText: 'group created' }).waitFor();
    await timeline.locator('.ld-timeline__entry', { hasText: /^\S+\s*fill/ }).nth(3).waitFor();
    await screenshot(page, '03-twap-completed');
    expectClean();
  });

  it('Cancel group: one click, the group ends CANCELLED and no order is created after it', async () => {
    const { page } = session;
    await startPaperSession(page);
    // Five slices two simulated minutes apart (1.2 s each at 100x): time to cancel mid-way.
    await submitTicket(page, { quantity: '1', style: 'TWAP', windowMinutes: '10', chunks: '5' });
    const row = groupRows(page).first();
    await row.locator('[role="progressbar"]:not([aria-valuenow="0"])').waitFor();

    await row.getByRole('button', { name: 'Cancel group' }).click();
    await waitForGroupStatus(row, 'CANCELLED');
    await row.getByRole('status').filter({ hasText: 'Cancelled' }).waitFor();
    expect(await row.getByRole('button', { name: 'Cancel group' }).count()).toBe(0);

    // Let two more slice times pass on the desk clock: the algorithm must not place anything.
    const groupId = (await row.getAttribute('data-group-id')) ?? '';
    const cancelledAt = await deskNow(page);
    const ordersBefore = await desk.host.handlers.ordersPage({ group_id: groupId, offset: 0, limit: 100 });
    await waitForDeskTime(page, cancelledAt + 2 * 2 * 60_000);
    const ordersAfter = await desk.host.handlers.ordersPage({ group_id: groupId, offset: 0, limit: 100 });
    expect(ordersAfter.total).toBe(ordersBefore.total);
    const group = (await desk.host.handlers.snapshot({ fillsLimit: 0, ordersLimit: 0 })).groups.find((g) => g.group_id === groupId);
    expect(group?.status).toBe('CANCELLED');
    for (const o of ordersAfter.items) expect(o.created_at.getTime()).toBeLessThanOrEqual(group?.cancelled_at?.getTime() ?? 0);
    expect(await progressOf(row).getAttribute('aria-valuenow')).not.toBe('100');
    await page.getByRole('tab', { name: `Orders ${ordersAfter.total}` }).waitFor();
    await screenshot(page, '04-group-cancelled');
    expectClean();
  });

  it('Cancel all in plan: one click cancels three groups\' resting orders and shows 3 of 3 confirmed', async () => {
    const { page } = session;
    await startPaperSession(page);
    // Limit buys far below the market rest on the book: one working order per group.
    await submitTicket(page, { quantity: '0.2', entry: 'LIMIT', limitPrice: '20000' });
    await submitTicket(page, { quantity: '0.3', entry: 'LIMIT', limitPrice: '20500', addToPlan: true });
    await submitTicket(page, { quantity: '0.4', entry: 'LIMIT', limitPrice: '21000', addToPlan: true });
    await groupRows(page).nth(2).waitFor();
    expect(await groupRows(page).count()).toBe(3);
    for (const row of await groupRows(page).all()) {
      await waitForGroupStatus(row, 'ACTIVE');
      await row.locator('[role="progressbar"][aria-valuetext*="in flight"]').waitFor();
    }
    expect(await page.locator('tr[data-plan-id]').count()).toBe(1);
    await screenshot(page, '05-three-groups-resting');

    const button = page.getByRole('button', { name: 'Cancel all in plan' });
    expect(await button.isVisible()).toBe(true);
    await button.click();
    await page.getByTestId('plan-cancel-progress').filter({ hasText: '3 of 3 cancels confirmed' }).waitFor();
    for (const row of await groupRows(page).all()) await waitForGroupStatus(row, 'CANCELLED');
    const live = await desk.host.handlers.ordersPage({ statuses: ['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'UNKNOWN'], offset: 0, limit: 10 });
    expect(live.total).toBe(0);
    // Still visible after use: the emergency button never goes away while a plan is selected.
    expect(await button.isVisible()).toBe(true);
    await screenshot(page, '06-cancel-all-in-plan');
    expectClean();
  });

  it('Cancel everything: one click cancels the resting orders of every active plan on the desk', async () => {
    const { page } = session;
    await startPaperSession(page);
    await submitTicket(page, { quantity: '0.2', entry: 'LIMIT', limitPrice: '20000' });
    await submitTicket(page, { quantity: '0.3', entry: 'LIMIT', limitPrice: '20500' });
    await page.locator('tr[data-plan-id]').nth(1).waitFor();
    await expect
      .poll(async () => (await desk.host.handlers.ordersPage({ statuses: ['OPEN'], offset: 0, limit: 10 })).total, POLL)
      .toBe(2);

    await page.getByRole('button', { name: 'Cancel everything' }).click();
    await page.locator('tr[data-plan-id]', { hasText: 'HALTED' }).nth(1).waitFor();
    await waitForGroupStatus(groupRows(page).first(), 'CANCELLED');
    await expect
      .poll(async () => (await desk.host.handlers.ordersPage({ statuses: ['PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED', 'PENDING_CANCEL', 'UNKNOWN'], offset: 0, limit: 10 })).total, POLL)
      .toBe(0);
    await screenshot(page, '07-cancel-everything');
    expectClean();
  });

  it('Ctrl+Shift+X cancels all in the selected plan from anywhere on the page', async () => {
    const { page } = session;
    await startPaperSession(page);
    await submitTicket(page, { quantity: '0.5', entry: 'LIMIT', limitPrice: '20000' });
    const row = groupRows(page).first();
    await row.locator('[role="progressbar"][aria-valuetext*="in flight"]').waitFor();
    await ticket(page).getByLabel('Quantity').focus();
    await page.keyboard.press('Control+Shift+X');
    await waitForGroupStatus(row, 'CANCELLED');
    await page.getByTestId('plan-cancel-progress').filter({ hasText: '1 of 1 cancels confirmed' }).waitFor();
    expectClean();
  });

  it('a bad ticket shows the error at the field and creates nothing; an engine refusal shows under the form', async () => {
    const { page } = session;
    await startPaperSession(page);
    const form = ticket(page);
    await fillTicket(page, { quantity: '-1', style: 'TWAP', windowMinutes: '2.5' });
    const quantity = form.getByLabel('Quantity');
    await form.getByText('Quantity must be positive').waitFor();
    expect(await quantity.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await quantity.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('Quantity must be positive');
    await form.getByText('Window (min) must be a whole number').waitFor();
    await screenshot(page, '08-bad-ticket');

    // The schema accepts it, the engine does not know the symbol: refused, shown, nothing created.
    await fillTicket(page, { symbol: 'DOGE/USDT', quantity: '1' });
    await form.getByRole('alert').filter({ hasText: /DOGE\/USDT/ }).waitFor();
    const snapshot = await desk.host.handlers.snapshot({ fillsLimit: 0, ordersLimit: 0 });
    expect(snapshot.plans).toEqual([]);
    expect(await page.locator('tr[data-plan-id]').count()).toBe(0);
    expect(desk.engineErrors).toEqual([]);
  });

  it('reload mid-session shows the same state, then keeps updating', async () => {
    const { page } = session;
    await startPaperSession(page);
    await submitTicket(page, { quantity: '1', style: 'TWAP', windowMinutes: '10', chunks: '5' });
    const row = groupRows(page).first();
    await row.locator('[role="progressbar"]:not([aria-valuenow="0"])').waitFor();
    // Freeze the market so what is on screen stays put across the reload.
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    const shown = async () => ({
      plans: await page.locator('tr[data-plan-id]').allInnerTexts(),
      groups: await groupRows(page).allInnerTexts(),
      progress: await progressOf(groupRows(page).first()).getAttribute('aria-valuenow'),
      positions: await page.getByRole('table', { name: /Positions/ }).innerText(),
      orders: await page.getByRole('tab', { name: /^Orders/ }).innerText(),
      clock: await page.getByTestId('desk-clock').getAttribute('data-now'),
    });
    const before = await shown();

    await page.reload();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await groupRows(page).first().waitFor();
    await page.getByRole('tab', { name: before.orders }).waitFor();
    expect(await shown()).toEqual(before);
    await screenshot(page, '09-after-reload');

    // Live again: the stream resumed from the snapshot's seq, so progress arrives as before.
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator(`tr[data-group-id] [role="progressbar"]:not([aria-valuenow="${before.progress}"])`).waitFor();
    expectClean();
  });

  it('a desk restart mid-TWAP: the page reconnects and resyncs by itself, shows the recovered group, and Resume finishes it', async () => {
    const { page } = session;
    await startPaperSession(page);
    await submitTicket(page, { quantity: '1', style: 'TWAP', windowMinutes: '10', chunks: '5' });
    const row = groupRows(page).first();
    await row.locator('[role="progressbar"]:not([aria-valuenow="0"])').waitFor();

    await desk.restart();
    // Recovery halted the running algorithm and asks the trader: loud, above everything.
    const recovered = page.getByRole('alert').filter({ hasText: 'recovered group waiting for a decision' });
    await recovered.waitFor();
    await page.getByRole('region', { name: 'Anomalies' }).getByText('Recovered group waiting for resume or halt').waitFor();
    await row.getByText('AWAITING DECISION').waitFor();
    await page.getByText('live', { exact: true }).waitFor();
    await screenshot(page, '10-recovered-group');

    await recovered.getByRole('button', { name: 'Resume' }).click();
    await recovered.waitFor({ state: 'detached' });
    await waitForGroupStatus(row, 'COMPLETED');
    expect(await progressOf(row).getAttribute('aria-valuenow')).toBe('100');
    expect(session.pageErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
    expect(desk.engineErrors).toEqual([]);
  });

  it('replays a CSV of candles picked in the form: the desk clock runs on the file\'s time and fills come at its prices', async () => {
    const { page } = session;
    // Two hours of one-minute candles in the shared data's layout (shared/data/README.md), around 23,100 USD.
    const rows = Array.from({ length: 120 }, (_, i) => {
      const t = new Date(Date.UTC(2023, 2, 1, 0, i)).toISOString().replace('T', ' ').replace('.000Z', '+00:00');
      const open = 23100 + (i % 9) * 3;
      return `${t},${open}.00,${open + 6}.50,${open - 5}.25,${open + 2}.75,3.5`;
    });
    const csv = join(desk.dataDir, 'btcusd-2023-03-01.csv');
    writeFileSync(csv, ['open_time,open,high,low,close,volume', ...rows].join('\n'));
    const form = page.getByRole('form', { name: 'New paper session' });
    await form.getByLabel('CSV file').check();
    await form.getByLabel('Symbols').fill('BTC/USD');
    await form.getByLabel('Balances').fill('USD=1000000, BTC=0');
    await form.getByLabel('Clock speed').fill('100');
    await form.getByLabel('Candles CSV').setInputFiles(csv);
    await form.getByRole('button', { name: 'Start session' }).click();
    await page.getByLabel('Mode').getByText('PAPER', { exact: true }).waitFor();
    await page.getByTestId('desk-clock').filter({ hasText: /^2023-03-01 / }).waitFor();
    await page.waitForFunction(() => (document.getElementById('ticket-symbol') as HTMLInputElement | null)?.value === 'BTC/USD');
    await submitTicket(page, { quantity: '0.1' });
    await page.getByRole('table', { name: /Positions/ }).getByRole('row', { name: /BTC\/USD\s+0\.10000\s+23,1\d{2}\.\d{2}/ }).waitFor();
    await screenshot(page, '11-csv-replay');
    expectClean();
  });

  it('Import: a JSON file of directives in the seeds\' format, one result per directive', async () => {
    const { page } = session;
    await startPaperSession(page);
    const now = await deskNow(page);
    const directive = (symbol: string, qty: string) => {
      const id = generateId('EXE', now);
      return {
        directive_id: id,
        causality: { origin: { id, type: 'MANUAL' } },
        entry_plan: { plan_id: generateId('ENT', now), symbol, direction: 'BUY', order_type: 'LIMIT', limit_price: '20000.00' },
        size_plan: { plan_id: generateId('SIZ', now), position_size: qty },
        execution_plan: { plan_id: generateId('EXP', now), action: 'EXECUTE_TRADE', execution_urgency: '0.20', must_complete_immediately: false },
      };
    };
    const file = join(desk.dataDir, 'directives.json');
    writeFileSync(file, JSON.stringify({ examples: [{ name: 'ok', json: directive(SYMBOL, '0.1') }, { name: 'unknown symbol', json: directive('BTCUSDT', '0.1') }] }));
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import' }).click();
    await (await chooser).setFiles(file);
    const results = page.getByRole('status', { name: 'Import results' });
    await results.getByText('directives.json: 1 of 2 accepted').waitFor();
    await results.getByText(/#2 ✗/).waitFor();
    await page.locator('tr[data-plan-id]').first().waitFor();
    await screenshot(page, '12-import');
    expectClean();
  });
});
