import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ContractEvent, ContractEventWire, ContractSpec, ContractStatus, EventSource, Handlers, StatusSource } from '../core/api/define';
import { MAX_MESSAGE_BYTES, TOKEN_PATTERN, WS_PATH, WS_PROTOCOL } from '../core/api/ws-protocol';
import { realStaticRoot, resolveStatic, securityHeaders } from './static-files';
import { checkUpgrade } from './upgrade-auth';
import { attachSession } from './ws-session';

export const WEB_HOST = '127.0.0.1';

export interface WebServerOptions<C extends ContractSpec> {
  readonly contract: C;
  readonly handlers: Handlers<C>;
  readonly subscribe: EventSource<ContractEvent<C>>;
  /** The same events already encoded (Host.subscribeEncoded): forwarded as they are when given. */
  readonly subscribeEncoded?: EventSource<ContractEventWire<C>>;
  /** The host's status, pushed to every authenticated socket that watches it. */
  readonly status?: StatusSource<ContractStatus<C>>;
  /** 0 picks a free port. */
  readonly port: number;
  /** Only loopback is served; anything else is refused. */
  readonly host?: string;
  /** The built renderer (dist/renderer). */
  readonly staticDir: string;
  /** 64 hex chars; a fresh random one by default. */
  readonly token?: string;
  readonly onError?: (context: string, error: unknown) => void;
}

export interface WebServer {
  /** The page to open, token included: http://127.0.0.1:PORT/?token=... */
  readonly url: string;
  /** http://127.0.0.1:PORT — the only Origin a WebSocket is accepted from. */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

/**
 * The web mode: the built renderer and the contract's WebSocket endpoint on
 * one loopback port, for one run's token. Resolves once listening.
 */
export async function startWebServer<C extends ContractSpec>(options: WebServerOptions<C>): Promise<WebServer> {
  const host = options.host ?? WEB_HOST;
  if (host !== WEB_HOST) throw new Error(`web mode only listens on ${WEB_HOST}, not ${host}`);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`bad port ${options.port}`);
  const token = options.token ?? randomBytes(32).toString('hex');
  if (!TOKEN_PATTERN.test(token)) throw new Error('token must be 64 lowercase hex characters');
  const root = await realStaticRoot(options.staticDir);
  const onError = options.onError ?? ((context, error) => console.error(`[web] ${context}:`, error));

  // Filled in once listening (the port may be chosen by the OS).
  let origin = '';
  let hostHeader = '';
  let headers: Record<string, string> = {};

  const serveStatic = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== hostHeader) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end(`use ${origin}/`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = new URL(req.url ?? '/', origin).pathname;
    const found = await resolveStatic(root, pathname);
    if (found.kind !== 'file') {
      const status = found.kind === 'forbidden' ? 403 : 404;
      res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(found.kind);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': found.contentType, 'Content-Length': String(found.size) });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.path)
      .on('error', (error) => {
        onError(`reading ${found.path}`, error);
        res.destroy();
      })
      .pipe(res);
  };

  const server = createServer((req, res) => {
    serveStatic(req, res).catch((error: unknown) => {
      onError('static', error);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  wss.on('connection', (ws) =>
    attachSession(ws, {
      contract: options.contract,
      handlers: options.handlers,
      subscribe: options.subscribe,
      ...(options.subscribeEncoded ? { subscribeEncoded: options.subscribeEncoded } : {}),
      ...(options.status ? { status: options.status } : {}),
      onError,
    }),
  );

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(req, { origin, host: hostHeader, token });
    if (refusal) return refuseUpgrade(socket, refusal.status, refusal.reason);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host}:${port}`;
  hostHeader = `${host}:${port}`;
  headers = securityHeaders([`ws://${hostHeader}${WS_PATH}`]);

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      (closing ??= new Promise<void>((resolveClose) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        server.close(() => resolveClose());
        server.closeAllConnections();
      })),
  };
}
