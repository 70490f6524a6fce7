import { describe, expect, it } from 'vitest';
import { createClient } from '../../../core/api/client';
import type { StreamMessage } from '../../../core/api/define';
import type { ApiErrorBody } from '../../../core/api/errors';
import { Decimal } from '../../../core/domain/decimal';
import { createWsTransport, type SocketEvents, type SocketFactory } from '../../../renderer/src/api/ws-transport';
import { exampleContract } from '../api/example-contract';

/** Sockets the transport opens, driven by hand: what it sent, and `on` to play the server. */
function fakeSockets() {
  const opened: { sent: unknown[]; on: SocketEvents }[] = [];
  let waiting: (() => void) | undefined;
  const factory: SocketFactory = (_url, _protocols, on) => {
    const socket = { sent: [] as unknown[], on };
    opened.push(socket);
    waiting?.();
    return { send: (text) => void socket.sent.push(JSON.parse(text)), close: () => on.close(1000) };
  };
  return {
    factory,
    last: () => opened[opened.length - 1]!,
    /** Resolves when the transport opens its next socket (a reconnect). */
    next: () => new Promise<void>((resolve) => (waiting = resolve)),
  };
}

const fill = (seq: number, orderId: string, price: string) => ({ seq, event: { type: 'fill', orderId, price } });

describe('ws-transport: batched event frames', () => {
  it('asks for batches, hands each message of a batch to the client in order, and resumes after the last seq of a batch', async () => {
    const sockets = fakeSockets();
    const transport = createWsTransport('ws://x/ws', 'a'.repeat(64), { socketFactory: sockets.factory, minDelayMs: 0 });
    const received: StreamMessage<unknown>[] = [];
    const errors: ApiErrorBody[] = [];
    createClient(exampleContract, transport).subscribe(0, (m) => received.push(m), (e) => errors.push(e));
    sockets.last().on.open();
    expect(sockets.last().sent).toEqual([{ subscribe: 0, batched: true }]);

    sockets.last().on.message(JSON.stringify({ events: [fill(1, 'ORD_1', '1.5'), fill(2, 'ORD_2', '2')] }));
    sockets.last().on.message(JSON.stringify(fill(3, 'ORD_3', '3'))); // a single-event frame still works
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect((received.flatMap((m) => ('event' in m ? [m.event] : []))[0] as { price: Decimal }).price).toEqual(new Decimal('1.5'));
    expect(errors).toEqual([]);

    // After a drop, the stream resumes from the last seq the batches carried.
    const reconnected = sockets.next();
    sockets.last().on.close(1006);
    await reconnected;
    sockets.last().on.open();
    expect(sockets.last().sent).toEqual([{ subscribe: 3, batched: true }]);

    // A malformed event inside a batch is refused like one in its own frame; the rest of the batch still comes.
    sockets.last().on.message(JSON.stringify({ events: [fill(4, 'ORD_4', 'four'), fill(5, 'ORD_5', '5')] }));
    expect(errors.map((e) => e.code)).toEqual(['BAD_RESPONSE']);
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3, 5]);
    // A batch that is not a list is refused, not ignored.
    sockets.last().on.message(JSON.stringify({ events: { seq: 6 } }));
    expect(errors.map((e) => e.code)).toEqual(['BAD_RESPONSE', 'BAD_RESPONSE']);
    transport.close();
  });
});
