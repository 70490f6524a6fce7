/**
 * web/host.ts with the live option, over the fake Binance on one
 * VirtualClock, driven through the contract as a transport would (wire JSON
 * in and out): the reconciliation at start and after a reconnect, the
 * status pushes that say whether orders go out, the refusal of new trades
 * while a report waits, and the acknowledgement's typed refusals. Contract
 * tests against the documented API the fake implements, not the live exchange.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../core/api/dispatch';
import { VirtualClock } from '../../../core/clock';
import { envCredentials } from '../../../core/connectors/live';
import type { EngineStatus } from '../../../core/engine/status';
import { appContract, createHost, type AppHost } from '../../../web/host';
import { directive } from '../engine/directive';
import { makeFake, T0 } from '../live/harness';
import { LIVE_ENV, seedForeignOrder } from './live-helpers';

const FOREIGN = 'foreign-0001';
let host: AppHost | undefined;
let dir: string | undefined;

afterEach(async () => {
  await host?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  host = undefined;
  dir = undefined;
});

/** Every status push, and a way to wait for the first one (from now on) that matches. */
function watchStatus(h: AppHost) {
  const seen: EngineStatus[] = [];
  const waiters: { holds: (s: EngineStatus) => boolean; resolve: (s: EngineStatus) => void }[] = [];
  h.status?.((s) => {
    seen.push(s);
    for (const w of waiters.splice(0)) {
      if (w.holds(s)) w.resolve(s);
      else waiters.push(w);
    }
  });
  return {
    seen,
    next: (holds: (s: EngineStatus) => boolean) => new Promise<EngineStatus>((resolve) => waiters.push({ holds, resolve })),
  };
}

const call = (h: AppHost, command: string, payload?: unknown) => dispatch(appContract, h.handlers, command, payload);

