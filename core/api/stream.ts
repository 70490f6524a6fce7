import { z } from 'zod';
import type { ContractEvent, ContractSpec, StreamEvent } from './define';
import { errorMessageOf } from './errors';
import { describeIssues } from './result';

/** Positions in the engine's outbox: safe non-negative integers, strictly increasing per stream. */
export const seqSchema = z.number().int().nonnegative();

/** A stream message as it crosses a transport: `event` is the contract event's wire form. */
export const streamEventWireSchema = z.object({ seq: seqSchema, event: z.unknown() });
export type StreamEventWire = StreamEvent<unknown>;

/** A superseded event's stand-in in a batched frame (StreamSuperseded). */
export const streamSupersededWireSchema = z.strictObject({ seq: seqSchema, superseded: z.literal(true) });

/** The stand-in's text for event `seq`. */
export const supersededText = (seq: number): string => `{"seq":${seq},"superseded":true}`;

/**
 * Passes each seq only if it is greater than every seq passed before — a
 * replay that overlaps the live tail, or a resubscription, never delivers an
 * event twice. Starts after `fromSeq`.
 */
export function createSeqGate(fromSeq: number): (seq: number) => boolean {
  let last = fromSeq;
  return (seq) => {
    if (seq <= last) return false;
    last = seq;
    return true;
  };
}

/**
 * The host-side half of a stream, shared by the WebSocket and IPC transports:
 * drops repeats, encodes each event with the contract's event schema and
 * hands the wire message to `send`. An event the schema refuses is the
 * engine's bug: it is reported and not sent, which the view sees as a gap.
 * Encoding is synchronous so messages leave in the order they were pushed.
 */
export function createEventForwarder<C extends ContractSpec>(
  contract: C,
  fromSeq: number,
  send: (message: StreamEventWire) => void,
  onError: (seq: number, message: string) => void,
): (message: StreamEvent<ContractEvent<C>>) => void {
  const gate = createSeqGate(fromSeq);
  return ({ seq, event }) => {
    if (!gate(seq)) return;
    try {
      const encoded = contract.event.safeEncode(event);
      if (encoded.success) send({ seq, event: encoded.data });
      else onError(seq, `event ${seq} does not match the contract: ${describeIssues(encoded.error)}`);
    } catch (error) {
      onError(seq, `event ${seq} cannot be encoded: ${errorMessageOf(error)}`);
    }
  };
}

/**
 * The host-side half for a source that yields events already in wire form
 * (Host.subscribeEncoded): drops repeats and hands each message on as it is.
 */
export function createEncodedForwarder(fromSeq: number, send: (message: StreamEventWire) => void): (message: StreamEventWire) => void {
  const gate = createSeqGate(fromSeq);
  return (message) => {
    if (gate(message.seq)) send(message);
  };
}
