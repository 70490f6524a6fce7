import { z } from 'zod';
import { apiErrorBodySchema } from './errors';
import { wireResultSchema } from './result';
import { seqSchema, streamEventWireSchema, streamSupersededWireSchema } from './stream';

/**
 * The web mode's WebSocket protocol, shared by the server (web/) and the
 * renderer's transport. One socket per page; JSON text frames.
 *
 *   client -> server   { id, command, payload }       one command
 *                      { subscribe: fromSeq }         (re)start the stream after fromSeq
 *                      { subscribe: fromSeq, batched: true }   the same, events arriving as batches
 *                      { unsubscribe: true }
 *                      { watchStatus: boolean }       start / stop the status pushes
 *   server -> client   { id, result: ApiResult }      the answer to `id` (id null: unreadable request)
 *                      { seq, event }                 replayed, then live
 *                      { events: [{ seq, event }, ...] }   the same, when batched: the events
 *                                                     pushed within one turn of the host's event
 *                                                     loop, in seq order, in one frame
 *                      { streamError: { code, message } }
 *                      { status }                     the host's status: current at watchStatus, then each change
 */
export const WS_PATH = '/ws';
/** Offered and echoed as the WebSocket subprotocol. */
export const WS_PROTOCOL = 'ledgerdesk.v1';
/**
 * Browsers cannot set headers on a WebSocket, so the per-run token travels as
 * a second offered subprotocol `token.<hex>` (kept out of URLs and logs).
 */
export const TOKEN_PROTOCOL_PREFIX = 'token.';
/** 32 random bytes, hex. */
export const TOKEN_PATTERN = /^[0-9a-f]{64}$/;
/**
 * A paper session's CSV replay travels inside its one startPaperSession
 * request (three weeks of one-minute candles are about 2 MB); the socket is
 * loopback-only and token-checked, so the cap only stops runaway frames.
 */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export function wsProtocols(token: string): string[] {
  return [WS_PROTOCOL, TOKEN_PROTOCOL_PREFIX + token];
}

export const requestIdSchema = z.union([z.string().max(64), z.number().int()]);

// payload is absent on the wire for commands whose input is undefined (JSON drops it).
export const wsRequestSchema = z.strictObject({ id: requestIdSchema, command: z.string().max(64), payload: z.unknown().optional() });
export const wsSubscribeSchema = z.strictObject({ subscribe: seqSchema, batched: z.literal(true).optional() });
export const wsUnsubscribeSchema = z.strictObject({ unsubscribe: z.literal(true) });
export const wsWatchStatusSchema = z.strictObject({ watchStatus: z.boolean() });
export const wsClientMessageSchema = z.union([wsRequestSchema, wsSubscribeSchema, wsUnsubscribeSchema, wsWatchStatusSchema]);
export type WsClientMessage = z.infer<typeof wsClientMessageSchema>;

export const wsResponseSchema = z.object({ id: requestIdSchema.nullable(), result: wireResultSchema });
export const wsStreamErrorSchema = z.object({ streamError: apiErrorBodySchema });
export const wsStatusSchema = z.object({ status: z.unknown() });
export const wsEventBatchSchema = z.object({ events: z.array(z.union([streamEventWireSchema, streamSupersededWireSchema])) });
export const wsServerMessageSchema = z.union([wsResponseSchema, streamEventWireSchema, wsEventBatchSchema, wsStreamErrorSchema, wsStatusSchema]);
export type WsServerMessage = z.infer<typeof wsServerMessageSchema>;
