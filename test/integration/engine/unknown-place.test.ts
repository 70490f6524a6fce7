import { afterEach, describe, expect, it } from 'vitest';
import { directive, expectClean, openConnectorDesk, SYMBOL, type ConnectorDesk } from './support';

let desk: ConnectorDesk | undefined;
afterEach(async () => {
  await desk?.engine.close();
  desk = undefined;
});

const MINUTE = 60_000;

/** A SINGLE market buy of 0.5; returns its group id once the engine settled. */
async function buy(d: ConnectorDesk): Promise<string> {
  const out = await d.engine.submitDirective(directive({ quantity: '0.5', execution: { action: 'EXECUTE_TRADE', execution_urgency: '0.9' }, now: d.clock.now() }));
  const groupId = out.groupIds[0] ?? '';
  await d.clock.runUntil(() => d.engine.ledger.getAlgoState(groupId)?.algo_status === 'DONE', { withinMs: 10 * MINUTE });
  await d.engine.idle();
  return groupId;
}

async function exchangeOrderIds(d: ConnectorDesk): Promise<string[]> {
  const trades = await d.exchange.tradesSince(0, SYMBOL);
  if (!trades.ok) throw new Error(trades.message);
  return [...new Set(trades.value.map((t) => t.clientOrderId))];
}

describe('a place whose outcome is UNKNOWN is resolved by lookup, never sent twice blindly', () => {
  it('the exchange acted but the answer was lost: the reports and the lookup settle it, nothing is resent', async () => {
    desk = await openConnectorDesk();
    desk.connector.failPlaces(1, 'UNKNOWN_AFTER');
    const groupId = await buy(desk);
    const [order, ...more] = desk.engine.ledger.ordersOfGroup(groupId);
    expect(more).toEqual([]);
    expect(order?.status).toBe('FILLED');
    expect(desk.connector.placeCalls).toEqual([order?.order_id]);
    expect(await exchangeOrderIds(desk)).toEqual([order?.order_id]);
    expect(desk.engine.ledger.getGroup(groupId)?.status).toBe('COMPLETED');
    expectClean(desk);
  });

  it('the request never arrived: the lookup finds no such order, and only then is it sent again, once, under the same client order id', async () => {
    desk = await openConnectorDesk();
    desk.connector.failPlaces(1, 'UNKNOWN');
    const groupId = await buy(desk);
    const [order, ...more] = desk.engine.ledger.ordersOfGroup(groupId);
    expect(more).toEqual([]);
    expect(order?.status).toBe('FILLED');
    expect(desk.connector.placeCalls).toEqual([order?.order_id, order?.order_id]);
    expect(await exchangeOrderIds(desk)).toEqual([order?.order_id]);
    expect(desk.engine.ledger.getGroup(groupId)?.filled_quantity.toFixed()).toBe('0.5');
    expectClean(desk);
  });

  it('an exchange that never takes it: after the retry budget the order is REJECTED and the group FAILED, with nothing on the exchange', async () => {
    desk = await openConnectorDesk();
    desk.connector.failPlaces(Infinity, 'UNKNOWN');
    const groupId = await buy(desk);
    const [order] = desk.engine.ledger.ordersOfGroup(groupId);
    expect(order?.status).toBe('REJECTED');
    expect(desk.connector.placeCalls.length).toBe(4); // the first send and the engine's three resends
    expect(await exchangeOrderIds(desk)).toEqual([]);
    expect(desk.engine.ledger.getGroup(groupId)?.status).toBe('FAILED');
    expectClean(desk);
  });
});
