import { supersededText } from '../core/api/stream';

/**
 * The events of one batched frame, as text. An event whose entity a later
 * event of the same frame upserts again is sent as its stand-in
 * (`{"seq":n,"superseded":true}`): a cancel-all's orders and intents change
 * twice in one turn on the paper exchange, and the page would parse, check
 * and apply a megabyte it then overwrites. Every seq is still in the frame,
 * in order, so the page sees no gap.
 */
export class FrameBatch {
  private texts: string[] = [];
  private seqs: number[] = [];
  private readonly latest = new Map<string, number>();

  get size(): number {
    return this.texts.length;
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
  }

  /** The frame's text, and an empty batch; undefined when there is nothing to send. */
  take(): string | undefined {
    if (this.texts.length === 0) return undefined;
    const text = `{"events":[${this.texts.join(',')}]}`;
    this.texts = [];
    this.seqs = [];
    this.latest.clear();
    return text;
  }
}
