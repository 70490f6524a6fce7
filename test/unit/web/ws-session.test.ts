import { EventEmitter } from 'node:events';
import { setImmediate as afterTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { EventSource, StreamEvent } from '../../../core/api/define';
import { Decimal } from '../../../core/domain/decimal';
import { wsServerMessageSchema } from '../../../core/api/ws-protocol';
import { attachSession } from '../../../web/ws-session';
import { exampleContract, exampleHandlers } from '../api/example-contract';

type ExampleEvent = { type: 'fill'; orderId: string; price: Decimal } | { type: 'groupCancelled'; groupId: string; filled: Decimal };
type ExampleEventWire = { type: 'fill'; orderId: string; price: string } | { type: 'groupCancelled'; groupId: string; filled: string };

/** The part of a `ws` socket a session uses; frames sent are kept, parsed. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: unknown[] = [];
  send(text: string): void {
    this.frames.push(JSON.parse(text));
  }
  close(): void {
    this.readyState = 3;
    this.emit('close');
  }
  receive(message: unknown): void {
    this.emit('message', Buffer.from(JSON.stringify(message)), false);
  }
}

/** An outbox: replay after fromSeq, then live; `emit` pushes to every subscriber at once (synchronously). */
function outbox<E>() {
  const events: StreamEvent<E>[] = [];
  const listeners = new Set<(m: StreamEvent<E>) => void>();
  const source: EventSource<E> = (fromSeq, push) => {
    for (const m of events) if (m.seq > fromSeq) push(m);
    listeners.add(push);
    return () => void listeners.delete(push);
  };
  return {
    source,
    emit(event: E) {
      const m = { seq: events.length + 1, event };
      events.push(m);
      for (const l of listeners) l(m);
    },
    get subscribers() {
      return listeners.size;
    },
  };
}

const fill = (orderId: string, price: string): ExampleEvent => ({ type: 'fill', orderId, price: new Decimal(price) });
const wireFill = (seq: number, orderId: string, price: string) => ({ seq, event: { type: 'fill', orderId, price } });

function session(options: { encoded?: boolean } = {}) {
  const ws = new FakeSocket();
  const decoded = outbox<ExampleEvent>();
  const encoded = outbox<ExampleEventWire>();
  const errors: unknown[] = [];
  attachSession(ws as unknown as WebSocket, {
    contract: exampleContract,
    handlers: exampleHandlers(),
    subscribe: decoded.source,
    ...(options.encoded ? { subscribeEncoded: encoded.source } : {}),
    onError: (context, error) => errors.push(`${context}: ${String(error)}`),
  });
  return { ws, decoded, encoded, errors };
}

/** A session over a host that holds its events encoded; `pushes` are the pushes of each subscription, in order. */
function encodedSession() {
  const ws = new FakeSocket();
  const pushes: ((m: StreamEvent<ExampleEventWire>) => void)[] = [];
  attachSession(ws as unknown as WebSocket, {
    contract: exampleContract,
    handlers: exampleHandlers(),
    subscribe: () => () => undefined,
    subscribeEncoded: (_from, push) => {
      pushes.push(push);
      return () => undefined;
    },
    onError: () => undefined,
  });
  return { ws, pushes };
}

describe('ws-session: batched event frames', () => {
  it('sends the events pushed within one turn as one { events } frame, encoded, in seq order', async () => {
    const { ws, decoded } = session();
    decoded.emit(fill('ORD_1', '100.50'));
    decoded.emit(fill('ORD_2', '101'));
    ws.receive({ subscribe: 0, batched: true });
    decoded.emit(fill('ORD_3', '99.25')); // live, in the same turn as the replay
    expect(ws.frames).toEqual([]);
    await afterTurn();
    expect(ws.frames).toEqual([{ events: [wireFill(1, 'ORD_1', '100.5'), wireFill(2, 'ORD_2', '101'), wireFill(3, 'ORD_3', '99.25')] }]);
    for (const frame of ws.frames) expect(wsServerMessageSchema.safeParse(frame).success).toBe(true);
    decoded.emit(fill('ORD_4', '1'));
    await afterTurn();
    expect(ws.frames.at(-1)).toEqual({ events: [wireFill(4, 'ORD_4', '1')] });
  });

  it('commits of one turn share a frame even when a microtask separates them; the next turn starts a new frame', async () => {
    const { ws, decoded } = session();
    ws.receive({ subscribe: 0, batched: true });
    decoded.emit(fill('ORD_1', '1'));
    await Promise.resolve();
    await Promise.resolve();
    decoded.emit(fill('ORD_2', '2'));
    await afterTurn();
    decoded.emit(fill('ORD_3', '3'));
    await afterTurn();
    expect(ws.frames).toEqual([{ events: [wireFill(1, 'ORD_1', '1'), wireFill(2, 'ORD_2', '2')] }, { events: [wireFill(3, 'ORD_3', '3')] }]);
  });

  it('a message the host holds as text goes as that text, never as a field, batched or not', async () => {
    const { ws, pushes } = encodedSession();
    // The text wins over the object (the host built it from the stored JSON): here they differ, to see which went.
    const held = (seq: number) => ({ seq, event: { type: 'fill' as const, orderId: 'FROM_OBJECT', price: '1' }, text: `{"seq":${seq},"event":{"type":"fill","orderId":"FROM_TEXT","price":"2"}}` });
    ws.receive({ subscribe: 0, batched: true });
    pushes.at(-1)?.(held(1));
    await afterTurn();
    ws.receive({ subscribe: 1 });
    pushes.at(-1)?.(held(2));
    expect(ws.frames).toEqual([
      { events: [{ seq: 1, event: { type: 'fill', orderId: 'FROM_TEXT', price: '2' } }] },
      { seq: 2, event: { type: 'fill', orderId: 'FROM_TEXT', price: '2' } },
    ]);
  });

  it('nothing overtakes pushed events: an answer or a status sent in the same turn follows their frame', async () => {
    const { ws, decoded } = session();
    ws.receive({ subscribe: 0, batched: true });
    ws.receive({ id: 1, command: 'ping' });
    decoded.emit(fill('ORD_1', '1'));
    await afterTurn(); // the answer comes from an async handler
    await afterTurn();
    expect(ws.frames).toEqual([{ events: [wireFill(1, 'ORD_1', '1')] }, { id: 1, result: { ok: true, value: 'pong' } }]);
  });

  it('events pushed before an unsubscribe still go, before anything after it', async () => {
    const { ws, decoded } = session();
    ws.receive({ subscribe: 0, batched: true });
    decoded.emit(fill('ORD_1', '1'));
    ws.receive({ unsubscribe: true });
    decoded.emit(fill('ORD_2', '2'));
    expect(ws.frames).toEqual([{ events: [wireFill(1, 'ORD_1', '1')] }]);
    await afterTurn();
    expect(ws.frames).toHaveLength(1);
    expect(decoded.subscribers).toBe(0);
  });

  it('without batched, one frame per event as before', async () => {
    const { ws, decoded } = session();
    decoded.emit(fill('ORD_1', '1'));
    ws.receive({ subscribe: 0 });
    decoded.emit(fill('ORD_2', '2'));
    expect(ws.frames).toEqual([wireFill(1, 'ORD_1', '1'), wireFill(2, 'ORD_2', '2')]);
    await afterTurn();
    expect(ws.frames).toHaveLength(2);
  });

  it('refuses a subscribe with an unknown option', async () => {
    const { ws } = session();
    ws.receive({ subscribe: 0, batched: 'yes' });
    await afterTurn();
    expect(ws.frames).toEqual([{ id: null, result: { ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('malformed message') } } }]);
  });
});

