import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { createClient, plainStreamMessage, type Transport } from '../../../core/api/client';
import type { StreamMessage } from '../../../core/api/define';
import { dispatch } from '../../../core/api/dispatch';
import type { ApiErrorBody } from '../../../core/api/errors';
import { streamEventWireSchema } from '../../../core/api/stream';
import { exampleContract, exampleHandlers, PRICE } from './example-contract';

/** An in-process transport that still makes every value cross as JSON text. */
/** What a client subscribed after `fromSeq` receives from these raw stream messages, and the errors it reports. */
function streamAfter(fromSeq: number, messages: unknown[]) {
  const received: StreamMessage<unknown>[] = [];
  const errors: ApiErrorBody[] = [];
  createClient(exampleContract, jsonTransport([], messages)).subscribe(
    fromSeq,
    (m) => received.push(m),
    (e) => errors.push(e),
  );
  return { received, errors };
}

function jsonTransport(calls: unknown[] = [], stream: unknown[] = []): Transport {
  const handlers = exampleHandlers(calls);
  return {
    request: async (command, payload) => {
      const wirePayload: unknown = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      return JSON.parse(JSON.stringify(await dispatch(exampleContract, handlers, command, wirePayload)));
    },
    subscribe: (_fromSeq, onMessage) => {
      for (const message of stream) onMessage(message);
      return () => {};
    },
  };
}

