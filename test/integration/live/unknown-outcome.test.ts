/**
 * Orders whose outcome is unknown: the exchange committed (or did not) and
 * the answer was lost. Each ends with exactly one order per client order id
 * on the fake and in the ledger, the ledger's invariants holding, and the
 * ledger having shown UNKNOWN while the answer was missing.
 */
import { describe, expect, it } from 'vitest';
import type { PlaceOrderRequest } from '../../../core/connectors/types';
import type { OrderStatus } from '../../../core/domain';
import { autoAdvance, expectOneOrder, intend, requestLines, lastSeq, startRig, type Rig } from './harness';

const NEW_ORDER = { method: 'POST', path: '/api/v3/order' } as const;
const TIMEOUT_BODY = { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' };

/** placeAndResolve with the hooks the engine uses, recording every ledger status the order passed through. */
async function placeAsEngine(rig: Rig, request: PlaceOrderRequest) {
  const seen: OrderStatus[] = [];
  const id = request.clientOrderId;
  const status = () => rig.ledger.getOrder(id)?.status;
  const off = rig.ledger.subscribe(rig.ledger.lastSeq(), (e) => {
    if (e.type === 'order' && e.data.order_id === id && seen.at(-1) !== e.data.status) seen.push(e.data.status);
  });
  const result = await rig.connector.placeAndResolve(request, {
    // The stream may have acknowledged the order already: only an order still awaiting its answer becomes UNKNOWN.
    onUnknown: () => {
      if (status() === 'PENDING_SUBMIT') rig.ledger.updateOrder({ order_id: id, status: 'UNKNOWN', reason: 'placement outcome unknown' });
    },
    beforeResend: () => {
      if (status() === 'UNKNOWN') rig.ledger.updateOrder({ order_id: id, status: 'PENDING_SUBMIT', reason: 'not on the exchange: sending again' });
    },
  });
  off();
  return { result, seen };
}

function kinds(rig: Rig): string[] {
  return rig.events.filter((e) => e.kind.startsWith('ORDER_')).map((e) => ('outcome' in e ? `${e.kind}:${e.outcome}` : e.kind));
}

describe('committed, answer lost', () => {
  it('5xx after the exchange committed: UNKNOWN, found by client order id, never sent again', async () => {
    const rig = await startRig();
    autoAdvance(rig);
    const request = intend(rig);
    rig.fake.control.commitThenError(); // 503 with the -1007 "execution status unknown" body
    const before = lastSeq(rig.fake);
    const { result, seen } = await placeAsEngine(rig, request);
    expect(result).toMatchObject({ ok: true, value: { clientOrderId: request.clientOrderId, status: 'NEW' } });
    expect(kinds(rig)).toEqual(['ORDER_UNKNOWN', 'ORDER_RESOLVED:FOUND']);
    expect(requestLines(rig.fake, before).filter((l) => l.startsWith('GET') || l.startsWith('POST'))).toEqual([
      'POST /api/v3/order',
      'GET /api/v3/order',
    ]);
    expect(rig.fake.requests({ method: 'GET', path: '/api/v3/order' }).map((r) => r.params['origClientOrderId'])).toEqual([request.clientOrderId]);
    expect(seen.at(-1)).toBe('OPEN');
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });

  it('connection dropped after the exchange committed: same, and the order fills normally afterwards', async () => {
    const rig = await startRig();
    autoAdvance(rig);
    const request = intend(rig);
    rig.fake.control.commitThenDrop();
    const { result } = await placeAsEngine(rig, request);
    expect(result).toMatchObject({ ok: true, value: { status: 'NEW' } });
    expect(rig.fake.requests(NEW_ORDER).map((r) => r.outcome.kind)).toEqual(['dropped']);
    expect(kinds(rig)).toEqual(['ORDER_UNKNOWN', 'ORDER_RESOLVED:FOUND']);
    const filled = new Promise<void>((resolve) => rig.connector.onReport((r) => r.kind === 'FILL' && resolve()));
    rig.fake.control.fill(request.clientOrderId);
    await filled;
    expectOneOrder(rig, request.clientOrderId, { exchange: 'FILLED', ledger: 'FILLED' });
  });

  it('while the answer is missing the ledger shows UNKNOWN, and nothing is looked up or sent before the wait is over', async () => {
    const rig = await startRig({ connector: { unknownLookupDelaysMs: [5000] } });
    const request = intend(rig);
    rig.fake.control.failNext({ match: NEW_ORDER, action: { type: 'drop' } });
    const waiting = new Promise<number>((resolve) => rig.connector.onEvent((e) => e.kind === 'WAITING' && resolve(e.until)));
    const placing = placeAsEngine(rig, request);
    expect(await waiting).toBe(rig.clock.now() + 5000);
    expect(rig.ledger.getOrder(request.clientOrderId)?.status).toBe('UNKNOWN');
    const before = lastSeq(rig.fake);
    await rig.clock.advanceAsync(4999);
    expect(requestLines(rig.fake, before)).toEqual([]);
    await rig.clock.advanceAsync(1);
    const { result, seen } = await placing;
    expect(result).toMatchObject({ ok: true });
    expect(seen).toEqual(['UNKNOWN', 'PENDING_SUBMIT', 'OPEN']);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });
});

describe('not committed, answer lost', () => {
  it('timeout (503 -1007) before the exchange acted: not found, sent again exactly once', async () => {
    const rig = await startRig();
    autoAdvance(rig);
    const request = intend(rig);
    rig.fake.control.failNext({ match: NEW_ORDER, action: { type: 'status', status: 503, body: TIMEOUT_BODY } });
    const before = lastSeq(rig.fake);
    const { result, seen } = await placeAsEngine(rig, request);
    expect(result).toMatchObject({ ok: true, value: { status: 'NEW' } });
    expect(kinds(rig)).toEqual(['ORDER_UNKNOWN', 'ORDER_RESOLVED:NOT_FOUND', 'ORDER_RESENT']);
    expect(requestLines(rig.fake, before)).toEqual(['POST /api/v3/order', 'GET /api/v3/order', 'POST /api/v3/order']);
    expect(rig.fake.requests({ method: 'GET', path: '/api/v3/order' }).map((r) => r.outcome)).toEqual([{ kind: 'answered', status: 400, code: -2013 }]);
    expect(seen).toEqual(['UNKNOWN', 'PENDING_SUBMIT', 'OPEN']);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });

  it('connection dropped before the exchange acted: not found, sent again exactly once', async () => {
    const rig = await startRig();
    autoAdvance(rig);
    const request = intend(rig);
    rig.fake.control.failNext({ match: NEW_ORDER, action: { type: 'drop' } });
    const { result } = await placeAsEngine(rig, request);
    expect(result).toMatchObject({ ok: true });
    expect(rig.fake.requests(NEW_ORDER).map((r) => r.outcome.kind)).toEqual(['dropped', 'answered']);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });

  it('never a second resend: when the resend is lost too and the order is still not there, it stays UNKNOWN', async () => {
    const rig = await startRig();
    autoAdvance(rig);
    const request = intend(rig);
    rig.fake.control.failNext({ match: NEW_ORDER, times: 2, action: { type: 'status', status: 503, body: TIMEOUT_BODY } });
    const { result } = await placeAsEngine(rig, request);
    expect(result).toMatchObject({ ok: false, outcome: 'UNKNOWN' });
    expect(rig.fake.requests(NEW_ORDER)).toHaveLength(2);
    expect(rig.fake.ordersByClientId(request.clientOrderId)).toEqual([]);
    expect(rig.ledger.getOrder(request.clientOrderId)?.status).toBe('UNKNOWN');
    expect(rig.ledger.checkInvariants().ok).toBe(true);
  });

  it('a lookup that keeps failing leaves the order UNKNOWN without resending', async () => {
    const rig = await startRig({ connector: { unknownLookupDelaysMs: [1000, 1000] } });
    autoAdvance(rig);
    const request = intend(rig);
    rig.fake.control.commitThenError();
    rig.fake.control.failNext({ match: { method: 'GET', path: '/api/v3/order' }, times: 2, action: { type: 'status', status: 502, body: 'Bad Gateway' } });
    const { result } = await placeAsEngine(rig, request);
    expect(result).toMatchObject({ ok: false, outcome: 'UNKNOWN' });
    expect(rig.fake.requests(NEW_ORDER)).toHaveLength(1);
    expect(kinds(rig)).toEqual(['ORDER_UNKNOWN', 'ORDER_RESOLVED:STILL_UNKNOWN']);
    expect(rig.fake.ordersByClientId(request.clientOrderId)).toHaveLength(1);
  });
});

describe('clock skew', () => {
  it('-1021: re-measures the exchange clock, then the order goes through: one order', async () => {
    const rig = await startRig();
    const request = intend(rig);
    rig.fake.control.skewClock(20_000); // exchange 20 s ahead: our timestamps look older than recvWindow
    const before = lastSeq(rig.fake);
    const result = await rig.connector.place(request);
    expect(result).toMatchObject({ ok: true, value: { status: 'NEW' } });
    expect(requestLines(rig.fake, before)).toEqual(['POST /api/v3/order', 'GET /api/v3/time', 'POST /api/v3/order']);
    expect(rig.fake.requests(NEW_ORDER).map((r) => r.outcome)).toEqual([
      { kind: 'answered', status: 400, code: -1021 },
      { kind: 'answered', status: 200 },
    ]);
    expect(rig.events.filter((e) => e.kind === 'TIME_SYNCED').at(-1)).toEqual({ kind: 'TIME_SYNCED', offsetMs: 20_000 });
    expect(rig.connector.status().timeOffsetMs).toBe(20_000);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });

  it('the exchange behind us by more than a second (-1021 "ahead of the server"): same', async () => {
    const rig = await startRig();
    const request = intend(rig);
    rig.fake.control.skewClock(-1500);
    expect(await rig.connector.place(request)).toMatchObject({ ok: true });
    expect(rig.connector.status().timeOffsetMs).toBe(-1500);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });
});
