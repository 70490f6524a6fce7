import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../core/domain/decimal';
import { MAX_MESSAGE_BYTES } from '../../../core/api/ws-protocol';
import { startWebServer, type WebServer } from '../../../web/server';
import { exampleContract, exampleHandlers, FakeStatus } from '../../unit/api/example-contract';
import { closed, connect, FakeOutbox, makeStaticDir, rawGet, SECRET } from './helpers';

type ExampleEvent = { type: 'fill'; orderId: string; price: Decimal } | { type: 'groupCancelled'; groupId: string; filled: Decimal };

const fill = (orderId: string, price: string): ExampleEvent => ({ type: 'fill', orderId, price: new Decimal(price) });

let server: WebServer;
let outbox: FakeOutbox<ExampleEvent>;
let status: FakeStatus;
let dirs: ReturnType<typeof makeStaticDir>;
const handled: unknown[] = [];

beforeAll(async () => {
  dirs = makeStaticDir();
  outbox = new FakeOutbox<ExampleEvent>();
  status = new FakeStatus();
  server = await startWebServer({
    contract: exampleContract,
    handlers: exampleHandlers(handled),
    subscribe: outbox.subscribe,
    status: status.source,
    port: 0,
    staticDir: dirs.staticDir,
    onError: () => {},
  });
});

afterAll(async () => {
  await server.close();
  dirs.cleanup();
});

