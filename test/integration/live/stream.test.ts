/**
 * The user data stream dropping: reconnect, resubscribe, backfill open
 * orders and own trades since the last one seen, each trade reported once,
 * then reconciliation with the ledger (and its gate).
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../core/connectors/types';
import { Decimal } from '../../../core/domain';
import { autoAdvance, expectOneOrder, intend, nextEvent, nextReport, startRig, SYMBOL } from './harness';

const tradeIds = (reports: readonly { kind: string; trade?: { tradeId: string } }[]): string[] =>
  reports.flatMap((r) => (r.trade === undefined ? [] : [r.trade.tradeId]));

describe('dropped WebSocket', () => {
  it('reconnects, resubscribes, backfills the trade it missed (once), lists it, and takes orders again once acknowledged', async () => {
    const rig = await startRig();
    const { connector, fake } = rig;
    const states: ConnectionState[] = [];
    connector.onConnectionState((s) => states.push(s));
    const request = intend(rig);
    await connector.place(request);
    const first = nextReport(rig, 'PARTIAL_FILL', request.clientOrderId);
    const firstTrade = fake.control.fill(request.clientOrderId, { qty: '0.003' });
    await first;

    const dropped = nextEvent(connector, 'STREAM_DROPPED');
    const backfilled = nextEvent(connector, 'BACKFILLED');
    const listed = nextEvent(connector, 'RECONCILIATION_REQUIRED');
    fake.control.dropWebSockets();
    // Traded while nobody listens: only the backfill can find it.
    const missed = fake.control.fill(request.clientOrderId, { qty: '0.002' });
    await dropped;
    expect(await backfilled).toEqual({ kind: 'BACKFILLED', trigger: 'RECONNECT', orders: 0, trades: 1 });
    const { report } = await listed;

    expect(states).toEqual(['RECONNECTING', 'CONNECTED']);
    expect(fake.requests({ method: 'userDataStream.subscribe.signature' })).toHaveLength(2);
    // Own trades were read back from the last one seen (its time, inclusive), and that one was not reported again.
    expect(fake.requests({ method: 'GET', path: '/api/v3/myTrades' }).at(-1)?.params['startTime']).toBe(String(firstTrade.time));
    expect(tradeIds(rig.reports)).toEqual([String(firstTrade.id), String(missed.id)]);
    expect(report.differences.map((d) => [d.kind, d.clientOrderId, d.kind === 'MISSING_FILL' ? d.trade.tradeId : ''])).toEqual([
      ['STATUS_DRIFT', request.clientOrderId, ''],
      ['MISSING_FILL', request.clientOrderId, String(missed.id)],
    ]);
    // The missed fill reached the ledger through the report; new orders wait for the trader.
    expect(rig.ledger.getOrder(request.clientOrderId)?.filled_quantity).toEqual(new Decimal('0.005'));
    const refused = await connector.place(intend(rig, { price: new Decimal('24000') }));
    expect(refused).toMatchObject({ ok: false, outcome: 'REJECTED', reason: 'RECONCILIATION_PENDING' });
    expect(connector.status()).toMatchObject({ connection: 'CONNECTED', acceptingOrders: false, pendingReconciliation: { id: report.id } });

    expect(connector.acknowledgeReconciliation(report.id)).toEqual({ ok: true });
    expect(connector.status().acceptingOrders).toBe(true);
    const last = nextReport(rig, 'FILL', request.clientOrderId);
    const final = fake.control.fill(request.clientOrderId);
    await last;
    expect(tradeIds(rig.reports)).toEqual([String(firstTrade.id), String(missed.id), String(final.id)]);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'FILLED', ledger: 'FILLED' });
    expect(rig.ledger.fillsOfOrder(request.clientOrderId).map((f) => f.trade_id)).toEqual(['1', '2', '3']);
  });

  it('a drop that missed nothing reconciles clean and orders resume without asking the trader', async () => {
    const rig = await startRig();
    const request = intend(rig);
    await rig.connector.place(request);
    const reconciled = nextEvent(rig.connector, 'RECONCILED', (e) => e.report.trigger === 'RECONNECT');
    rig.fake.control.dropWebSockets();
    await reconciled;
    expect(rig.connector.status()).toMatchObject({ connection: 'CONNECTED', acceptingOrders: true });
    expect(await rig.connector.place(intend(rig, { price: new Decimal('24000') }))).toMatchObject({ ok: true });
    expect(rig.reports.map((r) => r.kind)).toEqual(['ACK', 'ACK']);
  });

  it('an order cancelled while the stream was down is found by lookup and reported CANCELED once', async () => {
    const rig = await startRig();
    const request = intend(rig);
    await rig.connector.place(request);
    const listed = nextEvent(rig.connector, 'RECONCILIATION_REQUIRED');
    rig.fake.control.dropWebSockets();
    // Cancelled from elsewhere (another session) while we are away.
    const { signedClient } = await import('../fake-binance/raw-client');
    await signedClient(rig.fake).del('/api/v3/order', { symbol: 'BTCUSDT', origClientOrderId: request.clientOrderId });
    const { report } = await listed;
    expect(report.differences.map((d) => d.kind)).toEqual(['STATUS_DRIFT']);
    expect(rig.reports.map((r) => r.kind)).toEqual(['ACK', 'CANCELED']);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'CANCELED', ledger: 'CANCELED' });
  });

  it('keeps trying to resubscribe with growing waits, refusing orders meanwhile; a skewed clock is re-measured', async () => {
    const rig = await startRig({ connector: { reconnectDelaysMs: [0, 1000, 5000] } });
    const { connector, fake } = rig;
    autoAdvance(rig);
    // The exchange's clock jumps 10 s behind ours: the resubscription is refused (-1021) and the
    // connector re-measures the clock, but the first two measurements fail (503).
    fake.control.skewClock(-10_000);
    fake.control.failNext({ match: { method: 'GET', path: '/api/v3/time' }, times: 2, action: { type: 'status', status: 503, body: 'Service Unavailable.' } });
    const waits: number[] = [];
    connector.onEvent((e) => e.kind === 'WAITING' && e.reason === 'RECONNECT' && waits.push(e.until - rig.clock.now()));
    const attempt = { clientOrderId: 'ORD_20251201_143000_meanw', symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: new Decimal('0.01'), price: new Decimal('25000') } as const;
    const refusedMeanwhile = nextEvent(connector, 'WAITING', (e) => e.reason === 'RECONNECT').then(() => connector.place(attempt));
    const back = nextEvent(connector, 'RECONCILED');
    fake.control.dropWebSockets();
    expect(await refusedMeanwhile).toMatchObject({ ok: false, reason: 'RECONCILIATION_PENDING' });
    await back;
    expect(waits).toEqual([1000, 5000]);
    expect(fake.requests({ method: 'userDataStream.subscribe.signature' }).map((r) => r.outcome)).toEqual([
      { kind: 'answered', status: 200 },
      { kind: 'answered', status: 400, code: -1021 },
      { kind: 'answered', status: 400, code: -1021 },
      { kind: 'answered', status: 400, code: -1021 },
      { kind: 'answered', status: 200 },
    ]);
    expect(connector.status()).toMatchObject({ connection: 'CONNECTED', acceptingOrders: true, timeOffsetMs: -10_000 });
    expect(await connector.openOrders(SYMBOL)).toMatchObject({ ok: true, value: [] });
  });
});
