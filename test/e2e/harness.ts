// End-to-end fixtures: a real web-mode server (the real engine, a fresh data
// directory per test, as Actual's Playwright fixtures do) and Debian's
// Chromium driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../../web/server';
import { appContract, createHost, type AppHost } from '../../web/host';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const STATIC_DIR = resolve(REPO, 'dist/renderer');
export const SCREENSHOTS = resolve(REPO, 'test/e2e/screenshots');
export const CHROMIUM = process.env.LEDGERDESK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the browser suite cannot run here, or null when it can. */
export function missingPrerequisite(): string | null {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set LEDGERDESK_CHROMIUM)`;
  if (!existsSync(join(STATIC_DIR, 'index.html'))) return `the renderer is not built (${STATIC_DIR}): run \`npm run build:renderer\` (npm test does)`;
  return null;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface Desk {
  readonly url: string;
  readonly host: AppHost;
  readonly server: WebServer;
  readonly dataDir: string;
  /** What the engine reported through onError (a test ends by checking it is empty). */
  readonly engineErrors: unknown[];
  /**
   * Stops the engine and the server, then starts both again over the same
   * data directory, port and token: a desk restart the open page has to
   * notice (it reconnects by itself).
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function serve(dataDir: string, engineErrors: unknown[], fixed?: { port: number; token: string }): Promise<{ host: AppHost; server: WebServer }> {
  const host = await createHost(dataDir, { onError: (e) => engineErrors.push(e) });
  const server = await startWebServer({
    contract: appContract,
    ...host,
    port: fixed?.port ?? 0,
    ...(fixed ? { token: fixed.token } : {}),
    staticDir: STATIC_DIR,
    onError: (context, e) => engineErrors.push(`${context}: ${String(e)}`),
  });
  return { host, server };
}

/** The web mode in-process on port 0, over a data directory of its own. */
export async function startDesk(): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledgerdesk-e2e-'));
  const engineErrors: unknown[] = [];
  let running = await serve(dataDir, engineErrors);
  const url = running.server.url;
  return {
    url,
    get host() {
      return running.host;
    },
    get server() {
      return running.server;
    },
    dataDir,
    engineErrors,
    async restart() {
      const { port, token } = running.server;
      await running.server.close();
      await running.host.close();
      running = await serve(dataDir, engineErrors, { port, token });
    },
    async close() {
      await running.server.close();
      await running.host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and CSP violations the page reported. */
  readonly pageErrors: string[];
}

/** A fresh browser context (its own sessionStorage) on the desk's URL. */
export async function openPage(browser: Browser, desk: Desk): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  await page.goto(desk.url);
  return { context, page, pageErrors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
