import {
  commandChannel,
  EVENT_CHANNEL,
  STATUS_CHANNEL,
  STATUS_UNWATCH_CHANNEL,
  STATUS_WATCH_CHANNEL,
  SUBSCRIBE_CHANNEL,
  UNSUBSCRIBE_CHANNEL,
} from '../core/api/bridge';
import {
  commandNames,
  type ContractEvent,
  type ContractEventWire,
  type ContractSpec,
  type ContractStatus,
  type EventSource,
  type Handlers,
  type StatusSource,
} from '../core/api/define';
import { dispatch } from '../core/api/dispatch';
import { errorMessageOf } from '../core/api/errors';
import { describeIssues, fail, ok, type ApiResult } from '../core/api/result';
import { createStatusForwarder } from '../core/api/status';
import { createEncodedForwarder, createEventForwarder, seqSchema, type StreamEventWire } from '../core/api/stream';
import { turnBatcher } from '../core/api/event-frame';
import { isTrustedSender } from './security';

/** The parts of Electron's ipcMain and invoke event this module uses (so tests can fake them). */
export interface SenderLike {
  readonly id: number;
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}
export interface InvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: SenderLike;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface BindOptions<C extends ContractSpec> {
  readonly subscribe: EventSource<ContractEvent<C>>;
  /** The same events already in wire form (Host.subscribeEncoded): preferred when given, as in the web mode. */
  readonly subscribeEncoded?: EventSource<ContractEventWire<C>>;
  /** The host's status; without it the status channels answer ok and push nothing. */
  readonly status?: StatusSource<ContractStatus<C>>;
  readonly onError?: (context: string, error: unknown) => void;
}

const logIpcError = (context: string, error: unknown) => console.error(`[ipc] ${context}:`, error);

/** A handler that runs only for the app's own page (a frame that navigated elsewhere, or an injected one, is UNAUTHORIZED). */
function guardedHandler(
  ipcMain: IpcMainLike,
  appOrigin: string,
  channels: string[],
): (channel: string, run: (event: InvokeEventLike, arg: unknown) => Promise<ApiResult<unknown>> | ApiResult<unknown>) => void {
  return (channel, run) => {
    channels.push(channel);
    ipcMain.handle(channel, (event, arg) => {
      if (!isTrustedSender(event.senderFrame?.url, appOrigin)) {
        return fail('UNAUTHORIZED', `${channel} refused: the sender is not the app's page`);
      }
      return run(event, arg);
    });
  };
}

function handleCommands<C extends ContractSpec>(
  guarded: ReturnType<typeof guardedHandler>,
  contract: C,
  handlers: Handlers<C>,
  onError: (context: string, error: unknown) => void,
): void {
  for (const name of commandNames(contract)) {
    guarded(commandChannel(name), (_event, payload) =>
      dispatch(contract, handlers, name, payload, { onInternalError: (command, error) => onError(`command ${command}`, error) }),
    );
  }
}

/**
 * A contract's commands alone (the desktop app's own settings contract):
 * one checked `ipcMain.handle('ledgerdesk:<name>')` each, through `dispatch`.
 * Returns an unbind function.
 */
