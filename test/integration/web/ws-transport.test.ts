import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../core/api/client';
import type { StreamEvent } from '../../../core/api/define';
import { Decimal } from '../../../core/domain/decimal';
import { createWsTransport, type ConnectionStatus, type SocketFactory, type WsTransport } from '../../../renderer/src/api/ws-transport';
import { startWebServer, type WebServer } from '../../../web/server';
import { exampleContract, exampleHandlers, FakeStatus, PRICE } from '../../unit/api/example-contract';
import { FakeOutbox, makeStaticDir } from './helpers';

type ExampleEvent = { type: 'fill'; orderId: string; price: Decimal } | { type: 'groupCancelled'; groupId: string; filled: Decimal };

/** The renderer's transport over Node's `ws`, sending the Origin a browser on the page would send. */
const nodeSocket =
  (origin: string): SocketFactory =>
  (url, protocols, on) => {
    const ws = new WebSocket(url, protocols, { origin });
    ws.on('open', () => on.open());
    ws.on('message', (data) => on.message(String(data)));
    ws.on('close', (code) => on.close(code));
    ws.on('error', () => {}); // followed by 'close'
    return { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) };
  };

const dirs = makeStaticDir();
const transports: WsTransport[] = [];
const servers: WebServer[] = [];
afterAll(async () => {
  for (const t of transports) t.close();
  for (const s of servers) await s.close();
  dirs.cleanup();
});

async function serve(outbox: FakeOutbox<ExampleEvent>, fixed?: { port: number; token: string }, status?: FakeStatus): Promise<WebServer> {
  const server = await startWebServer({
    contract: exampleContract,
    handlers: exampleHandlers(),
    subscribe: outbox.subscribe,
    ...(status ? { status: status.source } : {}),
    port: fixed?.port ?? 0,
    token: fixed?.token,
    staticDir: dirs.staticDir,
    onError: () => {},
  });
  servers.push(server);
  return server;
}

function open(server: WebServer, token = server.token): WsTransport {
  const t = createWsTransport(`ws://127.0.0.1:${server.port}/ws`, token, {
    socketFactory: nodeSocket(server.origin),
    minDelayMs: 5,
    maxDelayMs: 20,
  });
  transports.push(t);
  return t;
}

function nextStatus(t: WsTransport, wanted: ConnectionStatus): Promise<void> {
  return new Promise((resolve) => {
    const off = t.onConnection((s) => {
      if (s === wanted) {
        off();
        resolve();
      }
    });
  });
}

function collector() {
  const events: StreamEvent<ExampleEvent>[] = [];
  const waiters: { seq: number; resolve: () => void }[] = [];
  return {
    events,
    push(message: StreamEvent<ExampleEvent>) {
      events.push(message);
      for (const w of waiters.filter((w) => message.seq >= w.seq)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
    until(seq: number): Promise<void> {
      if (events.some((e) => e.seq >= seq)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ seq, resolve }));
    },
  };
}