describe('ws-session: a host that holds its events encoded', () => {
  it('sends an event that a later event of the same frame supersedes (same key) as a stand-in, never the key itself; unbatched, every event goes', async () => {
    const { ws, pushes } = encodedSession();
    const keyed = (seq: number, orderId: string) => ({ seq, event: { type: 'fill' as const, orderId, price: String(seq) }, key: `order:${orderId}` });
    ws.receive({ subscribe: 0, batched: true });
    for (const m of [keyed(1, 'A'), keyed(2, 'B'), keyed(3, 'A')]) pushes.at(-1)?.(m);
    await afterTurn();
    pushes.at(-1)?.(keyed(4, 'A')); // the next frame: seq 3 has gone in full already
    await afterTurn();
    ws.receive({ subscribe: 4 });
    for (const m of [keyed(5, 'B'), keyed(6, 'B')]) pushes.at(-1)?.(m);
    await afterTurn();
    expect(ws.frames).toEqual([
      { events: [{ seq: 1, superseded: true }, wireFill(2, 'B', '2'), wireFill(3, 'A', '3')] },
      { events: [wireFill(4, 'A', '4')] },
      wireFill(5, 'B', '5'),
      wireFill(6, 'B', '6'),
    ]);
    for (const frame of ws.frames) expect(wsServerMessageSchema.safeParse(frame).success).toBe(true);
  });

  it('forwards them as they are (no decode, no re-encode), drops repeats, and never asks the decoded source', async () => {
    const { ws, decoded, encoded } = session({ encoded: true });
    encoded.emit({ type: 'fill', orderId: 'ORD_1', price: '1.50' });
    ws.receive({ subscribe: 0, batched: true });
    encoded.emit({ type: 'fill', orderId: 'ORD_2', price: '2' });
    await afterTurn();
    expect(ws.frames).toEqual([{ events: [wireFill(1, 'ORD_1', '1.50'), wireFill(2, 'ORD_2', '2')] }]);
    expect(decoded.subscribers).toBe(0);
    expect(encoded.subscribers).toBe(1);
    // A resubscription from an earlier seq replays only what follows it.
    ws.receive({ subscribe: 1, batched: true });
    await afterTurn();
    expect(ws.frames.at(-1)).toEqual({ events: [wireFill(2, 'ORD_2', '2')] });
    expect(encoded.subscribers).toBe(1);
  });
});