export function bindCommands<C extends ContractSpec>(
  ipcMain: IpcMainLike,
  contract: C,
  handlers: Handlers<C>,
  appOrigin: string,
  onError: (context: string, error: unknown) => void = logIpcError,
): () => void {
  const channels: string[] = [];
  handleCommands(guardedHandler(ipcMain, appOrigin, channels), contract, handlers, onError);
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/**
 * One `ipcMain.handle('ledgerdesk:<name>')` per contract command, plus the
 * stream and status channels. Every call first checks that it comes from the app's own
 * page (a frame that navigated elsewhere, or an injected one, is
 * UNAUTHORIZED); payloads are untrusted and go through `dispatch`. Events go
 * to the subscribing window on one channel. Returns an unbind function.
 */
export function bindContract<C extends ContractSpec>(
  ipcMain: IpcMainLike,
  contract: C,
  handlers: Handlers<C>,
  appOrigin: string,
  options: BindOptions<C>,
): () => void {
  const onError = options.onError ?? logIpcError;
  const streams = new Map<number, () => void>();
  const watchers = new Map<number, () => void>();
  /** Windows whose 'destroyed' we already listen to (once each, however often they resubscribe). */
  const watched = new Set<number>();
  const channels: string[] = [];
  const guarded = guardedHandler(ipcMain, appOrigin, channels);
  handleCommands(guarded, contract, handlers, onError);

  const stopStream = (senderId: number) => {
    const stop = streams.get(senderId);
    streams.delete(senderId);
    stop?.();
  };

  const stopWatching = (senderId: number) => {
    const stop = watchers.get(senderId);
    watchers.delete(senderId);
    stop?.();
  };
  /** Once per window, however often it resubscribes: its streams end with it. */
  const watchDestroyed = (sender: SenderLike) => {
    if (watched.has(sender.id)) return;
    watched.add(sender.id);
    sender.once('destroyed', () => {
      watched.delete(sender.id);
      stopStream(sender.id);
      stopWatching(sender.id);
    });
  };

  guarded(SUBSCRIBE_CHANNEL, ({ sender }, fromSeqRaw) => {
    const fromSeq = seqSchema.safeParse(fromSeqRaw);
    if (!fromSeq.success) return fail('BAD_REQUEST', `invalid fromSeq: ${describeIssues(fromSeq.error)}`);
    // One stream per window: a new subscription (after a reload, or a resync) replaces the old one.
    stopStream(sender.id);
    // A turn's events go as one message of JSON text, like the web mode's frames: one IPC
    // message and one page task for a cancel-all's thousands, and a string crosses cheaper than
    // the structured clone of as many objects.
    const batch = turnBatcher((frame) => {
      if (!sender.isDestroyed()) sender.send(EVENT_CHANNEL, frame);
    }, setImmediate);
    const send = (message: StreamEventWire) => {
      try {
        batch.push(message);
      } catch (error) {
        onError(`event ${message.seq}`, error);
      }
    };
    try {
      // Events the host holds in wire form go as they are; otherwise each is encoded with the contract's schema.
      const stop = options.subscribeEncoded
        ? options.subscribeEncoded(fromSeq.data, createEncodedForwarder(fromSeq.data, send))
        : options.subscribe(
            fromSeq.data,
            createEventForwarder(contract, fromSeq.data, send, (seq, reason) => onError(`event ${seq}`, new Error(reason))),
          );
      // What the stream pushed before it stops still goes.
      streams.set(sender.id, () => {
        stop();
        batch.flush();
      });
    } catch (error) {
      onError('subscribe', error);
      return fail('INTERNAL', errorMessageOf(error));
    }
    watchDestroyed(sender);
    return ok(null);
  });

  guarded(STATUS_WATCH_CHANNEL, ({ sender }) => {
    stopWatching(sender.id);
    const source = options.status;
    if (!source) return ok(null);
    const forward = createStatusForwarder(
      contract,
      (status) => {
        if (!sender.isDestroyed()) sender.send(STATUS_CHANNEL, status);
      },
      (reason) => onError('status', new Error(reason)),
    );
    try {
      watchers.set(sender.id, source(forward));
    } catch (error) {
      onError('watchStatus', error);
      return fail('INTERNAL', errorMessageOf(error));
    }
    watchDestroyed(sender);
    return ok(null);
  });

  guarded(STATUS_UNWATCH_CHANNEL, ({ sender }) => {
    stopWatching(sender.id);
    return ok(null);
  });

  guarded(UNSUBSCRIBE_CHANNEL, ({ sender }) => {
    stopStream(sender.id);
    return ok(null);
  });

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    for (const id of [...streams.keys()]) stopStream(id);
    for (const id of [...watchers.keys()]) stopWatching(id);
  };
}
