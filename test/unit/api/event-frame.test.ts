import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wsEventBatchSchema } from '../../../core/api/ws-protocol';
import { FrameBatch } from '../../../core/api/event-frame';

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