describe('createClient', () => {
  it('decodes status pushes, reports undecodable ones, and is a no-op without a status channel', () => {
    const pushes = [{ connected: true, last: '1.25' }, { connected: true, last: 'lots' }, { connected: false, last: '2' }];
    const transport: Transport = {
      ...jsonTransport(),
      onStatus: (listener) => {
        for (const p of pushes) listener(p);
        return () => {};
      },
    };
    const seen: string[] = [];
    const errors: string[] = [];
    createClient(exampleContract, transport).onStatus(
      (s) => seen.push(`${s.connected}:${s.last.toFixed()}`),
      (e) => errors.push(e.code),
    );
    expect(seen).toEqual(['true:1.25', 'false:2']);
    expect(errors).toEqual(['BAD_RESPONSE']);

    let asked = 0;
    createClient(exampleContract, jsonTransport()).onStatus(() => asked++)();
    const { status: _none, ...withoutStatus } = exampleContract;
    createClient(withoutStatus, { ...transport, onStatus: (l) => (asked++, transport.onStatus?.(l) ?? (() => {})) }).onStatus(() => asked++)();
    expect(asked).toBe(0);
  });

  it('has one method per command, built from the contract, plus subscribe', () => {
    const client = createClient(exampleContract, jsonTransport());
    expect(Object.keys(client).sort()).toEqual(['cancelGroup', 'onStatus', 'ping', 'quote', 'subscribe']);
    // Not a thenable: awaiting the client must not call into it.
    expect('then' in client).toBe(false);
  });

  it('round-trips decimals exactly: Decimal in, string on the wire, Decimal out', async () => {
    await fc.assert(
      fc.asyncProperty(
        // |quantity| < 10^7 with up to 8 decimals keeps the quantity and its
        // notional within the domain's 20 digits / 8 decimals.
        fc.integer({ min: 0, max: 8 }).chain((scale) =>
          fc.tuple(fc.bigInt({ min: -(10n ** BigInt(7 + scale)), max: 10n ** BigInt(7 + scale) }), fc.constant(scale)),
        ),
        async ([digits, scale]) => {
          const calls: unknown[] = [];
          const quantity = new Decimal(digits.toString()).dividedBy(new Decimal(10).pow(scale));
          const result = await createClient(exampleContract, jsonTransport(calls)).quote({ symbol: 'BTC/USD', quantity });
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.value.notional).toBeInstanceOf(Decimal);
          expect(result.value.notional.equals(quantity.times(PRICE).toDecimalPlaces(8))).toBe(true);
          expect((calls[0] as Decimal).equals(quantity)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('passes host errors through unchanged', async () => {
    const client = createClient(exampleContract, jsonTransport());
    expect(await client.cancelGroup({ groupId: 'EXG_MISSING' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'no group EXG_MISSING' },
    });
    expect(await client.ping()).toEqual({ ok: true, value: 'pong' });
  });

  it('refuses to send an input the schema cannot encode', async () => {
    const calls: unknown[] = [];
    const transport = jsonTransport(calls);
    let sent = 0;
    const counting: Transport = { ...transport, request: (c, p) => (sent++, transport.request(c, p)) };
    const bad = { symbol: 'BTC/USD', quantity: '1.5' } as unknown as { symbol: string; quantity: Decimal };
    const result = await createClient(exampleContract, counting).quote(bad);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(sent).toBe(0);
  });

  it('turns a failed transport into UNAVAILABLE and a malformed answer into BAD_RESPONSE', async () => {
    const down: Transport = { request: () => Promise.reject(new Error('socket closed')), subscribe: () => () => {} };
    expect(await createClient(exampleContract, down).ping()).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'ping: socket closed' },
    });
    for (const answer of [null, 'pong', { ok: true, value: 'ping' }, { ok: false, error: { code: 'NOPE', message: 'x' } }]) {
      const liar: Transport = { request: async () => answer, subscribe: () => () => {} };
      expect(await createClient(exampleContract, liar).ping()).toMatchObject({ ok: false, error: { code: 'BAD_RESPONSE' } });
    }
  });

  it('decodes stream events, drops repeats and old seqs, and reports undecodable messages', async () => {
    const messages = [
      { seq: 4, event: { type: 'fill', orderId: 'ORD_1', price: '1.5' } },
      { seq: 5, event: { type: 'fill', orderId: 'ORD_2', price: '2' } },
      { seq: 5, event: { type: 'fill', orderId: 'ORD_2', price: '2' } },
      { seq: 6, event: { type: 'fill', orderId: 'ORD_3', price: 'two' } },
      { seq: 'x' },
      { seq: 7, event: { type: 'groupCancelled', groupId: 'EXG_1', filled: '0' } },
    ];
    const { received, errors } = streamAfter(4, messages);
    expect(received.map((m) => m.seq)).toEqual([5, 7]);
    const first = received.flatMap((m) => ('event' in m ? [m.event] : []))[0] as { price: Decimal };
    expect(first.price).toBeInstanceOf(Decimal);
    expect(errors.map((e) => e.code)).toEqual(['BAD_RESPONSE', 'BAD_RESPONSE']);
  });

  it('delivers the stand-in of a superseded event through the same seq gate, and refuses a malformed one', () => {
    const messages = [
      { seq: 5, superseded: true },
      { seq: 5, superseded: true }, // a repeat
      { seq: 6, superseded: false },
      { seq: 7, superseded: true, event: { type: 'fill', orderId: 'ORD_1', price: '1' } },
      { seq: -8, superseded: true },
      { seq: 9, event: { type: 'fill', orderId: 'ORD_1', price: '1' } },
    ];
    const { received, errors } = streamAfter(4, messages);
    expect(received.map((m) => ('superseded' in m ? `${m.seq}:superseded` : `${m.seq}:event`))).toEqual(['5:superseded', '9:event']);
    expect(errors.map((e) => e.code)).toEqual(['BAD_RESPONSE', 'BAD_RESPONSE', 'BAD_RESPONSE']);
  });

  it('property: a stream message read without zod is one the wire schema accepts, read the same', () => {
    const seq = fc.oneof(fc.nat(), fc.constantFrom(-0, -1, 0.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '1', null));
    const message = fc.oneof(
      fc.record({ seq, event: fc.anything({ maxDepth: 1 }) }, { requiredKeys: [] }),
      fc.record({ seq, event: fc.anything({ maxDepth: 1 }), extra: fc.anything({ maxDepth: 1 }) }),
      fc.anything({ maxDepth: 2 }),
    );
    fc.assert(
      fc.property(message, (raw) => {
        const fast = plainStreamMessage(raw);
        const schema = streamEventWireSchema.safeParse(raw);
        if (fast === undefined) return;
        expect(schema.success).toBe(true);
        expect(fast).toEqual(schema.data);
        expect(Object.is(fast.seq, schema.data?.seq)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(plainStreamMessage({ seq: 3, event: { type: 'fill' } })).toEqual({ seq: 3, event: { type: 'fill' } });
  });
});
