import type { RawData, WebSocket } from 'ws';
import type { ContractEvent, ContractEventWire, ContractSpec, ContractStatus, EventSource, Handlers, StatusSource } from '../core/api/define';
import { dispatch } from '../core/api/dispatch';
import { errorMessageOf } from '../core/api/errors';
import { describeIssues, fail, type ApiResult } from '../core/api/result';
import { createStatusForwarder } from '../core/api/status';
import { createEncodedForwarder, createEventForwarder, type StreamEventWire } from '../core/api/stream';
import { requestIdSchema, wsClientMessageSchema, type WsServerMessage } from '../core/api/ws-protocol';
import { turnBatcher } from '../core/api/event-frame';

export interface SessionOptions<C extends ContractSpec> {
  readonly contract: C;
  readonly handlers: Handlers<C>;
  readonly subscribe: EventSource<ContractEvent<C>>;
  /** The same events already encoded (Host.subscribeEncoded): preferred when given. */
  readonly subscribeEncoded?: EventSource<ContractEventWire<C>>;
  /** The host's status pushes; without it `watchStatus` is accepted and nothing is sent. */
  readonly status?: StatusSource<ContractStatus<C>>;
  /** Where failures that are the host's fault are reported (never secrets: only API errors and messages). */
  readonly onError: (context: string, error: unknown) => void;
}

/** A client that lets this much pile up unread is dropped; it reconnects and resubscribes from its last seq. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}

/**
 * One WebSocket connection: commands go through `dispatch`, at most one
 * event stream is active (a new `subscribe` replaces it), and status pushes
 * flow while the client watches them. A bad frame gets a BAD_REQUEST answer
 * and the connection stays usable.
 */
export function attachSession<C extends ContractSpec>(ws: WebSocket, options: SessionOptions<C>): void {
  let unsubscribe: (() => void) | undefined;
  const stopStream = () => {
    const stop = unsubscribe;
    unsubscribe = undefined;
    stop?.();
    flushBatch(); // what the stream pushed before it stopped still goes
  };
  let unwatch: (() => void) | undefined;
  const stopStatus = () => {
    const stop = unwatch;
    unwatch = undefined;
    stop?.();
  };

  const sendText = (text: string) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'too far behind');
      return;
    }
    ws.send(text);
  };

  // A batched stream's events leave as one frame per event-loop turn
  // (core/api/event-frame.ts): a fill is five events and a burst is
  // thousands, which one by one cost a frame, a write and a page task each.
  const batch = turnBatcher(sendText, setImmediate);
  const flushBatch = batch.flush;

  const send = (message: WsServerMessage) => {
    flushBatch(); // nothing overtakes the events pushed before it
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch (error) {
      options.onError('serialising a message', error);
      if ('id' in message) text = JSON.stringify({ id: message.id, result: fail('INTERNAL', 'response is not JSON') });
      else return;
    }
    sendText(text);
  };

  const sendEvent = (message: StreamEventWire, batched: boolean) => {
    // Only seq and event go on the wire (text and key are the host's notes).
    if (!batched) {
      if (message.text === undefined) return send({ seq: message.seq, event: message.event });
      flushBatch();
      return sendText(message.text);
    }
    try {
      batch.push(message);
    } catch (error) {
      options.onError(`serialising event ${message.seq}`, error);
    }
  };
  const answer = (id: string | number | null, result: ApiResult<unknown>) => send({ id, result });

  ws.on('message', (data, isBinary) => {
    if (isBinary) return answer(null, fail('BAD_REQUEST', 'binary frames are not accepted'));
    let json: unknown;
    try {
      json = JSON.parse(textOf(data));
    } catch {
      return answer(null, fail('BAD_REQUEST', 'malformed JSON'));
    }
    const parsed = wsClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      const id = requestIdSchema.safeParse((json as { id?: unknown } | null)?.id);
      return answer(id.success ? id.data : null, fail('BAD_REQUEST', `malformed message: ${describeIssues(parsed.error)}`));
    }
    const message = parsed.data;

    if ('command' in message) {
      void dispatch(options.contract, options.handlers, message.command, message.payload, {
        onInternalError: (command, error) => options.onError(`command ${command}`, error),
      }).then((result) => answer(message.id, result));
      return;
    }
    if ('watchStatus' in message) {
      stopStatus();
      if (!message.watchStatus || !options.status) return;
      const forward = createStatusForwarder(options.contract, (status) => send({ status }), (reason) => options.onError('status', new Error(reason)));
      try {
        const stop = options.status(forward);
        if (ws.readyState === ws.OPEN) unwatch = stop;
        else stop();
      } catch (error) {
        options.onError('watchStatus', error);
      }
      return;
    }
    stopStream();
    if ('unsubscribe' in message) return;
    const batched = message.batched === true;
    const toSocket = (event: StreamEventWire) => sendEvent(event, batched);
    try {
      // Events the host holds encoded go as they are; otherwise each is encoded with the contract's schema.
      const stop = options.subscribeEncoded
        ? options.subscribeEncoded(message.subscribe, createEncodedForwarder(message.subscribe, toSocket))
        : options.subscribe(
            message.subscribe,
            createEventForwarder(options.contract, message.subscribe, toSocket, (seq, reason) => options.onError(`event ${seq}`, new Error(reason))),
          );
      // The socket may have closed while the replay ran.
      if (ws.readyState === ws.OPEN) unsubscribe = stop;
      else stop();
    } catch (error) {
      options.onError('subscribe', error);
      send({ streamError: { code: 'INTERNAL', message: errorMessageOf(error) } });
    }
  });

  ws.on('close', () => {
    stopStream();
    stopStatus();
  });
  ws.on('error', (error) => options.onError('socket', error));
}
