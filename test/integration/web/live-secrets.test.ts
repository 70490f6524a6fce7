/**
 * Issue 4's promise for keys in web mode: read from the environment, never
 * written to SQLite, logs or error messages. Web mode runs in process
 * (runWebCli with --live against the fake Binance); everything it prints,
 * everything the console receives, every WebSocket frame a page would get
 * and the ledger's files are searched for the key and the secret.
 */
import { readdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { wsProtocols } from '../../../core/api/ws-protocol';
import { appContract, createHost } from '../../../web/host';
import { runWebCli, type WebCliOutcome } from '../../../web/run-web';
import { startFakeBinance, type FakeBinance } from '../../fixtures/fake-binance';
import { directive } from '../engine/directive';
import { makeStaticDir } from './helpers';
import { API_KEY, API_SECRET, LIVE_ENV, seedForeignOrder } from './live-helpers';

const dirs = makeStaticDir();
let fake: FakeBinance;
let dataDir: string;
let running: WebCliOutcome | undefined;
/** Everything printed: the CLI's stdout/stderr lines and whatever reached the console. */
let printed: string[] = [];

beforeEach(async () => {
  fake = await startFakeBinance({ apiKey: API_KEY, secret: API_SECRET });
  dataDir = mkdtempSync(join(tmpdir(), 'ledgerdesk-live-secrets-'));
  printed = [];
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 10 }))).join(' ')));
  }
});

