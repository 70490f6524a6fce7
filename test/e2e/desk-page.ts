// What a trader does on the page, as steps the tests share. Every wait is
// on something the page shows (Playwright's auto-waiting locators and
// waitForFunction), never a sleep.
import type { Locator, Page } from 'playwright-core';

export const SYMBOL = 'BTC/USDT';

/** Starts a synthetic paper session from the session bar's form and waits until the first bar arrived. */
export async function startPaperSession(page: Page, options: { speed?: number; startPrice?: string } = {}): Promise<void> {
  const form = page.getByRole('form', { name: 'New paper session' });
  await form.getByLabel('Symbols').fill(SYMBOL);
  await form.getByLabel('Start prices').fill(options.startPrice ?? '30000');
  await form.getByLabel('Balances').fill('USDT=10000000, BTC=0');
  await form.getByLabel('Clock speed').fill(String(options.speed ?? 100));
  await form.getByRole('button', { name: 'Start session' }).click();
  await page.getByLabel('Mode').getByText('PAPER', { exact: true }).waitFor();
  // The ticket takes the session's first symbol once a bar has priced it.
  await page.waitForFunction((symbol) => (document.getElementById('ticket-symbol') as HTMLInputElement | null)?.value === symbol, SYMBOL);
}

export interface TicketInput {
  readonly symbol?: string;
  readonly side?: 'BUY' | 'SELL';
  readonly quantity: string;
  readonly entry?: 'MARKET' | 'LIMIT';
  readonly limitPrice?: string;
  readonly style?: '' | 'SINGLE' | 'TWAP' | 'VWAP' | 'ICEBERG' | 'LAYERED' | 'POV';
  readonly windowMinutes?: string;
  readonly chunks?: string;
  readonly addToPlan?: boolean;
}

export function ticket(page: Page): Locator {
  return page.getByRole('form', { name: 'New trade' });
}

/** Fills the ticket by its labels and clicks Submit. */
export async function fillTicket(page: Page, t: TicketInput): Promise<void> {
  const form = ticket(page);
  if (t.symbol !== undefined) await form.getByLabel('Symbol', { exact: true }).fill(t.symbol);
  await form.getByLabel('Side').selectOption(t.side ?? 'BUY');
  await form.getByLabel('Quantity').fill(t.quantity);
  await form.getByLabel('Entry', { exact: true }).selectOption(t.entry ?? 'MARKET');
  if (t.limitPrice !== undefined) await form.getByLabel('Limit price').fill(t.limitPrice);
  await form.getByLabel('Execution style').selectOption(t.style ?? '');
  await form.getByLabel('Window (min)').fill(t.windowMinutes ?? '');
  await form.getByLabel('Chunks').fill(t.chunks ?? '');
  await form.getByLabel('Add to selected plan').setChecked(t.addToPlan ?? false);
  await form.getByRole('button', { name: 'Submit' }).click();
}

const submittedCount = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('form[aria-labelledby="ticket-title"] .form-ok')?.getAttribute('data-submitted') ?? 0));

/** Submits and waits until the engine accepted it (the ticket counts what it sent); a refusal fails the step. */
export async function submitTicket(page: Page, t: TicketInput): Promise<void> {
  const before = await submittedCount(page);
  await fillTicket(page, t);
  await page.waitForFunction((previous) => {
    const form = document.querySelector('form[aria-labelledby="ticket-title"]');
    const error = form?.querySelector('.form-error, .field__error');
    if (error) throw new Error(`ticket refused: ${error.textContent}`);
    return Number(form?.querySelector('.form-ok')?.getAttribute('data-submitted') ?? 0) > previous;
  }, before);
}

export function groupRows(page: Page): Locator {
  return page.locator('tr[data-group-id]');
}

export function progressOf(row: Locator): Locator {
  return row.getByRole('progressbar');
}

/** Waits for a group row's status badge to read `status`. */
export async function waitForGroupStatus(row: Locator, status: string): Promise<void> {
  await row.locator('.ld-badge', { hasText: new RegExp(`^${status}$`) }).waitFor();
}

/** The desk clock (epoch ms of desk time) as the session bar shows it. */
export async function deskNow(page: Page): Promise<number> {
  return Number(await page.getByTestId('desk-clock').getAttribute('data-now'));
}

/** Waits until the desk clock shown on the page has reached `ms`. */
export async function waitForDeskTime(page: Page, ms: number): Promise<void> {
  await page.waitForFunction((target) => Number(document.querySelector('[data-testid="desk-clock"]')?.getAttribute('data-now') ?? 0) >= target, ms);
}

/**
 * Records every value the progress bars' aria-valuenow takes (and their
 * aria-valuetext), from now on, in the page: a MutationObserver sees each
 * render, however quickly the next one follows.
 */
export async function recordProgress(page: Page): Promise<() => Promise<{ now: number[]; text: string[] }>> {
  await page.evaluate(() => {
    const seen = { now: [] as number[], text: [] as string[] };
    (window as unknown as { __progress: typeof seen }).__progress = seen;
    const scan = () => {
      for (const bar of document.querySelectorAll('tr[data-group-id] [role="progressbar"]')) {
        const now = Number(bar.getAttribute('aria-valuenow'));
        if (seen.now[seen.now.length - 1] !== now) seen.now.push(now);
        const text = bar.getAttribute('aria-valuetext') ?? '';
        if (seen.text[seen.text.length - 1] !== text) seen.text.push(text);
      }
    };
    new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-valuetext'] });
  });
  return () => page.evaluate(() => (window as unknown as { __progress: { now: number[]; text: string[] } }).__progress);
}
