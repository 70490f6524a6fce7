/**
 * Rate limits against the fake: Retry-After on 429 and 418 honoured with all
 * traffic paused (nothing reaches the exchange during a ban), cancels sent
 * ahead of queued places, and weight headroom that only cancels may use.
 * Time is the shared VirtualClock; nothing sleeps.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain';
import { expectOneOrder, intend, lastSeq, nextEvent, requestLines, startRig, SYMBOL } from './harness';

const NEW_ORDER = { method: 'POST', path: '/api/v3/order' } as const;

describe('429 Too Many Requests', () => {
  it('pauses every request until Retry-After has passed, then sends the refused order again: one order', async () => {
    const rig = await startRig();
    const { connector, fake, clock } = rig;
    const request = intend(rig);
    fake.control.rateLimitNext({ status: 429, retryAfterSec: 7, match: NEW_ORDER });
    const paused = nextEvent(connector, 'PAUSED');
    const placing = connector.place(request);
    const pause = await paused;
    expect(pause).toEqual({ kind: 'PAUSED', reason: 'RATE_LIMITED', status: 429, until: clock.now() + 7000 });
    expect(connector.status().pause).toEqual({ until: pause.until });

    // Anything asked for meanwhile waits; nothing reaches the exchange before the 7 s are up.
    const before = lastSeq(fake);
    const lookingUp = connector.openOrders(SYMBOL);
    await clock.advanceAsync(6999);
    expect(requestLines(fake, before)).toEqual([]);

    const resumed = nextEvent(connector, 'RESUMED');
    await clock.advanceAsync(1);
    await resumed;
    expect(await placing).toMatchObject({ ok: true, value: { clientOrderId: request.clientOrderId, status: 'NEW' } });
    expect(await lookingUp).toMatchObject({ ok: true });
    expect(requestLines(fake, before).sort()).toEqual(['GET /api/v3/openOrders', 'POST /api/v3/order']);
    expect(fake.requests(NEW_ORDER).map((r) => r.outcome)).toEqual([
      { kind: 'answered', status: 429, code: -1003 },
      { kind: 'answered', status: 200 },
    ]);
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });
});

describe('418 IP ban', () => {
  it('sends nothing at all during the ban; the cancel goes first when it lifts, then the waiting order: one order each', async () => {
    const rig = await startRig({ connector: { scheduler: { maxPlaceWaitMs: 300_000 } } });
    const { connector, fake, clock } = rig;
    const resting = intend(rig);
    await connector.place(resting);
    const request = intend(rig, { price: new Decimal('24000') });
    fake.control.rateLimitNext({ status: 418, retryAfterSec: 120, match: NEW_ORDER });
    const paused = nextEvent(connector, 'PAUSED');
    const placing = connector.place(request);
    expect(await paused).toMatchObject({ reason: 'BANNED', status: 418, until: clock.now() + 120_000 });

    const before = lastSeq(fake);
    const cancelling = connector.cancel(resting.clientOrderId, SYMBOL);
    const finding = connector.findOrder(resting.clientOrderId, SYMBOL);
    await clock.advanceAsync(119_999);
    expect(requestLines(fake, before)).toEqual([]);

    await clock.advanceAsync(1);
    expect(await cancelling).toMatchObject({ ok: true, value: { status: 'CANCELED' } });
    expect(await finding).toMatchObject({ ok: true });
    expect(await placing).toMatchObject({ ok: true, value: { clientOrderId: request.clientOrderId, status: 'NEW' } });
    // The client never hit the ban: no request arrived while it was in force.
    expect(fake.requests().filter((r) => r.duringBan)).toEqual([]);
    const after = fake.requests().filter((r) => r.seq > before);
    const lastCancel = Math.max(...after.filter((r) => r.method === 'DELETE').map((r) => r.seq));
    const firstPlace = Math.min(...after.filter((r) => r.method === 'POST').map((r) => r.seq));
    expect(lastCancel).toBeLessThan(firstPlace);
    expectOneOrder(rig, resting.clientOrderId, { exchange: 'CANCELED', ledger: 'CANCELED' });
    expectOneOrder(rig, request.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });

  it('refuses an order that would go out later than maxPlaceWaitMs (default 30 s): nothing on the exchange, a clear reason', async () => {
    const rig = await startRig();
    const request = intend(rig);
    rig.fake.control.rateLimitNext({ status: 418, retryAfterSec: 120, match: NEW_ORDER });
    const result = await rig.connector.place(request);
    expect(result).toMatchObject({ ok: false, outcome: 'REJECTED', reason: 'RATE_LIMITED' });
    expect(!result.ok && result.message).toContain('was not sent');
    expect(rig.fake.ordersByClientId(request.clientOrderId)).toEqual([]);
    expect(rig.connector.status().pause?.until).toBe(rig.clock.now() + 120_000);
  });
});

describe('cancels first', () => {
  it('cancels queued behind a pause go out before every queued order, whatever the order they were asked in', async () => {
    const rig = await startRig();
    const { connector, fake, clock } = rig;
    const a = intend(rig);
    const b = intend(rig, { price: new Decimal('24000') });
    await connector.place(a);
    await connector.place(b);
    fake.control.rateLimitNext({ status: 429, retryAfterSec: 2, match: { method: 'GET', path: '/api/v3/openOrders' } });
    const paused = nextEvent(connector, 'PAUSED');
    const query = connector.openOrders(SYMBOL);
    await paused;

    const before = lastSeq(fake);
    const places = [intend(rig, { price: new Decimal('23000') }), intend(rig, { price: new Decimal('22000') }), intend(rig, { price: new Decimal('21000') })];
    const results = Promise.all([
      connector.place(places[0]!),
      connector.cancel(a.clientOrderId, SYMBOL),
      connector.place(places[1]!),
      connector.cancel(b.clientOrderId, SYMBOL),
      connector.place(places[2]!),
      query,
    ]);
    await clock.advanceAsync(2000);
    const settled = await results;
    expect(settled.map((r) => r.ok)).toEqual([true, true, true, true, true, true]);

    const sent = fake.requests().filter((r) => r.seq > before);
    const deletes = sent.filter((r) => r.method === 'DELETE').map((r) => r.seq);
    const posts = sent.filter((r) => r.method === 'POST').map((r) => r.seq);
    expect(deletes).toHaveLength(2);
    expect(posts).toHaveLength(3);
    expect(Math.max(...deletes)).toBeLessThan(Math.min(...posts));
    for (const p of places) expectOneOrder(rig, p.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
    expectOneOrder(rig, a.clientOrderId, { exchange: 'CANCELED', ledger: 'CANCELED' });
  });
});

describe('headroom for the emergency cancel', () => {
  it('orders stop short of the weight limit; a cancel still goes out at once; the held order follows when the window frees', async () => {
    // 10 weight per minute, 4 of it for cancels only: six orders (weight 1 each) fit, the seventh waits.
    const rig = await startRig({ connector: { scheduler: { weightLimit: 10, cancelReserve: 4, weightWindowMs: 60_000 } } });
    const { connector, fake, clock } = rig;
    await clock.advanceAsync(60_000); // the start's requests leave the window
    const windowStart = clock.now();
    const six = Array.from({ length: 6 }, (_, i) => intend(rig, { price: new Decimal(20000 + i) }));
    for (const r of six) expect(await connector.place(r)).toMatchObject({ ok: true });

    const seventh = intend(rig, { price: new Decimal('19000') });
    const held = nextEvent(connector, 'HELD_FOR_BUDGET');
    const placing = connector.place(seventh);
    expect(await held).toEqual({ kind: 'HELD_FOR_BUDGET', lane: 'place', until: windowStart + 60_000 });

    const cancelled = await connector.cancel(six[0]!.clientOrderId, SYMBOL);
    expect(cancelled).toMatchObject({ ok: true, value: { status: 'CANCELED' } });
    expect(fake.ordersByClientId(seventh.clientOrderId)).toEqual([]);

    await clock.advanceToAsync(windowStart + 60_000);
    expect(await placing).toMatchObject({ ok: true });
    expectOneOrder(rig, seventh.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
    expectOneOrder(rig, six[0]!.clientOrderId, { exchange: 'CANCELED', ledger: 'CANCELED' });
  });

  it('new orders also keep to orderLimit per orderWindowMs', async () => {
    const rig = await startRig({ connector: { scheduler: { orderLimit: 2, orderWindowMs: 10_000 } } });
    const { connector, clock } = rig;
    const t = clock.now();
    await connector.place(intend(rig));
    await connector.place(intend(rig, { price: new Decimal('24000') }));
    const third = intend(rig, { price: new Decimal('23000') });
    const held = nextEvent(connector, 'HELD_FOR_BUDGET');
    const placing = connector.place(third);
    expect(await held).toMatchObject({ lane: 'place', until: t + 10_000 });
    await clock.advanceToAsync(t + 10_000);
    expect(await placing).toMatchObject({ ok: true });
    expectOneOrder(rig, third.clientOrderId, { exchange: 'NEW', ledger: 'OPEN' });
  });
});