afterEach(async () => {
  if (running?.exitCode === null) await running.stop();
  running = undefined;
  vi.restoreAllMocks();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(env: Readonly<Record<string, string | undefined>>): Promise<WebCliOutcome> {
  return runWebCli(['--data-dir', dataDir, '--live', 'binance', '--symbols', 'BTC/USDT', '--rest-url', fake.restUrl, '--ws-api-url', fake.wsApiUrl], {
    contract: appContract,
    createHost,
    staticDir: dirs.staticDir,
    cwd: dataDir,
    env,
    stdout: (line) => printed.push(line),
    stderr: (line) => printed.push(line),
  });
}

/** A page's socket: every frame kept as received; commands answered by id; waits on what arrives. */
async function page(server: { port: number; origin: string; token: string }) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, wsProtocols(server.token), { origin: server.origin });
  const frames: string[] = [];
  const waiters: { holds: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (data) => {
    const text = String(data);
    frames.push(text);
    const message = JSON.parse(text) as Record<string, unknown>;
    for (const w of waiters.splice(0)) {
      if (w.holds(message)) w.resolve(message);
      else waiters.push(w);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const next = (holds: (m: Record<string, unknown>) => boolean) => new Promise<Record<string, unknown>>((resolve) => waiters.push({ holds, resolve }));
  let id = 0;
  const request = async (command: string, payload?: unknown) => {
    const n = ++id;
    const answer = next((m) => m.id === n);
    ws.send(JSON.stringify({ id: n, command, ...(payload === undefined ? {} : { payload }) }));
    return (await answer).result as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  };
  return { ws, frames, next, request };
}

type Status = { acceptingOrders: boolean; pendingReconciliation: boolean; reconciliationReportId: string | null; refusalReason: string | null };
const statusOf = (m: Record<string, unknown>): Status | undefined => (m.status as Status | undefined) ?? undefined;

/** The ledger's files (database, WAL, shared memory), as bytes turned to text. */
function ledgerBytes(): string {
  return readdirSync(dataDir)
    .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
    .join('\n');
}

function expectNoKeys(where: string, text: string, secrets: readonly string[] = [API_KEY, API_SECRET]): void {
  for (const s of secrets) expect(text.includes(s), `${where} contains a credential`).toBe(false);
}

describe('web mode --live keeps the keys to itself', () => {
  it('a whole session (reconciliation, refusals, orders, an exchange refusal, a stream drop) never shows the key or the secret', async () => {
    await seedForeignOrder(fake, 'foreign-secrets-1');
    running = await start(LIVE_ENV);
    expect(running.exitCode, printed.join('\n')).toBeNull();
    if (running.exitCode !== null) return;
    const p = await page(running.server);
    p.ws.send(JSON.stringify({ watchStatus: true }));
    p.ws.send(JSON.stringify({ subscribe: 0 }));

    const status = await p.request('status');
    const reportId = (status.value as Status).reconciliationReportId;
    expect(reportId).toMatch(/^REC-/);
    expect(await p.request('reconciliation')).toMatchObject({ ok: true, value: { id: reportId } });
    const now = Date.now();
    expect(await p.request('submitDirective', directive({ quantity: '0.01', orderType: 'LIMIT', limitPrice: '25000', now }))).toMatchObject({ ok: false, error: { code: 'REFUSED' } });
    expect(await p.request('acknowledgeReconciliation', { report_id: 'REC-0-0' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await p.request('acknowledgeReconciliation', { report_id: reportId })).toMatchObject({ ok: true });

    // One order the exchange takes, one it refuses (more than the account holds): the refusal's words reach the ledger and the page.
    expect(await p.request('submitDirective', directive({ quantity: '0.01', orderType: 'LIMIT', limitPrice: '25000', now }))).toMatchObject({ ok: true });
    expect(await p.request('submitDirective', directive({ quantity: '1000', orderType: 'LIMIT', limitPrice: '25000', now }))).toMatchObject({ ok: true });
    await p.next((m) => JSON.stringify(m).includes('REJECTED'));
    expect(fake.orders().filter((o) => o.clientOrderId.startsWith('ORD_'))).toHaveLength(1);

    // The stream drops; the desk reconnects and reconciles again (a new report: the foreign order is still unknown).
    const held = p.next((m) => {
      const s = statusOf(m);
      return s !== undefined && s.pendingReconciliation && s.reconciliationReportId !== reportId;
    });
    fake.control.dropWebSockets();
    await held;
    expect(await p.request('reconciliation')).toMatchObject({ ok: true, value: { trigger: 'RECONNECT' } });
    expect(await p.request('snapshot', { ordersLimit: 100, fillsLimit: 100 })).toMatchObject({ ok: true });
    p.ws.close();
    await running.stop();
    running = undefined;

    expect(p.frames.length).toBeGreaterThan(10);
    expectNoKeys('a WebSocket frame', p.frames.join('\n'));
    expectNoKeys('the output', printed.join('\n'));
    // The connector logged the reconciliation to stderr: the output is really being searched.
    expect(printed.join('\n')).toContain('reconciliation found differences');
    expectNoKeys('the ledger files', ledgerBytes());
    expect(ledgerBytes()).toContain('foreign-secrets-1'); // the search does find what the ledger holds
  });

  it('a secret the exchange refuses: the desk opens holding orders and says why, without the secret anywhere', async () => {
    const wrong = 'WrongSecretQm5Nb8Vc2Xz7Lk4Jh9Gf3Ds6Aq1Wp0Oe5Ir8Tu2Yt7Re4Wq9Za3S';
    running = await start({ LEDGERDESK_BINANCE_API_KEY: API_KEY, LEDGERDESK_BINANCE_API_SECRET: wrong });
    expect(running.exitCode, printed.join('\n')).toBeNull();
    if (running.exitCode !== null) return;
    const p = await page(running.server);
    const status = await p.request('status');
    expect(status).toMatchObject({ ok: true, value: { acceptingOrders: false, pendingReconciliation: false } });
    expect((status.value as Status).refusalReason).toMatch(/reconciliation failed|order stream is/);
    p.ws.close();
    await running.stop();
    running = undefined;
    expect(printed.join('\n')).toMatch(/Signature for this request is not valid|-1022/);
    expectNoKeys('the output', printed.join('\n'), [API_KEY, wrong]);
    expectNoKeys('a WebSocket frame', p.frames.join('\n'), [API_KEY, wrong]);
    expectNoKeys('the ledger files', ledgerBytes(), [API_KEY, wrong]);
  });

  it('a missing or malformed key stops the start with a message that names the variable, never a value (exit 1)', async () => {
    const missing = await start({ LEDGERDESK_BINANCE_API_KEY: API_KEY });
    expect(missing.exitCode).toBe(1);
    expect(printed.join('\n')).toContain('ledgerdesk web: cannot start the engine: live binance: could not start: environment LEDGERDESK_BINANCE_*: LEDGERDESK_BINANCE_API_SECRET is not set');
    expectNoKeys('the output', printed.join('\n'));

    printed.length = 0;
    const spaced = 'not a key with spaces in it';
    const malformed = await start({ LEDGERDESK_BINANCE_API_KEY: spaced, LEDGERDESK_BINANCE_API_SECRET: API_SECRET });
    expect(malformed.exitCode).toBe(1);
    expect(printed.join('\n')).toContain('LEDGERDESK_BINANCE_API_KEY must be 8-512 printable characters without spaces');
    expectNoKeys('the output', printed.join('\n'), [spaced, API_SECRET]);
    // Nothing reached the exchange: the keys are checked before anything is sent.
    expect(fake.requests()).toEqual([]);
  });
});