describe('web server: the WebSocket handshake', () => {
  it('listens on loopback only and hands out a 32-byte hex token in the URL', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    await expect(
      startWebServer({ ...{ contract: exampleContract, handlers: exampleHandlers(), subscribe: outbox.subscribe }, port: 0, host: '0.0.0.0', staticDir: dirs.staticDir }),
    ).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('refuses a missing or wrong token with 401, before any upgrade', async () => {
    await expect(connect(server, { token: null })).rejects.toMatchObject({ status: 401 });
    await expect(connect(server, { token: 'f'.repeat(64) })).rejects.toMatchObject({ status: 401 });
    await expect(connect(server, { token: server.token.slice(1) })).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a foreign or absent Origin with 403, even with the right token', async () => {
    await expect(connect(server, { origin: 'https://evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(connect(server, { origin: `http://localhost:${server.port}` })).rejects.toMatchObject({ status: 403 });
    await expect(connect(server, { origin: null })).rejects.toMatchObject({ status: 403 });
  });

  it('refuses other paths with 404', async () => {
    await expect(connect(server, { path: '/socket' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('web server: commands', () => {
  it('runs a command and answers with the encoded result under the same id', async () => {
    const c = await connect(server);
    c.send({ id: 1, command: 'cancelGroup', payload: { groupId: 'EXG_7' } });
    expect(await c.next()).toEqual({
      id: 1,
      result: { ok: true, value: { groupId: 'EXG_7', cancelledOrders: 2, filled: '0.12345678' } },
    });
    c.send({ id: 'b', command: 'cancelGroup', payload: { groupId: 'EXG_MISSING' } });
    expect(await c.next()).toEqual({ id: 'b', result: { ok: false, error: { code: 'NOT_FOUND', message: 'no group EXG_MISSING' } } });
    c.send({ id: 3, command: 'dropTables', payload: {} });
    expect(await c.next()).toMatchObject({ id: 3, result: { ok: false, error: { code: 'UNKNOWN_COMMAND' } } });
    c.ws.close();
  });

  it('answers malformed frames with BAD_REQUEST and stays usable', async () => {
    const c = await connect(server);
    const before = handled.length;
    c.send('{"id": 1, "command": ');
    expect(await c.next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'BAD_REQUEST', message: 'malformed JSON' } } });
    c.send({ id: 9, command: 'cancelGroup' , extra: true });
    expect(await c.next()).toMatchObject({ id: 9, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    c.send({ id: 10, command: 'cancelGroup', payload: { groupId: 12 } });
    expect(await c.next()).toMatchObject({ id: 10, result: { ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('groupId') } } });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next()).toMatchObject({ id: null, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(handled.length).toBe(before);

    c.send({ id: 11, command: 'ping' });
    expect(await c.next()).toEqual({ id: 11, result: { ok: true, value: 'pong' } });
    c.ws.close();
  });

  it('closes a connection that sends a message over MAX_MESSAGE_BYTES', async () => {
    const c = await connect(server);
    const code = closed(c.ws);
    c.send({ id: 1, command: 'ping', payload: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(await code).toBe(1009);
  });
});

describe('web server: the event stream', () => {
  it('replays the events after fromSeq, then delivers live ones, encoded, in increasing seq', async () => {
    outbox.emit(fill('ORD_1', '100.5'));
    outbox.emit(fill('ORD_2', '101'));
    outbox.emit(fill('ORD_3', '99.25'));
    const c = await connect(server);
    c.send({ subscribe: 1 });
    expect(await c.next()).toEqual({ seq: 2, event: { type: 'fill', orderId: 'ORD_2', price: '101' } });
    expect(await c.next()).toEqual({ seq: 3, event: { type: 'fill', orderId: 'ORD_3', price: '99.25' } });
    outbox.emit({ type: 'groupCancelled', groupId: 'EXG_1', filled: new Decimal('0.5') });
    expect(await c.next()).toEqual({ seq: 4, event: { type: 'groupCancelled', groupId: 'EXG_1', filled: '0.5' } });

    // A new subscribe replaces the stream rather than adding a second one.
    c.send({ subscribe: 3 });
    expect(await c.next()).toEqual({ seq: 4, event: { type: 'groupCancelled', groupId: 'EXG_1', filled: '0.5' } });
    expect(outbox.subscriberCount).toBe(1);

    // After unsubscribe (acknowledged by the next answer, frames being handled in order) nothing more arrives.
    c.send({ unsubscribe: true });
    c.send({ id: 1, command: 'ping' });
    expect(await c.next()).toEqual({ id: 1, result: { ok: true, value: 'pong' } });
    outbox.emit(fill('ORD_5', '1'));
    c.send({ id: 2, command: 'ping' });
    expect(await c.next()).toEqual({ id: 2, result: { ok: true, value: 'pong' } });
    expect(outbox.subscriberCount).toBe(0);

    const closing = closed(c.ws);
    c.send({ subscribe: 0 });
    expect(((await c.next()) as { seq: number }).seq).toBe(1);
    c.ws.close();
    await closing;
  });

  it('drops the subscription when the socket closes', async () => {
    const c = await connect(server);
    c.send({ subscribe: outbox.events.length });
    c.send({ id: 1, command: 'ping' });
    await c.next();
    const before = outbox.subscriberCount;
    expect(before).toBeGreaterThan(0);
    const unsubscribed = outbox.nextUnsubscribe();
    c.ws.close();
    await unsubscribed;
    expect(outbox.subscriberCount).toBe(before - 1);
  });
});

describe('web server: status pushes', () => {
  it('sends the current status on watchStatus, then every change, encoded, until unwatched', async () => {
    status.set(true, '100.5');
    const c = await connect(server);
    c.send({ watchStatus: true });
    expect(await c.next()).toEqual({ status: { connected: true, last: '100.5' } });
    status.set(true, '101.25');
    expect(await c.next()).toEqual({ status: { connected: true, last: '101.25' } });
    expect(status.watcherCount).toBe(1);

    // A second watch replaces the first (one watcher per socket).
    c.send({ watchStatus: true });
    expect(await c.next()).toEqual({ status: { connected: true, last: '101.25' } });
    expect(status.watcherCount).toBe(1);

    c.send({ watchStatus: false });
    c.send({ id: 1, command: 'ping' });
    expect(await c.next()).toEqual({ id: 1, result: { ok: true, value: 'pong' } });
    status.set(false, '1');
    c.send({ id: 2, command: 'ping' });
    expect(await c.next()).toEqual({ id: 2, result: { ok: true, value: 'pong' } });
    expect(status.watcherCount).toBe(0);
    c.ws.close();
  });

  it('pushes to every socket that watches, none to those that do not, and stops when a socket closes', async () => {
    const a = await connect(server);
    const b = await connect(server);
    const quiet = await connect(server);
    a.send({ watchStatus: true });
    b.send({ watchStatus: true });
    await a.next();
    await b.next();
    status.set(true, '7');
    expect(await a.next()).toEqual({ status: { connected: true, last: '7' } });
    expect(await b.next()).toEqual({ status: { connected: true, last: '7' } });
    quiet.send({ id: 1, command: 'ping' });
    expect(await quiet.next()).toEqual({ id: 1, result: { ok: true, value: 'pong' } });
    const gone = closed(a.ws);
    a.ws.close();
    await gone;
    // The server learns of the close on its own time.
    await expect.poll(() => status.watcherCount).toBe(1);
    b.ws.close();
    quiet.ws.close();
  });

  it('refuses a malformed watchStatus', async () => {
    const c = await connect(server);
    c.send({ id: 5, watchStatus: 'yes' });
    expect(await c.next()).toMatchObject({ id: 5, result: { ok: false, error: { code: 'BAD_REQUEST' } } });
    c.ws.close();
  });
});

describe('web server: static files', () => {
  it('serves the renderer with a strict CSP and the right content types', async () => {
    const index = await rawGet(server.port, '/?token=' + server.token);
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('<title>Ledgerdesk</title>');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}/ws`);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');

    const js = await rawGet(server.port, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['content-security-policy']).toBe(csp);
  });

  it('falls back to index.html for client routes but not for missing assets', async () => {
    const route = await rawGet(server.port, '/plans/TPL_123');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Ledgerdesk</title>');
    expect((await rawGet(server.port, '/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the static directory', async () => {
    for (const path of [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00/../secret.txt',
      '/%E0%A4%A',
    ]) {
      const res = await rawGet(server.port, path);
      expect(res.body, path).not.toContain(SECRET);
      expect([403, 404], path).toContain(res.status);
    }
  });

  it('answers only GET/HEAD, and only for its own Host', async () => {
    expect((await rawGet(server.port, '/', { method: 'POST' })).status).toBe(405);
    const head = await rawGet(server.port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await rawGet(server.port, '/', { host: `evil.example:${server.port}` })).status).toBe(403);
  });
});
