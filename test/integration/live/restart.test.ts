/**
 * Reconciliation at start: a new process opens the same ledger against an
 * exchange that moved on. Differences are listed for the trader, new orders
 * wait for the acknowledgement, fills are never invented and cancels never
 * assumed, and nothing already on the exchange is sent again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { Decimal, generateId } from '../../../core/domain';
import { openLedger } from '../../../core/ledger';
import { signedClient } from '../fake-binance/raw-client';
import { expectOneOrder, intend, makeFake, makeRig, T0, type Rig } from './harness';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** What the previous process did before it died: the order reached the exchange, no answer was recorded. */
async function sentByThePreviousProcess(rig: Pick<Rig, 'fake'>, clientOrderId: string, price = '25000'): Promise<void> {
  const r = await signedClient(rig.fake).post('/api/v3/order', {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    timeInForce: 'GTC',
    quantity: '0.01',
    price,
    newClientOrderId: clientOrderId,
  });
  expect(r.status).toBe(200);
}

describe('restart between send and acknowledgement', () => {
  it('finds the order, lists the drift, reports the ACK, holds new orders until acknowledged, and never sends it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerdesk-live-'));
    dirs.push(dir);
    const path = join(dir, 'ledger.db');
    const clock = new VirtualClock(T0);
    const fake = await makeFake(clock);

    // First process: the intent is committed, the order sent, then the process dies.
    const before = openLedger(path, { clock });
    const first = await makeRig({ clock, reuseFake: fake, ledger: before });
    const request = intend(first);
    await sentByThePreviousProcess(first, request.clientOrderId);
    before.close();

    // Second process, same ledger file, same exchange.
    await clock.advanceAsync(30_000);
    const rig = await makeRig({ clock, reuseFake: fake, ledger: path });
    expect(rig.ledger.getOrder(request.clientOrderId)?.status).toBe('PENDING_SUBMIT');
    const started = await rig.connector.start();
    expect(started.ok).toBe(true);
    const report = started.ok ? started.value : undefined;
    expect(report?.trigger).toBe('START');
    expect(report?.differences).toMatchObject([
      {
        kind: 'STATUS_DRIFT',
        clientOrderId: request.clientOrderId,
        ledgerStatus: 'PENDING_SUBMIT',
        exchangeOrder: { status: 'NEW', exchangeOrderId: '1' },
      },
    ]);
    // The exchange's fact reached the ledger as a report; the order is OPEN, with its exchange id.
    expect(rig.reports.map((r) => r.kind)).toEqual(['ACK']);
    expect(rig.ledger.getOrder(request.clientOrderId)).toMatchObject({ status: 'OPEN', connector_order_id: '1' });
    expect(rig.connector.awaitingAcknowledgement()).toBe(true);

    const next = intend(rig, { price: new Decimal('24000') });
    expect(await rig.connector.place(next)).toMatchObject({ ok: false, outcome: 'REJECTED', reason: 'RECONCILIATION_PENDING' });
    expect(rig.connector.acknowledgeReconciliation(report?.id ?? '')).toEqual({ ok: true });
    expect(await rig.connector.place(next)).toMatchObject({ ok: true });

    expect(fake.requests({ method: 'POST', path: '/api/v3/order' }).map((r) => r.params['newClientOrderId'])).toEqual([
      request.clientOrderId,
      next.clientOrderId,
    ]);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
    expectOneOrder(rig, next.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });

  it('an order that filled while we were down: drift and each missing fill listed, the fills reported once, the ledger FILLED', async () => {
    const clock = new VirtualClock(T0);
    const fake = await makeFake(clock);
    const rig = await makeRig({ clock, reuseFake: fake });
    const request = intend(rig);
    await sentByThePreviousProcess(rig, request.clientOrderId);
    const t1 = fake.control.fill(request.clientOrderId, { qty: '0.004' });
    const t2 = fake.control.fill(request.clientOrderId);

    const started = await rig.connector.start();
    const differences = started.ok ? started.value.differences : [];
    expect(differences.map((d) => [d.kind, d.kind === 'MISSING_FILL' ? d.trade.tradeId : d.clientOrderId])).toEqual([
      ['STATUS_DRIFT', request.clientOrderId],
      ['MISSING_FILL', String(t1.id)],
      ['MISSING_FILL', String(t2.id)],
    ]);
    expect(rig.reports.map((r) => [r.kind, 'trade' in r ? r.trade.tradeId : ''])).toEqual([
      ['PARTIAL_FILL', '1'],
      ['FILL', '2'],
    ]);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'FILLED', ledger: 'FILLED' });
    expect(rig.ledger.getOrder(request.clientOrderId)?.filled_quantity).toEqual(new Decimal('0.01'));
  });
});