describe('renderer WebSocket transport against the real server', () => {
  it('carries typed commands both ways (requests made before the socket opens wait for it)', async () => {
    const server = await serve(new FakeOutbox<ExampleEvent>());
    const client = createClient(exampleContract, open(server));
    const [quote, pong, missing] = await Promise.all([
      client.quote({ symbol: 'BTC/USD', quantity: new Decimal('0.25') }),
      client.ping(),
      client.cancelGroup({ groupId: 'EXG_MISSING' }),
    ]);
    expect(quote.ok && quote.value.notional.equals(new Decimal('0.25').times(PRICE))).toBe(true);
    expect(pong).toEqual({ ok: true, value: 'pong' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('streams replayed then live events, decoded', async () => {
    const outbox = new FakeOutbox<ExampleEvent>();
    outbox.emit({ type: 'fill', orderId: 'ORD_1', price: new Decimal('10') });
    outbox.emit({ type: 'fill', orderId: 'ORD_2', price: new Decimal('11.5') });
    const server = await serve(outbox);
    const got = collector();
    createClient(exampleContract, open(server)).subscribe(1, (m) => got.push(m as StreamEvent<ExampleEvent>));
    await got.until(2);
    outbox.emit({ type: 'groupCancelled', groupId: 'EXG_1', filled: new Decimal('0.1') });
    await got.until(3);
    expect(got.events.map((e) => e.seq)).toEqual([2, 3]);
    const first = got.events[0]?.event;
    expect(first?.type === 'fill' && first.price.equals(new Decimal('11.5'))).toBe(true);
  });

  it('reconnects after the server comes back, resumes the stream from the last seq and calls onReconnect', async () => {
    const outbox = new FakeOutbox<ExampleEvent>();
    const first = await serve(outbox);
    const transport = open(first);
    const client = createClient(exampleContract, transport);
    const got = collector();
    client.subscribe(0, (m) => got.push(m as StreamEvent<ExampleEvent>));
    outbox.emit({ type: 'fill', orderId: 'ORD_1', price: new Decimal('1') });
    await got.until(1);

    const down = nextStatus(transport, 'reconnecting');
    await first.close();
    await down;
    // While down, commands fail at once rather than wait to be sent later.
    expect(await client.ping()).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    outbox.emit({ type: 'fill', orderId: 'ORD_2', price: new Decimal('2') });

    const reconnected = new Promise<void>((resolve) => transport.onReconnect(resolve));
    await serve(outbox, { port: first.port, token: first.token });
    await reconnected;
    await got.until(2);
    outbox.emit({ type: 'fill', orderId: 'ORD_3', price: new Decimal('3') });
    await got.until(3);
    expect(got.events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await client.ping()).toEqual({ ok: true, value: 'pong' });
  });

  it('delivers the host status decoded, watches again after a reconnect, and stops when the last listener leaves', async () => {
    const outbox = new FakeOutbox<ExampleEvent>();
    const status = new FakeStatus();
    status.set(true, '5.5');
    const first = await serve(outbox, undefined, status);
    const transport = open(first);
    const client = createClient(exampleContract, transport);
    const seen: { connected: boolean; last: Decimal }[] = [];
    const waiters: { n: number; resolve: () => void }[] = [];
    const until = (n: number) =>
      seen.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }));
    const off = client.onStatus((s) => {
      seen.push(s);
      for (const w of waiters.filter((w) => seen.length >= w.n)) w.resolve();
    });
    await until(1);
    expect(seen[0]?.last).toBeInstanceOf(Decimal);
    expect(seen[0]?.last.equals(new Decimal('5.5'))).toBe(true);
    status.set(false, '6');
    await until(2);

    const down = nextStatus(transport, 'reconnecting');
    await first.close();
    await down;
    status.set(true, '7.25');
    await serve(outbox, { port: first.port, token: first.token }, status);
    await until(3);
    expect(seen.map((s) => s.last.toFixed())).toEqual(['5.5', '6', '7.25']);

    off();
    await expect.poll(() => status.watcherCount).toBe(0);
  });

  it('answers UNAVAILABLE for a command in flight when the connection drops', async () => {
    const outbox = new FakeOutbox<ExampleEvent>();
    let release: () => void = () => {};
    const server = await startWebServer({
      contract: exampleContract,
      handlers: { ...exampleHandlers(), ping: () => new Promise<'pong'>((resolve) => (release = () => resolve('pong'))) },
      subscribe: outbox.subscribe,
      port: 0,
      staticDir: dirs.staticDir,
      onError: () => {},
    });
    const transport = open(server);
    const client = createClient(exampleContract, transport);
    expect(await client.quote({ symbol: 'X', quantity: new Decimal(1) })).toMatchObject({ ok: true });
    const inFlight = client.ping();
    const down = nextStatus(transport, 'reconnecting');
    await server.close();
    await down;
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('may or may not have run') } });
    release();
    transport.close();
  });

  it('never connects with a wrong token; the waiting command fails instead of hanging', async () => {
    const server = await serve(new FakeOutbox<ExampleEvent>());
    const transport = open(server, '0'.repeat(64));
    const result = await createClient(exampleContract, transport).ping();
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(transport.status).not.toBe('open');
    transport.close();
    expect(transport.status).toBe('closed');
  });
});
