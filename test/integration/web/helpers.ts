import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { EventSource, StreamEvent } from '../../../core/api/define';
import { wsProtocols } from '../../../core/api/ws-protocol';
import type { WebServer } from '../../../web/server';

export const SECRET = 'top secret outside the static dir';

/** A built-renderer stand-in, with a file next to it that must never be served. */
export function makeStaticDir(): { root: string; staticDir: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'ledgerdesk-web-'));
  const staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Ledgerdesk</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'secret.txt'), SECRET);
  return { root, staticDir, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** An outbox like the engine's: numbered events, replay then live. */
export class FakeOutbox<E> {
  readonly events: StreamEvent<E>[] = [];
  private readonly listeners = new Set<(message: StreamEvent<E>) => void>();
  private readonly unsubscribeWaiters: (() => void)[] = [];

  emit(event: E): number {
    const message = { seq: this.events.length + 1, event };
    this.events.push(message);
    for (const listener of this.listeners) listener(message);
    return message.seq;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  readonly subscribe: EventSource<E> = (fromSeq, push) => {
    for (const message of this.events) if (message.seq > fromSeq) push(message);
    this.listeners.add(push);
    return () => {
      this.listeners.delete(push);
      for (const waiter of this.unsubscribeWaiters.splice(0)) waiter();
    };
  };

  /** Resolves at the next unsubscribe. */
  nextUnsubscribe(): Promise<void> {
    return new Promise((resolve) => this.unsubscribeWaiters.push(resolve));
  }
}

export interface Connected {
  readonly ws: WebSocket;
  next(): Promise<unknown>;
  send(message: unknown): void;
}

/** Opens a socket; resolves when open, or rejects with the HTTP status the handshake was refused with. */
export function connect(
  server: Pick<WebServer, 'port' | 'origin' | 'token'>,
  opts: { token?: string | null; origin?: string | null; path?: string } = {},
): Promise<Connected> {
  const token = opts.token === undefined ? server.token : opts.token;
  const origin = opts.origin === undefined ? server.origin : opts.origin;
  const protocols = token === null ? ['ledgerdesk.v1'] : wsProtocols(token);
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${opts.path ?? '/ws'}`, protocols, origin === null ? {} : { origin });
  const queue: unknown[] = [];
  const waiters: ((message: unknown) => void)[] = [];
  ws.on('message', (data) => {
    const message: unknown = JSON.parse(String(data));
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else queue.push(message);
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
        next: () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r))),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`refused: ${res.statusCode}`), { status: res.statusCode }));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** A raw HTTP GET, so paths reach the server exactly as written (no client-side normalisation). */
export function rawGet(
  port: number,
  path: string,
  opts: { host?: string; method?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
