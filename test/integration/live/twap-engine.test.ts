/**
 * A TWAP end to end: the engine (createEngine) trading through the live
 * connector against the fake Binance, all on one VirtualClock. The test plays
 * the market: every slice the exchange acknowledges is filled. Also shows how
 * a host wires the connector to the engine's ledger, which opens after the
 * connector starts (orders wait for the reconciliation).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../core/clock';
import { envCredentials, ledgerView, LiveConnector } from '../../../core/connectors/live';
import type { ExecutionReport } from '../../../core/connectors/types';
import { Decimal } from '../../../core/domain';
import { createEngine, type Engine } from '../../../core/engine';
import type { Ledger } from '../../../core/ledger';
import { ccxtBinanceConfig } from '../../fixtures/fake-binance';
import { directive } from '../engine/directive';
import { API_KEY, API_SECRET, makeFake, SYMBOL, T0 } from './harness';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

/** Resolves once `holds` is true of the ledger, checked after every committed change. */
function until(ledger: Ledger, holds: () => boolean): Promise<void> {
  if (holds()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = ledger.subscribe(ledger.lastSeq(), () => {
      if (!holds()) return;
      off();
      resolve();
    });
  });
}

describe('TWAP through the engine and the live connector', () => {
  it('places evenly spaced slices with the ledger ids, each filled once, and completes the group', async () => {
    const clock = new VirtualClock(T0);
    const fake = await makeFake(clock);
    const errors: unknown[] = [];
    const connector = new LiveConnector({
      exchangeId: 'binance',
      credentials: envCredentials('LDTEST', { LDTEST_API_KEY: API_KEY, LDTEST_API_SECRET: API_SECRET }),
      clock,
      symbols: [SYMBOL],
      // The engine opens the ledger after the connector has started.
      ledger: () => (engine === undefined ? undefined : ledgerView(engine.ledger)),
      urls: ccxtBinanceConfig(fake).urls.api,
    });
    const started = await connector.start();
    expect(started).toMatchObject({ ok: false, outcome: 'UNKNOWN', message: 'reconciliation failed: no ledger to reconcile with yet' });
    expect(connector.status()).toMatchObject({ connection: 'CONNECTED', acceptingOrders: false });

    engine = await createEngine({ ledgerPath: ':memory:', clock, connector, onError: (e) => errors.push(e) });
    expect(await connector.reconcileNow()).toMatchObject({ ok: true, value: { differences: [] } });
    expect(connector.status().acceptingOrders).toBe(true);
    const { ledger } = engine;

    // The market: every slice the exchange acknowledges is filled at its limit.
    const reports: ExecutionReport[] = [];
    connector.onReport((r) => {
      reports.push(r);
      if (r.kind === 'ACK' && fake.openOrders().some((o) => o.clientOrderId === r.order.clientOrderId)) fake.control.fill(r.order.clientOrderId);
    });

    const start = clock.now();
    const out = await engine.submitDirective(
      directive({
        quantity: '0.05',
        orderType: 'LIMIT',
        limitPrice: '30000',
        execution: { action: 'EXECUTE_TRADE', preferred_execution_style: 'TWAP', max_execution_window_minutes: 10, chunk_count_hint: 5 },
        now: start,
      }),
    );
    const groupId = out.groupIds[0] ?? '';
    const slicesFilled = () => {
      const orders = ledger.ordersOfGroup(groupId);
      return orders.length > 0 && orders.every((o) => o.status === 'FILLED');
    };
    for (let slice = 0; ledger.getGroup(groupId)?.status !== 'COMPLETED'; slice++) {
      expect(slice).toBeLessThan(10);
      await engine.idle();
      await until(ledger, slicesFilled);
      const next = clock.nextTimerAt();
      if (ledger.getGroup(groupId)?.status === 'COMPLETED' || next === undefined) break;
      await clock.advanceToAsync(next);
    }
    await engine.idle();

    const group = ledger.getGroup(groupId);
    expect(group).toMatchObject({ status: 'COMPLETED', filled_quantity: new Decimal('0.05') });
    const orders = ledger.ordersOfGroup(groupId).sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
    expect(orders.map((o) => o.status)).toEqual(['FILLED', 'FILLED', 'FILLED', 'FILLED', 'FILLED']);
    // About a fifth each (the algorithm may jitter a slice by a few steps), the whole quantity in total.
    for (const o of orders) expect(o.quantity.minus('0.01').abs().lte('0.0001')).toBe(true);
    expect(orders.reduce((s, o) => s.plus(o.quantity), new Decimal(0)).toFixed()).toBe('0.05');
    expect(orders.map((o) => o.created_at.getTime() - start)).toEqual([0, 2, 4, 6, 8].map((m) => m * 60_000));
    // One exchange order per ledger order, sent with the ledger's id; one fill per trade.
    for (const o of orders) {
      expect(fake.ordersByClientId(o.order_id).map((x) => [x.status, x.origQty.toFixed()])).toEqual([['FILLED', o.quantity.toFixed()]]);
      expect(o.connector_order_id).toBe(String(fake.ordersByClientId(o.order_id)[0]?.orderId));
      expect(ledger.fillsOfOrder(o.order_id)).toHaveLength(1);
    }
    expect(fake.orders()).toHaveLength(5);
    const tradeReports = reports.flatMap((r) => ('trade' in r ? [r.trade.tradeId] : []));
    expect(tradeReports).toEqual(['1', '2', '3', '4', '5']);
    const invariants = ledger.checkInvariants();
    expect(invariants.violations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
