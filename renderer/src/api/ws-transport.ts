import type { Transport } from '../../../core/api/client';
import { apiErrorBodySchema, type ApiErrorBody } from '../../../core/api/errors';
import { framedMessages } from '../../../core/api/event-frame';
import { wsProtocols } from '../../../core/api/ws-protocol';

/** What the transport needs from a WebSocket; a factory adapts the browser's (or, in tests, the `ws` package's). */
export interface SocketLike {
  send(text: string): void;
  close(code?: number, reason?: string): void;
}
export interface SocketEvents {
  open(): void;
  message(data: unknown): void;
  close(code: number): void;
}
export type SocketFactory = (url: string, protocols: string[], on: SocketEvents) => SocketLike;

export const browserSocket: SocketFactory = (url, protocols, on) => {
  const ws = new WebSocket(url, protocols);
  ws.onopen = () => on.open();
  ws.onmessage = (e: MessageEvent) => on.message(e.data);
  ws.onclose = (e: CloseEvent) => on.close(e.code);
  return { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) };
};

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface WsTransportOptions {
  readonly socketFactory?: SocketFactory;
  /** Reconnect delay: starts here, doubles up to maxDelayMs, resets once connected. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface WsTransport extends Transport {
  readonly status: ConnectionStatus;
  /**
   * Called after the socket came back. The stream has already been resumed
   * from the last seq received; the store may still want to reload its
   * snapshot (commands in flight when the socket dropped have answered
   * UNAVAILABLE and may or may not have run).
   */
  onReconnect(listener: () => void): () => void;
  /** The host's status pushes (raw wire values); the server is asked for them while anyone listens. */
  onStatus(listener: (status: unknown) => void): () => void;
  /** The socket's own state (not the host's status, which `onStatus` carries). */
  onConnection(listener: (status: ConnectionStatus) => void): () => void;
  /** Closes for good: no more reconnects. */
  close(): void;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Subscription {
  lastSeq: number;
  readonly onMessage: (message: unknown) => void;
  readonly onError?: (error: ApiErrorBody) => void;
}

function listeners<A extends unknown[]>() {
  const set = new Set<(...args: A) => void>();
  return {
    add(listener: (...args: A) => void): () => void {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(...args: A): void {
      for (const listener of [...set]) listener(...args);
    },
  };
}

/**
 * The web mode's transport: one WebSocket to the page's own host, carrying
 * the run's token as a subprotocol, reconnecting with backoff when it drops.
 *
 * Commands are never re-sent: those in flight when the socket drops answer
 * with a transport failure (the client makes it UNAVAILABLE), and commands
 * issued while disconnected fail at once — except before the very first
 * connection, when they wait for it. The event stream is resumed on
 * reconnect from the last seq received, so the view misses nothing the
 * engine can replay, and the status pushes are asked for again.
 */
export function createWsTransport(url: string, token: string, options: WsTransportOptions = {}): WsTransport {
  const factory = options.socketFactory ?? browserSocket;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;

  let status: ConnectionStatus = 'connecting';
  let everOpened = false;
  let delay = minDelay;
  let socket: SocketLike | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  /** Requests made before the first connection, sent once it opens. */
  const queued: { id: number; text: string }[] = [];
  let subscription: Subscription | undefined;
  const reconnected = listeners<[]>();
  const statusChanged = listeners<[ConnectionStatus]>();
  /** Host status listeners; the server is asked to push while there is at least one. */
  const statusWatchers = listeners<[unknown]>();
  let watching = 0;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    statusChanged.emit(next);
  };
  const sendSubscribe = () => {
    if (subscription && status === 'open') socket?.send(JSON.stringify({ subscribe: subscription.lastSeq, batched: true }));
  };
  const sendWatch = (on: boolean) => {
    if (status === 'open') socket?.send(JSON.stringify({ watchStatus: on }));
  };

  const deliver = (sub: Subscription, message: unknown) => {
    const seq = (message as { seq?: unknown } | null)?.seq;
    if (typeof seq === 'number' && seq > sub.lastSeq) sub.lastSeq = seq;
    sub.onMessage(message);
  };

  const onMessage = (data: unknown) => {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; result?: unknown; seq?: unknown; events?: unknown; streamError?: unknown; status?: unknown };
    if ('result' in m && typeof m.id === 'number') {
      const waiter = pending.get(m.id);
      pending.delete(m.id);
      waiter?.resolve(m.result);
    } else if ('seq' in m && subscription) {
      deliver(subscription, message);
    } else if ('events' in m && subscription) {
      // A batch: its messages one by one, as if each had come in its own frame (the client parses
      // each, and refuses a batch that is not a list); a subscription replaced midway gets none of the rest.
      const sub = subscription;
      for (const event of framedMessages(m)) {
        if (subscription !== sub) break;
        deliver(sub, event);
      }
    } else if ('status' in m) {
      statusWatchers.emit(m.status);
    } else if ('streamError' in m && subscription) {
      const body = apiErrorBodySchema.safeParse(m.streamError);
      subscription.onError?.(body.success ? body.data : { code: 'INTERNAL', message: 'stream failed' });
    }
  };

  const connect = () => {
    retryTimer = undefined;
    const current = factory(url, wsProtocols(token), {
      open: () => {
        if (socket !== current) return;
        const reconnect = everOpened;
        everOpened = true;
        delay = minDelay;
        setStatus('open');
        for (const { text } of queued.splice(0)) current.send(text);
        sendSubscribe();
        if (watching > 0) sendWatch(true);
        if (reconnect) reconnected.emit();
      },
      message: (data) => {
        if (socket === current) onMessage(data);
      },
      close: (code) => {
        if (socket !== current) return;
        socket = undefined;
        const lost = new Error(`connection lost (${code}); the command may or may not have run`);
        for (const waiter of pending.values()) waiter.reject(lost);
        pending.clear();
        queued.length = 0;
        if (status === 'closed') return;
        setStatus('reconnecting');
        retryTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, maxDelay);
      },
    });
    socket = current;
  };

  connect();

  return {
    get status() {
      return status;
    },
    request(command, payload) {
      if (status === 'closed') return Promise.reject(new Error('transport closed'));
      const waitingForFirst = status === 'connecting' && !everOpened;
      if (status !== 'open' && !waitingForFirst) return Promise.reject(new Error('not connected'));
      const id = nextId++;
      const text = JSON.stringify({ id, command, payload });
      return new Promise<unknown>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (status === 'open') socket?.send(text);
        else queued.push({ id, text });
      });
    },
    subscribe(fromSeq, onMessage, onError) {
      const mine: Subscription = { lastSeq: fromSeq, onMessage, onError };
      subscription = mine;
      sendSubscribe();
      return () => {
        if (subscription !== mine) return;
        subscription = undefined;
        if (status === 'open') socket?.send(JSON.stringify({ unsubscribe: true }));
      };
    },
    onStatus(listener) {
      const remove = statusWatchers.add(listener);
      if (++watching === 1) sendWatch(true);
      let removed = false;
      return () => {
        if (removed) return;
        removed = true;
        remove();
        if (--watching === 0) sendWatch(false);
      };
    },
    onReconnect: reconnected.add,
    onConnection: statusChanged.add,
    close() {
      if (status === 'closed') return;
      setStatus('closed');
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      const current = socket;
      socket = undefined;
      for (const waiter of pending.values()) waiter.reject(new Error('transport closed'));
      pending.clear();
      queued.length = 0;
      current?.close(1000, 'closed');
    },
  };
}