async function liveHost(clock: VirtualClock, errors: unknown[]) {
  const fake = await makeFake(clock);
  await seedForeignOrder(fake, FOREIGN);
  dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-live-host-'));
  host = await createHost(dir, {
    clock,
    onError: (e) => errors.push(e),
    live: {
      venue: { exchangeId: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'], restUrl: fake.restUrl, wsApiUrl: fake.wsApiUrl },
      credentials: envCredentials('LEDGERDESK_BINANCE', LIVE_ENV),
    },
  });
  return { fake, host };
}

describe('web/host.ts live option', () => {
  it('holds new trades while the start report waits, lists it over the contract, and sends orders once it is acknowledged', async () => {
    const clock = new VirtualClock(T0);
    const errors: unknown[] = [];
    const { fake, host: h } = await liveHost(clock, errors);
    const status = watchStatus(h);

    const first = status.seen[0];
    expect(first).toMatchObject({ mode: 'live', connectorId: 'live:binance', connectionState: 'CONNECTED', acceptingOrders: false, pendingReconciliation: true });
    const reportId = first?.reconciliationReportId ?? '';
    expect(reportId).toMatch(/^REC-\d+-\d+$/);
    expect(first?.refusalReason).toBe(`reconciliation report ${reportId} lists 1 difference(s) the trader has not acknowledged`);

    // The report on the wire: decimal strings, the exchange's order as it stands.
    const report = await call(h, 'reconciliation');
    expect(report).toEqual({
      ok: true,
      value: {
        id: reportId,
        trigger: 'START',
        at: T0,
        differences: [
          {
            kind: 'UNKNOWN_TO_LEDGER',
            clientOrderId: FOREIGN,
            symbol: 'BTC/USDT',
            message: `the exchange has NEW BUY 0.01 BTC/USDT (${FOREIGN}, filled 0) that the ledger does not know`,
            exchangeOrder: {
              clientOrderId: FOREIGN,
              exchangeOrderId: String(fake.ordersByClientId(FOREIGN)[0]?.orderId),
              symbol: 'BTC/USDT',
              side: 'BUY',
              type: 'LIMIT',
              quantity: '0.01',
              price: '20000',
              status: 'NEW',
              filledQuantity: '0',
              updatedAt: T0,
            },
            trades: [],
          },
        ],
      },
    });

    // A trade is refused before anything is written; cancels still go through.
    const trade = directive({ quantity: '0.01', orderType: 'LIMIT', limitPrice: '25000', now: T0 });
    const refused = await call(h, 'submitDirective', trade);
    expect(refused).toEqual({ ok: false, error: { code: 'REFUSED', message: `new orders are held: ${first?.refusalReason}` } });
    expect(await call(h, 'cancelEverything')).toEqual({ ok: true, value: { plans: 0 } });
    // The live session is the desk's for as long as it runs: detached, it could not cancel its own orders.
    expect(await call(h, 'stopSession')).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'a live session runs as long as the desk: quit the desk to disconnect' } });
    expect(await call(h, 'startPaperSession', { symbols: [{ symbol: 'BTC/USDT', start_price: '30000' }], balances: { USDT: '100000' }, source: { kind: 'synthetic', seed: 3 } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect((await h.handlers.snapshot({ fillsLimit: 0, ordersLimit: 0 })).plans).toEqual([]);

    // Acknowledging needs the id of the report that is pending; then orders go out.
    expect(await call(h, 'acknowledgeReconciliation', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call(h, 'acknowledgeReconciliation', { report_id: 'REC-1-1' })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: `STALE_REPORT: report REC-1-1 is not the pending one (${reportId}); review the newer report` },
    });
    const pushed = status.next((s) => !s.pendingReconciliation);
    expect(await call(h, 'acknowledgeReconciliation', { report_id: reportId })).toEqual({
      ok: true,
      value: { report_id: reportId, acceptingOrders: true, refusalReason: null },
    });
    expect(await pushed).toMatchObject({ acceptingOrders: true, refusalReason: null, pendingReconciliation: false, reconciliationReportId: null });
    expect(await call(h, 'reconciliation')).toEqual({ ok: true, value: null });
    expect(await call(h, 'acknowledgeReconciliation', { report_id: reportId })).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'NO_PENDING_REPORT: no reconciliation report awaits acknowledgement' },
    });

    const sent = await call(h, 'submitDirective', trade);
    expect(sent).toMatchObject({ ok: true });
    await expect.poll(async () => (await h.handlers.ordersPage({ offset: 0, limit: 10 })).items.map((o) => o.status), { timeout: 10_000, interval: 10 }).toEqual(['OPEN']);
    const [order] = (await h.handlers.ordersPage({ offset: 0, limit: 10 })).items;
    expect(fake.ordersByClientId(order?.order_id ?? '').map((o) => [o.status, o.origQty.toFixed(), o.price.toFixed()])).toEqual([['NEW', '0.01', '25000']]);
    expect(errors).toEqual([]);
  });

  it('after a reconnect it reconciles again: a new report holds orders until acknowledged, and the status says so', async () => {
    const clock = new VirtualClock(T0);
    const errors: unknown[] = [];
    const { fake, host: h } = await liveHost(clock, errors);
    const status = watchStatus(h);
    const startReport = status.seen[0]?.reconciliationReportId ?? '';
    expect(await call(h, 'acknowledgeReconciliation', { report_id: startReport })).toMatchObject({ ok: true });
    expect(status.seen.at(-1)).toMatchObject({ acceptingOrders: true });

    const held = status.next((s) => s.pendingReconciliation && s.reconciliationReportId !== startReport);
    fake.control.dropWebSockets();
    const after = await held;
    // The drop was seen on the way: the connection state went through the reconnect.
    expect(status.seen.some((s) => s.connectionState === 'RECONNECTING' || s.connectionState === 'CONNECTING')).toBe(true);
    expect(after).toMatchObject({ connectionState: 'CONNECTED', acceptingOrders: false });
    const report = await call(h, 'reconciliation');
    // The order behind the desk's back is still unknown to the ledger: listed again, now for the reconnect.
    expect(report).toMatchObject({
      ok: true,
      value: { id: after.reconciliationReportId, trigger: 'RECONNECT', differences: [{ kind: 'UNKNOWN_TO_LEDGER', clientOrderId: FOREIGN }] },
    });
    expect(await call(h, 'submitDirective', directive({ quantity: '0.01', orderType: 'LIMIT', limitPrice: '25000', now: T0 }))).toMatchObject({
      ok: false,
      error: { code: 'REFUSED' },
    });
    expect(await call(h, 'acknowledgeReconciliation', { report_id: startReport })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: /^NO_PENDING_REPORT|^STALE_REPORT/ } });
    expect(await call(h, 'acknowledgeReconciliation', { report_id: after.reconciliationReportId })).toMatchObject({ ok: true, value: { acceptingOrders: true } });
    expect(errors).toEqual([]);
  });
});
