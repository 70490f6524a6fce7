import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wsEventBatchSchema } from '../../../core/api/ws-protocol';
import { FrameBatch, MAX_FRAME_CHARS, turnBatcher } from '../../../core/api/event-frame';

const event = (seq: number, key: string | undefined) => ({ seq, event: { type: 'x', key: key ?? null, seq } });

describe('FrameBatch', () => {
  it('sends every seq once, in order; of the events of one entity only the last in full, the earlier ones as stand-ins', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('order:A', 'order:B', 'intent:A', 'plan:P'), { nil: undefined }), { maxLength: 40 }), (keys) => {
        const batch = new FrameBatch();
        keys.forEach((key, i) => batch.push(i + 1, JSON.stringify(event(i + 1, key)), key));
        expect(batch.size).toBe(keys.length);
        const text = batch.take();
        if (keys.length === 0) {
          expect(text).toBeUndefined();
          return;
        }
        const frame = JSON.parse(text ?? '') as { events: unknown[] };
        expect(wsEventBatchSchema.safeParse(frame).success).toBe(true);
        expect(frame.events.map((m) => (m as { seq: number }).seq)).toEqual(keys.map((_, i) => i + 1));
        keys.forEach((key, i) => {
          const later = key !== undefined && keys.indexOf(key, i + 1) >= 0;
          expect(frame.events[i]).toEqual(later ? { seq: i + 1, superseded: true } : event(i + 1, key));
        });
        // Taken: the next frame starts empty and forgets the keys.
        expect(batch.take()).toBeUndefined();
        batch.push(99, JSON.stringify(event(99, keys[0])), keys[0]);
        expect(JSON.parse(batch.take() ?? '')).toEqual({ events: [event(99, keys[0])] });
      }),
    );
  });
});

describe('turnBatcher', () => {
  it('property: one frame per turn, or several of bounded size; every seq once and in order; stand-ins only within a frame', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.constantFrom('order:A', 'order:B', 'plan:P'), { nil: undefined }), { maxLength: 60 }), fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(MAX_FRAME_CHARS)), (keys, maxChars) => {
        const frames: string[] = [];
        const deferred: (() => void)[] = [];
        const batcher = turnBatcher((f) => frames.push(f), (run) => deferred.push(run), maxChars);
        keys.forEach((key, i) => batcher.push({ seq: i + 1, event: event(i + 1, key), ...(key === undefined ? {} : { key }) }));
        for (const run of deferred.splice(0)) run();
        const parsed = frames.map((f) => (JSON.parse(f) as { events: { seq: number; superseded?: true }[] }).events);
        expect(parsed.flat().map((m) => m.seq)).toEqual(keys.map((_, i) => i + 1));
        const eventText = (i: number) => JSON.stringify({ seq: i + 1, event: event(i + 1, keys[i]) });
        for (const f of frames) {
          const events = (JSON.parse(f) as { events: { seq: number; superseded?: true }[] }).events;
          // Bounded: a frame goes once it reaches the bound, so it holds at most the bound plus its last event.
          const last = events.at(-1);
          if (events.length > 1 && last) expect(f.length).toBeLessThan(maxChars + eventText(last.seq - 1).length + 64);
          for (const m of events) {
            const i = m.seq - 1;
            const key = keys[i];
            const laterInFrame = key !== undefined && events.some((o) => o.seq > m.seq && keys[o.seq - 1] === key);
            expect(m).toEqual(laterInFrame ? { seq: m.seq, superseded: true } : { seq: m.seq, event: event(m.seq, key) });
          }
        }
        if (maxChars === MAX_FRAME_CHARS) expect(frames).toHaveLength(keys.length > 0 ? 1 : 0);
      }),
    );
  });
});