describe('nothing assumed', () => {
  it('an intent that never reached the exchange is listed MISSING_ON_EXCHANGE and left PENDING_SUBMIT: not resent, not failed', async () => {
    const rig = await makeRig();
    const request = intend(rig);
    const started = await rig.connector.start();
    expect(started.ok && started.value.differences).toMatchObject([
      { kind: 'MISSING_ON_EXCHANGE', clientOrderId: request.clientOrderId, ledgerStatus: 'PENDING_SUBMIT' },
    ]);
    expect(rig.fake.requests({ method: 'POST' })).toEqual([]);
    expect(rig.ledger.getOrder(request.clientOrderId)?.status).toBe('PENDING_SUBMIT');
    expect(rig.reports).toEqual([]);
    // Once acknowledged, the engine may send it: exactly one order.
    const pending = rig.connector.pendingReconciliation();
    rig.connector.acknowledgeReconciliation(pending?.id ?? '');
    expect(await rig.connector.place(request)).toMatchObject({ ok: true });
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });

  it('an OPEN order the exchange does not have stays OPEN in the ledger (no cancel is assumed), listed for the trader', async () => {
    const rig = await makeRig();
    const id = generateId('ORD', rig.clock.now());
    rig.ledger.registerOrder({
      group_id: generateId('EXG', rig.clock.now()),
      plan_id: generateId('TPL', rig.clock.now()),
      group: { execution_strategy: 'SINGLE' },
      plan: { strategy_instance_id: 'live-test', asset_symbol: 'BTC/USDT', direction: 'BUY' },
      order: { order_id: id, symbol: 'BTC/USDT', side: 'BUY', order_type: 'LIMIT', quantity: '0.01', price: '25000', status: 'OPEN' },
    });
    const started = await rig.connector.start();
    expect(started.ok && started.value.differences).toMatchObject([{ kind: 'MISSING_ON_EXCHANGE', clientOrderId: id, ledgerStatus: 'OPEN' }]);
    expect(rig.ledger.getOrder(id)?.status).toBe('OPEN');
    expect(rig.ledger.checkInvariants().ok).toBe(true);
  });

  it('an order placed elsewhere on the account is listed UNKNOWN_TO_LEDGER, with its trades', async () => {
    const rig = await makeRig();
    await sentByThePreviousProcess(rig, 'manualOrderFromTheApp01');
    const trade = rig.fake.control.fill('manualOrderFromTheApp01', { qty: '0.002' });
    const started = await rig.connector.start();
    expect(started.ok && started.value.differences).toMatchObject([
      {
        kind: 'UNKNOWN_TO_LEDGER',
        clientOrderId: 'manualOrderFromTheApp01',
        exchangeOrder: { status: 'PARTIALLY_FILLED' },
        trades: [{ tradeId: String(trade.id), quantity: new Decimal('0.002') }],
      },
    ]);
    expect(rig.ledger.ordersPage({}).total).toBe(0);
  });

  it('an order cancelled while we were down is listed as drift and its cancel reported (confirmed by the exchange, not assumed)', async () => {
    const rig = await makeRig();
    const request = intend(rig);
    await sentByThePreviousProcess(rig, request.clientOrderId);
    rig.ledger.updateOrder({ order_id: request.clientOrderId, status: 'OPEN', connector_order_id: '1' });
    await signedClient(rig.fake).del('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: request.clientOrderId });
    const started = await rig.connector.start();
    expect(started.ok && started.value.differences).toMatchObject([
      { kind: 'STATUS_DRIFT', ledgerStatus: 'OPEN', exchangeOrder: { status: 'CANCELED' } },
    ]);
    expect(rig.reports.map((r) => r.kind)).toEqual(['CANCELED']);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'CANCELED', ledger: 'CANCELED' });
  });
});

describe('acknowledgement', () => {
  it('only the pending report can be acknowledged, once', async () => {
    const rig = await makeRig();
    intend(rig);
    const started = await rig.connector.start();
    const id = started.ok ? started.value.id : '';
    expect(rig.connector.acknowledgeReconciliation('REC-stale')).toMatchObject({ ok: false, error: { code: 'STALE_REPORT' } });
    expect(rig.connector.awaitingAcknowledgement()).toBe(true);
    expect(rig.connector.acknowledgeReconciliation(id)).toEqual({ ok: true });
    expect(rig.connector.acknowledgeReconciliation(id)).toMatchObject({ ok: false, error: { code: 'NO_PENDING_REPORT' } });
    expect(rig.connector.status()).toMatchObject({ acceptingOrders: true });
  });
});
