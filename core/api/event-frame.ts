import { supersededText, type StreamEventWire } from './stream';

/*
 * Batched event frames, `{"events":[...]}`, shared by the WebSocket session
 * and the Electron IPC stream: what a host pushes during one event-loop turn
 * leaves as one frame when the turn ends, and a client unpacks it into the
 * messages it holds, in order.
 */

/**
 * The events of one frame, as text. An event whose entity a later event of
 * the same frame upserts again is sent as its stand-in
 * (`{"seq":n,"superseded":true}`): a cancel-all's orders and intents change
 * twice in one turn on the paper exchange, and the page would parse, check
 * and apply a megabyte it then overwrites. Every seq is still in the frame,
 * in order, so the page sees no gap.
 */
export class FrameBatch {
  private texts: string[] = [];
  private seqs: number[] = [];
  private readonly latest = new Map<string, number>();
  private length = 0;

  get size(): number {
    return this.texts.length;
  }

  /** The characters of the events held (stand-ins count as the event they replace: an upper bound). */
  get chars(): number {
    return this.length;
  }

  /** `key`: the entity the event replaces whole (StreamEvent.key); without one the event is never superseded. */
  push(seq: number, text: string, key: string | undefined): void {
    if (key !== undefined) {
      const earlier = this.latest.get(key);
      if (earlier !== undefined) this.texts[earlier] = supersededText(this.seqs[earlier] as number);
      this.latest.set(key, this.texts.length);
    }
    this.texts.push(text);
    this.seqs.push(seq);
    this.length += text.length + 1;
  }

  /** The frame's text, and an empty batch; undefined when there is nothing to send. */
  take(): string | undefined {
    if (this.texts.length === 0) return undefined;
    const text = `{"events":[${this.texts.join(',')}]}`;
    this.texts = [];
    this.seqs = [];
    this.latest.clear();
    this.length = 0;
    return text;
  }
}

/** A message's wire text: the host's own when it holds one, else seq and event (text and key are the host's notes, never sent). */
export const messageText = (message: StreamEventWire): string => message.text ?? JSON.stringify({ seq: message.seq, event: message.event });

export interface TurnBatcher {
  /** Adds the message to the frame of this turn; throws if it cannot be printed as JSON (nothing is added). */
  push(message: StreamEventWire): void;
  /** Sends what is batched now (before anything that must not overtake it, or when the stream stops). */
  flush(): void;
}

/**
 * A frame goes early once it holds this much (characters of JSON): a cancel-all's frame is
 * about 1.6 million, while a replay after a long disconnect could otherwise be hundreds of millions.
 */
export const MAX_FRAME_CHARS = 4_000_000;

/**
 * Per turn rather than per commit: when the engine commits twice without
 * waiting for anything (a cancel-all on the paper exchange: the intents, then
 * the answers), the view gets one frame and renders once, instead of spending
 * the engine's core on a state that lasts milliseconds; when it waits for
 * the exchange, the first commit leaves then. `defer` is setImmediate.
 */
export function turnBatcher(send: (frame: string) => void, defer: (run: () => void) => void, maxChars = MAX_FRAME_CHARS): TurnBatcher {
  const batch = new FrameBatch();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const frame = batch.take();
    if (frame !== undefined) send(frame);
  };
  return {
    push(message) {
      batch.push(message.seq, messageText(message), message.key);
      // A long replay is one synchronous loop: it leaves in frames of a bounded size, not as one.
      if (batch.chars >= maxChars) {
        const frame = batch.take();
        if (frame !== undefined) send(frame);
        return;
      }
      if (!scheduled) {
        scheduled = true;
        defer(flush);
      }
    },
    flush,
  };
}

/** The messages a received frame holds, in order; anything that is not a frame is one message (the client judges it). */
export function framedMessages(frame: unknown): unknown[] {
  if (typeof frame !== 'object' || frame === null || !('events' in frame)) return [frame];
  const { events } = frame as { events: unknown };
  // Not a list: handed on as one message, which the client refuses (never silently dropped).
  return Array.isArray(events) ? events : [events];
}
